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


# Wider patterns ("What happened, when, and who"): each with sentences it must and must not match
# (written for these tests in the wording of SOHR, SANA and Reuters).
@pytest.mark.parametrize("text, expected", [
    ("Russian airstrikes hit the town of Kafr Nabl.", "air/drone strike"),
    ("Russian jets pounded rebel positions.", "air/drone strike"),
    ("Coalition raids killed 12 civilians.", "air/drone strike"),
    ("SOHR reported aerial shelling on Khan Shaykhun.", "air/drone strike"),
    ("A car bomb went off near a checkpoint.", "explosion"),
    ("An IED targeted a patrol.", "explosion"),
    ("Rebels accused the army of a ceasefire breach in the Ghouta.", "armed clash"),
    ("Government forces violated the truce near Harasta.", "armed clash"),
    ("The regime forces continue sweeping the desert.", "armed clash"),
    ("Hundreds rallied in Idlib against the regime.", "protest"),
    ("Gunmen kidnapped two aid workers in Idlib.", "abduction"),
    ("The last rebels agreed to a surrender deal in Daraa.", "agreement"),
])
def test_wider_event_type_patterns(text, expected):
    assert classify_event_type(text) == expected


@pytest.mark.parametrize("text", [
    "The ceasefire held across the province.",
    "The minister praised the Ministry of National Reconciliation Affairs.",
    "Police carried out house raids in the capital.",
])
def test_wider_patterns_do_not_fire_on_look_alikes(text):
    assert classify_event_type(text) == "other"


@pytest.mark.parametrize("text, expected", [
    ("Russian airstrikes hit the town.", ["Russian forces"]),
    ("Russian planes bombed the town.", ["Russian forces"]),
    ("The government offensive reached the river.", ["Syrian Army"]),
    ("The regime forces shelled Daraa.", ["Syrian Army"]),
    ("Renewed shelling as the regime advances.", ["Syrian Army"]),
    ("The Syrian air force targeted a camp.", ["Syrian Army"]),
    ("The International Coalition continue their raids.", ["US-led coalition"]),
    ("The SDF advanced with the support of the Coalition.", ["SDF", "US-led coalition"]),
    ("Violent clashes result in advancement of the factions.", ["rebels"]),
    ("The YPG says it killed two Turkish soldiers.", ["YPG", "Turkish forces"]),
])
def test_wider_actor_patterns(text, expected):
    assert find_actors(text) == expected


@pytest.mark.parametrize("text", [
    "Airstrikes hit rebel-held areas of Aleppo.",  # a place, not a force
    "In full view of the Russian military patrol.",  # present, not fighting
    "A coalition of parties met in Riyadh.",
    "The regime of sanctions was tightened.",
])
def test_wider_actor_patterns_do_not_fire_on_look_alikes(text):
    assert find_actors(text) == []


def test_triggers_of_plans_and_manner_are_marked():
    from eventmap.classify import clause_event_type, find_triggers

    text = "The army is preparing for an operation to liberate Aleppo."
    assert [(t.event_type, t.unreal) for t in find_triggers(text)] == [("armed clash", True), ("territory taken", True)]
    assert clause_event_type(find_triggers(text), 0, len(text)) is None
    text = "The army captured Khanaser after advancing from the north."
    triggers = find_triggers(text)
    assert [(t.event_type, t.manner) for t in triggers] == [("territory taken", False), ("armed clash", True)]
    assert clause_event_type(triggers, 0, len(text)) == "territory taken"


def test_every_trigger_word_passes_its_types_cheap_pre_check():
    # find_triggers runs a type's pattern only when one of its stems is in the text: a word the
    # pattern matches but no stem covers would never be found.
    from eventmap.classify import _TRIGGER_PATTERNS, _TRIGGER_STEMS

    words = ["liberated", "captured", "seized", "recaptured", "retook", "retaking", "regained", "took control",
             "taken control", "takes over", "taking back", "imposed control", "restored security", "control over",
             "overran", "stormed", "entered", "enters the", "fell to", "fallen to", "cleared",
             "withdrew", "withdrawal", "pulled back", "pulling out", "retreated", "evacuated", "fled", "abandoned",
             "air strike", "airstrikes", "air raid", "warplanes", "war planes", "jets", "aircraft", "helicopters",
             "drones", "barrel bombs", "air force", "sorties", "aerial bombardment", "raids", "russian planes",
             "coalition strikes", "regime planes", "shelling", "artillery", "mortars", "rockets", "missiles",
             "projectiles", "pounded", "bombarded", "car bomb", "bombings", "bomber", "a bomb", "explosives", "ied",
             "suicide attack", "explosion", "blasts", "landmines", "mine", "detonated", "clashes", "battles",
             "fighting", "fought", "attacked", "offensive", "ambushed", "assault", "killed", "wounded", "advanced",
             "repelled", "repulsed", "engaged", "confrontations", "operation", "sweeping", "combing", "massacre",
             "breach of the ceasefire", "violated the truce", "ceasefire violations", "kidnapped", "abducted",
             "surrendered", "evacuation deal", "reconciliation agreement", "protesters", "demonstrations", "rallies",
             "aid convoy entered", "visited", "met with"]
    for word in words:
        ranks = [r for r, (_, p) in enumerate(_TRIGGER_PATTERNS) if p.search(word)]
        assert ranks, word
        assert any(stem in word for r in ranks for stem in _TRIGGER_STEMS[r]), word



@pytest.mark.parametrize("text, expected", [
    # Issue 31: all 16 events naming the National Liberation Front were "territory taken" (liberat\w*).
    ("An explosion targets headquarters of the National Liberation Front in Idlib", "explosion"),
    ("The National Liberation Front shelled regime positions near Kafr Nabl", "shelling"),
    ("Fighters of the Free Syrian Army Assault Brigade captured the village", "territory taken"),
    ("Syrian forces liberated the town", "territory taken"),
])
def test_a_groups_name_is_no_event_verb(text, expected):
    from eventmap.classify import clause_event_type, find_triggers

    assert clause_event_type(find_triggers(text), 0, len(text)) == expected
