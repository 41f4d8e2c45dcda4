"""Incidents: the mention rows that report one happening, grouped across paragraphs and articles.

A mention row is one place named in one paragraph (the evidence); an incident is what an analyst
counts. Mentions are one incident when they name

1. the same place: its gazetteer id, or for a name without an entry the name itself (an unresolved
   village placed at its anchor is not the anchor);
2. on the same day: the event date; a mention dated only by its report's publication day joins the
   incident of the day before at that place when a report states that day (the morning report of
   yesterday's clash);
3. with compatible event types: the same family (armed violence of any kind, or protest); a
   paragraph whose type is "other" joins the family with most reports there that day;
4. a province or region is grouped within one report only (two reports naming "Idlib province" on
   one day are not thereby one event).

Undated mentions are incidents of their own. The incident id is a hash of (place, day, family): the
same input always gives the same ids, whatever the order rows arrive in, so a re-load changes
nothing and regrouping one place never renames another's incidents. The thresholds were chosen on
UCDP GED's own grouping of its source headlines (bench/incident_agreement.py; figures in the README).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import date, timedelta

import pandas as pd

# Families of event types that may report one happening. Fighting on the ground and strikes from afar
# are one family: reports of one battle name clashes in one and shelling or air raids in another
# (measured on UCDP GED's events with 2+ reports: 56% end as one incident this way, 42% with the two
# apart, for 59% against 57% of incidents mixing UCDP events; bench/incident_agreement.py). Protests
# are apart. "other" joins whichever family is there.
TYPE_FAMILIES = {
    "armed clash": "violence", "territory taken": "violence", "withdrawal": "violence",
    "air/drone strike": "violence", "shelling": "violence", "explosion": "violence", "abduction": "violence",
    "protest": "protest",
}
OTHER_FAMILY = "other"
# A report dated only by its publication day may be about the day before (date_precision 2 = the
# publication day was used), never about two days before: daily fighting at one place stays one
# incident a day.
PUBLICATION_LAG_DAYS = 1
DATE_PRECISION_PUBLICATION = 2

# A province or region (geo_precision 3) named by two reports is no sign they report one event
# ("bombardment targets Idlib"): such mentions are grouped within their own article only.
VAGUE_PRECISION = 3
VAGUE_PLACES_PER_ARTICLE = True

# The columns grouping reads from each mention row.
GROUPING_COLUMNS = ["event_id", "article_id", "place_id", "place_name", "geo_precision", "event_date",
                    "date_precision", "event_type"]


def incident_place_key(place_id: str | None, place_name: str | None) -> str:
    """The place an incident is at: the gazetteer id, else the (lower-cased) name without an entry."""
    if isinstance(place_id, str) and place_id:
        return place_id
    return f"name:{str(place_name or '').lower()}"


def make_incident_id(place_key: str, day: str | None, family: str, undated_event: str = "") -> str:
    raw = f"{place_key}|{day or 'undated:' + undated_event}|{family}"
    return hashlib.sha1(raw.encode("utf-8")).hexdigest()[:16]


def type_family(event_type: str | None) -> str:
    return TYPE_FAMILIES.get(event_type or "", OTHER_FAMILY)


def group_incidents(mentions: pd.DataFrame) -> pd.Series:
    """The incident id of every mention row (indexed like `mentions`), by the rule above.

    `mentions` needs GROUPING_COLUMNS and must hold every mention of the places it holds (the rule
    compares mentions at one place only, so places can be grouped apart)."""
    ids = incident_ids({c: mentions[c].tolist() for c in GROUPING_COLUMNS}) if len(mentions) else []
    return pd.Series(ids, index=mentions.index, dtype=object)


def incident_ids(columns: dict[str, list]) -> list[str]:
    """`group_incidents` over plain lists, one per column of GROUPING_COLUMNS (the store's path: a
    load writes a few rows per transaction, and pandas' fixed cost per call was most of it)."""
    keys = [incident_place_key(p, n) for p, n in zip(columns["place_id"], columns["place_name"])]
    if VAGUE_PLACES_PER_ARTICLE:
        keys = [f"{k}|{a}" if g == g and g is not None and g >= VAGUE_PRECISION else k
                for k, a, g in zip(keys, columns["article_id"], columns["geo_precision"])]
    family = [type_family(t) for t in columns["event_type"]]
    day = [d if isinstance(d, str) and d else None for d in columns["event_date"]]
    precision = columns["date_precision"]
    # Per (place, day): the families there and how many stated-day / any reports each has.
    reports: dict[tuple[str, str, str], int] = {}
    stated: set[tuple[str, str, str]] = set()
    for k, d, f, p in zip(keys, day, family, precision):
        if d is None:
            continue
        reports[(k, d, f)] = reports.get((k, d, f), 0) + 1
        if p != DATE_PRECISION_PUBLICATION:
            stated.add((k, d, f))
    ids = []
    made: dict[tuple[str, str, str], str] = {}
    for event_id, k, d, f, p in zip(columns["event_id"], keys, day, family, precision):
        if d is None or _number(p, 0) > DATE_PRECISION_PUBLICATION:
            # Undated, or dated only vaguely ("last week": the middle of the week): no day to meet on.
            ids.append(make_incident_id(k, None, f, event_id))
            continue
        if p == DATE_PRECISION_PUBLICATION and not _family_at(k, d, f, reports, stated):
            before = shift_day(d, -PUBLICATION_LAG_DAYS)  # no report states this day here: maybe the day before
            if before and _family_at(k, before, f, reports, stated):
                d = before
        group = (k, d, _family_at(k, d, f, reports, reports) or f)
        if group not in made:
            made[group] = make_incident_id(*group)
        ids.append(made[group])
    return ids


def _family_at(key: str, day: str, family: str, reports: dict, present: dict | set) -> str | None:
    """The family a mention of `family` joins at (place, day) among those in `present`: its own, or
    for "other" the family with most reports there (ties by name), or None when there is none."""
    if family != OTHER_FAMILY:
        return family if (key, day, family) in present else None
    there = [(-reports[(key, day, f)], f) for f in sorted(set(TYPE_FAMILIES.values())) if (key, day, f) in present]
    if there:
        return min(there)[1]
    return OTHER_FAMILY if (key, day, OTHER_FAMILY) in present else None


def shift_day(day: str, days: int) -> str | None:
    """The ISO day `days` after `day` (before, when negative); None for a value that is no ISO day."""
    try:
        return (date.fromisoformat(day) + timedelta(days=days)).isoformat()
    except ValueError:
        return None


# ---------------------------------------------------------------- one row per incident

INCIDENT_COLUMNS = [
    "incident_id", "place_key", "place_name", "place_id", "latitude", "longitude", "admin1", "geo_precision",
    "event_date", "date_first", "date_last", "time_precision", "event_types", "actors", "reports", "articles",
    "sources", "source_names", "first_published", "last_published", "confidence", "first_event_id", "notes",
]


def source_count(sources: Iterable[object]) -> int:
    """Independent sources: distinct named outlets, and reports without one counted as one more."""
    values = list(sources)
    named = {s for s in values if isinstance(s, str) and s}
    return len(named) + int(any(not (isinstance(s, str) and s) for s in values))


def incident_confidence(sources: int) -> float:
    """Grows with independent sources: 0.5 for one, 0.75 for two, 0.875 for three..."""
    return round(1 - 0.5 ** max(sources, 1), 3)


SUMMARY_INPUT = ["incident_id", "event_id", "article_id", "article_source", "published_at", "paragraph_text",
                 "place_id", "place_name", "latitude", "longitude", "admin1", "geo_precision", "event_date",
                 "date_precision", "event_type", "actors"]


def incident_rows(mentions: Iterable[tuple]) -> list[list]:
    """The incidents-table rows of mention rows (tuples in SUMMARY_INPUT order, as SQLite gives them).

    One pass over plain tuples: pandas' per-group Python aggregation took 36 of a 60 s load."""
    groups: dict[str, list[tuple]] = {}
    for row in mentions:
        groups.setdefault(row[0], []).append(row)
    return [summarise_incident(rows) for _, rows in sorted(groups.items())]


_SUMMARY_COLUMN = {name: i for i, name in enumerate(SUMMARY_INPUT)}


def summarise_incident(rows: list[tuple]) -> list:
    """The incidents-table row of one incident's mention rows (tuples in SUMMARY_INPUT order)."""
    incident_id = rows[0][0]
    col = _SUMMARY_COLUMN

    def values(name: str) -> list:
        return [r[col[name]] for r in rows]

    def text(v: object) -> str:
        return v if isinstance(v, str) else ""

    # The best-placed mention names the incident's place; the earliest report gives its notes.
    best = min(rows, key=lambda r: (_number(r[col["geo_precision"]], 9), text(r[col["published_at"]]), r[col["event_id"]]))
    earliest = min(rows, key=lambda r: (text(r[col["published_at"]]), r[col["event_id"]]))
    days = sorted(d for d in values("event_date") if text(d))
    published = sorted(p for p in values("published_at") if text(p))
    precisions = [_number(g, None) for g in values("geo_precision")]
    sources = source_count(values("article_source"))
    stated = any(_number(p, 0) == 1 for p in values("date_precision"))
    first_day, last_day = (days[0], days[-1]) if days else (None, None)
    return [
        incident_id, incident_place_key(best[col["place_id"]], best[col["place_name"]]), best[col["place_name"]],
        best[col["place_id"]], best[col["latitude"]], best[col["longitude"]], best[col["admin1"]],
        min((p for p in precisions if p is not None), default=None),
        first_day, first_day, last_day, _time_precision(stated and first_day == last_day, values("date_precision")),
        "; ".join(sorted({text(t) for t in values("event_type")} - {""})),
        "; ".join(sorted({a.strip() for v in values("actors") for a in text(v).split(";") if a.strip()})),
        len(rows), len(set(values("article_id"))), sources,
        "; ".join(sorted({text(s) for s in values("article_source")} - {""})),
        published[0] if published else None, published[-1] if published else None,
        incident_confidence(sources), earliest[col["event_id"]], earliest[col["paragraph_text"]],
    ]


# ACLED's time_precision of our date_precision: 1 a day stated, 2 the publication day or "last week"
# (within a week), 3 "last month", "last year" (within a month or coarser).
ACLED_TIME_PRECISION = {1: 1, 2: 2, 3: 2, 4: 3, 5: 3}


def _time_precision(one_stated_day: bool, precisions: list) -> int:
    if one_stated_day:
        return 1
    return max(2, min((ACLED_TIME_PRECISION.get(int(p), 2) for p in precisions if _number(p, None) is not None),
                      default=2))


def _number(value: object, default: float | None) -> float | None:
    if value is None or (isinstance(value, float) and value != value):
        return default
    return float(value)  # type: ignore[arg-type]
