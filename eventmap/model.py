"""The rows the steps hand on: one event row per place named in a paragraph (shared by the pipeline,
which makes them, the store, which keeps them, and the benchmarks)."""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass
from datetime import date

EVENT_COLUMNS = [
    "event_id", "article_id", "article_title", "article_source", "article_url", "published_at",
    "paragraph_index", "paragraph_text", "place_mention", "place_name", "place_id", "latitude",
    "longitude", "admin1", "geo_precision", "geo_confidence", "geo_candidates", "anchor_place",
    "event_date", "date_precision", "date_expression", "event_type", "actors", "incident_id",
]


@dataclass(frozen=True)
class EventRow:
    """One place named in one paragraph of one article, dated and (if possible) located."""

    event_id: str
    article_id: str
    article_title: str
    article_source: str
    article_url: str
    published_at: str | None
    paragraph_index: int
    paragraph_text: str
    place_mention: str
    place_name: str
    place_id: str | None
    latitude: float | None
    longitude: float | None
    admin1: str
    geo_precision: int | None
    geo_confidence: float
    geo_candidates: int
    anchor_place: str
    event_date: str | None
    date_precision: int | None
    date_expression: str
    event_type: str
    actors: str
    incident_id: str | None = None  # set by the store, which groups the mentions of each place

    def as_dict(self) -> dict:
        return asdict(self)


def make_event_id(article_id: str, paragraph_index: int, place_key: str, event_date: date | None) -> str:
    """Stable across re-loads: the same article, paragraph, place and day give the same id."""
    raw = f"{article_id}|{paragraph_index}|{place_key}|{event_date.isoformat() if event_date else ''}"
    return hashlib.sha1(raw.encode("utf-8")).hexdigest()[:16]
