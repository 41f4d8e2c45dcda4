"""Mentions grouped into incidents: the rule on small frames, then loads of real-style reports."""

import sqlite3

import pandas as pd
import pytest
from click.testing import CliRunner

from conftest import DATA, HOSTILE, SEED
from eventmap.cli import cli
from eventmap.incidents import group_incidents, incident_confidence, source_count

TWO_OUTLETS = DATA / "incidents" / "two_outlets.jsonl"


def frame(*rows):
    cols = ["event_id", "place_id", "place_name", "event_date", "date_precision", "event_type"]
    out = pd.DataFrame([dict(zip(cols, r)) for r in rows])
    out["article_id"] = [f"article-{r[0]}" for r in rows]  # each row its own report
    out["geo_precision"] = 1
    return out


def test_same_place_day_and_family_is_one_incident_in_any_order():
    rows = [("a", "p1", "X", "2016-02-26", 1, "air/drone strike"), ("b", "p1", "X", "2016-02-26", 1, "armed clash"),
            ("c", "p1", "X", "2016-02-26", 1, "protest"), ("d", "p2", "Y", "2016-02-26", 1, "shelling")]
    ids = group_incidents(frame(*rows))
    assert ids[0] == ids[1] and len({ids[0], ids[2], ids[3]}) == 3
    again = group_incidents(frame(*reversed(rows)))
    assert list(again)[::-1] == list(ids)  # the same ids whatever the order


def test_a_report_dated_by_its_publication_joins_the_day_before_only_when_a_report_states_it():
    ids = group_incidents(frame(("a", "p1", "X", "2016-02-25", 1, "armed clash"),
                                ("b", "p1", "X", "2016-02-26", 2, "armed clash"),  # published the next morning
                                ("c", "p1", "X", "2016-02-28", 2, "armed clash"),  # nothing stated on the 27th
                                ("d", "p1", "X", "2016-02-27", 2, "armed clash")))
    assert ids[0] == ids[1] and ids[2] != ids[3] and ids[3] != ids[0]


def test_other_joins_the_family_there_and_undated_mentions_stay_apart():
    ids = group_incidents(frame(("a", "p1", "X", "2016-02-26", 1, "armed clash"),
                                ("b", "p1", "X", "2016-02-26", 1, "other"),
                                ("c", "p1", "X", None, None, "armed clash"),
                                ("d", "p1", "X", None, None, "armed clash")))
    assert ids[0] == ids[1] and len({ids[0], ids[2], ids[3]}) == 3


def test_a_province_named_by_two_reports_is_two_incidents_but_one_within_a_report():
    rows = frame(("a", "prov", "Idlib", "2016-02-26", 1, "shelling"), ("b", "prov", "Idlib", "2016-02-26", 1, "shelling"),
                 ("c", "prov", "Idlib", "2016-02-26", 1, "shelling"))
    rows["geo_precision"] = 3
    rows.loc[2, "article_id"] = "article-a"
    ids = group_incidents(rows)
    assert ids[0] != ids[1] and ids[0] == ids[2]


def test_a_vaguely_dated_report_meets_no_other_on_its_middle_day():
    # "last week" is dated at the middle of the week (precision 3): no event happened on that day.
    ids = group_incidents(frame(("a", "p1", "X", "2016-02-22", 1, "armed clash"),
                                ("b", "p1", "X", "2016-02-22", 3, "armed clash"),
                                ("c", "p1", "X", "2016-02-22", 3, "armed clash")))
    assert len(set(ids)) == 3


def test_an_incidents_time_precision_is_acleds():
    from eventmap.incidents import INCIDENT_COLUMNS, SUMMARY_INPUT, summarise_incident

    def row(event_id, day, precision):
        values = {c: None for c in SUMMARY_INPUT}
        values.update(incident_id="i", event_id=event_id, article_id=event_id, event_date=day,
                      date_precision=precision, place_id="p1", place_name="X", article_source="SOHR")
        return tuple(values[c] for c in SUMMARY_INPUT)

    def time_precision(*rows):
        return summarise_incident(list(rows))[INCIDENT_COLUMNS.index("time_precision")]

    assert time_precision(row("a", "2016-02-22", 1)) == 1
    assert time_precision(row("a", "2016-02-26", 2)) == 2
    assert time_precision(row("a", "2016-02-22", 3)) == 2  # within a week
    assert time_precision(row("a", "2016-02-13", 4)) == 3  # within a month
    assert time_precision(row("a", "2015-07-01", 5)) == 3


def test_confidence_grows_with_independent_sources():
    assert source_count(pd.Series(["SANA", "SOHR", "SANA", None, ""])) == 3
    assert incident_confidence(1) == 0.5 < incident_confidence(2) == 0.75 < incident_confidence(3)


@pytest.fixture()
def loaded(tmp_path):
    def load(*files):
        db = tmp_path / "e.db"
        result = CliRunner().invoke(cli, ["load", *map(str, files), "--db", str(db)], catch_exceptions=False)
        assert result.exit_code == 0
        conn = sqlite3.connect(db)
        conn.row_factory = sqlite3.Row
        return conn
    return load


def test_the_seed_names_khanaser_twice_on_the_26th_one_incident_two_reports(loaded):
    conn = loaded(SEED)
    (khanaser,) = conn.execute("SELECT * FROM incidents WHERE place_id = 'geonames:168351'").fetchall()
    assert (khanaser["event_date"], khanaser["reports"], khanaser["articles"]) == ("2016-02-26", 2, 1)
    paragraphs = [r[0] for r in conn.execute("SELECT paragraph_index FROM events WHERE incident_id = ? "
                                             "ORDER BY paragraph_index", (khanaser["incident_id"],))]
    assert paragraphs == [3, 4]  # the article's paragraphs 4 and 5
    assert conn.execute("SELECT SUM(reports) FROM incidents").fetchone()[0] == 13
    before = conn.execute("SELECT * FROM incidents ORDER BY incident_id").fetchall()
    conn = loaded(HOSTILE / "seed_duplicate_renamed.txt", SEED)  # the seed again, under two names
    assert [tuple(r) for r in conn.execute("SELECT * FROM incidents ORDER BY incident_id")] == [tuple(r) for r in before]


def test_two_outlets_one_strike_one_incident_other_day_and_namesakes_apart(loaded):
    conn = loaded(TWO_OUTLETS)
    kafr_nabl = conn.execute("SELECT event_date, reports, sources, source_names, confidence FROM incidents "
                             "WHERE place_name = 'Kafranbel' ORDER BY event_date").fetchall()
    assert [tuple(r) for r in kafr_nabl] == [("2016-02-26", 2, 2, "SANA; SOHR", 0.75), ("2016-02-28", 1, 1, "SOHR", 0.5)]
    rabia = conn.execute("SELECT admin1, reports FROM incidents WHERE place_name LIKE '%Rab%' ORDER BY admin1").fetchall()
    assert [tuple(r) for r in rabia] == [("Homs", 1), ("Latakia", 1)]


def test_every_mention_has_an_incident_and_every_incident_its_mentions(loaded):
    conn = loaded(SEED, TWO_OUTLETS, HOSTILE / "utf16_bom.txt")
    assert conn.execute("SELECT COUNT(*) FROM events WHERE incident_id IS NULL").fetchone()[0] == 0
    assert conn.execute("SELECT SUM(reports) FROM incidents").fetchone()[0] == conn.execute(
        "SELECT COUNT(*) FROM events").fetchone()[0]
    assert conn.execute("SELECT COUNT(*) FROM incidents i WHERE reports != "
                        "(SELECT COUNT(*) FROM events e WHERE e.incident_id = i.incident_id)").fetchone()[0] == 0


def test_a_later_load_regroups_only_the_places_it_touches(loaded):
    conn = loaded(SEED)
    seed_incidents = {tuple(r) for r in conn.execute("SELECT * FROM incidents")}
    conn = loaded(TWO_OUTLETS)
    after = {tuple(r) for r in conn.execute("SELECT * FROM incidents")}
    # Kafr Nabl on the 26th (two outlets, one incident) and the 28th, the two Rabias; the countrysides
    # the reports name only locate them.
    assert seed_incidents <= after and len(after) == len(seed_incidents) + 4


def test_loading_in_pieces_gives_the_same_incidents_as_at_once(tmp_path):
    """The store regroups only the days a load touches: any split of the input gives the same rows."""
    import json

    lines = []
    for i, (day, precision_word) in enumerate([("2016-02-25", "on Thursday"), ("2016-02-26", ""), ("2016-02-27", ""),
                                               ("2016-02-25", "on Thursday"), ("2016-02-26", "on Friday")]):
        lines.append(json.dumps({"title": f"Report {i}", "date": day, "source": ["SANA", "SOHR"][i % 2],
                                 "text": f"Clashes broke out in the town of Khanaser {precision_word}, report {i}."}))
    whole, first, second = (tmp_path / n for n in ("whole.jsonl", "first.jsonl", "second.jsonl"))
    whole.write_text("\n".join(lines) + "\n", encoding="utf-8")
    first.write_text("\n".join(lines[2:]) + "\n", encoding="utf-8")
    second.write_text("\n".join(lines[:2]) + "\n", encoding="utf-8")
    runner = CliRunner()
    for db, files in ((tmp_path / "a.db", [whole]), (tmp_path / "b.db", [first])):
        assert runner.invoke(cli, ["load", *map(str, files), "--db", str(db)]).exit_code == 0
    assert runner.invoke(cli, ["load", str(second), "--db", str(tmp_path / "b.db")]).exit_code == 0
    rows = [[tuple(r) for r in sqlite3.connect(tmp_path / db).execute(
        "SELECT e.event_id, e.incident_id FROM events e ORDER BY e.event_id")] for db in ("a.db", "b.db")]
    incidents = [sqlite3.connect(tmp_path / db).execute(
        "SELECT incident_id, event_date, reports, sources FROM incidents ORDER BY incident_id").fetchall()
        for db in ("a.db", "b.db")]
    assert rows[0] == rows[1] and incidents[0] == incidents[1]
    # Reports 0 and 3 state Thursday the 25th; report 4 states Friday the 26th, which report 1 (dated by
    # its publication on the 26th) stays with, and report 2 (published on the 27th) joins.
    assert sorted(r[1:] for r in incidents[0]) == [("2016-02-25", 2, 2), ("2016-02-26", 3, 2)]
