"""Each place gets the type, actors and day of its own clause (headlines of UCDP GED's sources and
sentences written for these tests)."""

from datetime import date, datetime

from eventmap.clauses import LEADING, RELATIVE, split_clauses, what_happened

PUB = datetime(2018, 2, 6, 12, 0)


def at(text: str, *places: str, published: datetime = PUB) -> dict[str, tuple]:
    found = what_happened(text, published, [(text.index(p), text.index(p) + len(p), p) for p in places])
    return {p: (w.event_type, w.actors, w.date.day, w.date.precision) for p, w in zip(places, found)}


def contexts(text: str, *places: str) -> list[str]:
    found = what_happened(text, PUB, [(text.index(p), text.index(p) + len(p), p) for p in places])
    return [w.context for w in found]


def clause_texts(text: str) -> list[str]:
    return [text[c.start:c.end] for c in split_clauses(text)]


def test_two_events_joined_by_and_are_two_clauses():
    text = "Bombardment targets Hama and continued clashes in Homs"
    assert clause_texts(text) == ["Bombardment targets Hama", "continued clashes in Homs"]
    happened = at(text, "Hama", "Homs")
    assert happened["Hama"][0] == "shelling" and happened["Homs"][0] == "armed clash"


def test_a_list_of_places_and_a_pair_of_weapons_stay_one_clause():
    assert len(split_clauses("Aid convoy enters Nubl and al-Zahraa towns after breaking the siege")) == 1
    assert len(split_clauses("Airstrikes and shelling on rebel-held areas of Aleppo")) == 1
    # A list whose sentence goes on to a battle: the villages are not cut off from the advance.
    text = ("The army continued to advance and pushed them back near the villages of Man'aya, Joukheh and "
            "Sallaleh al-Kabireh following hours of intense battle")
    assert len(split_clauses(text)) == 1


def test_each_place_gets_its_own_clauses_type():
    text = "Shelling targets Atshan village and more airstrikes on the northern countryside of Hama"
    happened = at(text, "Atshan", "Hama")
    assert (happened["Atshan"][0], happened["Hama"][0]) == ("shelling", "air/drone strike")


def test_a_clause_that_tells_no_violence_is_other():
    text = "Aid convoy enters Nubl and al-Zahraa towns after breaking the siege and Russian warplanes kill 16 Nusra fighters"
    happened = at(text, "Nubl", "al-Zahraa")
    assert happened["Nubl"][:2] == ("other", []) and happened["al-Zahraa"][:2] == ("other", [])
    visit = "After his warplanes destroyed it, Bashar al-Assad visits al-Hbit town south of Idlib"
    assert at(visit, "al-Hbit")["al-Hbit"][0] == "other"


def test_how_an_event_was_done_does_not_change_what_it_was():
    assert at("The army captured Khanaser after advancing from the north", "Khanaser")["Khanaser"][0] == "territory taken"
    text = "The regime forces advance again northeast of Hama after a counter attack supported by shelling"
    assert at(text, "Hama")["Hama"][0] == "armed clash"
    # (Not a place: "killed by" is no manner word.)
    assert at("Civilians were killed in regime shelling on Douma", "Douma")["Douma"][0] == "shelling"


def test_plans_threats_and_conditions_are_no_events():
    text = "The army is preparing for an operation to liberate Aleppo."
    assert at(text, "Aleppo")["Aleppo"][0] == "other"
    assert at("The minister said Palmyra would fall if its forces retake Qaryatain", "Qaryatain")["Qaryatain"][0] == "other"
    assert at("Rebels attacked in May and captured Kafr Nabl", "Kafr Nabl")["Kafr Nabl"][0] == "territory taken"


def test_a_sentences_subject_carries_into_its_and_clauses_not_back():
    text = ("The regime forces and warplanes shell several areas in the countryside of Daraa and cause casualties "
            "and violent clashes continue in Sheikh Meskin")
    assert at(text, "Sheikh Meskin")["Sheikh Meskin"][1] == ["Syrian Army"]
    text = ("Shells on Aleppo city cause casualties, and clashes and advancement for the Syrian Democratic Forces "
            "in the northern countryside of Raqqa")
    happened = at(text, "Aleppo", "Raqqa")
    assert happened["Aleppo"][1] == [] and happened["Raqqa"][1] == ["SDF"]


def test_a_leading_clause_sets_the_scene_and_keeps_its_day():
    text = "After yesterday’s massacres, the warplanes kill besieged people in the Eastern Ghouta"
    clauses = split_clauses(text)
    assert clauses[0].kind == LEADING
    assert at(text, "Eastern Ghouta")["Eastern Ghouta"] == ("air/drone strike", [], date(2018, 2, 6), 2)
    text = "After the death of 35 citizens yesterday…the regime forces start their shelling on Harasta city"
    assert at(text, "Harasta")["Harasta"][2:] == (date(2018, 2, 6), 2)


def test_a_statements_day_is_not_the_events_day():
    pub = datetime(2016, 2, 26)  # a Friday
    text = "The ministry said on Tuesday that aircraft struck Kafr Nabl on Monday."
    assert at(text, "Kafr Nabl", published=pub)["Kafr Nabl"][2:] == (date(2016, 2, 22), 1)
    text = "The ministry said on Tuesday that aircraft struck Kafr Nabl."
    assert at(text, "Kafr Nabl", published=pub)["Kafr Nabl"][2:] == (date(2016, 2, 26), 2)


def test_each_clause_keeps_its_own_day():
    pub = datetime(2016, 2, 26)
    text = "Tadef was shelled on Monday, while clashes broke out in Anadan on Wednesday."
    happened = at(text, "Tadef", "Anadan", published=pub)
    assert happened["Tadef"][2] == date(2016, 2, 22) and happened["Anadan"][2] == date(2016, 2, 24)


def test_vague_times_stay_vague_at_the_place():
    pub = datetime(2016, 4, 11)
    text = "The two fiercest fronts in fighting around Aleppo in recent days have been in Zitan and Khan Touman."
    happened = at(text, "Zitan", published=pub)
    assert happened["Zitan"][0] == "armed clash" and happened["Zitan"][3] == 3  # within a week, not a day


def test_a_relative_clause_stands_apart():
    text = "The army advanced towards Hawaz, which was seized by ISIS two days ago, from the south."
    kinds = [c.kind for c in split_clauses(text)]
    assert RELATIVE in kinds


def test_a_capital_standing_for_its_government_is_context_not_an_event():
    assert contexts("Damascus would deal a blow to the rebels, the minister said.", "Damascus") == ["seat of government"]
    assert contexts("Militias loyal to Damascus attacked Kafr Nabl.", "Damascus", "Kafr Nabl") == ["seat of government", ""]
    assert contexts("Damascus, Tehran and Moscow objected to the resolution.", "Damascus") == ["seat of government"]
    assert contexts("Peace talks collapsed, and Damascus and Moscow intensified assaults in the north.",
                    "Damascus") == ["seat of government"]
    # The city itself: shelled, or where a car bomb went off.
    assert contexts("Rebels shelled Damascus on Monday.", "Damascus") == [""]
    assert contexts("A car bomb exploded in Damascus, killing five.", "Damascus") == [""]
    # Another town before "said" is not a government.
    assert contexts("Aleppo said nothing.", "Aleppo") == [""]


def test_a_dateline_is_context():
    assert contexts("DAMASCUS, Syria -- Syrian state TV said that 65 people were killed in Tartus.",
                    "DAMASCUS", "Tartus") == ["dateline", ""]
    assert contexts("Damascus, SANA_ Syria condemned the statements.", "Damascus") == ["dateline"]
    assert contexts("Aleppo, the second city, was shelled.", "Aleppo") == [""]


def test_a_plan_or_condition_is_context():
    assert contexts("The army is preparing for an operation to liberate Aleppo.", "Aleppo") == ["hypothetical"]
    assert contexts("They said the army would attack Saraqib if talks failed.", "Saraqib") == ["hypothetical"]
    assert contexts("The army attacked Saraqib after talks failed.", "Saraqib") == [""]
