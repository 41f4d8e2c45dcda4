"""Filters over the events frame: pure functions, plus the Streamlit widgets that choose them."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd

from eventmap.gazetteer import GazetteerEntry, name_match_keys
from eventmap.incidents import incident_place_key
from eventmap.store import EventQuery


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


def placed_at_anchor(events: pd.DataFrame) -> pd.Series:
    """Rows whose place is a name without a point of its own (no gazetteer entry, or a city
    neighbourhood), drawn at the place their paragraph anchors them to."""
    anchored = events["anchor_place"].fillna("") != ""
    return anchored & (events["place_id"].isna() | events["place_id"].fillna("").str.startswith("neighbourhood:"))


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


def options_from_choices(choices: Mapping[str, Any]) -> dict[str, list]:
    """`filter_options` from what the store says the whole table holds (eventmap.store.filter_choices),
    for a store too big to read: the same keys, and the most sources of any incident."""
    actors = sorted(set().union(*(_actors_in(combo) for combo in choices["actor_lists"])))
    first, last = choices["first_day"], choices["last_day"]
    return {"event_types": list(choices["event_types"]), "actors": actors, "sources": list(choices["sources"]),
            "bounds": [date.fromisoformat(first[:10]), date.fromisoformat(last[:10])] if first and last else [],
            "undated": [int(choices["undated"])], "max_sources": [int(choices["max_sources"])]}


def date_bounds(events: pd.DataFrame) -> tuple[date, date] | None:
    days = pd.to_datetime(events["event_date"], errors="coerce").dropna()
    if days.empty:
        return None
    return days.min().date(), days.max().date()


# ---------------------------------------------------------------- search by any name of a place
#
# "Palmyra" and "Tadmur" are one city, "Khanasir" and "خناصر" one village: a search for a place finds
# its events under every name the gazetteer holds for it (and the names' normalised keys, so
# "Khanasir" finds the row that says "Khanāşir"), not only the spelling the row happens to show.


def search_keys(text: str) -> set[str]:
    """The keys a name is matched by: its normalised key and, for Arabic, its Latin letters."""
    keys = name_match_keys(text.strip())
    return (keys["exact"] | keys["letters"]) - {""}


def place_names(events: pd.DataFrame, entry_by_id: Callable[[str], GazetteerEntry | None]) -> dict[str, list[str]]:
    """Every name of each place on the map, by place key (`place_keys`): the gazetteer's names of a
    gazetteer place, the row's own name and mention otherwise."""
    names: dict[str, list[str]] = {}
    frame = events[["place_id", "place_name", "place_mention"]].drop_duplicates()
    for key, place_id, name, mention in zip(place_keys(frame), frame["place_id"], frame["place_name"],
                                            frame["place_mention"], strict=True):
        entry = entry_by_id(place_id) if isinstance(place_id, str) else None
        found = names.setdefault(key, [])
        for n in (*(entry.all_names() if entry else ()), name, mention):
            if isinstance(n, str) and n and n not in found:
                found.append(n)
    return names


def place_search_index(names: Mapping[str, Iterable[str]]) -> dict[str, frozenset[str]]:
    """Search key -> the place keys having a name under it (built once per database state)."""
    index: dict[str, set[str]] = {}
    for place, place_names_ in names.items():
        for name in place_names_:
            for key in search_keys(name):
                index.setdefault(key, set()).add(place)
    return {k: frozenset(v) for k, v in index.items()}


def places_named(search: str, index: Mapping[str, frozenset[str]]) -> frozenset[str]:
    """The place keys one of whose names is the searched text (any spelling the gazetteer holds)."""
    if not search.strip():
        return frozenset()
    return frozenset().union(*(index.get(k, frozenset()) for k in search_keys(search)))


def named_place_points(events: pd.DataFrame, places: Iterable[str], most: int = 8) -> list[tuple[str, float, float]]:
    """The places a search named that have a point of their own (gazetteer places, not a name placed at
    an anchor), as (label, latitude, longitude), those with the most events first: where "zoom to
    place" can go."""
    places = set(places)
    if not places:  # (no search, or one naming no place: every rerun, so nothing to scan)
        return []
    rows = events[place_keys(events).isin(places) & ~placed_at_anchor(events)].dropna(subset=["latitude", "longitude"])
    if rows.empty:
        return []
    key = place_keys(rows)
    counts = key.value_counts()
    first = rows.groupby(key, sort=False).first()
    top = counts.index[:most]
    return zoom_points(first.loc[top, ["place_name", "admin1", "latitude", "longitude"]].assign(events=counts[top]))


def zoom_points(places: pd.DataFrame) -> list[tuple[str, float, float]]:
    """(label, latitude, longitude) of each row of per-place counts (place_name, admin1, latitude,
    longitude, events; most events first), as "zoom to place" offers them."""
    points = []
    for row in places.itertuples():
        where = f", {row.admin1}" if isinstance(row.admin1, str) and row.admin1 else ""
        n = int(row.events)
        points.append((f"{row.place_name}{where} ({n:,} event{'s' if n != 1 else ''})",
                       float(row.latitude), float(row.longitude)))
    return points


def render_zoom_to_place(points: list[tuple[str, float, float]], search: str, where) -> tuple[float, float] | None:
    """In `where` (the slot `render_filters` keeps under the search box), when the search names places: a
    choice of them to zoom the map to (None: fit the results). (A selectbox: its options are plain text,
    never Markdown, whatever a pinned name holds.)"""
    if not points:
        return None
    whole = "All results"
    labels = [whole, *(label for label, _, _ in points)]
    # (A new search is a new choice: the key carries the text.)
    chosen = where.selectbox("Zoom to place", labels, key=f"zoom_place:{search.strip().lower()}")
    for label, lat, lng in points:
        if label == chosen:
            return lat, lng
    return None


def apply_filters(events: pd.DataFrame, f: Filters, incident_sources: pd.Series | None = None,
                  place_index: Mapping[str, frozenset[str]] | None = None) -> pd.DataFrame:
    """The events that pass every filter (date range inclusive; text search over place and paragraph,
    and with `place_index` (`place_search_index`) over every name of a place; `incident_sources`, the
    sources of each incident by id, for the minimum-sources filter)."""
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
            | (place_keys(events).isin(places_named(needle, place_index)) if place_index else False)
        )
    return events[mask]


def event_query(f: Filters, actor_lists: Iterable[str], place_index: Mapping[str, frozenset[str]] | None = None,
                ) -> EventQuery:
    """The store's query for the filters (what `apply_filters` keeps, asked of the database instead):
    `actor_lists`, the actors column's values, become those naming a chosen actor; `place_index` gives
    the places the search text names."""
    wanted = set(f.actors)
    return EventQuery(
        start=f.start.isoformat() if f.start else None, end=f.end.isoformat() if f.end else None,
        include_undated=f.include_undated, event_types=f.event_types,
        actor_lists=tuple(c for c in actor_lists if wanted & _actors_in(c)) if wanted else None,
        sources=f.sources, text=f.search.strip(),
        text_places=tuple(sorted(places_named(f.search, place_index))) if place_index and f.search.strip() else (),
        min_sources=f.min_sources)


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
    return counts_text(n, int(events["incident_id"].nunique()) if n else 0, count_places(events), date_bounds(events),
                       int(events["latitude"].isna().sum()) if n else 0, by_incident)


def counts_text(n: int, incidents: int, places: int, bounds: tuple[date, date] | None, unplaced: int,
                by_incident: bool = False) -> str:
    """The counts line from its figures (`summarize_counts` counts them in a frame, the store in SQL)."""
    text = f"{n:,} event{'s' if n != 1 else ''} at {places:,} place{'s' if places != 1 else ''}"
    if by_incident:
        text = (f"{incidents:,} incident{'s' if incidents != 1 else ''} from {n:,} report{'s' if n != 1 else ''} "
                f"at {places:,} place{'s' if places != 1 else ''}")
    if bounds:
        a, b = bounds
        text += f", {_fmt_day(a)}" + ("" if a == b else f" – {_fmt_day(b)}")
    # The map draws only rows with coordinates: say how many it cannot, so its count and this agree.
    if unplaced:
        what = "report" if by_incident else "event"
        text += f"; {unplaced:,} {what}{'s' if unplaced != 1 else ''} not on the map (no coordinates)"
    return text


# ---------------------------------------------------------------- the view in the URL
#
# The filters (and the selected event) travel in the page's URL, so a view can be bookmarked and
# sent: ?from=2016-02-25&to=2016-02-26&type=shelling&type=air/drone strike&q=Khanaser&view=reports&event=<id>.
# Only values the data offers are taken from a URL; anything else is ignored (a stale or hand-edited
# link opens the nearest valid view, never an error).
VIEW_CHOICES = {"incidents": "Incidents", "reports": "Every report"}
_EVENT_ID = re.compile(r"^[0-9a-f]{8,64}$")


def query_from_filters(f: Filters, options: dict[str, list], selected: str | None = None) -> dict[str, str | list[str]]:
    """The URL parameters of a view: only what differs from the defaults (all dates, all types...)."""
    query: dict[str, str | list[str]] = {}
    bounds = tuple(options.get("bounds") or ())
    if f.start and bounds and f.start != bounds[0]:
        query["from"] = f.start.isoformat()
    if f.end and bounds and f.end != bounds[1]:
        query["to"] = f.end.isoformat()
    for key, values in (("type", f.event_types), ("actor", f.actors), ("source", f.sources)):
        if values:
            query[key] = list(values)
    if f.search.strip():
        query["q"] = f.search.strip()
    if f.include_undated:
        query["undated"] = "1"
    if f.min_sources > 1:
        query["sources_min"] = str(f.min_sources)
    if not f.by_incident:
        query["view"] = "reports"
    if selected:
        query["event"] = selected
    return query


def widget_state_from_query(query: dict[str, list[str]], options: dict[str, list]) -> dict[str, object]:
    """The widgets' session-state values a URL asks for (see `query_from_filters`), checked against
    what the data offers."""
    state: dict[str, object] = {}
    bounds = tuple(options.get("bounds") or ())

    def day(key: str) -> date | None:
        try:
            d = date.fromisoformat((query.get(key) or [""])[-1])
        except ValueError:
            return None
        return d if bounds and bounds[0] <= d <= bounds[1] else None

    start, end = day("from"), day("to")
    if bounds and bounds[0] < bounds[1] and (start or end):
        start, end = start or bounds[0], end or bounds[1]
        if start <= end:
            state["date_range"] = (start, end)
    for key, widget, choices in (("type", "types", "event_types"), ("actor", "actors", "actors"),
                                 ("source", "sources", "sources")):
        chosen = [v for v in dict.fromkeys(query.get(key, [])) if v in options.get(choices, [])]
        if chosen:
            state[widget] = chosen
    if query.get("q"):
        state["search"] = query["q"][-1][:200]
    if query.get("undated", [""])[-1] == "1":
        state["undated"] = True
    most = max(1, int((options.get("max_sources") or [1])[0]))
    if query.get("sources_min", [""])[-1].isdigit():
        state["min_sources"] = min(most, max(1, int(query["sources_min"][-1])))
    if query.get("view", [""])[-1] in VIEW_CHOICES:
        state["view"] = VIEW_CHOICES[query["view"][-1]]
    if _EVENT_ID.match(query.get("event", [""])[-1]):
        state["selected_event"] = query["event"][-1]
    return state


def render_filters(options: dict[str, list]) -> tuple[Filters, Any]:
    """The sidebar: date-range slider, type/actor/source pickers, place or text search, offering
    the choices of `filter_options` (computed once per database state, not per rerun). Returns the
    filters and an empty slot under the search box (for `render_zoom_to_place`, drawn once the
    filtered events are known)."""
    import streamlit as st

    bounds = tuple(options["bounds"])
    start = end = None
    st.sidebar.header("Filters")
    if bounds and bounds[0] < bounds[1]:
        # (No default when a URL set the range: Streamlit warns when a widget gets both.)
        default = {} if "date_range" in st.session_state else {"value": bounds}
        start, end = st.sidebar.slider("Event date", min_value=bounds[0], max_value=bounds[1],
                                       format="YYYY-MM-DD", key="date_range", **default)
    elif bounds:
        st.sidebar.caption(f"All events on {bounds[0].isoformat()}")
        start, end = bounds
    undated = options["undated"][0]
    include_undated = False
    if undated:
        include_undated = st.sidebar.checkbox(f"Include {undated:,} undated events", key="undated")
    types = st.sidebar.multiselect("Event type", options["event_types"], key="types")
    actors = st.sidebar.multiselect("Actor", options["actors"], key="actors")
    sources = st.sidebar.multiselect("Source", options["sources"], key="sources")
    search = st.sidebar.text_input("Place or text", key="search", placeholder="e.g. Khanaser")
    below_search = st.sidebar.container()
    most = max(1, int(options.get("max_sources", [1])[0]))
    min_sources = 1
    if most > 1:
        min_sources = int(st.sidebar.number_input("Reported by at least N sources", min_value=1, max_value=most,
                                                  step=1, key="min_sources"))
    view = st.sidebar.radio("Map shows", list(VIEW_CHOICES.values()), key="view", horizontal=True,
                            help="An incident groups the reports of one place, day and kind of event.")
    return Filters(start, end, tuple(types), tuple(actors), tuple(sources), search, include_undated,
                   min_sources, view == "Incidents"), below_search
