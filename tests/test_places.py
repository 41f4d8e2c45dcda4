import pytest

from eventmap.places import find_place_mentions, relate_mentions


def mentions(text, gazetteer, foreign):
    # (As the loader calls it: with the names only obscure villages carry, which need a cue.)
    return [m.text for m in find_place_mentions(text, gazetteer.index, foreign, gazetteer.max_words,
                                                 obscure_keys=gazetteer.obscure_keys)]


def test_village_list_after_a_cue(gazetteer, foreign):
    text = ("pushed them back form their strongholds near the villages of Man'aya, Joukheh and Sallaleh "
            "al-Kabireh in the Western side Rasma al-Nafal following hours of intense battle")
    assert mentions(text, gazetteer, foreign) == ["Man'aya", "Joukheh", "Sallaleh al-Kabireh", "Rasma al-Nafal"]


def test_fighters_home_countries_are_not_places(gazetteer, foreign):
    text = ("inflicted a heavy toll on the ISIS that included tens of foreign terrorists from Saudi Arabia, "
            "Turkey, Chechnya, Lebanon, Malaysia and Pakistan, Southeast of Aleppo")
    assert mentions(text, gazetteer, foreign) == ["Aleppo"]


def test_armed_group_names_holding_a_place_are_not_places(gazetteer, foreign):
    text = ("The Syrian army along with Liwa al-Quds (Jerusalem Brigade), the Republican Guard and the "
            "National Defense Forces (NDF) liberated another village in Khanaser Plains")
    assert mentions(text, gazetteer, foreign) == ["Khanaser"]


def test_one_word_group_names_are_not_places(gazetteer, foreign):
    # A UCDP headline: "Al-Nusra" once became a place mention, and loose matching would put it at Nasra.
    text = ("Fighters killed in clash between the Division 13 and Al-Nusra in the countryside of Idlib "
            "and al-Nusra storm Maarrat al-Nu'man")
    assert mentions(text, gazetteer, foreign) == ["Idlib", "Maarrat al-Nu'man"]


def test_group_names_ending_in_al_sham_are_not_damascus(gazetteer, foreign):
    # UCDP spells the group "Hayyaat Tahrir al-Sham"; "al-Sham" is also a GeoNames alias of Damascus.
    text = ("Clashes between Hayyaat Tahrir al-Sham and gunmen defected of it in a village in Jabal "
            "Al-Zawiyah in the southern countryside of Idlib; Ahrar al-Sham and Bilad al-Sham too")
    assert mentions(text, gazetteer, foreign) == ["Jabal Al-Zawiyah", "Idlib"]


def test_people_are_not_places(gazetteer, foreign):
    text = "President Bashar al-Assad and Foreign Minister Walid al-Moallem met in Damascus. Assad said so."
    assert mentions(text, gazetteer, foreign) == ["Damascus"]


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


def test_arabic_place_names(gazetteer, foreign):
    text = "قال مصدر عسكري إن الجيش السوري سيطر على قرية المقيرات قرب مدينة خناصر."
    assert mentions(text, gazetteer, foreign) == ["المقيرات", "خناصر"]


def test_text_without_places(gazetteer, foreign):
    assert mentions("The source added that several militants were killed.", gazetteer, foreign) == []


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


def test_english_word_village_with_a_cue_is_a_place(gazetteer, foreign):
    assert mentions("Airstrikes in Has killed 22 near the village of Sarin", gazetteer, foreign) == ["Has", "Sarin"]
    assert mentions("Clashes In Has", gazetteer, foreign) == []
    assert mentions("the army shelled Has village", gazetteer, foreign) == ["Has village"]


def test_airport_codes_are_not_names(gazetteer, foreign):
    assert mentions("Fighters reached the DAM and the ALP road", gazetteer, foreign) == []
    assert "dam" not in gazetteer.index and "alp" not in gazetteer.index


def test_khan_starts_a_longer_name(gazetteer, foreign):
    assert mentions("killed by bombardment in Khan Shekhon", gazetteer, foreign) == ["Khan Shekhon"]


def test_a_speaker_before_a_colon_is_a_person(gazetteer, foreign):
    # "Maan" is also a village in Hama.
    assert mentions('Opposition figure Maan Abdul Salam said: "Nothing has changed."', gazetteer, foreign) == []


def test_short_acronyms_in_ordinary_text_are_not_places(gazetteer, foreign):
    # ADRA is an aid agency (and Adra a town near Damascus); a shouted headline keeps its places.
    assert mentions("The ministry follows up on the memorandum signed with ADRA last year.", gazetteer, foreign) == []
    assert mentions("ISIS SEIZES HOMS SUBURB", gazetteer, foreign) == ["HOMS"]
    assert mentions("8 people were killed in several areas; TWO KILLED IN BOMB BLAST IN AFRIN: SOHR",
                    gazetteer, foreign) == ["AFRIN"]


def test_titles_before_a_name_make_it_a_person(gazetteer, foreign):
    assert mentions("Political and Media Advisor Bouthaina Shaaban, Deputy Minister Fayssal Mikdad and others came.",
                    gazetteer, foreign) == []


def test_hand_picked_foreign_places_stay_foreign(gazetteer, foreign):
    assert mentions("the liberation of al-Ramadi by the Iraqi Army", gazetteer, foreign) == []
    assert mentions("the Chairman of the State Duma's committee", gazetteer, foreign) == []
    # Erbil in Iraq; an alternate name of Irbin near Damascus is spelled the same.
    assert mentions("Kurdish officials met in Arbil on Monday", gazetteer, foreign) == []


def test_english_at_before_a_name_is_not_the_arabic_article(gazetteer, foreign):
    assert mentions("Casualties in shelling at Bdama town and at Hama countryside", gazetteer, foreign) == [
        "Bdama town", "Hama countryside"]
    assert mentions("the village of at-Tall", gazetteer, foreign) == ["at-Tall"]


def test_schools_and_international_bodies_are_not_places(gazetteer, foreign):
    assert mentions("a visiting professor at Stanford Law School", gazetteer, foreign) == []
    assert mentions("said the deputy director at Amnesty International", gazetteer, foreign) == []


def test_title_case_english_words_after_a_cue_are_not_unknown_places(gazetteer, foreign):
    # data/wordlists/english_words.txt: words the shipped UCDP headlines write in lower case.
    assert mentions("Dozens Of Casualties Reported In Bomb Blast At A Base", gazetteer, foreign) == []
    assert mentions("18 barrels target Daraya, and Continued clashes in the east", gazetteer, foreign) == ["Daraya"]
    assert mentions("fighting near the village of al-Tank", gazetteer, foreign) == ["al-Tank"]


def test_rivers_are_not_places_but_places_named_after_them_are(gazetteer, foreign):
    # UCDP headlines: "east of the Euphrates" was anchored at whatever place its paragraph named
    # (markers labelled Euphrates in Hama and Daraa).
    text = ("Clashes east of the Euphrates near Hajin. Fighting at the Euphrates Dam and along the "
            "Euphrates River. The west bank of Euphrates witnesses shelling.")
    assert mentions(text, gazetteer, foreign) == ["Hajin", "Euphrates Dam"]


def test_arabic_kind_words_before_a_name_are_not_villages(gazetteer, foreign):
    # A UCDP source line (Airwars-style strike log): مزرعة ("farm") alone keys to the village Mazraa.
    text = "January 11th, 2017: (S390) مزرعة الرشيد Al Rashid Farm, Raqqa governorate, Syria"
    assert mentions(text, gazetteer, foreign) == ["Raqqa governorate"]
    assert mentions("اشتباكات في مدينة الرقة وبلدة مركدة", gazetteer, foreign) == ["الرقة", "مركدة"]


def test_a_lower_case_direction_that_begins_a_places_name(gazetteer, foreign):
    # UCDP headlines write "the eastern Ghouta" (83 rows of the shipped sample had no place before).
    assert mentions("Missiles launched by the regime forces land on the eastern Ghouta", gazetteer, foreign) == [
        "eastern Ghouta"]
    # A direction that is no part of a name stays outside it.
    assert mentions("Clashes in eastern Aleppo and the western Qalamoun", gazetteer, foreign) == [
        "Aleppo", "western Qalamoun"]


def test_kind_word_after_a_closing_apostrophe(gazetteer, foreign):
    # "al-Zahraa’ town": Zahraa is also a person's name, so it needs the kind word to count.
    text = "Missile shelling targets Aleppo International Airport and al-Zahraa’ town and kills people"
    assert "al-Zahraa’ town" in mentions(text, gazetteer, foreign)


def test_a_name_followed_by_forces_or_a_unit_word_is_a_force(gazetteer, foreign):
    # From the second held-out file: "al-Namer forces" (the Tiger Forces) had become the village Naamer.
    text = ("The regime forces and al-Namer forces monitor al-Castelo road the only way from Aleppo city "
            "to its countryside")
    assert mentions(text, gazetteer, foreign) == ["Aleppo city"]
    assert mentions("Shohadaa al-Yarmouk battalion clashes with rebels in Dar’a", gazetteer, foreign) == ["Dar’a"]
    # SOHR: "an officer in Tiger groups which lead al-Raqqa operations".
    assert mentions("an officer in Tiger groups which lead al-Raqqa operations survives", gazetteer, foreign) == [
        "al-Raqqa"]


def test_every_spelling_of_a_name_prefix_word_starts_a_longer_name(gazetteer, foreign):
    # "Tel" keys like "Tall": alone it had become At Tall near Damascus (real SOHR/Airwars lines).
    assert "Tel" not in mentions("displaced families in the village of Tel-Ahdiya Aleppo countryside", gazetteer, foreign)
    assert mentions("clashes in Kafer Nabudah", gazetteer, foreign) == ["Kafer Nabudah"]


def test_any_countrys_nationality_before_a_name_makes_it_no_place(gazetteer, foreign):
    # Diplomatic news (SANA) names every country's institutions; the list once stopped at the region's.
    assert mentions("the speaker met the head of a committee at the Mexican Senate, Ms Cuevas, and", gazetteer,
                    foreign) == []
    assert mentions("the summit held in the Venezuelan Island of Margarita", gazetteer, foreign) == []
    assert mentions("asylum at the Ecuadorian Embassy in London", gazetteer, foreign) == []
    assert mentions("Syrian and Ukrainian officials met in Aleppo", gazetteer, foreign) == ["Aleppo"]


def test_a_name_the_gazetteer_lacks_beside_a_foreign_place_is_foreign(gazetteer, foreign):
    # Reuters and SANA: these were events placed at a Syrian place of the same paragraph.
    assert mentions("forces retook villages on the outskirts of the town of Makhmour, east of Mosul", gazetteer,
                    foreign) == []
    assert mentions("she was born in the village of Badadoun, Lebanon, in 1927", gazetteer, foreign) == []
    assert mentions("a siege from Jerusalem to Leningrad and Sarajevo", gazetteer, foreign) == []
    # Syria itself is no foreign context, nor an Arabic name keyed like a foreign town ("al Sina'a").
    assert mentions("a strike hit the village of Al Tayara, Raqqa governorate, Syria", gazetteer, foreign) == [
        "Al Tayara", "Raqqa governorate"]
    assert mentions("shelling hit the village of Abu Zzyzx, al Sina'a neighbourhood", gazetteer, foreign) == [
        "Abu Zzyzx"]


def test_the_ghouta_alone_and_the_western_ghouta(gazetteer, foreign):
    # "Ghouta" keyed to Kota (India) and "Western" was a nationality: neither was ever found.
    assert mentions("Missile strikes targeted al-Ghouta and the besieged Ghouta", gazetteer, foreign) == [
        "al-Ghouta", "Ghouta"]
    assert mentions("Barrel bombs hit Darayya in the Western Ghouta", gazetteer, foreign) == [
        "Darayya", "Western Ghouta"]
    # SOHR's "Eastern Damascus Ghouta" is one place, not Damascus and the Ghouta.
    assert mentions("Clashes in Eastern Damascus Ghouta", gazetteer, foreign) == ["Eastern Damascus Ghouta"]


def test_the_capital_of_a_syrian_report_is_damascus(gazetteer, foreign):
    # 311 of the shipped UCDP headlines write "the capital"; 33 of them named no other place.
    assert mentions("Renewed clashes south of the capital", gazetteer, foreign) == ["the capital"]
    assert mentions("Shells hit the capital Damascus", gazetteer, foreign) == ["Damascus"]
    assert mentions("ISIS defends the capital of its caliphate", gazetteer, foreign) == []
    assert mentions("Talks in the Turkish capital ended", gazetteer, foreign) == []
    assert mentions("A bomb hit a market in Baghdad, the capital, on Monday", gazetteer, foreign) == []


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


def test_a_name_prefix_word_alone_is_no_place(gazetteer, foreign):
    # "Khan al_Shekh camp": the scraper's underscore breaks the name; "Shekh" alone is no village.
    assert mentions("46 Explosive barrels target Khan al_Shekh camp", gazetteer, foreign) == []
    # GeoNames writes the article lower-case after such a word: the name goes on ("at Bdama" alone is English).
    assert mentions("near the villages of Jubb as Sukkar and Abu at Tababir", gazetteer, foreign) == [
        "Jubb as Sukkar", "Abu at Tababir"]


def test_a_broadcaster_or_paper_named_after_a_place_is_no_place(gazetteer, foreign):
    # As Reuters wrote it: al-Mayadeen is a Lebanese TV station, not the town on the Euphrates.
    assert mentions("The Lebanese TV station al-Mayadeen said the commander was killed.", gazetteer, foreign) == []
    assert mentions("Sabra told the news channel Al-Mayadeen", gazetteer, foreign) == []
    assert mentions("Clashes near the pumping station Homs", gazetteer, foreign) == ["Homs"]


def test_maarat_begins_a_name_and_is_no_village_alone(gazetteer, foreign):
    # SOHR: "Maarat Herma" is Maarrat Hurmah; "Maarat" alone had matched Marrat in Deir ez-Zor.
    assert mentions("Hayyaat Tahrir al-Sham raids al-Dana, Maarat Herma in the countryside of Idlib",
                    gazetteer, foreign) == ["al-Dana", "Maarat Herma", "Idlib"]


def test_a_paragraph_about_abroad_names_no_syrian_place(gazetteer, foreign):
    # Reuters-style paragraphs (written for this test): names the gazetteer lacks in a paragraph that
    # names foreign places and no Syrian one had been placed at the article's Syrian places.
    assert mentions("The chancellor spoke at the Brandenburg Gate before trips to Ukraine, North Korea and Libya.",
                    gazetteer, foreign) == []
    assert mentions("Militants gathered around the town of Sabratha, near the border with Tunisia.", gazetteer,
                    foreign) == []
    assert mentions("Immigration has become a flashpoint in the election in America.", gazetteer, foreign) == []
    # A gazetteer name the text puts in a foreign country is that country's (Sinjar is also a village in Idlib).
    assert mentions("Fighters captured Mount Sinjar, in northern Iraq, in 2014 and lost Sinjar last year.",
                    gazetteer, foreign) == []
    # SANA: a Tunisian resort that shares its name with Al-Susah on the Euphrates.
    assert mentions("The terrorist attack which hit a hotel in Sousse suburbs in Tunisia claimed the lives of "
                    "scores of persons.", gazetteer, foreign) == []
    # A country's possessive or compound after "in" is not where the place lies.
    assert mentions("The battle for Afrin in Turkey's offensive goes on.", gazetteer, foreign) == ["Afrin"]
    assert mentions("Jarabulus in Turkey-backed rebels' hands.", gazetteer, foreign) == ["Jarabulus"]
    # Where fighters come from, or a neighbouring country's border, is no sign of a story abroad.
    assert mentions("They liberated the village of al-Zzyzx, killing fighters from Saudi Arabia, Chechnya and "
                    "Malaysia.", gazetteer, foreign) == ["al-Zzyzx"]
    assert mentions("Shells hit the village of Kafr Zzyzx on the border with Turkey.", gazetteer, foreign) == [
        "Kafr Zzyzx"]


def test_peoples_names_with_a_patronym_an_age_or_abdul_are_no_places(gazetteer, foreign):
    # SANA-style sentences (written for this test): Hajjaj is a village in Deir ez-Zor, Hafsa (Khafsah)
    # one near Aleppo, Qader (Kadir) one in Homs.
    assert mentions("The six named are Hajjaj Bin Fahed al-Ajami and Abu Mohammad al-Adnani.", gazetteer,
                    foreign) == []
    assert mentions("Hodan, 18 and her friend Hafsa, 20, flew out on Monday.", gazetteer, foreign) == []
    assert mentions("Quneitra Governor Ahmad Sheikh Abdul-Qader took part.", gazetteer, foreign) == ["Quneitra"]
    # Iskandaroun (Iskenderun, Turkey's Hatay) is foreign however SANA names it.
    assert mentions("a rally for the occupied Iskandaroun", gazetteer, foreign) == []


def test_a_list_after_a_colon_that_counts_villages(gazetteer, foreign):
    # A UCDP GED source headline (liveuamap): the first item has no cue but the colon after "4 villages".
    text = ("SDF has captured 4 villages from ISIS in Deir-Ez-Zor countryside: Big Hermushiya, Small Hermushiya, "
            "Tal Kasrah and Tal Abu Fahat.")
    assert mentions(text, gazetteer, foreign) == [
        "Deir-Ez-Zor countryside", "Big Hermushiya", "Tal Kasrah", "Tal Abu Fahat"]
    # A colon after anything else begins no list.
    assert mentions("The statement said: Zzyzx Qwerty will visit", gazetteer, foreign) == []


def test_a_kind_word_after_a_name_outweighs_a_persons_first_name_in_it(gazetteer, foreign):
    # UCDP GED (Airwars): Ghazi is a man's name, but "village" says the name is a village's.
    text = "March 29th 2017: (S561) Al Qastal Al Ghazi village, east of Hama, Hama governorate, Syria"
    assert mentions(text, gazetteer, foreign)[0] == "Al Qastal Al Ghazi village"
    assert mentions("Talks with Ghazi Qwerty in Damascus", gazetteer, foreign) == ["Damascus"]


def test_a_place_before_a_comma_and_a_speech_verb_is_no_speaker(gazetteer, foreign):
    # Written for this test after Reuters and BBC Monitoring lines: "in Aleppo, said" / "in Afrin, says
    # military" had been masked as people speaking; an adviser named between commas still speaks.
    assert mentions("Two soldiers were killed in Afrin, says the military", gazetteer, foreign) == ["Afrin"]
    assert mentions("Strikes hit rebel-held areas of Aleppo, told a rescue worker.", gazetteer, foreign) == ["Aleppo"]
    assert mentions("An adviser to the president, Bouthaina Shaaban, said talks would go on.", gazetteer,
                    foreign) == []
    assert mentions("Aleppo said nothing", gazetteer, foreign) == []
    # "in X" before the verb makes X the place where someone speaks (SOHR: "a hospital in Kafr Zita went
    # out of work"), unless the country begins the run and a person follows ("in Syria Hana Singer said").
    assert mentions("Armed groups in Aleppo announced a boycott.", gazetteer, foreign) == ["Aleppo"]
    assert mentions("A hospital in Kafr Zita went out of service", gazetteer, foreign) == ["Kafr Zita"]
    assert mentions("The UN representative in Syria Hana Singer said work would begin.", gazetteer, foreign) == []


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


def test_a_machine_translated_martyr_is_no_place(gazetteer, foreign):
    # SOHR's English headlines write "shahid" (martyr) untranslated, capitalised.
    assert mentions("Regime forces target 5 towns in Quneitra countryside and Shahid by a sniper in the outskirts "
                    "of the capital", gazetteer, foreign) == ["Quneitra countryside", "the capital"]
    assert mentions("Regime helicopters bombard areas in Hama and Shahid in Daraa city", gazetteer, foreign) == [
        "Hama", "Daraa city"]


def test_a_title_case_headline_gives_no_cue_for_an_unknown_name(gazetteer, foreign):
    # Reuters headlines in the SOHR/Airwars sample: every long word capitalised.
    assert mentions("Dozens of Civilians Killed in Overnight Syria Airstrikes", gazetteer, foreign) == []
    assert mentions("Dozens of Casualties Reported in Strong Blast at Ankara-Backed Militants' Base in Afrin",
                    gazetteer, foreign) == ["Afrin"]
    # In prose the same cue still marks a village the gazetteer lacks; so does a headline's Arabic article.
    assert mentions("Civilians were killed in Zzyzx overnight", gazetteer, foreign) == ["Zzyzx"]
    assert mentions("Dozens of Civilians Killed in Al-Zzyzx, Rebels Say", gazetteer, foreign) == ["Al-Zzyzx"]


def test_a_foreign_peoples_town_is_foreign(gazetteer, foreign):
    # Reuters and SANA: "the Iraqi town of", "the Russian city of"; Sinjar is also a village in Idlib.
    assert mentions("Kurdish forces retook the Iraqi town of Sinjar last year.", gazetteer, foreign) == []
    assert mentions("The World War II siege of the Russian city of Leningrad was one of the longest.",
                    gazetteer, foreign) == []
    # Syria's own peoples' words say nothing of a country.
    assert mentions("Fighters entered the Kurdish town of Kobani.", gazetteer, foreign) == ["Kobani"]
    assert mentions("Shells hit the Syrian city of Zzyzx.", gazetteer, foreign) == ["Zzyzx"]


def test_a_lower_case_word_after_a_capitalised_article_and_hyphen_ends_the_name(gazetteer, foreign):
    # Syria Live Map, 2018: "Deir Ez-zor: Coalition targeted alSosah and Ghraneeg towns".
    assert mentions("Deir Ez-zor: Coalition targeted towns by many airstrikes", gazetteer, foreign) == ["Deir Ez-zor"]
    # A lower-case article still starts no name, nor does a lower-case word after it.
    assert mentions("the al-qaeda militants left", gazetteer, foreign) == []


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
