import shutil
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import DATA
from eventmap.cli import cli
from eventmap.gazetteer import Gazetteer, GazetteerEntry, load_gazetteer, read_neighbourhoods
from eventmap.gazetteer_import import import_gazetteer_file
from eventmap.geocode import choose_candidate, lookup_candidates, resolve_candidates, without_weak_namesakes
from eventmap.names import name_key

SHIPPED = Path(__file__).resolve().parent.parent / "data"


@pytest.mark.parametrize("spelling", ["Khanaser", "Khanasser", "Khanasir", "Khanāşir", "خناصر", "KHANASER"])
def test_khanaser_spellings_resolve_to_geonames_168351(gazetteer, spelling):
    score, best = lookup_candidates(gazetteer, spelling)[0]
    assert best.place_id == "geonames:168351" and score == 1.0


def test_fuzzy_matching_stays_in_the_province_and_keeps_a_score(gazetteer):
    # No village of Hama is spelled near enough: no guess (the lower Suqaylabiyah is not in the gazetteer).
    assert resolve_candidates(gazetteer, name_key("Suqaylabiyyeh Tahtani"), ["Hama"]) == ([], "", None)
    cands, how, score = resolve_candidates(gazetteer, name_key("Mahardah"), ["Hama"])
    assert (how, score, [c.name for c in cands]) == ("exact", None, ["Maharda"])  # Who's On First spells it so
    cands, how, score = resolve_candidates(gazetteer, name_key("Tibet al Imam"), ["Hama"])
    assert (how, round(score, 1), [c.name for c in cands]) == ("loose", 88.9, ["Ţayyibat al Imām"])
    assert resolve_candidates(gazetteer, name_key("Hawaq"), ["Aleppo"])[0] == []  # five letters: no guess


def test_unvowelled_spellings_meet_their_place_through_the_skeleton(gazetteer):
    cands, how, _ = resolve_candidates(gazetteer, name_key("tftnz"), ["Idlib"])
    assert how in ("exact", "skeleton") and any("Taftanaz" in c.all_names() or c.name.startswith("Taft") for c in cands)


def small_gazetteer() -> Gazetteer:
    """Three real places (GeoNames names and coordinates), so each test knows what the index holds."""
    return Gazetteer([
        GazetteerEntry("geonames:170592", "Jablah", 35.36, 35.93, "Latakia", "city", 65915, "geonames",
                       alt_names=("Jableh", "جبلة")),
        GazetteerEntry("geonames:172115", "Maḑāyā", 33.69, 36.10, "Rif Dimashq", "town", 9371, "geonames",
                       alt_names=("Madaya", "مضايا")),
        GazetteerEntry("ucdp:yalda", "Yalda", 33.46, 36.30, "Rif Dimashq", "village", 0, "ucdp"),
        GazetteerEntry("geonames:169389", "Jisr ash Shughūr", 35.81, 36.32, "Idlib", "city", 44322,
                       "geonames", alt_names=("Jisr al-Shughur", "جسر الشغور")),
    ])


@pytest.mark.parametrize(("spelling", "province", "stage", "place"), [
    ("Mdaya", "Rif Dimashq", "letters", "Maḑāyā"),  # مضايا written letter by letter
    ("jsr alshghwr", "Idlib", "letters", "Jisr ash Shughūr"),
    ("Jebla", "Latakia", "loose", "Jablah"),  # e for a
    ("Yelda", "Rif Dimashq", "loose", "Yalda"),  # as SANA writes it
    ("Madhaya", "Rif Dimashq", "loose", "Maḑāyā"),  # dh for ḑ
])
def test_transliterations_the_index_lacks_reach_their_place_in_the_province(spelling, province, stage, place):
    gz = small_gazetteer()
    assert name_key(spelling) not in gz.index
    cands, how, score = resolve_candidates(gz, name_key(spelling), [province])
    assert (how, [c.name for c in cands]) == (stage, [place])
    assert 0 < score < 100  # an inexact match lowers geo_confidence
    assert resolve_candidates(gz, name_key(spelling), ["Daraa"])[0] == []  # never outside the province


@pytest.mark.parametrize("name", ["Arusha", "Jabal", "Yemen", "Madrid", "Dallas", "Jedda"])
def test_loose_matching_does_not_turn_other_names_into_these_places(name):
    gz = small_gazetteer()
    for province in ("Latakia", "Rif Dimashq", "Idlib"):
        assert resolve_candidates(gz, name_key(name), [province])[0] == []


def test_russian_article_forms_are_dropped():
    assert name_key("Ras-ehl'-Ajn") == name_key("Ras al-Ajn")
    assert name_key("Eht-Tell'-ehl'-Ab'jad") == name_key("Tell al-Abjad")


def data_dir(tmp_path: Path) -> Path:
    d = tmp_path / "data"
    d.mkdir()
    shutil.copy(SHIPPED / "gazetteer.tsv", d / "gazetteer.tsv")
    shutil.copy(SHIPPED / "foreign_names.txt", d / "foreign_names.txt")
    return d


def test_import_geonames_dump_txt_and_zip(tmp_path):
    d = data_dir(tmp_path)
    added, total = import_gazetteer_file(DATA / "geonames_sample_SY.txt", d)
    assert (added, total) == (5, 5)  # the non-Syrian row is skipped
    gz = load_gazetteer(d)
    (khanasir,) = [e for e in gz.entries if e.place_id == "geonames:168351"]
    assert khanasir.source == "user" and "Khanasser" in khanasir.alt_names  # supersedes the shipped row
    zipped = tmp_path / "SY.zip"
    with zipfile.ZipFile(zipped, "w") as zf:
        zf.write(DATA / "geonames_sample_SY.txt", "SY.txt")
    assert import_gazetteer_file(zipped, d) == (5, 5)  # the same places again: replaced, not duplicated


def test_import_csv_adds_villages_the_loader_then_finds(tmp_path, foreign):
    from eventmap.parse import Article
    from eventmap.pipeline import extract_events

    d = data_dir(tmp_path)
    csv = tmp_path / "villages.csv"
    csv.write_text("name,alternate_names,latitude,longitude,admin1,feature,population\n"
                   "Hawaz,Huwaz;Hawwaz,35.80,37.55,Aleppo,village,900\n", encoding="utf-8")
    assert import_gazetteer_file(csv, d) == (1, 1)
    gz = load_gazetteer(d)
    (row,) = extract_events(Article(title="t", paragraphs=["The army advanced towards the village of Hawwaz."]), gz, foreign)
    assert row.place_name == "Hawaz" and row.geo_precision == 1 and (row.latitude, row.longitude) == (35.80, 37.55)
    bad = tmp_path / "bad.csv"
    bad.write_text("name,lat\nX,1\n", encoding="utf-8")
    with pytest.raises(ValueError, match="missing column"):
        import_gazetteer_file(bad, d)


def test_import_rejects_a_file_that_is_not_a_geonames_dump(tmp_path):
    d = data_dir(tmp_path)
    f = tmp_path / "SY.txt"
    f.write_text("just\tthree\tcolumns\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["gazetteer", "import", str(f), "--data-dir", str(d)])
    assert result.exit_code == 1 and "expected 19 tab-separated GeoNames columns" in result.stderr


def test_lookup_command_prints_candidates_with_scores():
    result = CliRunner().invoke(cli, ["gazetteer", "lookup", "Khanasser", "--province", "Aleppo"])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].startswith("score\tplace_id") and lines[1].startswith("1.00\tgeonames:168351\tKhanāşir")


def test_shipped_entries_keep_source_and_licence(gazetteer):
    assert all(e.source and e.licence for e in gazetteer.entries)
    assert {e.source for e in gazetteer.entries} >= {"geonames", "opensyria", "ucdp"}


@pytest.mark.parametrize(("name", "province"), [("Jabal al-Akrad", "Latakia"), ("Wadi Barada", "Rif Dimashq"),
                                                ("al-Lajah", "Daraa"), ("Eastern Ghouta", "Rif Dimashq"),
                                                ("Sahl al-Ghab", "Hama"), ("Jabal Shashabo", "Hama"),
                                                ("al-Qalamoun", "Rif Dimashq")])
def test_ucdp_areas_are_found_by_the_name_reports_use(gazetteer, name, province):
    # UCDP writes "Jabal al Akrad mountain", "Wadi Barada area": the shipped gazetteer keeps the name.
    cands, how, _ = resolve_candidates(gazetteer, name_key(name), [province])
    # (Who's On First's villages of the name in other provinces are candidates too; the province decides.)
    entry, _, _ = choose_candidate(cands, "", [province], [])
    assert how in ("exact", "loose") and entry.source == "ucdp" and entry.admin1 == province


def test_ucdp_near_places_keeps_named_areas_and_drops_stretches():
    # Real UCDP GED rows (tests/data/README.md): where_prec 2 and 5 places the exact-place file lacks.
    from eventmap.gazetteer import ucdp_near_places

    rows = ucdp_near_places(DATA / "ucdp_ged_rows.csv", known={"Aleppo town"})
    assert [r["where_coordinates"] for r in rows] == ["Eastern Ghouta", "Eastern Qalamoun", "Jabal Shashabo",
                                                      "Sahl al Ghab plain"]
    assert (rows[0]["latitude"], rows[0]["longitude"]) == ("33.5", "36.44")


def test_ucdp_names_joined_by_a_slash_are_two_names():
    # UCDP's where_coordinates "Qalat Jabar/Jaebar castle" (GED 2017): no report writes the pair.
    from eventmap.gazetteer import _ucdp_entry

    row = {"where_coordinates": "Qalat Jabar/Jaebar castle", "latitude": "35.8969", "longitude": "38.48101",
           "adm_1": "Ar Raqqah Governorate"}
    entry = _ucdp_entry(row, {"raka": "Raqqa"})
    assert (entry.name, entry.alt_names, entry.admin1) == ("Qalat Jabar", ("Jaebar castle",), "Raqqa")
    row = {**row, "where_coordinates": "Silos east of Palmyra"}
    assert _ucdp_entry(row, {}).alt_names == ("Silos east of Palmyra",)


def test_ucdp_camps_are_found_by_their_name_but_idp_camps_keep_the_word():
    from eventmap.gazetteer import _ucdp_entry

    row = {"where_coordinates": "Al Rukban camp", "latitude": "33.29858", "longitude": "38.65714",
           "adm_1": "Homs Governorate"}
    assert _ucdp_entry(row, {}).name == "Al Rukban"
    assert _ucdp_entry({**row, "where_coordinates": "Atmeh IDP camp"}, {}).name == "Atmeh IDP camp"


def test_a_rebuild_keeps_the_ids_of_ucdp_places():
    # UCDP ids come from the place string's key; when the normalisation changes, the id must not.
    from eventmap.gazetteer import keep_place_ids

    old = [GazetteerEntry("ucdp:tululsafa:33.030,37.199", "Tulul as Safa", 33.03, 37.199, "Rif Dimashq", "place", 0, "ucdp"),
           GazetteerEntry("geonames:1", "Douma", 33.57, 36.4, "Rif Dimashq", "town", 0, "geonames")]
    new = [GazetteerEntry("ucdp:tlulsafa:33.030,37.199", "Tulul as Safa", 33.03, 37.199, "Rif Dimashq", "place", 0, "ucdp"),
           GazetteerEntry("ucdp:nasra:34.000,36.000", "Nasra", 34.0, 36.0, "Homs", "village", 0, "ucdp"),
           GazetteerEntry("geonames:1", "Douma", 33.57, 36.4, "Rif Dimashq", "town", 0, "geonames")]
    assert [e.place_id for e in keep_place_ids(new, old)] == [
        "ucdp:tululsafa:33.030,37.199", "ucdp:nasra:34.000,36.000", "geonames:1"]


@pytest.mark.parametrize(("name", "stem"), [("Baghuz Fawqani", "Baghuz"), ("Baghuz at-Tahtani", "Baghuz"),
                                            ("Al Jurdi ash Sharqi", "Al Jurdi"), ("Tall Battal Sharqi", "Tall Battal"),
                                            ("Kafr aş Şaghīr", ""), ("Dayr ash Sharqi", ""), ("Kafr Nabl", ""),
                                            # spellings the list does not hold, by their keys
                                            ("Sawarah al-Kebirah", "Sawarah"), ("Hamdaniyeh Sharqiyeh", "Hamdaniyeh"),
                                            # old and new: "Bala area in the Eastern Ghouta"
                                            ("Bala al Qadimah", "Bala"), ("Bala al-Jadida", "Bala")])
def test_split_village_stem(name, stem):
    from eventmap.gazetteer import split_village_stem

    assert split_village_stem(name) == stem


def test_a_split_villages_bare_name_finds_the_pair(gazetteer):
    # Reports say "Baghuz": Who's On First has the bare name too (at Baghuz at-Tahtani's point), a village
    # only it lists, so the pair joins it; two villages by Qamishli that list it among their variants
    # give way. The better-known pair wins: Baghuz Fawqani, 5 km from it.
    key = name_key("al-Baghouz")
    cands = without_weak_namesakes(gazetteer, gazetteer.candidates(key), key)
    assert {c.name for c in cands} == {"Bāghūz", "Bāghūz Fawqānī", "Baghuz at-Tahtani"}
    best, others, confidence = choose_candidate(cands, "", [], [])
    assert best.name == "Bāghūz Fawqānī" and others == 1 and confidence == 0.8
    # A place that really bears the bare name keeps it to itself.
    gz = Gazetteer([GazetteerEntry("a", "Qastun", 35.6, 36.3, "Hama", "village", 0, "ucdp"),
                    GazetteerEntry("b", "Qastun al Gharbi", 35.6, 36.2, "Hama", "village", 0, "ucdp"),
                    GazetteerEntry("c", "Mafkar ash Sharqi", 35.1, 37.1, "Hama", "village", 0, "ucdp")])
    assert [c.place_id for c in gz.candidates("kastun")] == ["a"]
    assert [c.place_id for c in gz.candidates(name_key("Mafkar"))] == ["c"]


def test_neighbourhoods_stand_at_their_citys_point_and_a_bad_row_names_its_line(tmp_path, gazetteer):
    (jobar,) = [e for e in gazetteer.entries if e.name == "Jobar"]
    (damascus,) = [e for e in gazetteer.entries if e.place_id == "geonames:170654"]
    assert (jobar.latitude, jobar.longitude, jobar.parent, jobar.feature) == (
        damascus.latitude, damascus.longitude, "Damascus", "neighbourhood")
    assert "CC BY" not in jobar.licence and jobar.source == "eventmap"
    bad = tmp_path / "neighbourhoods.csv"
    bad.write_text("name,alternate_names,city\nJobar,,geonames:170654\nNowhere,,geonames:0\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"neighbourhoods.csv:3: needs a name and the place_id of a gazetteer city"):
        read_neighbourhoods(bad, gazetteer.entries)


def test_a_rows_place_id_finds_its_entry_however_the_name_was_matched():
    gz = small_gazetteer()
    (entry,), how, _ = resolve_candidates(gz, name_key("Jebla"), ["Latakia"])
    assert how == "loose" and gz.entry_by_id(entry.place_id) is entry  # "Jebla" is no key of Jablah's
    assert gz.entry_by_id(None) is None and gz.entry_by_id("geonames:0") is None


def test_the_built_gazetteer_is_kept_in_the_cache_and_rebuilt_when_its_files_change(tmp_path, monkeypatch):
    monkeypatch.setenv("EVENTMAP_CACHE", str(tmp_path / "cache"))
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(DATA.parent.parent / "data" / "gazetteer.tsv", data / "gazetteer.tsv")
    first = load_gazetteer(data)
    (cached,) = (tmp_path / "cache").glob("gazetteer-*.pickle")
    again = load_gazetteer(data)
    assert [e.place_id for e in again.entries] == [e.place_id for e in first.entries]
    assert again.index == first.index and again.obscure_keys == first.obscure_keys
    # A pinned name changes the files: a new build that knows it, beside the old one.
    (data / "places_override.csv").write_text("name,latitude,longitude\nZorbastan,35.8,37.5\n", encoding="utf-8")
    pinned = load_gazetteer(data)
    assert pinned.candidates(name_key("Zorbastan")) and len(list((tmp_path / "cache").glob("*.pickle"))) == 2
    assert cached.exists()


def test_who_s_on_first_localities_are_merged_into_one_entry_per_place():
    from eventmap.gazetteer import merge_same_places, wof_localities

    admin1 = {"01": "Al-Hasakah", "05": "As-Suwayda", "09": "Aleppo"}
    wof = wof_localities(DATA / "wof_sample.tsv", admin1)
    by_id = {e.place_id: e for e in wof}
    # Current localities only: the abandoned Muwaysah goes, the superseded Hayfa's names join its successor.
    assert sorted(by_id) == ["geonames:167692", "geonames:168351", "geonames:173799", "geonames:420430",
                             "wof:421167011"]
    hawaz = by_id["geonames:173799"]
    assert (hawaz.name, hawaz.admin1, hawaz.feature, hawaz.source) == ("Al Ḩawāz", "Aleppo", "village", "wof")
    assert "الحواز" in hawaz.alt_names and "El Haouâz" in hawaz.variant_names
    assert by_id["geonames:168351"].feature == "town"  # a sub-district's seat (PPLA3)
    assert by_id["wof:421167011"].admin1 == "As-Suwayda"  # no province code: its WOF region's
    # GeoNames' cities500 row for Khanasir and a UCDP place 1 km away are the same place: one entry with
    # the id and point of the first, every name, and both sources.
    city = GazetteerEntry("geonames:168351", "Khanasir", 35.78159, 37.49919, "Aleppo", "village", 0, "geonames",
                          "CC BY 4.0, GeoNames", ("Khanaser",))
    ucdp = GazetteerEntry("ucdp:x", "Khanasser", 35.785, 37.505, "Aleppo", "town", 0, "ucdp", "UCDP",
                          ("Khanāşir",))
    merged = merge_same_places([city, *wof, ucdp])
    (khanasir,) = [e for e in merged if "Khanasser" in e.all_names()]
    assert (khanasir.place_id, khanasir.source) == ("geonames:168351", "geonames+wof+ucdp")
    assert {"Khanaser", "Khanasser", "Khanāşir"} <= set(khanasir.all_names())
    assert len(merged) == len(wof)


def test_gazetteer_build_merges_the_sources_on_a_small_fixture():
    """`eventmap gazetteer build`'s merge, on excerpts of its real sources (tests/data/gazetteer-src)."""
    from conftest import DATA
    from eventmap.gazetteer import build_gazetteer_entries

    entries = build_gazetteer_entries(DATA / "gazetteer-src")
    by_id = {e.place_id: e for e in entries}
    # OpenSyria's admin units, with the province each lies in
    assert [(e.name, e.feature) for e in entries if e.source == "opensyria"][:4] == [
        ("Aleppo", "governorate"), ("Hama", "governorate"), ("Quneitra", "governorate"), ("Afrin", "district")]
    assert by_id["opensyria:sy-aleppo-afrin-bulbul"].admin1 == "Aleppo"
    # One entry per place: GeoNames' Khanasir, Who's On First's and UCDP's "Khanasir town" are one,
    # keeping GeoNames' id and every source's names
    khanasir = by_id["geonames:168351"]
    assert khanasir.source == "geonames+wof+ucdp" and khanasir.admin1 == "Aleppo"
    assert "Khanasir" in khanasir.all_names() and [e.place_id for e in entries if e.name == "Khanāşir"] == ["geonames:168351"]
    # Who's On First's villages GeoNames' cities500 lacks; a superseded record and an abandoned one left out
    assert by_id["geonames:173799"].source == "wof" and by_id["geonames:173799"].feature == "village"
    assert len([e for e in entries if e.source == "wof"]) == 4
    # the names reports give an area, added by hand (REPORT_AREA_NAMES), reach the built entry
    from eventmap.gazetteer import REPORT_AREA_NAMES

    added = REPORT_AREA_NAMES["opensyria:sy-quneitra"]
    assert added and set(added) <= set(by_id["opensyria:sy-quneitra"].alt_names)
    assert not any(e.source == "wof" for e in build_gazetteer_entries(DATA / "gazetteer-src", with_wof=False))
