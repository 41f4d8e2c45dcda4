"""Events as CSV and GeoJSON (for `eventmap export` and the dashboard's downloads)."""

from __future__ import annotations

import json
import math
import re

import pandas as pd

from eventmap.classify import EVENT_TYPES, OTHER

GEOJSON_PROPERTIES = [
    "event_id", "event_date", "date_precision", "date_expression", "event_type", "actors", "place_mention",
    "place_name", "place_id", "admin1", "geo_precision", "geo_confidence", "geo_candidates", "anchor_place",
    "article_title", "article_source",
    "article_url", "published_at", "paragraph_index", "paragraph_text", "incident_id",
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
    return _points_geojson(frame, [c for c in GEOJSON_PROPERTIES if c in frame.columns])


def without_coordinates(frame: pd.DataFrame) -> int:
    """How many rows a GeoJSON export leaves out: those with no coordinates (a name no gazetteer has
    and no paragraph anchors)."""
    return int((frame["latitude"].isna() | frame["longitude"].isna()).sum()) if len(frame) else 0


def geojson_summary(frame: pd.DataFrame, noun: str) -> str:
    """'17,668 of 17,696 events (28 without coordinates left out: the CSV has every row)'."""
    left_out = without_coordinates(frame)
    if not left_out:
        return f"{len(frame):,} {noun}"
    return (f"{len(frame) - left_out:,} of {len(frame):,} {noun} ({left_out:,} without coordinates left out: "
            "the CSV has every row)")


def _points_geojson(frame: pd.DataFrame, properties: list[str]) -> str:
    """The rows that have coordinates as GeoJSON points, with these columns as properties; how many rows
    were left out for want of coordinates is said in a foreign member, "omitted_without_coordinates"
    (RFC 7946 section 6.1), so a reader of the file alone knows it is not every row."""
    features = []
    located = frame.dropna(subset=["latitude", "longitude"])
    for row in located.itertuples(index=False):
        d = row._asdict()
        features.append({
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [float(d["longitude"]), float(d["latitude"])]},
            "properties": {c: _clean(d[c]) for c in properties},
        })
    return json.dumps({"type": "FeatureCollection", "omitted_without_coordinates": len(frame) - len(located),
                       "features": features}, ensure_ascii=False)


# ACLED's column names where ours mean the same, so incidents sit beside ACLED or UCDP rows.
ACLED_COLUMNS = ["event_id_cnty", "event_date", "time_precision", "event_type", "actor1", "actor2", "admin1",
                 "location", "latitude", "longitude", "geo_precision", "source", "source_count", "reports",
                 "notes", "confidence"]


def incidents_to_acled(incidents: pd.DataFrame) -> pd.DataFrame:
    """Incidents in ACLED-like columns: event_type is the most specific of the reports' types, actor1
    and actor2 the first two actors named, notes the first report's paragraph."""
    actors = incidents["actors"].fillna("").str.split("; ")
    return pd.DataFrame({
        "event_id_cnty": incidents["incident_id"],
        "event_date": incidents["event_date"],
        "time_precision": incidents["time_precision"],
        "event_type": incidents["event_types"].fillna("").map(_main_type),
        "actor1": actors.map(lambda a: a[0] if a and a[0] else ""),
        "actor2": actors.map(lambda a: a[1] if len(a) > 1 else ""),
        "admin1": incidents["admin1"],
        "location": incidents["place_name"],
        "latitude": incidents["latitude"],
        "longitude": incidents["longitude"],
        "geo_precision": incidents["geo_precision"],
        "source": incidents["source_names"],
        "source_count": incidents["sources"],
        "reports": incidents["reports"],
        "notes": incidents["notes"],
        "confidence": incidents["confidence"],
    })[ACLED_COLUMNS]


# From the most specific to the least, as the classifier tries them: an incident reported as "armed
# clash" by one outlet and as "territory taken" by another is the territory change.
_TYPE_ORDER = [t for t, _ in EVENT_TYPES] + [OTHER]


def _main_type(types: str) -> str:
    found = [t for t in types.split("; ") if t]
    return min(found, key=lambda t: _TYPE_ORDER.index(t) if t in _TYPE_ORDER else len(_TYPE_ORDER)) if found else ""


def incidents_to_csv(incidents: pd.DataFrame) -> str:
    """Incidents as ACLED-like CSV; text cells never start a spreadsheet formula."""
    return events_to_csv(incidents_to_acled(incidents))


def incidents_to_geojson(incidents: pd.DataFrame) -> str:
    """Located incidents as GeoJSON points carrying their reports and sources counts."""
    return _points_geojson(incidents_to_acled(incidents), [c for c in ACLED_COLUMNS if c not in ("latitude", "longitude")])
