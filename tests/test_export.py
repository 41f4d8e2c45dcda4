import json

from dashboard_fixtures import seed_frame
from eventmap.export import events_to_csv, events_to_geojson


def test_geojson_holds_located_events_in_lon_lat_order_with_the_geocoders_flags(tmp_path):
    events = seed_frame(tmp_path)
    collection = json.loads(events_to_geojson(events))
    located = events.dropna(subset=["latitude", "longitude"])
    assert collection["type"] == "FeatureCollection" and len(collection["features"]) == len(located)
    khanaser = next(f for f in collection["features"] if f["properties"]["place_id"] == "geonames:168351")
    lon, lat = khanaser["geometry"]["coordinates"]
    assert 37.0 < lon < 38.0 and 35.5 < lat < 36.5  # Khanasir, south-east of Aleppo: longitude first
    props = khanaser["properties"]
    assert props["geo_candidates"] == 0 and props["geo_confidence"] == 1.0 and props["paragraph_text"]
    assert all(v is None or isinstance(v, (str, int, float)) for v in props.values())  # no NaN, no numpy


def test_csv_has_every_event_and_column(tmp_path):
    events = seed_frame(tmp_path)
    lines = events_to_csv(events).splitlines()
    assert lines[0].split(",")[:3] == list(events.columns[:3]) and len(events) < len(lines)


def test_csv_cells_never_start_a_spreadsheet_formula(tmp_path):
    import csv
    import io

    import pandas as pd

    from eventmap.export import neutralise_formula

    events = seed_frame(tmp_path)
    evil = events.head(5).copy()
    evil["article_title"] = ["=HYPERLINK(\"http://evil.example/\",\"x\")", " +cmd|' /C calc'!A0",
                             "\u200e@SUM(1+1)", "-2+3", "\tTab start"]
    evil["article_source"] = "Reuters"
    rows = list(csv.DictReader(io.StringIO(events_to_csv(evil))))
    titles = [r["article_title"] for r in rows]
    assert all(t.startswith("'") for t in titles), titles
    assert titles[0] == "'=HYPERLINK(\"http://evil.example/\",\"x\")"  # kept whole, readable as text
    assert {r["article_source"] for r in rows} == {"Reuters"}
    # Numbers stay numbers (a negative number is no text); ordinary text is untouched.
    assert neutralise_formula(-36.5) == -36.5 and neutralise_formula("Khanaser") == "Khanaser"
    assert pd.read_csv(io.StringIO(events_to_csv(evil)))["latitude"].dtype.kind == "f"


def test_cli_export_neutralises_formulas_too(tmp_path):
    from click.testing import CliRunner

    from eventmap.cli import cli

    report = tmp_path / "evil.txt"
    report.write_text("=cmd|' /C calc'!A0\n\nPublished: 2016-02-26\n\n@SUM(1) Clashes were reported in Aleppo "
                      "city on Friday.\n", encoding="utf-8")
    db, out = tmp_path / "e.db", tmp_path / "e.csv"
    runner = CliRunner()
    assert runner.invoke(cli, ["load", str(report), "--db", str(db)]).exit_code == 0
    assert runner.invoke(cli, ["export", "--db", str(db), "--format", "csv", "-o", str(out)]).exit_code == 0
    import csv

    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert rows and all(not r[c].startswith(("=", "+", "-", "@")) for r in rows for c in r)
    assert any(r["paragraph_text"].startswith("'@SUM(1)") for r in rows)


def test_incidents_export_in_acled_like_columns_with_report_counts(tmp_path):
    import csv
    import io

    from click.testing import CliRunner

    from conftest import DATA
    from eventmap.cli import cli

    db = tmp_path / "e.db"
    runner = CliRunner()
    assert runner.invoke(cli, ["load", str(DATA / "incidents" / "two_outlets.jsonl"), "--db", str(db)]).exit_code == 0
    out = runner.invoke(cli, ["export", "--incidents", "--format", "csv", "--db", str(db), "-o", "-"]).stdout
    rows = list(csv.DictReader(io.StringIO(out)))
    assert list(rows[0])[:8] == ["event_id_cnty", "event_date", "time_precision", "event_type", "actor1", "actor2",
                                 "admin1", "location"]
    (strike,) = [r for r in rows if r["location"] == "Kafranbel" and r["event_date"] == "2016-02-26"]
    assert (strike["event_type"], strike["source"], strike["source_count"], strike["reports"], strike["time_precision"]) \
        == ("air/drone strike", "SANA; SOHR", "2", "2", "1")
    # notes: the paragraph of the first report (both were published that day)
    assert strike["notes"].split(" the town of Kafr Nabl")[0] in ("Warplanes carried out air strikes on", "Aircraft bombed")
    geo = json.loads(runner.invoke(cli, ["export", "--incidents", "--format", "geojson", "--db", str(db), "-o", "-"]).stdout)
    assert len(geo["features"]) == len(rows)
    props = next(f["properties"] for f in geo["features"] if f["properties"]["event_id_cnty"] == strike["event_id_cnty"])
    assert props["reports"] == 2 and props["source_count"] == 2
