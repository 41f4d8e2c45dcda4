"""Filters over the events frame: pure functions, plus the Streamlit widgets that choose them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from eventmap.incidents import incident_place_key


@dataclass(frozen=True)
class Filters:
    """What the user chose; empty means 'all'."""

    start: date | None = None
    end: date | None = None
    event_types: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    search: str = ""
    include_undated: bool = False
    min_sources: int = 1  # incidents reported by at least this many independent sources
    by_incident: bool = True  # the map shows incidents (grouped reports), else every report


def _actors_in(combo: str) -> set[str]:
    """The actors of one row's list ("ISIS; Syrian Army")."""
    return {a.strip() for a in combo.split(";")} - {""}


def filter_options(events: pd.DataFrame) -> dict[str, list[str]]:
    """The choices each filter offers, from the data: event types, actors, sources, the date range
    ('bounds', [] when nothing is dated) and the number of undated events ('undated', one number)."""
    # Few distinct actor lists ("ISIS; Syrian Army") among many events: split each once.
    actors = sorted(set().union(*(_actors_in(combo) for combo in events["actors"].dropna().unique())))
    bounds = date_bounds(events)
    return {
        "event_types": sorted(x for x in events["event_type"].dropna().unique() if x),
        "actors": actors,
        "sources": sorted(x for x in events["article_source"].dropna().unique() if x),
        "bounds": list(bounds) if bounds else [],
        "undated": [int(events["event_date"].isna().sum())],
    }


def date_bounds(events: pd.DataFrame) -> tuple[date, date] | None:
    days = pd.to_datetime(events["event_date"], errors="coerce").dropna()
    if days.empty:
        return None
    return days.min().date(), days.max().date()


def apply_filters(events: pd.DataFrame, f: Filters, incident_sources: pd.Series | None = None) -> pd.DataFrame:
    """The events that pass every filter (date range inclusive; text search over place and paragraph;
    `incident_sources`, the sources of each incident by id, for the minimum-sources filter)."""
    mask = pd.Series(True, index=events.index)
    if f.min_sources > 1 and incident_sources is not None:
        mask &= events["incident_id"].map(incident_sources).fillna(1) >= f.min_sources
    if f.start or f.end:
        day = events["event_date"].fillna("")
        in_range = day != ""
        if f.start:
            in_range &= day >= f.start.isoformat()
        if f.end:
            in_range &= day <= f.end.isoformat()
        if f.include_undated:
            in_range |= day == ""
        mask &= in_range
    if f.event_types:
        mask &= events["event_type"].isin(f.event_types)
    if f.actors:
        wanted = set(f.actors)
        combos = events["actors"].fillna("")
        hits = {c: bool(wanted & _actors_in(c)) for c in combos.unique()}
        mask &= combos.map(hits).astype(bool)
    if f.sources:
        mask &= events["article_source"].isin(f.sources)
    if f.search.strip():
        needle = f.search.strip()
        mask &= (
            events["place_name"].fillna("").str.contains(needle, case=False, regex=False)
            | events["place_mention"].fillna("").str.contains(needle, case=False, regex=False)
            | events["paragraph_text"].fillna("").str.contains(needle, case=False, regex=False)
            | events["article_title"].fillna("").str.contains(needle, case=False, regex=False)
        )
    return events[mask]


def place_key(row: pd.Series | dict) -> str:
    """One key per place on the map: its gazetteer id, else its name (unresolved names)."""
    return incident_place_key(row.get("place_id"), row.get("place_name"))


def place_keys(events: pd.DataFrame) -> pd.Series:
    """`place_key` of every row, vectorised (the map, the counts and the source panel share it)."""
    return events["place_id"].where(events["place_id"].notna(), "name:" + events["place_name"].fillna("").str.lower())


def count_places(events: pd.DataFrame) -> int:
    return 0 if events.empty else int(place_keys(events).nunique())


def _fmt_day(d: date) -> str:
    return f"{d.day} {d.strftime('%b %Y')}"


def summarize_counts(events: pd.DataFrame, by_incident: bool = False) -> str:
    """'312 events at 87 places, 24 Feb 2016 – 26 Feb 2016', or by incident '120 incidents from 312
    reports at 87 places, ...'."""
    n = len(events)
    places = count_places(events)
    text = f"{n:,} event{'s' if n != 1 else ''} at {places:,} place{'s' if places != 1 else ''}"
    if by_incident:
        incidents = int(events["incident_id"].nunique()) if n else 0
        text = (f"{incidents:,} incident{'s' if incidents != 1 else ''} from {n:,} report{'s' if n != 1 else ''} "
                f"at {places:,} place{'s' if places != 1 else ''}")
    bounds = date_bounds(events)
    if bounds:
        a, b = bounds
        text += f", {_fmt_day(a)}" + ("" if a == b else f" – {_fmt_day(b)}")
    return text


def render_filters(options: dict[str, list]) -> Filters:
    """The sidebar: date-range slider, type/actor/source pickers, place or text search, offering
    the choices of `filter_options` (computed once per database state, not per rerun)."""
    import streamlit as st

    bounds = tuple(options["bounds"])
    start = end = None
    st.sidebar.header("Filters")
    if bounds and bounds[0] < bounds[1]:
        start, end = st.sidebar.slider("Event date", min_value=bounds[0], max_value=bounds[1],
                                       value=bounds, format="YYYY-MM-DD", key="date_range")
    elif bounds:
        st.sidebar.caption(f"All events on {bounds[0].isoformat()}")
        start, end = bounds
    undated = options["undated"][0]
    include_undated = False
    if undated:
        include_undated = st.sidebar.checkbox(f"Include {undated:,} undated events", value=False, key="undated")
    types = st.sidebar.multiselect("Event type", options["event_types"], key="types")
    actors = st.sidebar.multiselect("Actor", options["actors"], key="actors")
    sources = st.sidebar.multiselect("Source", options["sources"], key="sources")
    search = st.sidebar.text_input("Place or text", key="search", placeholder="e.g. Khanaser")
    most = max(1, int(options.get("max_sources", [1])[0]))
    min_sources = 1
    if most > 1:
        min_sources = int(st.sidebar.number_input("Reported by at least N sources", min_value=1, max_value=most,
                                                  value=1, step=1, key="min_sources"))
    view = st.sidebar.radio("Map shows", ["Incidents", "Every report"], key="view", horizontal=True,
                            help="An incident groups the reports of one place, day and kind of event.")
    return Filters(start, end, tuple(types), tuple(actors), tuple(sources), search, include_undated,
                   min_sources, view == "Incidents")
