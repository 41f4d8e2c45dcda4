import csv
from pathlib import Path

import pytest

from eventmap.places import find_place_mentions, relate_mentions

CASES = Path(__file__).resolve().parent / "cases"


def mentions(text, gazetteer, foreign):
    # (As the loader calls it: with the names only obscure villages carry, which need a cue.)
    return [m.text for m in find_place_mentions(text, gazetteer.index, foreign, gazetteer.max_words,
                                                 obscure_keys=gazetteer.obscure_keys)]


def read_cases(name: str) -> list[dict[str, str]]:
    """The rows of tests/cases/<name>.tsv (also read by bench/cases.py)."""
    with open(CASES / f"{name}.tsv", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader((line for line in fh if not line.startswith("#")), delimiter="\t"))


PLACE_MENTION_CASES = read_cases("place_mentions")


@pytest.mark.parametrize("case", PLACE_MENTION_CASES,
                         ids=[f"{c['case']}-{i}" for i, c in enumerate(PLACE_MENTION_CASES)])
def test_the_sentences_the_rules_were_written_for(case, gazetteer, foreign):
    expected = [m.strip() for m in case["mentions"].split(" | ")] if case["mentions"] else []
    assert mentions(case["text"], gazetteer, foreign) == expected, case["why"]


def test_province_suffix_is_kept_on_the_mention(gazetteer, foreign):
    (m,) = find_place_mentions("in the Southeastern part of Aleppo province under", gazetteer.index, foreign)
    assert (m.text, m.name, m.kind_hint) == ("Aleppo province", "Aleppo", "governorate")


@pytest.mark.parametrize("trap", ["Center", "Brigade", "Guard", "Plains", "Turkey", "Lebanon", "Iraqi",
                                  "Russian", "Jerusalem", "China", "Saudi Arabia", "Chechnya"])
def test_trap_words_are_never_places(trap, gazetteer, foreign):
    for text in (f"fighters from {trap} were seen", f"near the {trap} the army advanced", f"in {trap} today"):
        assert mentions(text, gazetteer, foreign) == [], text


def test_zero_width_and_nbsp_inside_names(gazetteer, foreign):
    from eventmap.names import clean_text

    text = clean_text("the village of al\u2011Muqayrat near the\u00a0city of Khan\u200basar\u200f on Thursday")
    assert mentions(text, gazetteer, foreign) == ["al-Muqayrat", "city of Khanasar"[8:]]


# English words that a Syrian village's name normalises to (found with the 30,000 most frequent
# English words, see wordlists.ENGLISH_WORD_NAMES): title-case headlines capitalise them.
@pytest.mark.parametrize(("headline", "places"), [
    ("Syrian Army Has Retaken Road To Aleppo, Man Killed In Dam Blast", ["Aleppo"]),
    ("Rebels Are Able To Hold Tell Near Homs As Sarin Attack Seen", ["Homs"]),
    ("US Airstrikes Kill Eight Civilians From Same Family", []),
    ("HAS THE LEGAL VIEW OF SIEGE WARFARE CHANGED?", []),
    ("Game Over For Militants As Dome Of Mosque Falls", []),
])
def test_english_words_in_title_case_headlines_are_not_places(headline, places, gazetteer, foreign):
    assert mentions(headline, gazetteer, foreign) == places


def test_airport_codes_are_not_names(gazetteer, foreign):
    assert mentions("Fighters reached the DAM and the ALP road", gazetteer, foreign) == []
    assert "dam" not in gazetteer.index and "alp" not in gazetteer.index


def test_kind_word_after_a_closing_apostrophe(gazetteer, foreign):
    # "al-Zahraa’ town": Zahraa is also a person's name, so it needs the kind word to count.
    text = "Missile shelling targets Aleppo International Airport and al-Zahraa’ town and kills people"
    assert "al-Zahraa’ town" in mentions(text, gazetteer, foreign)


def test_every_spelling_of_a_name_prefix_word_starts_a_longer_name(gazetteer, foreign):
    # "Tel" keys like "Tall": alone it had become At Tall near Damascus (real SOHR/Airwars lines).
    assert "Tel" not in mentions("displaced families in the village of Tel-Ahdiya Aleppo countryside", gazetteer, foreign)
    assert mentions("clashes in Kafer Nabudah", gazetteer, foreign) == ["Kafer Nabudah"]


def test_a_lower_case_kind_word_after_a_name_the_gazetteer_lacks_cues_it(gazetteer, foreign):
    # SOHR headlines of the shipped sample: "on" cues nothing, the kind word after the name does.
    text = "13 civilian casualties in aerial bombardment by Russian warplanes on Kafruma town south of Idlib city"
    assert mentions(text, gazetteer, foreign) == ["Kafruma town", "Idlib city"]
    assert mentions("Shells target Bianon town, and clashes around A’zaz", gazetteer, foreign)[0] == "Bianon town"
    # Bilingual Airwars lines: the Latin name is the one "neighbourhood" follows, not the Arabic word before it.
    text = "October 7th 2017: (S1412a) الرقة al Badou neighbourhood, Raqqah city, Raqqah governorate, Syria"
    assert "al Badou neighbourhood" in mentions(text, gazetteer, foreign)
    # A kind word after a religion, a group or a capitalised English word cues nothing.
    for text in ["Shelling hit the Christian town and the Alawite village", "Fighters fled the Islamic State camp",
                 "Regime Forces Shell Rebel Town", "The Free Syrian Army city council met"]:
        assert mentions(text, gazetteer, foreign) == [], text


def test_a_kind_word_after_a_name_outweighs_a_persons_first_name_in_it(gazetteer, foreign):
    # UCDP GED (Airwars): Ghazi is a man's name, but "village" says the name is a village's.
    text = "March 29th 2017: (S561) Al Qastal Al Ghazi village, east of Hama, Hama governorate, Syria"
    assert mentions(text, gazetteer, foreign)[0] == "Al Qastal Al Ghazi village"
    assert mentions("Talks with Ghazi Qwerty in Damascus", gazetteer, foreign) == ["Damascus"]


def test_an_arabic_name_right_before_its_latin_letters_gives_way_to_them(gazetteer, foreign):
    # UCDP GED (Airwars/SOHR strike lines): "حمرة" alone is Hama's Hamra; the Latin name is read whole.
    text = "May 11th 2017: (S704) حمرة بلاسم, Hamra Blassem village, Raqqa governorate, Syria"
    assert mentions(text, gazetteer, foreign)[0] == "Hamra Blassem village"
    assert mentions("(S581) الرقة Raqqa, Raqqa governorate, Syria", gazetteer, foreign)[0] == "Raqqa"
    # An Arabic name the Latin one after it does not write is another place (a neighbourhood, its city).
    assert mentions("(S1207) Jamili street, حي الجميلي Raqqa, Raqqa governorate, Syria", gazetteer,
                    foreign)[:2] == ["الجميلي", "Raqqa"]
    # "Qassem Soleimani visits the Faculties area": a man, not Jasim in Daraa.
    assert mentions("Qassem Soleimani visits the Faculties area south of Aleppo", gazetteer, foreign) == ["Aleppo"]


def test_countries_as_reports_name_them_and_names_ending_in_a_foreign_city_are_foreign(gazetteer, foreign):
    # SANA-style sentences (written for this test): GeoNames says Czechia; "Astana" ends a hotel's name.
    assert mentions("A concert was held in Trinec city in Usti region in the Czech Republic.", gazetteer,
                    foreign) == []
    assert mentions("The talks will take place in Rixos President Astana hotel", gazetteer, foreign) == []
    # An Arabic article before the foreign-looking word keeps a Syrian name (UCDP GED: Raqqa's al-Romaniya).
    text = "June 9th-10th 2017: (S827) السباهية Al Sabahiya neighbourhood, الرومانية Al Romaniya neighbourhood, Raqqa"
    assert "الرومانية Al Romaniya neighbourhood" in mentions(text, gazetteer, foreign)


def test_a_one_word_place_before_an_unknown_capitalised_word_is_part_of_another_name(gazetteer, foreign):
    def names(text):
        return [m.name for m in find_place_mentions(text, gazetteer.index, foreign, gazetteer.max_words,
                                                    obscure_keys=gazetteer.obscure_keys)]

    # SANA, Reuters and SOHR: a person, a temple, a city gate, a village of two words.
    for text, name in [
        ("Chairwoman of the UNICEF, Hanaa Singer, on her part, affirmed that", "Hanaa"),
        ("In turn, Ma’an Abboud, Head of the RYU appreciated the supportive stances", "Ma’an"),
        ("the temples of Bel and Baal Shamin, which had stood as cultural landmarks in Palmyra", "Baal"),
        ("break the siege of their 15 fighters at Bab Baghdad at the outskirts of the old city", "Bab"),
        ("13 killed by aerial bombardment on Maara Masrin", "Maara"),
    ]:
        assert name not in names(text), text
    # A kind word, a front of two places, a place's kind after its name, a list without commas: kept.
    assert "Raju" in names("Raju Township and the clash in Afrin areas witness hit-and-run attacks")
    assert "Handarat" in names("Russian jets were not quiet on the Handarat-Castello front")
    assert "Aleppo" in names("Clashes in Aleppo Province and Idlib")
    assert names("Air strikes on Douma Harasta and Arbin")[:2] == ["Douma", "Harasta"]


def _related(text, gazetteer, foreign):
    found = find_place_mentions(text, gazetteer.index, foreign, gazetteer.max_words,
                                obscure_keys=gazetteer.obscure_keys)
    relations = relate_mentions(text, found)
    return ([[m.text for m in s] for s in relations.sentences],
            {found[i].text: ([found[j].text for j in others], inside)
             for i, (others, inside) in relations.containers.items()})


def test_a_list_in_a_province_is_inside_it(gazetteer, foreign):
    sentences, containers = _related("Clashes in Kafr Nabl and Anadan in the countryside of Idlib and Aleppo.",
                                     gazetteer, foreign)
    assert sentences == [["Kafr Nabl", "Anadan", "Idlib", "Aleppo"]]
    assert containers == {"Kafr Nabl": (["Idlib", "Aleppo"], True), "Anadan": (["Idlib", "Aleppo"], True)}


def test_near_puts_a_place_beside_another_and_sentences_split_the_rest(gazetteer, foreign):
    sentences, containers = _related("Shelling hit Tadef near al-Bab. Later, warplanes struck Douma.",
                                     gazetteer, foreign)
    assert sentences == [["Tadef", "al-Bab"], ["Douma"]]
    assert containers == {"Tadef": (["al-Bab"], False)}


def test_an_address_is_read_up_to_its_governorate(gazetteer, foreign):
    _, containers = _related("An air strike on Ferdous neighbourhood, Raqqa city, Raqqa governorate, Syria",
                             gazetteer, foreign)
    assert containers == {"Ferdous neighbourhood": (["Raqqa city", "Raqqa governorate"], True),
                          "Raqqa city": (["Raqqa governorate"], True)}


def _locators(text, gazetteer, foreign):
    found = find_place_mentions(text, gazetteer.index, foreign, gazetteer.max_words,
                                obscure_keys=gazetteer.obscure_keys)
    return [found[i].text for i in sorted(relate_mentions(text, found).locators)]


def test_a_place_named_to_locate_another_is_a_locator(gazetteer, foreign):
    for text, locator in [
            ("A car bomb exploded in al-Bab city northeast of Aleppo on Monday.", "Aleppo"),
            ("Kurdish-led forces withdrew from Manbij, 80 km northeast of Aleppo, on Friday.", "Aleppo"),
            ("Tal Rifaat, located north of the city of Aleppo, was shelled.", "Aleppo"),
            ("Army units entered Kafr Nabl and Anadan in the countryside of Idlib.", "Idlib"),
            ("Shelling hit Tadef near al-Bab.", "al-Bab"),
            ("Tawasu’iya, Fardous, and Bedo neighborhoods, Raqqa city, Raqqa governorate, Syria", "Raqqa city")]:
        assert locator in _locators(text, gazetteer, foreign), text
    # A direction with no place before it is where the event is ("clashes north of Aleppo").
    assert _locators("Clashes continue north of Aleppo and in Idlib.", gazetteer, foreign) == []
    assert _locators("Clashes in Aleppo. North of Hama, the army advanced.", gazetteer, foreign) == []


def test_a_faction_known_by_one_name_is_not_a_place(gazetteer, foreign):
    found = find_place_mentions("Battles west of Aleppo as Al-Zenki and Ahrar Al-Sham advance", gazetteer.index,
                                foreign, gazetteer.max_words, obscure_keys=gazetteer.obscure_keys)
    assert [m.text for m in found] == ["Aleppo"]
