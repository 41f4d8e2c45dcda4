from eventmap.gazetteer import Gazetteer, GazetteerEntry, haversine_km, read_places_override
from eventmap.geocode import GEO_APPROXIMATE, GEO_EXACT, GEO_REGION, geocode_article
from eventmap.names import name_key, strip_diacritics
from eventmap.parse import Article
from eventmap.pipeline import extract_events


def events_of(text, gazetteer, foreign, title="Report"):
    return extract_events(Article(title=title, paragraphs=[text]), gazetteer, foreign)


def placed_mentions(text, gazetteer, foreign, title="Report"):
    """Where the geocoder put every mention of the paragraph, as rows would say it: the places named
    only to locate another too ("X in the countryside of Damascus"), which make no event row."""
    from types import SimpleNamespace

    from eventmap.pipeline import extract_mentions
    from eventmap.places import relate_mentions

    article = Article(title=title, paragraphs=[text])
    title_mentions, (mentions,) = extract_mentions(article, gazetteer, foreign)
    (results,) = geocode_article(gazetteer, title_mentions, [mentions], [relate_mentions(text, mentions)])
    return [SimpleNamespace(place_mention=m.text, place_name=r.place_name, place_id=r.place_id, admin1=r.admin1,
                            latitude=r.latitude, longitude=r.longitude, geo_precision=r.geo_precision,
                            anchor_place=r.anchor) for m, r in zip(mentions, results, strict=True)]


def test_ambiguous_name_takes_the_candidate_in_the_articles_province(gazetteer, foreign):
    (hama,) = [e for e in events_of("Clashes in the village of Mansoura in the countryside of Hama province.", gazetteer, foreign)
               if e.place_mention == "Mansoura"]
    assert hama.admin1 == "Hama" and hama.geo_candidates >= 1
    (aleppo,) = [e for e in events_of("Clashes in the village of Mansoura west of Aleppo city.", gazetteer, foreign)
                 if e.place_mention == "Mansoura"]
    assert aleppo.admin1 == "Aleppo"
    (raqqa,) = [e for e in events_of("Clashes in the village of Mansoura in Raqqa province.", gazetteer, foreign)
                if e.place_mention == "Mansoura"]
    assert raqqa.admin1 == "Raqqa"


def test_city_wins_over_subdistrict_and_province_word_picks_the_governorate(gazetteer, foreign):
    (town,) = events_of("The army entered Khanaser.", gazetteer, foreign)
    assert town.place_id == "geonames:168351" and town.geo_precision == GEO_EXACT
    (prov,) = events_of("Shelling hit villages in Idlib province.", gazetteer, foreign)
    assert prov.place_id == "opensyria:sy-idlib" and prov.geo_precision == GEO_REGION


def test_unknown_name_without_any_anchor_has_no_coordinates(gazetteer, foreign):
    (e,) = events_of("Fighting raged near the village of Qaryat Zzyzx.", gazetteer, foreign)
    assert e.place_id is None and e.latitude is None and e.geo_precision is None


def test_override_file_pins_names_and_wins_over_the_gazetteer(tmp_path, gazetteer, foreign):
    csv = tmp_path / "places_override.csv"
    csv.write_text("name,latitude,longitude\nal-Muqayrat,35.8,37.55\nKhanaser,35.70,37.40\n", encoding="utf-8")
    gz = Gazetteer([*gazetteer.entries, *read_places_override(csv)])
    rows = {e.place_mention: e for e in placed_mentions(
        "The army took the village of al-Muqayrat near the city of Khanaser.", gz, foreign)}
    assert rows["al-Muqayrat"].place_id == "override:mukayrat" and rows["al-Muqayrat"].geo_precision == GEO_EXACT
    assert (rows["Khanaser"].latitude, rows["Khanaser"].longitude) == (35.70, 37.40)


def test_anchored_names_reuse_their_first_anchor_across_paragraphs(gazetteer, foreign):
    a = Article(title="t", paragraphs=["The army took the village of Zzyzx Tahtani near the city of Manbij.",
                                       "Later the village of Zzyzx Tahtani was shelled near Aleppo."])
    rows = [e for e in extract_events(a, gazetteer, foreign) if e.place_name == "Zzyzx Tahtani"]
    assert [r.anchor_place for r in rows][0] == "Manbij"
    assert all(r.geo_precision == GEO_APPROXIMATE for r in rows)


def test_geocode_article_shapes(gazetteer):
    from eventmap.places import find_place_mentions

    mentions = [find_place_mentions("near the city of Khanaser", gazetteer.index)]
    ((r,),) = geocode_article(gazetteer, [], mentions)
    assert haversine_km(r.latitude, r.longitude, 35.78159, 37.49919) < 2
    assert name_key("Khanaser") in gazetteer.index


def test_a_governorate_name_means_that_governorate_not_a_namesake_near_the_other_places(gazetteer, foreign):
    rows = {e.place_mention: e for e in events_of(
        "Bombardment on the southern countryside of Hama and missile strikes on Darayya.", gazetteer, foreign)}
    assert rows["Hama"].admin1 == "Hama" and rows["Darayya"].admin1 == "Rif Dimashq"
    # Written with the article, it is the suburb of Damascus that shares the name.
    rows = {e.place_mention: e for e in events_of("Clashes in Qudsaya and al-Hamah west of Damascus.", gazetteer, foreign)}
    assert rows["al-Hamah"].admin1 == "Rif Dimashq"


def test_a_name_its_district_bears_beats_a_same_name_village_near_the_other_places(gazetteer, foreign):
    rows = {e.place_mention: e for e in events_of(
        "The regime forces shell Douma and a town in the countryside of Daraa.", gazetteer, foreign)}
    assert rows["Douma"].place_id == "geonames:170592"  # Douma, Rif Dimashq, not the Suwayda village
    rows = {e.place_mention: e for e in events_of("A child dies in the countryside of Ras al-Ayn.", gazetteer, foreign)}
    assert rows["Ras al-Ayn"].admin1 == "Al-Hasakah"


def test_the_sentence_a_name_stands_in_weighs_before_the_paragraph(gazetteer, foreign):
    # Idlib is named most in the paragraph, but Madaya's sentence is about the Damascus countryside.
    rows = {e.place_mention: e for e in events_of(
        "Rebels besiege al-Foua and Kefraya in Idlib province, where shells fell on Sunday. "
        "Government forces besiege Zabadani and Madaya near the border.", gazetteer, foreign)}
    assert rows["Madaya"].admin1 == "Rif Dimashq" and rows["al-Foua"].admin1 == "Idlib"


def test_the_yarmouk_basin_is_the_daraa_pocket_and_the_camp_is_in_damascus(gazetteer, foreign):
    # UCDP headlines: 68 "Yarmouk Basin" rows of the real scrapes sat at the Damascus camp.
    (basin,) = [e for e in events_of("Jaysh Khaled Ibn Al-Waleed targets the factions in the Yarmouk Basin",
                                     gazetteer, foreign) if "Yarmouk" in e.place_mention]
    assert (basin.place_mention, basin.admin1) == ("Yarmouk Basin", "Daraa")
    (camp,) = [e for e in events_of("Clashes around Daraa and bombardment targets Yarmouk camp", gazetteer, foreign)
               if "Yarmouk" in e.place_mention]
    assert (camp.place_mention, camp.admin1) == ("Yarmouk camp", "Damascus")


def test_a_ucdp_village_far_from_its_sentence_gives_way_to_the_town_beside_it(gazetteer, foreign):
    # A shipped UCDP headline: "Kafriya" is exactly the key of a village in Latakia, 56 km from
    # al-Fu'ah; the besieged pair is Kafarya and al-Fu'ah in Idlib.
    text = ("Warplanes bomb Jabal al-Zawiyah and people with medical conditions get out of Kafriya and "
            "Al-Fu’ah")
    rows = {e.place_mention: e for e in events_of(text, gazetteer, foreign)}
    kafarya, foah = rows["Kafriya"], rows["Al-Fu’ah"]
    assert kafarya.admin1 == foah.admin1 == "Idlib" and foah.place_name == "Al Fū‘ah"
    assert haversine_km(kafarya.latitude, kafarya.longitude, foah.latitude, foah.longitude) < 5
    # Alone, or beside places near it, the village keeps its own entry.
    (alone,) = events_of("Shelling on Kafriya village", gazetteer, foreign)
    assert alone.place_name == "Kafrīyah" and alone.admin1 == "Latakia"


def test_towns_near_a_point_include_every_town_within_the_nearer_town_distance(gazetteer):
    # The nearer-town rule looks only at towns in the grid cells around a sentence's places:
    # a town just inside NEAR_CONTEXT_KM of a point must never fall outside them.
    from eventmap.geocode import NEAR_CONTEXT_KM, _towns_near

    towns = [e for e in gazetteer.entries if e.feature in ("town", "city")]
    for t in towns[::7]:
        # Points 14.9 km from the town in eight directions (north, north-east, ... at Syria's latitudes).
        for dlat, dlon in ((1, 0), (1, 1), (0, 1), (-1, 1), (-1, 0), (-1, -1), (0, -1), (1, -1)):
            scale = 14.9 / haversine_km(t.latitude, t.longitude, t.latitude + dlat * 0.1, t.longitude + dlon * 0.1)
            point = (t.latitude + dlat * 0.1 * scale, t.longitude + dlon * 0.1 * scale)
            assert haversine_km(t.latitude, t.longitude, *point) < NEAR_CONTEXT_KM
            assert t in [c for c, _ in _towns_near(gazetteer, (point,))], (t.name, point)


def test_a_place_the_text_puts_inside_another_is_taken_from_that_ones_province(gazetteer, foreign):
    # UCDP headlines (shipped sample): the gazetteer's Madaya is near Damascus, its Sheikh Saed in Daraa,
    # 300-400 km from Afrin and Aleppo; the text says where they are.
    (madaya,) = [e for e in events_of("Faction of the “Olive Branch” Operation kills a young man from Madaya "
                                      "town in Afrin", gazetteer, foreign) if e.place_mention == "Madaya town"]
    assert (madaya.place_id, madaya.anchor_place, madaya.admin1) == (None, "‘Afrīn", "Aleppo")
    assert madaya.geo_precision == GEO_APPROXIMATE
    rows = {e.place_mention: e for e in events_of(
        "Losses in the youth housings and Shekh Saed in Aleppo", gazetteer, foreign)}
    assert rows["Shekh Saed"].admin1 == "Aleppo" and rows["Shekh Saed"].anchor_place == "Aleppo"
    # An inexact spelling is looked for in the province the text names, not the paragraph's first.
    rows = {e.place_mention: e for e in events_of(
        "Shelling at the cities of Aleppo and Douma and the town of Maarrat al-Na’asan in Idlib",
        gazetteer, foreign)}
    assert (rows["Maarrat al-Na’asan"].place_name, rows["Maarrat al-Na’asan"].admin1) == ("Maarah al-Naasan", "Idlib")


def test_inside_a_named_place_keeps_lists_cities_and_neighbours_right(gazetteer, foreign):
    # A list inside an area (invented names): those without an entry go to the list's place that has
    # one, not to the area's city.
    rows = {e.place_mention: e for e in placed_mentions(
        "Troops entered the villages of Maaloula, al-Qarqoush and Ayn al-Zuhayrat in the countryside of Damascus.",
        gazetteer, foreign)}
    assert rows["al-Qarqoush"].anchor_place == rows["Ayn al-Zuhayrat"].anchor_place == "Ma‘lūlā"
    # Damascus city sits inside Rif Dimashq; a town across a provincial border is not moved.
    (jaramana, _) = placed_mentions("A shell hit Jaramana in the outskirts of Damascus", gazetteer, foreign)
    assert (jaramana.place_name, jaramana.admin1) == ("Jaramānā", "Rif Dimashq")
    # "Deir Ezzor and Shuhada in the Homs countryside": a city is never moved into another province.
    rows = {e.place_mention: e for e in placed_mentions(
        "Shells hit areas of Deir Ezzor and Shuhada in the northern Homs countryside", gazetteer, foreign)}
    assert rows["Deir Ezzor"].admin1 == "Deir ez-Zor" and rows["Shuhada"].anchor_place == "Homs"


def test_a_bare_ghouta_is_eastern_ghouta_and_names_inside_it_are_looked_for_there(gazetteer, foreign):
    (ghouta,) = events_of("Renewed clashes and shelling in al-Ghouta", gazetteer, foreign)
    assert ghouta.place_name == "Eastern Ghouta" and ghouta.geo_precision == GEO_EXACT
    rows = {e.place_mention: e for e in events_of("Shelling on the town of Masraba in Al Ghouta", gazetteer, foreign)}
    assert (rows["Masraba"].place_name, rows["Masraba"].admin1) == ("Misrābā", "Rif Dimashq")


def test_a_place_the_text_puts_near_another_is_not_a_namesake_far_away(gazetteer, foreign):
    # UCDP headlines: the gazetteer's only Safsaf is in Tartus, 258 km from Tabaqa.
    rows = {e.place_mention: e for e in events_of("Al Safsaf village near Tabaqa, Raqqa governorate, Syria",
                                                  gazetteer, foreign)}
    assert (rows["Al Safsaf village"].place_id, rows["Al Safsaf village"].anchor_place) == (None, "Al-Tabqa")
    # A direction from a city names its region: Manbij is 80 km from Aleppo and stays Manbij.
    rows = {e.place_mention: e for e in events_of("Protests in Manbij city northeast of Aleppo", gazetteer, foreign)}
    assert (rows["Manbij city"].place_name, rows["Manbij city"].anchor_place) == ("Manbij", "")


def test_the_capital_is_placed_at_damascus_and_anchors_its_neighbourhoods(gazetteer, foreign):
    rows = {e.place_mention: e for e in events_of("Clashes in Jobar and shelling south of the capital", gazetteer,
                                                  foreign)}
    assert rows["the capital"].place_name == "Damascus" and rows["the capital"].geo_precision == GEO_EXACT
    assert rows["Jobar"].anchor_place == "Damascus"


def test_a_citys_neighbourhood_is_placed_at_its_city_not_at_another_place_of_the_paragraph(gazetteer, foreign):
    # A SOHR headline shape: Jobar had been anchored at Palmyra, the paragraph's other place.
    rows = {e.place_mention: e for e in events_of("Clashes in Jobar and shelling on Palmyra", gazetteer, foreign)}
    jobar = rows["Jobar"]
    assert (jobar.place_name, jobar.anchor_place, jobar.admin1) == ("Jobar", "Damascus", "Damascus")
    assert jobar.geo_precision == GEO_APPROXIMATE and jobar.place_id.startswith("neighbourhood:")
    # "neighbourhood" after a name asks for one; "the villages of" rules them out, list items included.
    (hamdania,) = events_of("Clashes continue in al-Hamdania neighborhood", gazetteer, foreign)
    assert (hamdania.place_name, hamdania.admin1) == ("Hamdaniyeh", "Aleppo")
    rows = {e.place_mention: e for e in events_of("The SDF shell the villages of Azizia and Jamiliyyeh near Abu Rasin",
                                                  gazetteer, foreign)}
    assert rows["Jamiliyyeh"].admin1 != "Aleppo" and rows["Azizia"].admin1 == "Al-Hasakah"


def test_the_names_reports_give_ucdps_areas(gazetteer, foreign):
    # SOHR headlines had put these at whatever else the paragraph named (Raqqa, Daraa, Douma).
    (barada,) = events_of("Clashes continue in the Barada valley", gazetteer, foreign)
    assert barada.place_name == "Wadi Barada"
    (turkman,) = events_of("Renewed clashes in Jabal al-Turkman", gazetteer, foreign)
    (mountain, _) = events_of("Renewed clashes in Turkman Mountain and shelling on Jobar", gazetteer, foreign)
    assert mountain.place_name == "Jabal at Turkuman"
    assert (turkman.place_name, turkman.admin1) == ("Jabal at Turkuman", "Latakia")
    (lajat,) = events_of("Clashes in al-Lajat area", gazetteer, foreign)
    assert (lajat.place_name, lajat.admin1) == ("Al Lajah", "Daraa")
    (kweres,) = events_of("Continued clashes around Kweres military airport", gazetteer, foreign)
    assert (kweres.place_name, kweres.admin1) == ("Kuwayris Sharqī", "Aleppo")
    (t4,) = events_of("Missiles hit the Tayfour airbase", gazetteer, foreign)
    assert t4.place_name == "Tiyas Military Airbase (T4)"
    (marj,) = events_of("Regime forces and Hezbollah advance in al-Merej area", gazetteer, foreign)
    assert (marj.place_name, marj.admin1) == ("Marj Sulţān", "Rif Dimashq")  # (UCDP's Marj al-Sultan)
    # "Kabani" had been Kobani (Ayn al-Arab), 250 km away, or placed at whatever else the text named.
    (kabani,) = events_of("Clashes renewed in Kabani", gazetteer, foreign)
    assert (kabani.place_name, kabani.admin1) == ("Kabānah", "Latakia")
    shaer = [e.place_name for e in events_of(
        "Clashes around Sha'er field, and Chechen fighters killed on the road to Shaer gas field", gazetteer, foreign)]
    assert shaer == ["Shair gas field"]
    # SOHR's spellings of places UCDP names otherwise (each had stayed unplaced or approximate).
    for text, wanted in [("Rocket shells target Al-Foah and Kefraya", ("Kafarya", "Idlib")),
                         ("Casualties from one family in Hodr town", ("Ḩaḑar", "Quneitra")),
                         ("Consecutive massacres in Douma, Mdira and Mesraba", ("Mudayra", "Rif Dimashq")),
                         ("Rebels advance in Hendarat camp", ("Handarat", "Aleppo")),
                         ("Intensive raids target Jobar and Ein Tarma", ("‘Ayn Tarma", "Rif Dimashq")),
                         ("4 civilians killed by bombardment by regime forces in Khan Shekhon", ("Khān Shaykhūn", "Idlib")),
                         ("Government institutions in the town Abtaa raise the flag", ("Ibta‘", "Daraa")),
                         ("Fierce clashes in Qalamoun al-Sharqi", ("Eastern Qalamoun", "Rif Dimashq")),
                         ("Renewed aerial bombardment of Maarat Egyptians", ("Ma‘arratmişrīn", "Idlib")),
                         # Kurdish names (SOHR, 2019): "Kaniye" of "Sere Kaniye" had been Kafr Buhum in Hama.
                         ("Clashes between Tal Tamr and Ras Al-Ayn (Sere Kaniye)", ("Ra’s al ‘Ayn", "Al-Hasakah")),
                         ("Turkish shelling on Serêkaniyê and Girê Spî", ("Tall Abyaḑ", "Raqqa")),
                         ("Drones target Tirbespiye", ("Al Qaḩţānīyah", "Al-Hasakah")),
                         # SOHR's machine translation of Binnish (an English word: only with a cue).
                         ("Warplanes carry out a massacre in Bench", ("Binnish", "Idlib"))]:
        # (Compared without diacritics: a UCDP place merged into Who's On First's takes GeoNames' spelling.)
        named = {e.place_mention.split()[0]: (strip_diacritics(e.place_name), e.admin1)
                 for e in events_of(text, gazetteer, foreign)}
        assert (strip_diacritics(wanted[0]), wanted[1]) in named.values(), (text, named)
    assert not events_of("The judge at the Bench said", gazetteer, foreign)
    # "Jeb Al Sha'ir" (Raqqa) is a name of its own, not the gas field inside it.
    assert not [e for e in events_of("Clashes in the village of Jeb Al Sha’ir, Raqqa governorate", gazetteer, foreign)
                if e.place_name == "Shair gas field"]


def test_a_close_spelling_is_placed_anywhere_only_when_the_text_names_no_other_province(gazetteer, foreign):
    # SOHR headlines of the real scrapes: no province named, a letter or so from the gazetteer's spelling.
    (jisr,) = events_of("Ground shelling kills 3 in Jisr Al-Shughr", gazetteer, foreign)
    assert jisr.place_name == "Jisr ash Shughūr" and jisr.geo_precision == GEO_EXACT and jisr.geo_confidence < 1
    (maarra,) = events_of("Losses in rebels in Ma’ra al-Nu’man", gazetteer, foreign)
    assert maarra.admin1 == "Idlib" and haversine_km(maarra.latitude, maarra.longitude, 35.648, 36.677) < 5
    # Aleppo named: Quneitra's village Masharah is not Aleppo's al-Mashariqa, placed at the city instead.
    rows = {e.place_mention: e for e in events_of(
        "A man was killed at Al-Masharqa neighborhood, calm continues in Aleppo city", gazetteer, foreign)}
    assert rows["Al-Masharqa neighborhood"].admin1 != "Quneitra"
    assert rows["Al-Masharqa neighborhood"].anchor_place == "Aleppo"
    # 'Khan al-Shekh' (Khan al-Shih near Damascus) is within the close-spelling ratio of Khan Shaykhun:
    # a report name sends it home, and the stage never reaches it.
    (khan,) = events_of("Shelling hit the town of Khan al-Shekh", gazetteer, foreign)
    assert (khan.place_name, khan.admin1) == ("Khān ash Shīḩ", "Rif Dimashq")


def test_the_spelling_stages_look_in_the_second_province_the_paragraph_names(gazetteer, foreign):
    # SOHR headlines of the shipped sample: the first province the paragraph names is the other story's.
    rows = {e.place_mention: e for e in events_of(
        "Turkish border guards beat Syrian citizens in the countryside of Al-Hasakah and 12 member from the "
        "“Islamic State” killed in Dodian clashes in the northern countryside of Aleppo", gazetteer, foreign)}
    assert (rows["Dodian"].place_name, rows["Dodian"].geo_precision) == ("Dūdīyān", GEO_EXACT)
    rows = {e.place_mention: e for e in events_of(
        "Two explosions in Idlib city and Atamah camp area and artillery shelling target Jabal al-Akrad and "
        "Jabal al-Turkman;Warplanes kill a family in Khan Shekhon", gazetteer, foreign)}
    assert (rows["Khan Shekhon"].place_name, rows["Khan Shekhon"].geo_precision) == ("Khān Shaykhūn", GEO_EXACT)


def test_names_the_paragraph_lists_together_keep_their_seat_when_two_provinces_are_named(gazetteer, foreign):
    # As SANA wrote of the "four towns" agreement: Idlib is named twice (Kefraya, al-Foua), Rif Dimashq
    # once; Madaya is the seat beside al-Zabadani, not the village Madayah in Idlib.
    rows = {e.place_mention: e for e in events_of(
        "Officials denied reports of a deal on Madaya, al-Zabadani, Kefraya, and al-Foua’a under foreign "
        "sponsorship", gazetteer, foreign)}
    assert rows["Madaya"].admin1 == "Rif Dimashq" and rows["al-Zabadani"].admin1 == "Rif Dimashq"
    assert (rows["Kefraya"].place_name, rows["Kefraya"].admin1) == ("Kafarya", "Idlib")


def test_a_neighbourhood_is_not_a_village_spelled_nearly_like_it(gazetteer, foreign):
    # SOHR: al-Hazwanah is a neighbourhood of Manbij; the village Hazwan (a close spelling) is by al-Bab.
    rows = {e.place_mention: e for e in events_of(
        "The Syria Democratic Forces control al-Hazwanah neighborhood in Manbij city", gazetteer, foreign)}
    hazwanah = rows["al-Hazwanah neighborhood"]
    assert hazwanah.place_id is None and hazwanah.anchor_place == "Manbij"


def test_an_address_of_commas_up_to_a_governorate_puts_the_place_inside_it(gazetteer, foreign):
    # Coalition-strike lines of the shipped UCDP headlines (Raqqa, 2017): Raqqa's al-Ferdous is not
    # Aleppo's Fardous neighbourhood, its al-Daraia not Darayya near Damascus.
    for text, name in [("August 7th 2017: (S1175) Al Ferdos neighbourhood, Raqqah city, Raqqah governorate, Syria",
                        "Al Ferdos neighbourhood"),
                       ("Ferdous neighbourhood of Raqqa city, Raqqa governorate, Syria", "Ferdous neighbourhood"),
                       ("(S1415) al-Daraia neighbourhood, Raqqah city, Raqqah governorate, Syria",
                        "al-Daraia neighbourhood"),
                       ("June 15th 2017: (S868) سيف الدولة Saif al Dawla Street, Raqqa, Raqqa governorate, Syria",
                        "Saif al Dawla"),
                       ("June 20th 2017: (S911) Saif al Dawla Street, central Raqqa city, Raqqa governorate, Syria",
                        "Saif al Dawla")]:
        rows = {e.place_mention: e for e in events_of(text, gazetteer, foreign)}
        # (Placed at the city, or at the suburb of that name beside it that Who's On First lists: Dārīyah.)
        assert rows[name].admin1 == "Raqqa" and (rows[name].anchor_place == "Ar Raqqah" or haversine_km(
            rows[name].latitude, rows[name].longitude, 35.95283, 39.00788) < 5), text
    rows = {e.place_mention: e for e in events_of(
        "May 19th 2017: (S737) Al Hazzam area, البوكمال Abu Kamal, Deir Ezzor governorate, Syria", gazetteer, foreign)}
    assert rows["Al Hazzam"].admin1 == "Deir ez-Zor"  # not Hazam in Aleppo
    rows = {e.place_mention: e for e in events_of(
        "(S568) Al Safsaf village, western Raqqa countryside, Raqqa governorate, Syria", gazetteer, foreign)}
    assert rows["Al Safsaf village"].admin1 == "Raqqa"  # not Tartus's Safsafah
    # A list is no address: "Aleppo, Hama and Homs provinces" keeps each where it is.
    rows = {e.place_mention: e for e in events_of("Strikes hit Aleppo, Hama and Homs provinces", gazetteer, foreign)}
    assert (rows["Aleppo"].admin1, rows["Hama"].admin1) == ("Aleppo", "Hama")


def test_a_name_given_in_arabic_and_latin_letters_follows_the_address_after_it(gazetteer, foreign):
    # Coalition-strike lines of the shipped UCDP headlines: the Arabic name had been matched alone
    # (الروضة to Tartus's Rawdah, حمرة to Hama's Hamra) though the address puts the place in Raqqa.
    rows = {e.place_mention: e for e in events_of(
        "May 30th 2017: (S787) مزرعة الروضة Rawda Farm, Raqqa governorate, Syria", gazetteer, foreign)}
    assert {e.admin1 for e in rows.values()} == {"Raqqa"}
    for text in ["March 19th 2017: (S521) حمرة بلاسم Hamra Blassem village, eastern Raqqa governorate, Syria",
                 "March 10th 2017: (S493) Hamra Blassem village, east of Raqqa city, Raqqa governorate, Syria"]:
        rows = {e.place_mention: e for e in events_of(text, gazetteer, foreign)}
        # (Who's On First knows the Arabic name too: then the Arabic mention carries the place.)
        assert {e.place_name for e in rows.values()} & {"Ḩamrat Balāsim"}, text
        assert {e.admin1 for e in rows.values()} == {"Raqqa"}, text
    # An Arabic name between an address's comma and the next Latin part does not break the address.
    rows = {e.place_mention: e for e in events_of(
        "September 25th 2017: (S1352a) مدرسة المعري near Al Ma’ari school, حارة البدو al Badou neighbourhood, "
        "Raqqah city, Raqqah governorate, Syria", gazetteer, foreign)}
    assert rows["Al Ma’ari"].admin1 == "Raqqa"  # not Mare' north of Aleppo


def test_an_address_may_carry_a_gloss_or_arabic_words_between_its_parts(gazetteer, foreign):
    # Airwars strike lines of the shipped UCDP headlines: each had sent a Raqqa place elsewhere.
    for text, name in [
        ("(S1361) منطقة الحديقة البيضاء al Hadika al Baidaa [the White Garden] area, Raqqah city, Raqqah "
         "governorate, Syria", "al Baidaa"),  # had been Bayda in Latakia
        ("July 27th 2017: (S1127) Old Hal Market, Raqqa سوق الهال القديم Raqqa governorate, Syria", "Hal"),
        ("April 1st 2017: (S571a) Fardous neighbourhood of الرقة Raqqa city, Raqqa governorate, Syria",
         "Fardous neighbourhood"),
        ("February 20th 2017: (S450a) Al Maari school area, Raqqa city, Raqqa governorate, Syria", "Al Maari"),
        ("May 11th 2017: (S705) القادسية, Al Qadissiya village, near دبسي عفنان Dibsi Afnan, al Tabaqa, Raqqa "
         "governorate, Syria", "Al Qadissiya village")]:  # had been Qudsaya by Damascus
        rows = {e.place_mention: e for e in events_of(text, gazetteer, foreign)}
        assert rows[name].admin1 == "Raqqa", (text, rows[name])


def test_a_neighbourhood_in_a_sentence_naming_a_city_is_in_that_city(gazetteer, foreign):
    # Shipped UCDP headlines (SOHR): Raqqa's al-Qadisiyah is not Qudsaya by Damascus, Homs's al-Zahra not
    # Aleppo's Zahraa; whichever way the sentence puts them ("west of", "at the center of", before or after).
    for text, name, city in [
            ("SDF Advance west of Al-Raqqah city and control parts of Al-Qadisiyah neighborhood",
             "Al-Qadisiyah neighborhood", "Ar Raqqah"),
            ("Clashes in Al-Qadisiyah neighborhood west of Al-Raqqah city", "Al-Qadisiyah neighborhood", "Ar Raqqah"),
            ("2 blasts targeted al-Settin Street in Zahra neighborhood at the center of Homs city",
             "Zahra neighborhood", "Homs")]:
        rows = {e.place_mention: e for e in placed_mentions(text, gazetteer, foreign)}
        (city_row,) = [e for e in rows.values() if e.place_name == city]
        # At the city, approximately, or on the neighbourhood's own entry there (Who's On First: Homs' az-Zahra).
        assert (rows[name].geo_precision == GEO_APPROXIMATE and rows[name].anchor_place == city) or (
            rows[name].geo_precision == GEO_EXACT and haversine_km(
                rows[name].latitude, rows[name].longitude, city_row.latitude, city_row.longitude) < 8), (text, rows[name])
    # A neighbourhood the gazetteer knows keeps its own city, whatever other city the sentence names.
    rows = {e.place_mention: e for e in placed_mentions(
        "Clashes in Jobar neighborhood and shelling on Latakia city", gazetteer, foreign)}
    assert rows["Jobar neighborhood"].admin1 == "Damascus"


def test_a_spelling_a_few_learned_transliteration_edits_from_a_place_is_that_place(gazetteer, foreign):
    # Spellings of the shipped UCDP headlines (SOHR, Syria Live Map) no earlier stage reached ('Marcada'
    # c for k, Egyptian 'Gerod' g for j, French 'Chefounia'); their scores say they are less sure than an exact name.
    for text, mention, place in [
        ("Clashes broke out in Marcada in the southern countryside of Hasakah province.", "Marcada", "Markadah"),
        ("Clashes erupted in the town of Gerod in the Qalamoun mountains of Rif Dimashq.", "Gerod", "Jayrūd"),
        ("Shelling hit the town of Chefounia in the Eastern Ghouta of Damascus countryside.", "Chefounia", "Ash Shaffūnīyah"),
    ]:
        (row,) = [e for e in events_of(text, gazetteer, foreign) if e.place_mention == mention]
        assert (row.place_name, row.geo_precision) == (place, GEO_EXACT), text
        assert 0.3 < row.geo_confidence < 0.9


def test_the_spelling_stage_invents_no_place_for_a_name_far_from_every_spelling(gazetteer):
    from eventmap.geocode import resolve_candidates

    for name, province in [("Zzyzx", "Aleppo"), ("Hanoi", "Hama"), ("Basseterre", "Homs"), ("Yokohama", "Hama")]:
        assert resolve_candidates(gazetteer, name_key(name), [province])[0] == [], name


def test_a_spelling_with_vowels_left_out_is_the_place_so_spelled_in_full(gazetteer, foreign):
    # SOHR's headlines in the shipped UCDP sample write some names without their short vowels.
    (hbit,) = [e for e in events_of("the regime forces advance at the administrative border of Idlib Province "
                                    "with intensive land and air support approaching al-Hbit town", gazetteer, foreign)
               if e.place_mention == "al-Hbit town"]
    assert (hbit.place_name, hbit.admin1, hbit.geo_precision) == ("Al Habīţ", "Idlib", GEO_EXACT)
    assert hbit.geo_confidence == 0.8
    rows = {e.place_mention: e for e in events_of(
        "The regime forces shell heavily areas in Al-Latmnah and Kafrzita and violent fighting continues in "
        "areas in the northeastern countryside of Hama", gazetteer, foreign)}
    # Latmin, 5 km away, has other vowels (a-i, not a-a): only Al Lataminah is Latmnah with vowels put back.
    assert rows["Al-Latmnah"].place_name == "Al Laţāminah"


def test_vowels_put_back_are_only_vowels():
    from eventmap.geocode import drops_only_vowels

    assert drops_only_vowels("hbit", "habit") and drops_only_vowels("latmna", "latamina")
    assert not drops_only_vowels("latmna", "latmin")  # another vowel, not one put back
    assert not drops_only_vowels("habit", "habit") and not drops_only_vowels("hbit", "hbits")
    assert not drops_only_vowels("tilmins", "talminis")  # i for a: a changed vowel is not a left-out one


def test_vowels_put_back_need_one_place_and_three_consonants(gazetteer):
    from eventmap.geocode import resolve_candidates

    # 'Al Barda' is Barouda in Raqqa, Baridah in Homs: in each province one place, in both none. (The
    # shipped gazetteer now has GeoNames' Buraydah, 'Al Barda' among its names: the places of 2024's build.)
    gz = Gazetteer([GazetteerEntry("a", "Al Barouda", 35.9, 39.1, "Raqqa", "village", 0, "ucdp"),
                    GazetteerEntry("b", "Al Baridah", 34.8, 36.8, "Homs", "village", 0, "ucdp"),
                    GazetteerEntry("c", "Al Habit", 35.5, 36.6, "Idlib", "village", 0, "ucdp")])
    assert [c.name for c in resolve_candidates(gz, name_key("Al Barda"), ["Raqqa"])[0]] == ["Al Barouda"]
    assert resolve_candidates(gz, name_key("Al Barda"), ["Raqqa", "Homs"])[0] == []
    assert resolve_candidates(gz, name_key("Hb"), ["Idlib"])[0] == []


def test_a_name_with_or_without_its_site_word_is_the_one_place_so_named(gazetteer):
    from eventmap.geocode import resolve_candidates

    # GeoNames has Sharan (Afrin) and Khirbat Tin Nur (Homs); reports add, drop or respell the site word.
    # (Who's On First has three more Sharans in Aleppo: there the site word can no longer tell which.)
    assert resolve_candidates(gazetteer, name_key("Mazraat Sharan"), ["Aleppo"])[0] == []
    gz = Gazetteer([GazetteerEntry("a", "Sharan", 36.6, 36.8, "Aleppo", "village", 0, "geonames"),
                    GazetteerEntry("b", "Sharan", 36.6, 36.8, "Aleppo", "subdistrict", 0, "opensyria")])
    cands, how, _ = resolve_candidates(gz, name_key("Mazraat Sharan"), ["Aleppo"])
    assert how == "site word" and {c.place_id for c in cands} == {"a", "b"}
    cands, how, _ = resolve_candidates(gazetteer, name_key("Tin Noor"), ["Homs"])
    assert how == "site word" and "Khirbat Tīn Nūr" in {c.name for c in cands}
    cands, how, _ = resolve_candidates(gazetteer, name_key("Kherba Tin Nour"), ["Homs"])
    assert how in ("exact", "site word") and "Khirbat Tīn Nūr" in {c.name for c in cands}
    # The town and the district and sub-district named after it are one place.
    cands, how, _ = resolve_candidates(gazetteer, name_key("Khirbet Jarabulus"), ["Aleppo"])
    assert how == "site word" and "Jarābulus" in {c.name for c in cands}


def test_a_site_word_never_reaches_another_province_a_title_or_two_places(gazetteer):
    from eventmap.geocode import resolve_candidates

    assert resolve_candidates(gazetteer, name_key("Mazraat Sharan"), ["Daraa"])[0] == []
    assert resolve_candidates(gazetteer, name_key("Tin Noor"), ["Hama"])[0] == []
    # "Khan al-Shekh" is Khan ash Shih; "Sheikh" alone is a title, no place.
    assert resolve_candidates(gazetteer, name_key("Shekh"), ["Rif Dimashq"])[1] != "site word"
    # Two places of the province so named (Qabasin near al-Bab, Qabbasin by the Euphrates): none.
    assert resolve_candidates(gazetteer, name_key("Khirbat Kabbasin"), ["Aleppo"])[0] == []


def test_the_golan_is_the_quneitra_governorate_and_saham_al_golan_the_daraa_town(gazetteer, foreign):
    # SOHR (2017) and SANA: no source has the Golan as a place; the governorate holds it.
    (row,) = events_of("At least 14 casualties in an aerial targeting by Israeli Forces at Golan border",
                       gazetteer, foreign)
    assert (row.place_name, row.admin1, row.geo_precision) == ("Quneitra", "Quneitra", GEO_REGION)
    # "Golan" is the Arabic al-Jawlan: UCDP's town Saham al Jawlan, not the governorate.
    (row,) = events_of("Writings against the regime fill walls of Saham al-Golan town west of Daraa",
                       gazetteer, foreign)[:1]
    assert (row.place_name, row.admin1, row.geo_precision) == ("Saḩam al Jawlān", "Daraa", GEO_EXACT)


def test_a_governorate_spelled_nearly_is_that_governorate_whatever_else_the_text_names(gazetteer, foreign):
    # SOHR, 2017: "Reef Dimash" is Rif Dimashq, though the headline's other place is in Hama.
    rows = {e.place_mention: e for e in events_of("Aerial bombardment targets Hama and Reef Dimash", gazetteer, foreign)}
    assert (rows["Reef Dimash"].place_name, rows["Reef Dimash"].geo_precision) == ("Rif Dimashq", GEO_REGION)
    assert rows["Hama"].admin1 == "Hama"


def test_a_name_looked_up_with_its_kind_word_is_the_place_so_named_in_the_province(gazetteer):
    from eventmap.geocode import resolve_candidates

    cands, how, _ = resolve_candidates(gazetteer, name_key("Handarat Camp"), ["Aleppo"])
    assert how == "kind word" and {c.admin1 for c in cands} == {"Aleppo"} and "Ḩandarāt" in {c.name for c in cands}
    assert resolve_candidates(gazetteer, name_key("Handarat Camp"), ["Daraa"])[0] == []
    # Only a camp or village word: "Chinatown" is no "China" (an alternate name of a Homs village).
    assert resolve_candidates(gazetteer, name_key("Chinatown"), ["Homs"])[1] != "kind word"


def test_a_name_with_its_kind_word_that_the_gazetteer_has_whole_is_that_place(gazetteer, foreign):
    # SOHR: the camp is Damascus' Yarmouk (GeoNames' "Yarmouk Camp"), though the headline names Deir
    # Ezzor, nearer a village of Raqqa called Al Yarmuk.
    rows = {e.place_mention: e for e in events_of(
        "Clashes in Yarmouk camp and more intensive raids target Deir Ezzor city", gazetteer, foreign)}
    assert (rows["Yarmouk camp"].place_name, rows["Yarmouk camp"].admin1) == ("al-Yarmūk", "Damascus")
    # "Damascus city" is the city, though the gazetteer also calls the governorate so.
    (row,) = events_of("Shells fell on Damascus city", gazetteer, foreign)
    assert (row.place_name, row.geo_precision) == ("Damascus", GEO_EXACT)


def test_damascus_countryside_is_the_rif_dimashq_governorate(gazetteer, foreign):
    # SANA and SOHR: the countryside of Damascus is a governorate of its own; Aleppo's is not.
    rows = {e.place_mention: e for e in placed_mentions(
        "Another humanitarian aid convoy headed to Madaya town in Damascus countryside.", gazetteer, foreign)}
    assert (rows["Damascus countryside"].place_name, rows["Damascus countryside"].geo_precision) == (
        "Rif Dimashq", GEO_REGION)
    (row,) = [e for e in placed_mentions("Bombardments targeting the southeastern countryside of Damascus",
                                   gazetteer, foreign)]
    assert row.place_name == "Rif Dimashq"
    (row,) = [e for e in placed_mentions("Bombardments targeting the southern countryside of Aleppo", gazetteer, foreign)]
    assert (row.place_name, row.geo_precision) == ("Aleppo", GEO_APPROXIMATE)


def test_a_place_the_article_once_puts_inside_a_province_is_that_place_throughout(gazetteer, foreign):
    # SANA, 2016: the article first says where Madaya lies; a later paragraph names it beside Kefraya
    # and al-Fouaa in Idlib, where a UCDP village Madayah also lies.
    article = Article(title="Aid convoys", paragraphs=[
        "A humanitarian aid convoy headed to Kefraya and al-Fouaa towns in Idleb countryside, simultaneously "
        "with another convoy that headed to Madaya town in Damascus countryside.",
        "On that same day, 44 aid convoys entered Madaya and 21 others entered Kefraya and al-Fouaa.",
    ])
    rows = [e for e in extract_events(article, gazetteer, foreign) if e.place_mention.startswith("Madaya")]
    assert [(e.paragraph_index, e.admin1) for e in rows] == [(0, "Rif Dimashq"), (1, "Rif Dimashq")]


def test_arabic_and_kurdish_names_reach_who_s_on_first_villages(gazetteer, foreign):
    # Who's On First gives each village its Arabic name (and Kurdish ones in the north-east): an
    # Arabic-script report finds the seed's Hawaz as the Latin one does.
    rows = {e.place_mention: e for e in events_of("قصفت الطائرات قرية الحواز قرب خناصر في ريف حلب الجنوبي",
                                                  gazetteer, foreign)}
    assert rows["الحواز"].place_id == "geonames:173799" and rows["خناصر"].place_id == "geonames:168351"
    rows = {e.place_mention: e for e in events_of("Clashes near Amûdê and Tirbespî", gazetteer, foreign)}
    assert (rows["Amûdê"].place_name, rows["Tirbespî"].place_name) == ("‘Āmūdā", "Al Qaḩţānīyah")


def test_a_namesake_the_text_does_not_settle_is_marked_for_checking(gazetteer, foreign):
    # Afrin the town, not GeoNames' village of that name by Aleppo city, though Aleppo is named too;
    # a bare "Tabqa" is the town, not the villages of that spelling in Hama and Hasakah.
    rows = {e.place_mention: e for e in events_of("Shelling on Afrin and Aleppo", gazetteer, foreign)}
    assert rows["Afrin"].place_id == "geonames:174186"
    (tabqa,) = events_of("The SDF start their offensive towards al-Tabaqa and the Euphrates Lake", gazetteer, foreign)
    assert tabqa.place_name == "Al-Tabqa" and tabqa.geo_candidates >= 1 and tabqa.geo_confidence == 0.8
    # A bare village name shared by many, with nothing else in the report: the best guess, said to be one.
    (row,) = events_of("Clashes broke out in the village of Tall Ahmar", gazetteer, foreign)
    assert row.geo_candidates >= 2 and row.geo_confidence <= 0.6


def test_a_village_only_who_s_on_first_lists_needs_a_place_nearby_for_an_approximate_spelling(gazetteer):
    from eventmap.geocode import plausible_candidates, resolve_candidates

    # The seed's 'Man'aya' is a loose spelling of Min`aya, 13 km from Khanasir, which only Who's On First lists.
    cands, how, _ = resolve_candidates(gazetteer, name_key("Man'aya"), ["Aleppo"])
    assert how == "loose" and [c.place_id for c in cands] == ["geonames:166891"]
    assert plausible_candidates(gazetteer, cands, how, name_key("Man'aya"), []) == []
    khanasir = (35.78159, 37.49919)
    assert plausible_candidates(gazetteer, cands, how, name_key("Man'aya"), [khanasir]) == cands
