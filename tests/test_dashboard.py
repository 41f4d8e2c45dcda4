"""Streamlit AppTest runs dashboard.py against small databases (no browser)."""

import json
import re
from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard_fixtures import build_db

APP = str(Path(__file__).resolve().parent.parent / "dashboard.py")


def app(monkeypatch, db: Path) -> AppTest:
    monkeypatch.setenv("EVENTMAP_DB", str(db))
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.exception, at.exception
    return at


def counts_line(at: AppTest) -> str:
    return next(m.value for m in at.markdown if " at " in m.value and (" report" in m.value or " event" in m.value))


def map_args(at: AppTest) -> dict:
    (component,) = at.get("component_instance")
    return json.loads(component.proto.json_args)


def map_payload(at: AppTest) -> dict:
    return json.loads(re.search(r"var data = (\{.*?\});\n", map_args(at)["script"]).group(1))


# Three ways the dashboard reads a store: every event into pandas (SQLite up to SQL_VIEW_EVENTS), each part
# of the page asked of the store (SQLite past it: forced here at 0), and PostgreSQL (always asked).
READINGS = ["whole table", "asked of SQLite", "asked of PostgreSQL"]


@pytest.fixture(params=READINGS)
def reading(request, monkeypatch):
    if request.param == "asked of SQLite":
        monkeypatch.setenv("EVENTMAP_SQL_VIEW_EVENTS", "0")
    return request


def store_with(reading, tmp_path: Path, *files: Path) -> Path | str:
    """The files loaded into the store this reading reads (the seed, XSS and undated articles by default)."""
    if reading.param != "asked of PostgreSQL":
        return build_db(tmp_path / "events.db", *files)
    from conftest import HOSTILE, SEED, TODAY
    from eventmap.loader import load_paths
    from eventmap.store import Store

    url = reading.getfixturevalue("postgres_url")
    with Store(url) as store:
        load_paths(list(files) or [SEED, HOSTILE / "xss_article.txt", HOSTILE / "no_date.txt"], store, today=TODAY)
    return url


@pytest.fixture()
def seed_db(reading, tmp_path):
    return store_with(reading, tmp_path)


def test_counts_and_map_reflect_the_database(monkeypatch, seed_db):
    at = app(monkeypatch, seed_db)
    assert counts_line(at) == "**10 incidents from 15 reports at 9 places, 24 Feb 2016 – 26 Feb 2016**"
    payload = map_payload(at)
    assert sum(m[4] for m in payload["markers"]) == 15
    assert "Khanāşir" in [p[2] for p in payload["places"]]
    args = map_args(at)
    assert all(link.startswith("/app/static/vendor/") for link in args["js_links"] + args["css_links"])


def test_slider_and_filters_change_the_counts(monkeypatch, seed_db):
    at = app(monkeypatch, seed_db)
    at.slider(key="date_range").set_value((date(2016, 2, 26), date(2016, 2, 26))).run()
    assert counts_line(at) == "**8 incidents from 13 reports at 8 places, 26 Feb 2016**"
    assert sum(m[4] for m in map_payload(at)["markers"]) == 13
    at.multiselect(key="types").set_value(["withdrawal"]).run()
    assert counts_line(at) == "**1 incident from 1 report at 1 place, 26 Feb 2016**"
    at.multiselect(key="types").set_value([]).run()
    at.text_input(key="search").set_value("Muqayrat").run()
    assert counts_line(at) == "**3 incidents from 7 reports at 3 places, 26 Feb 2016**"
    at.checkbox(key="undated").check().run()
    # (The undated report's Khanaser only locates al-Muqayrat: one row, not two.)
    assert counts_line(at).startswith("**4 incidents from 8 reports at 3 places")


def test_click_shows_the_source_paragraph(monkeypatch, seed_db):
    at = app(monkeypatch, seed_db)
    assert any("Click a marker" in i.value for i in at.info)
    payload = map_payload(at)
    aleppo = [i for i, p in enumerate(payload["places"]) if p[2] == "Aleppo"][0]
    (event,) = [e for e in payload["markers"] if e[0] == aleppo]
    at.session_state[map_args(at)["key"]] = {"last_object_clicked_tooltip": f"Aleppo #ev:{event[3]}",
                                             "last_object_clicked_count": 1}
    at.run()
    panel = "\n".join(m.value for m in at.html)
    assert "In relevant development in the province on Thursday" in panel
    assert "<mark>Aleppo</mark>" in panel and "on Thursday" in panel and "2016-02-25" in panel
    # Moving the range past the clicked event clears the panel.
    at.slider(key="date_range").set_value((date(2016, 2, 26), date(2016, 2, 26))).run()
    assert not any("In relevant development" in m.value for m in [*at.html, *at.markdown])


def test_scraped_markup_never_reaches_html_unescaped(monkeypatch, seed_db):
    at = app(monkeypatch, seed_db)
    payload = map_payload(at)
    xss = [e for e in payload["markers"] if "Muqayrat" in payload["places"][e[0]][2]]
    for e in xss:
        at.session_state[map_args(at)["key"]] = {"last_object_clicked_tooltip": f"#ev:{e[3]}"}
        at.run()
        assert at.html  # the panel is there, and none of it is Markdown
        for m in [*at.markdown, *at.html]:
            assert "<img" not in m.value and "<script" not in m.value and "<svg" not in m.value
            assert 'href="javascript' not in m.value
    assert "<img" not in map_args(at)["script"]


def test_empty_database_says_what_to_run(monkeypatch, tmp_path):
    from eventmap.store import Store

    db = tmp_path / "empty.db"
    Store(db).close()
    at = app(monkeypatch, db)
    assert any("no events yet" in w.value and "eventmap load" in w.value for w in at.warning)


def test_missing_database_says_what_to_run(monkeypatch, tmp_path):
    at = app(monkeypatch, tmp_path / "nothing.db")
    assert any("eventmap load" in w.value for w in at.warning)


def test_non_sqlite_database_is_a_clear_error(monkeypatch, tmp_path):
    bad = tmp_path / "bad.db"
    bad.write_text("not a database", encoding="utf-8")
    at = app(monkeypatch, bad)
    assert any("not an SQLite database" in e.value for e in at.error)


def test_clicking_back_to_an_earlier_marker_shows_it_again(monkeypatch, seed_db):
    at = app(monkeypatch, seed_db)
    payload = map_payload(at)
    key = map_args(at)["key"]
    by_name = {(payload["places"][m[0]][2], payload["dates"][m[1]]): m for m in payload["markers"]}
    aleppo, khanasir = by_name[("Aleppo", "2016-02-25")], by_name[("Khanāşir", "2016-02-26")]
    for count, marker, text in [(1, aleppo, "In relevant development"), (2, khanasir, "Khanaser"),
                                (3, aleppo, "In relevant development"), (4, aleppo, "In relevant development")]:
        at.session_state[key] = {"last_object_clicked_tooltip": f"#ev:{marker[3]}", "last_object_clicked_count": count}
        at.run()
        clicked = [m.value for m in at.html if "em-clicked" in m.value]
        assert clicked and text in clicked[0], (count, clicked)


def test_a_database_that_vanishes_mid_read_is_a_clear_error(monkeypatch, tmp_path):
    import eventmap.store

    seed_db = build_db(tmp_path / "events.db")

    def vanished(path):
        raise FileNotFoundError(2, "No such file or directory", str(path))

    monkeypatch.setattr(eventmap.store, "database_stamp", vanished)
    at = app(monkeypatch, seed_db)
    assert any("Cannot read" in e.value and "No such file or directory" in e.value for e in at.error)


def test_downloads_past_the_cap_point_to_eventmap_export(monkeypatch, seed_db):
    import components.table

    monkeypatch.setattr(components.table, "DOWNLOAD_ROWS", 10)
    at = app(monkeypatch, seed_db)
    assert not [t for t in at.toggle if t.key == "make_downloads"]
    (caption,) = [c.value for c in at.caption if "to download from the browser" in c.value]
    assert caption.startswith("15 events: more than 10 to download from the browser. Narrow the filters, or "
                              "write them with `eventmap export --format csv --since 2016-02-24 --until 2016-02-26 "
                              "-o events.csv`")


def test_downloads_are_made_on_request_for_the_current_filters(monkeypatch, seed_db):
    at = app(monkeypatch, seed_db)
    assert not at.get("download_button")  # nothing is made until asked
    assert at.toggle(key="make_downloads").label == "Make downloads of these 15 events"
    at.toggle(key="make_downloads").set_value(True).run()
    assert [b.label for b in at.get("download_button")] == ["Incidents CSV", "Incidents GeoJSON", "Download CSV",
                                                            "Download GeoJSON"]
    at.slider(key="date_range").set_value((date(2016, 2, 26), date(2016, 2, 26))).run()
    # Still on, and the files follow the filters: 13 reports on the 26th.
    assert at.toggle(key="make_downloads").label == "Make downloads of these 13 events"
    assert len(at.get("download_button")) == 4


def test_the_map_shows_incidents_and_toggles_back_to_every_report(monkeypatch, seed_db):
    at = app(monkeypatch, seed_db)
    payload = map_payload(at)
    assert payload["incidents"] == 1 and len(payload["markers"]) == 10  # 10 incidents from 15 reports
    at.radio(key="view").set_value("Every report").run()
    payload = map_payload(at)
    assert payload["incidents"] == 0 and sum(m[4] for m in payload["markers"]) == 15
    assert counts_line(at) == "**10 incidents from 15 reports at 9 places, 24 Feb 2016 – 26 Feb 2016**"


def test_rows_without_coordinates_are_counted_and_the_geojson_says_it_leaves_them_out(monkeypatch, tmp_path, reading):
    from conftest import SEED

    nowhere = tmp_path / "nowhere.txt"
    nowhere.write_text("Army takes Zorbastan\n\nThe army took the village of Zorbastan on Friday after clashes "
                       "with ISIS.\n", encoding="utf-8")
    at = app(monkeypatch, store_with(reading, tmp_path, SEED, nowhere))
    at.checkbox(key="undated").set_value(True).run()  # (the report gives no date)
    line = counts_line(at)
    assert line.endswith("; 1 report not on the map (no coordinates)**"), line
    drawn = sum(m[4] for m in map_payload(at)["markers"])
    assert f"from {drawn + 1} reports" in line
    at.toggle(key="make_downloads").set_value(True).run()
    labels = [b.label for b in at.get("download_button")]
    assert "Download GeoJSON (1 without coordinates left out)" in labels and "Download CSV" in labels


def test_the_panel_narrows_the_table_to_the_clicked_place_and_back(monkeypatch, seed_db):
    at = app(monkeypatch, seed_db)
    payload = map_payload(at)
    khanasir = [i for i, p in enumerate(payload["places"]) if p[2] == "Khanāşir"][0]
    event = next(e for e in payload["markers"] if e[0] == khanasir)
    at.session_state[map_args(at)["key"]] = {"last_object_clicked_tooltip": f"Khanāşir #ev:{event[3]}",
                                             "last_object_clicked_count": 1}
    at.run()
    everything = len(at.dataframe[0].value)
    at.button(key="table_place").click().run()
    table = at.dataframe[0].value
    assert set(table["place_name"]) == {"Khanāşir"} and 1 < len(table) < everything
    assert any(f"Showing the {len(table)} reports at <b>Khanāşir</b>" in h.value for h in at.html)
    at.button(key="table_unfocus").click().run()
    assert not any("Showing the" in h.value for h in at.html)
    assert len(at.dataframe[0].value) == everything


def test_the_dashboard_reads_a_postgres_database_as_it_reads_sqlite(monkeypatch, seed_db, postgres_url):
    from conftest import HOSTILE, SEED, TODAY
    from eventmap.loader import load_paths
    from eventmap.store import Store

    with Store(postgres_url) as store:
        load_paths([SEED, HOSTILE / "xss_article.txt", HOSTILE / "no_date.txt"], store, today=TODAY)
    on_sqlite = counts_line(app(monkeypatch, seed_db))
    at = app(monkeypatch, postgres_url)
    assert counts_line(at) == on_sqlite == "**10 incidents from 15 reports at 9 places, 24 Feb 2016 – 26 Feb 2016**"
    assert sum(m[4] for m in map_payload(at)["markers"]) == 15


def test_an_empty_postgres_database_is_named_without_its_password(monkeypatch, postgres_url):
    from eventmap.store import Store

    with_password = postgres_url.replace("eventmap@", "eventmap:s3cret@")  # (the test server trusts local users)
    Store(with_password).close()  # the tables, no events yet
    at = app(monkeypatch, with_password)
    (warning,) = [w.value for w in at.warning]
    assert "has no events yet" in warning and "eventmap:***@" in warning and "s3cret" not in warning


@pytest.mark.parametrize("reading", READINGS[1:], indirect=True)
def test_a_big_store_pages_the_table_and_a_narrower_filter_keeps_a_valid_page(monkeypatch, seed_db):
    import components.table

    monkeypatch.setattr(components.table, "TABLE_ROWS", 4)
    at = app(monkeypatch, seed_db)
    at.radio(key="table_rows").set_value("Reports").run()
    assert len(at.dataframe[0].value) == 4
    at.number_input(key="table_page").set_value(4).run()  # 15 dated reports: rows 13-15
    assert len(at.dataframe[0].value) == 3
    assert any("15 events, newest first (rows 13–15)" in c.value for c in at.caption)
    at.multiselect(key="types").set_value(["withdrawal"]).run()  # one report: one page, no picker
    assert not at.exception and not [n for n in at.number_input if n.key == "table_page"]
    assert len(at.dataframe[0].value) == 1
