"""Incidents: the mention rows that report one happening, grouped across paragraphs and articles.

A mention row is one place named in one paragraph (the evidence); an incident is what an analyst
counts. Mentions are one incident when they name

1. the same place: its gazetteer id, or for a name without an entry the name itself (an unresolved
   village placed at its anchor is not the anchor);
2. on the same day: the event date; a mention dated only by its report's publication day joins the
   incident of the day before at that place when a report states that day (the morning report of
   yesterday's clash);
3. with compatible event types: the same family (fighting on the ground, strikes from afar, protest);
   a paragraph whose type is "other" joins the family with most reports there that day.

Undated mentions are incidents of their own. The incident id is a hash of (place, day, family): the
same input always gives the same ids, whatever the order rows arrive in, so a re-load changes
nothing and regrouping one place never renames another's incidents. The thresholds were chosen on
UCDP GED's own grouping of its source headlines (bench/incident_agreement.py; figures in the README).
"""

from __future__ import annotations

import hashlib
from datetime import date, timedelta

import pandas as pd

# ACLED's event types group ours alike: Battles (armed clash, territory changes) and Explosions/Remote
# violence (air and drone strikes, shelling, bombs). "other" joins whichever family is there.
TYPE_FAMILIES = {
    "armed clash": "fighting", "territory taken": "fighting", "withdrawal": "fighting",
    "air/drone strike": "strikes", "shelling": "strikes", "explosion": "strikes",
    "protest": "protest",
}
OTHER_FAMILY = "other"
# A report dated only by its publication day may be about the day before (date_precision 2 = the
# publication day was used), never about two days before: daily fighting at one place stays one
# incident a day.
PUBLICATION_LAG_DAYS = 1
DATE_PRECISION_PUBLICATION = 2

# The columns grouping reads from each mention row.
GROUPING_COLUMNS = ["event_id", "place_id", "place_name", "event_date", "date_precision", "event_type"]


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
    if mentions.empty:
        return pd.Series([], index=mentions.index, dtype=object)
    keys = [incident_place_key(p, n) for p, n in zip(mentions["place_id"], mentions["place_name"])]
    family = [type_family(t) for t in mentions["event_type"]]
    day = [d if isinstance(d, str) and d else None for d in mentions["event_date"]]
    precision = mentions["date_precision"].tolist()
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
    for event_id, k, d, f, p in zip(mentions["event_id"], keys, day, family, precision):
        if d is None:
            ids.append(make_incident_id(k, None, f, event_id))
            continue
        if p == DATE_PRECISION_PUBLICATION and not _family_at(k, d, f, reports, stated):
            before = _day_before(d)  # no report states this day here: the report may be of the day before
            if before and _family_at(k, before, f, reports, stated):
                d = before
        ids.append(make_incident_id(k, d, _family_at(k, d, f, reports, set(reports)) or f))
    return pd.Series(ids, index=mentions.index, dtype=object)


def _family_at(key: str, day: str, family: str, reports: dict, present: set) -> str | None:
    """The family a mention of `family` joins at (place, day) among those in `present`: its own, or
    for "other" the family with most reports there (ties by name), or None when there is none."""
    if family != OTHER_FAMILY:
        return family if (key, day, family) in present else None
    there = [(-reports[(key, day, f)], f) for f in sorted(set(TYPE_FAMILIES.values())) if (key, day, f) in present]
    if there:
        return min(there)[1]
    return OTHER_FAMILY if (key, day, OTHER_FAMILY) in present else None


def _day_before(day: str) -> str | None:
    try:
        return (date.fromisoformat(day) - timedelta(days=PUBLICATION_LAG_DAYS)).isoformat()
    except ValueError:
        return None


# ---------------------------------------------------------------- one row per incident

INCIDENT_COLUMNS = [
    "incident_id", "place_key", "place_name", "place_id", "latitude", "longitude", "admin1", "geo_precision",
    "event_date", "date_first", "date_last", "time_precision", "event_types", "actors", "reports", "articles",
    "sources", "source_names", "first_published", "last_published", "confidence", "first_event_id", "notes",
]


def source_count(sources: pd.Series) -> int:
    """Independent sources: distinct named outlets, and reports without one counted as one more."""
    named = {s for s in sources if isinstance(s, str) and s}
    return len(named) + int(any(not (isinstance(s, str) and s) for s in sources))


def incident_confidence(sources: int) -> float:
    """Grows with independent sources: 0.5 for one, 0.75 for two, 0.875 for three..."""
    return round(1 - 0.5 ** max(sources, 1), 3)


def summarise_incidents(mentions: pd.DataFrame) -> pd.DataFrame:
    """One row per incident of the mention rows (which carry `incident_id` and the event columns)."""
    if mentions.empty:
        return pd.DataFrame(columns=INCIDENT_COLUMNS)
    m = mentions.copy()
    m["_published"] = m["published_at"].fillna("")
    m["_precise"] = m["geo_precision"].fillna(9)
    # The best-placed mention names the incident's place; the earliest report gives its notes.
    ordered = m.sort_values(["incident_id", "_precise", "_published", "event_id"], kind="stable")
    first = ordered.groupby("incident_id", sort=True).first()
    earliest = m.sort_values(["incident_id", "_published", "event_id"], kind="stable").groupby("incident_id").first()
    grouped = m.groupby("incident_id", sort=True)
    days = grouped["event_date"]
    out = pd.DataFrame({
        "incident_id": first.index,
        "place_key": [incident_place_key(p, n) for p, n in zip(first["place_id"], first["place_name"])],
        "place_name": first["place_name"].to_numpy(),
        "place_id": first["place_id"].to_numpy(),
        "latitude": first["latitude"].to_numpy(),
        "longitude": first["longitude"].to_numpy(),
        "admin1": first["admin1"].to_numpy(),
        "geo_precision": grouped["geo_precision"].min().to_numpy(),
        "date_first": days.min().to_numpy(),
        "date_last": days.max().to_numpy(),
        "event_types": grouped["event_type"].agg(_joined).to_numpy(),
        "actors": grouped["actors"].agg(_joined_lists).to_numpy(),
        "reports": grouped.size().to_numpy(),
        "articles": grouped["article_id"].nunique().to_numpy(),
        "sources": grouped["article_source"].agg(source_count).to_numpy(),
        "source_names": grouped["article_source"].agg(_joined).to_numpy(),
        "first_published": grouped["published_at"].min().to_numpy(),
        "last_published": grouped["published_at"].max().to_numpy(),
        "first_event_id": earliest["event_id"].to_numpy(),
        "notes": earliest["paragraph_text"].to_numpy(),
        "_stated": grouped["date_precision"].agg(lambda s: bool((s.fillna(0) == 1).any())).to_numpy(),
    })
    # The incident's day: the day its reports state (the earliest when they disagree by a day).
    out["event_date"] = out["date_first"]
    out["time_precision"] = [1 if stated and first_day == last_day else 2
                             for stated, first_day, last_day in zip(out["_stated"], out["date_first"], out["date_last"])]
    out["confidence"] = [incident_confidence(int(n)) for n in out["sources"]]
    return out[INCIDENT_COLUMNS].reset_index(drop=True)


def _joined(values: pd.Series) -> str:
    return "; ".join(sorted({v for v in values if isinstance(v, str) and v}))


def _joined_lists(values: pd.Series) -> str:
    return "; ".join(sorted({a.strip() for v in values if isinstance(v, str) for a in v.split(";") if a.strip()}))
