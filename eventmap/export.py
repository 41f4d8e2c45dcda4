"""Events as CSV and GeoJSON (for `eventmap export` and the dashboard's downloads)."""

from __future__ import annotations

import json
import math

import pandas as pd

GEOJSON_PROPERTIES = [
    "event_id", "event_date", "date_precision", "date_expression", "event_type", "actors", "place_mention",
    "place_name", "place_id", "admin1", "geo_precision", "geo_confidence", "geo_candidates", "anchor_place",
    "article_title", "article_source",
    "article_url", "published_at", "paragraph_index", "paragraph_text",
]


def events_to_csv(frame: pd.DataFrame) -> str:
    """All columns, one row per event."""
    return frame.to_csv(index=False)


def _clean(value: object) -> object:
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item"):
        return value.item()
    return value


def events_to_geojson(frame: pd.DataFrame) -> str:
    """A FeatureCollection of the events that have coordinates (RFC 7946, lon/lat order)."""
    features = []
    props = [c for c in GEOJSON_PROPERTIES if c in frame.columns]
    located = frame.dropna(subset=["latitude", "longitude"])
    for row in located.itertuples(index=False):
        d = row._asdict()
        features.append({
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [float(d["longitude"]), float(d["latitude"])]},
            "properties": {c: _clean(d[c]) for c in props},
        })
    return json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False)
