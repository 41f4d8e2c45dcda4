import json
import re

import pytest

from components.event_map import build_event_map, clicked_event_id, map_payload
from dashboard_fixtures import seed_frame


@pytest.fixture(scope="module")
def events(tmp_path_factory):
    return seed_frame(tmp_path_factory.mktemp("m"))


def test_payload_has_one_point_per_located_event_with_escaped_names(events):
    payload = map_payload(events)
    assert sum(m[4] for m in payload["markers"]) == events["latitude"].notna().sum()
    names = [p[2] for p in payload["places"]]
    assert "Khanāşir" in names
    text = json.dumps(payload)
    assert "<img" not in text and "<script" not in text and "<svg" not in text


def test_xss_place_names_are_escaped_in_the_map_script(events):
    evil = events.copy()
    evil.loc[evil.index[0], "place_name"] = "<img src=x onerror=alert(1)></script><script>alert(2)</script>"
    html = build_event_map(evil).get_root().render()
    assert "<img src=x" not in html and "</script><script>alert(2)" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


def test_map_uses_only_local_leaflet_assets(events):
    m = build_event_map(events)
    html = m.get_root().render()
    scripts = re.findall(r'<script src="([^"]+)"', html)
    styles = re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)
    assert scripts and all(s.startswith("/app/static/vendor/") for s in scripts), scripts
    assert styles and all(s.startswith("/app/static/vendor/") for s in styles), styles
    assert "map.options.maxZoom = 18" in html


def test_map_fits_the_events(events):
    m = build_event_map(events)
    html = m.get_root().render()
    assert "fitBounds" in html
    assert '"paddingBottomRight": [160, 200]' in html  # room for the legend (tests/test_browser.py checks it)


def test_map_credits_the_places_sources(events):
    html = build_event_map(events).get_root().render()
    assert "attributionControl.addAttribution" in html
    assert "Places: Who&#x27;s On First, GeoNames, OpenSyria, UCDP" in html


def test_click_value_maps_to_one_event():
    value = {"last_object_clicked_tooltip": "Khanāşir 2016-02-26 · territory taken #ev:0123456789ab",
             "last_object_clicked_count": 2}
    assert clicked_event_id(value) == "0123456789ab"
    assert clicked_event_id(None) is None
    assert clicked_event_id({"last_object_clicked_tooltip": None}) is None


def test_tile_setting(monkeypatch, events):
    monkeypatch.setenv("EVENTMAP_TILES", "none")
    assert "tile.openstreetmap.org" not in build_event_map(events).get_root().render()
    monkeypatch.setenv("EVENTMAP_TILES", "http://tiles.local/{z}/{x}/{y}.png")
    assert "http://tiles.local/{z}/{x}/{y}.png" in build_event_map(events).get_root().render()


def test_by_incident_one_marker_per_incident_counting_its_reports(events):
    payload = map_payload(events, by_incident=True)
    located = events.dropna(subset=["latitude", "longitude"])
    assert len(payload["markers"]) == located["incident_id"].nunique() and payload["incidents"] == 1
    assert sum(m[4] for m in payload["markers"]) == len(located)
    khanasir = [m for m in payload["markers"] if payload["places"][m[0]][2] == "Khanāşir"
                and payload["dates"][m[1]] == "2016-02-26"]
    assert [m[4] for m in khanasir] == [3]  # paragraphs 4 and 5 of the seed, and the XSS article's report
