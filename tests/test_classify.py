import pytest

from eventmap.classify import classify_event_type, find_actors


@pytest.mark.parametrize("text, expected", [
    # The seed's paragraphs and Reuters-style sentences (written for these tests).
    ("The ISIS terrorist group pulled forces back from more positions near Khanaser.", "withdrawal"),
    ("The Syrian army liberated another village Southeast of Khanaser.", "territory taken"),
    ("Warplanes targeted rebel-held areas in the Ghab plain.", "air/drone strike"),
    ("Helicopters dropped barrel bombs on Darayya.", "air/drone strike"),
    ("Rebel shelling hit government-held areas of Aleppo.", "shelling"),
    ("A series of bombings killed nearly 150 people in Jableh and Tartous.", "explosion"),
    ("A suicide bomber struck a checkpoint in Sayyida Zeinab.", "explosion"),
    ("Clashes continued on the eastern edge of Palmyra.", "armed clash"),
    ("Hundreds protested in Idlib against the siege.", "protest"),
    ("The minister met the ambassador in Damascus.", "other"),
])
def test_event_type_is_the_first_matching_kind(text, expected):
    assert classify_event_type(text) == expected


def test_actors_are_named_forces_in_a_fixed_order_and_unnamed_terrorists_only_alone():
    text = ("The Syrian army along with Liwa al-Quds (Jerusalem Brigade), the Republican Guard and the "
            "National Defense Forces (NDF) liberated another village")
    assert find_actors(text) == ["Syrian Army", "NDF", "Republican Guard", "Liwa al-Quds"]
    assert find_actors("terrorists shelled the town") == ["terrorists (unnamed)"]
    assert find_actors("ISIS terrorists shelled the town") == ["ISIS"]
    assert find_actors("The minister met the ambassador.") == []


def test_the_free_syrian_army_is_not_the_syrian_army():
    assert find_actors("Free Syrian Army fighters captured the village") == ["Free Syrian Army"]
    assert find_actors("Fighters of the Free Syrian Army and the Syrian army clashed") == ["Syrian Army", "Free Syrian Army"]
