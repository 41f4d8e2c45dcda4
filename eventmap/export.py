"""Events as CSV and GeoJSON (for `eventmap export` and the dashboard's downloads)."""

from __future__ import annotations

import json
import math
import re

import pandas as pd

GEOJSON_PROPERTIES = [
    "event_id", "event_date", "date_precision", "date_expression", "event_type", "actors", "place_mention",
    "place_name", "place_id", "admin1", "geo_precision", "geo_confidence", "geo_candidates", "anchor_place",
    "article_title", "article_source",
    "article_url", "published_at", "paragraph_index", "paragraph_text",
]


# A cell a spreadsheet would read as a formula: one that starts with =, +, -, @, a tab or a carriage
# return (OWASP, "CSV Injection"), also after the spaces and invisible marks a spreadsheet may skip.
_FORMULA_START = re.compile(r"^[ \u00a0\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]*[=+\-@\t\r]")


def neutralise_formula(value: object) -> object:
    """A text cell that would start a spreadsheet formula, with a leading ' (OWASP's advice): scraped
    titles, sources and paragraphs are shown as text, never run ("=HYPERLINK(...)")."""
    if isinstance(value, str) and _FORMULA_START.match(value):
        return "'" + value
    return value


def events_to_csv(frame: pd.DataFrame) -> str:
    """All columns, one row per event; text cells never start a spreadsheet formula."""
    safe = frame.copy()
    for column in safe.columns:
        if pd.api.types.is_object_dtype(safe[column]) or pd.api.types.is_string_dtype(safe[column]):
            safe[column] = safe[column].map(neutralise_formula)
    return safe.to_csv(index=False)


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
