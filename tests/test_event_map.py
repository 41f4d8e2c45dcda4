import json
import re

import pandas as pd
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
    assert "fitBounds" in html and "paddingTopLeft: [56, 20]" in html and '"zoomSnap": 0.25' in html
    assert "em-legend" not in html  # the legend is under the map, never over its markers


def test_the_legend_counts_the_reports_of_each_type_shown(events):
    from components.event_map import legend_html

    payload = map_payload(events)
    html = legend_html(payload)
    shown = events.dropna(subset=["latitude"])
    for kind, n in shown["event_type"].fillna("other").value_counts().items():
        assert f"{kind} <small>{n:,}</small>" in html
    assert "approximate place" in html and "protest" not in set(shown["event_type"]) and "protest <small>" not in html


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
    # Offline by default: no tile layer, and no credit for tiles that are not drawn.
    monkeypatch.delenv("EVENTMAP_TILES", raising=False)
    html = build_event_map(events).get_root().render()
    assert "tile.openstreetmap.org" not in html and "OpenStreetMap contributors" not in html
    monkeypatch.setenv("EVENTMAP_TILES", "osm")
    html = build_event_map(events).get_root().render()
    assert "tile.openstreetmap.org" in html and "OpenStreetMap contributors" in html
    monkeypatch.setenv("EVENTMAP_TILES", "http://tiles.local/{z}/{x}/{y}.png")
    assert "http://tiles.local/{z}/{x}/{y}.png" in build_event_map(events).get_root().render()


def test_the_offline_labels_are_the_gazetteers_names():
    import json
    import subprocess
    import sys

    from components.event_map import BOUNDARIES

    shipped = (BOUNDARIES / "syria_place_labels.json").read_text(encoding="utf-8")
    labels = json.loads(shipped)
    kinds = {k: [name for _, _, name, _, kind in labels if kind == k] for k in ("governorate", "city", "town")}
    assert len(kinds["governorate"]) == 14 and "Aleppo" in kinds["city"] and "Hamah" in kinds["city"]
    assert len(kinds["town"]) > 100
    # The shipped file is what the script makes from the shipped gazetteer (rerun it after a rebuild).
    rebuilt = subprocess.run([sys.executable, "-c", "import json, sys; sys.path.insert(0, 'scripts');"
                              "from make_place_labels import place_labels; from eventmap.gazetteer import "
                              "read_gazetteer_tsv, default_data_dir; print(json.dumps(place_labels(read_gazetteer_tsv("
                              "default_data_dir() / 'gazetteer.tsv')), ensure_ascii=False, separators=(',', ':')))"],
                             capture_output=True, text=True, check=True, cwd=BOUNDARIES.parent.parent).stdout
    assert json.loads(rebuilt) == labels


def test_label_names_are_escaped_in_the_page(tmp_path):
    import json

    from components.event_map import place_labels

    labels = tmp_path / "labels.json"
    labels.write_text(json.dumps([[35.0, 37.0, "<img src=x onerror=alert(1)></script>", 9, "town"]]), encoding="utf-8")
    literal = place_labels(labels)
    assert "<img" not in literal and "</script" not in literal.lower()
    assert json.loads(literal)[0][2] == "&lt;img src=x onerror=alert(1)&gt;&lt;/script&gt;"


def test_by_incident_one_marker_per_incident_counting_its_reports(events):
    payload = map_payload(events, by_incident=True)
    located = events.dropna(subset=["latitude", "longitude"])
    assert len(payload["markers"]) == located["incident_id"].nunique() and payload["incidents"] == 1
    assert sum(m[4] for m in payload["markers"]) == len(located)
    khanasir = [m for m in payload["markers"] if payload["places"][m[0]][2] == "Khanāşir"
                and payload["dates"][m[1]] == "2016-02-26"]
    assert [m[4] for m in khanasir] == [3]  # paragraphs 4 and 5 of the seed, and the XSS article's report


def test_names_placed_at_one_anchor_are_one_marker(tmp_path):
    from conftest import DATA

    frame = seed_frame(tmp_path, DATA / "aleppo_neighbourhoods.txt")
    frame = frame[frame["event_date"] >= "2016-10-01"]
    for by_incident in (True, False):
        payload = map_payload(frame, by_incident=by_incident)
        grouped = [m for m in payload["markers"] if "named in reports" in payload["places"][m[0]][2]]
        assert len(grouped) == 1, by_incident
        (marker,) = grouped
        assert payload["places"][marker[0]][2] == "8 places named in reports, placed at Aleppo: not exactly located"
        assert marker[4] == 9 and payload["places"][marker[0]][3] == 1  # nine reports, drawn as approximate
    # Aleppo itself stays its own markers.
    assert any(payload["places"][m[0]][2] == "Aleppo" for m in payload["markers"])


def test_the_offline_map_draws_the_rivers_and_credits_them(events):
    html = build_event_map(events).get_root().render()
    assert "Euphrates" in html and "Tigris" in html
    assert "Rivers: Natural Earth" in html


def test_a_stray_point_does_not_zoom_the_first_view_out_to_the_world(events):
    import re

    stray = events.iloc[:1].copy()
    stray["latitude"], stray["longitude"], stray["event_id"] = 0.0, 0.0, "f" * 40
    html = build_event_map(pd.concat([events, stray])).get_root().render()
    south, west = (float(x) for x in re.search(r"bounds = \[\[([-\d.]+), ([-\d.]+)\]", html).groups())
    assert south > 30 and west > 30  # fitted to Syria's events, not to (0, 0)
    assert "0.0,0.0" in html.replace(" ", "")  # the stray marker is still drawn where its row says


def test_clusters_are_neutral_not_the_legends_colours(events):
    html = build_event_map(events).get_root().render()
    assert ".marker-cluster-small{background-color:rgba(176,190,206" in html


@pytest.mark.parametrize("by_incident", [False, True], ids=["per place and type", "per incident"])
def test_markers_from_the_store_match_the_markers_from_the_frame(any_store, by_incident):
    from components.event_map import legend_html, marker_payload
    from conftest import HOSTILE, SEED, TODAY
    from eventmap.loader import load_paths
    from eventmap.store import EventQuery, map_markers

    data = SEED.parent
    load_paths([SEED, HOSTILE / "xss_article.txt", HOSTILE / "no_date.txt", data / "incidents",
                data / "ucdp_ged_rows.csv", data / "aleppo_neighbourhoods.txt"], any_store, today=TODAY)
    kinds = any_store.events_frame().groupby("incident_id")["event_type"].nunique()
    assert (kinds > 1).any()  # incidents whose reports differ in kind: the marker takes its first report's

    def per_place(payload: dict) -> dict:
        counts: dict = {}
        for m in payload["markers"]:
            place = tuple(payload["places"][m[0]])
            counts.setdefault(place, []).append((payload["types"][m[2]], m[4], payload["dates"][m[1]],
                                                 payload["dates"][m[5]]))
        return {k: sorted(v) for k, v in counts.items()}

    from_frame = map_payload(any_store.events_frame(), by_incident=by_incident)
    from_store = marker_payload(map_markers(any_store, EventQuery(), by_incident), by_incident)
    assert per_place(from_store) == per_place(from_frame)
    assert legend_html(from_store) == legend_html(from_frame)
    assert from_store["incidents"] == from_frame["incidents"] == int(by_incident)
    assert "&lt;script&gt;" in json.dumps(from_store) or "<script" not in json.dumps(from_frame)


def test_markers_folded_per_place_keep_every_event_and_the_legend_counts_each_type(any_store):
    from components.event_map import legend_html, marker_payload, one_marker_per_place, type_counts
    from conftest import HOSTILE, SEED, TODAY
    from eventmap.loader import load_paths
    from eventmap.store import EventQuery, map_markers

    load_paths([SEED, HOSTILE / "xss_article.txt", HOSTILE / "no_date.txt"], any_store, today=TODAY)
    markers = map_markers(any_store, EventQuery())
    folded = one_marker_per_place(markers)
    by_type, per_place = marker_payload(markers), marker_payload(folded, counts=type_counts(markers))
    assert len(per_place["markers"]) == len(per_place["places"]) == len(by_type["places"]) < len(by_type["markers"])
    assert sum(m[4] for m in per_place["markers"]) == sum(m[4] for m in by_type["markers"]) == 16  # (undated too)
    assert legend_html(per_place) == legend_html(by_type)
    # A place's marker has the colour of its most frequent type (Maghārat Khanāşir: 4 of 5 territory taken).
    (m,) = [m for m in per_place["markers"] if per_place["places"][m[0]][2] == "Maghārat Khanāşir"]
    assert per_place["types"][m[2]] == "territory taken" and m[4] == 5
