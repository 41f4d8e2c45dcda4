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
