"""eventmap dashboard: the events table on a map, filtered by date range, with the source paragraph on click.

Thin wiring only: the data logic lives in components/ and eventmap/store.py.
"""

from __future__ import annotations

import os
import time
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from components.event_map import map_payload, marker_payload, one_marker_per_place, render_event_map, type_counts
from components.filters import (
    Filters,
    apply_filters,
    counts_text,
    event_query,
    filter_options,
    named_place_points,
    options_from_choices,
    place_names,
    place_search_index,
    placed_at_anchor,
    places_named,
    query_from_filters,
    render_filters,
    render_zoom_to_place,
    summarize_counts,
    widget_state_from_query,
    zoom_points,
)
from components.playback import SECONDS_PER_STEP, next_cursor, playback_window, render_playback_controls
from components.safe_html import escape_text
from components.source_panel import CARDS_SHOWN, TableFocus, find_event, focused_rows, render_source_panel
from components.table import (
    DOWNLOAD_ROWS,
    TABLE_ROWS,
    export_command_for,
    render_downloads,
    render_downloads_of,
    render_pin_form,
    render_table,
    render_unresolved,
    render_unresolved_counts,
)
from components.timeline import render_per_day, render_timeline
from eventmap.export import (
    events_to_csv,
    events_to_geojson,
    incidents_to_csv,
    incidents_to_geojson,
    without_coordinates,
)
from eventmap.gazetteer import default_data_dir, load_gazetteer, place_overrides
from eventmap.loader import pin_place, unpin_place
from eventmap.store import (
    EventQuery,
    EventSubset,
    Store,
    StoreError,
    count_events,
    database_name,
    database_stamp,
    database_target,
    default_db_path,
    event_summary,
    events_page,
    events_per_day_counts,
    filter_choices,
    incidents_of_events,
    is_database_url,
    map_markers,
    place_name_rows,
    place_points,
    read_events_frame,
    read_incidents_frame,
    unresolved_name_counts,
)

st.set_page_config(page_title="eventmap", layout="wide")
# Most of a laptop screen's height (1400 x 1000: the map had a third of it at 560 px).
MAP_HEIGHT_PX = 720
# Below this width (an 800 px window with the sidebar open leaves ~500 px) the map and the panel
# stack, each the full width, instead of squeezing the map to a strip.
STACK_BELOW_PX = 1100
NARROW_LAYOUT_CSS = f"""<style>
@media (max-width: {STACK_BELOW_PX}px) {{
  div[data-testid="stHorizontalBlock"] {{ flex-direction: column; }}
  div[data-testid="stHorizontalBlock"] > div[data-testid="stColumn"] {{ width: 100% !important; flex: 1 1 100% !important; }}
}}
</style>"""


@st.cache_resource(show_spinner="Reading events…", max_entries=2)
def load_events(path: str, stamp: str) -> pd.DataFrame:
    """Read once per change of the database; shared read-only (filters make new frames)."""
    return read_events_frame(database_target(path))


@st.cache_resource(max_entries=2)
def cached_filter_options(stamp: tuple, _events: pd.DataFrame) -> dict[str, list]:
    """The filters' choices per database state (a second of work on 100,000 events, not per click)."""
    return filter_options(_events)


@st.cache_resource(max_entries=8)
def cached_map_payload(stamp: tuple, filters: Filters, _shown: pd.DataFrame) -> dict:
    """The map payload per database state and filter choice, so a click does not rebuild it."""
    return map_payload(_shown, by_incident=filters.by_incident)


@st.cache_resource(max_entries=2)
def cached_place_index(stamp: tuple, _events: pd.DataFrame) -> dict[str, frozenset[str]]:
    """Every spelling of every place on the map (the gazetteer's names), for the search: per database
    state (the gazetteer is read from its cache in a fraction of a second)."""
    return place_search_index(place_names(_events, load_gazetteer().entry_by_id))


@st.cache_resource(show_spinner="Reading incidents…", max_entries=2)
def load_incidents(path: str, stamp: str) -> pd.DataFrame:
    """The incidents table, once per change of the database."""
    return read_incidents_frame(database_target(path))


@st.cache_resource(max_entries=2)
def cached_incident_sources(stamp: tuple, _incidents: pd.DataFrame) -> pd.Series:
    """Sources per incident id, for the minimum-sources filter (once per database state, not per click)."""
    return _incidents.set_index("incident_id")["sources"]


@st.cache_resource(max_entries=2)
def cached_download_files(stamp: tuple, filters: Filters, _shown: pd.DataFrame,
                          _incidents: pd.DataFrame) -> list[tuple[str, bytes, str, str]]:
    """The CSV and GeoJSON of one filter choice, made once when asked for (not on every rerun)."""
    return download_files(_shown, _incidents)


def download_files(shown: pd.DataFrame, incidents: pd.DataFrame) -> list[tuple[str, bytes, str, str]]:
    """(label, bytes, file name, MIME type) of the incidents' and events' CSV and GeoJSON."""
    # (The GeoJSON labels say when rows without coordinates are left out: a point needs them.)
    left_out = without_coordinates(incidents), without_coordinates(shown)
    return [
        ("Incidents CSV", incidents_to_csv(incidents).encode("utf-8"), "incidents.csv", "text/csv"),
        ("Incidents GeoJSON" + (f" ({left_out[0]:,} without coordinates left out)" if left_out[0] else ""),
         incidents_to_geojson(incidents).encode("utf-8"), "incidents.geojson", "application/geo+json"),
        ("Download CSV", events_to_csv(shown).encode("utf-8"), "events.csv", "text/csv"),
        ("Download GeoJSON" + (f" ({left_out[1]:,} without coordinates left out)" if left_out[1] else ""),
         events_to_geojson(shown).encode("utf-8"), "events.geojson", "application/geo+json"),
    ]


def read_store(path: Path | str) -> tuple[str, pd.DataFrame, pd.DataFrame] | None:
    """The database's state stamp, events and incidents; None (having said why) when there are none."""
    if isinstance(path, Path) and not path.exists():
        st.warning(f"No events database at `{path}`. Load articles first: `eventmap load data/articles` "
                   "(or `make run`).")
        return None
    try:
        stamp = database_stamp(path)
        events = load_events(str(path), stamp)
        incidents = load_incidents(str(path), stamp)
    except StoreError as exc:
        st.error(str(exc))
        return None
    except OSError as exc:  # the file went away or became unreadable between the check and the read
        st.error(f"Cannot read `{path}`: {exc.strerror or exc}. Load articles again or check the file's permissions.")
        return None
    if events.empty:
        name = database_name(path)  # (a URL without its password)
        st.warning(f"The database `{name}` has no events yet. Load articles: `eventmap load data/articles --db {name}`.")
        return None
    return stamp, events, incidents


def choose_filters(options: dict[str, list]) -> tuple[Filters, Any, date | None, str]:
    """The sidebar, set first from a shared URL (once per session) or from playback's next window;
    returns the filters, the slot under the search box, playback's window start (None when not
    playing) and its step."""
    if "view_from_url" not in st.session_state:  # a bookmarked or shared view: the URL's filters, once
        st.session_state["view_from_url"] = True
        url = {key: st.query_params.get_all(key) for key in st.query_params}
        st.session_state.update(widget_state_from_query(url, options))
    bounds = tuple(options["bounds"])
    cursor = st.session_state.get("play_cursor") if len(bounds) == 2 else None
    if cursor:  # playing: this run shows the next window
        st.session_state["date_range"] = playback_window(cursor, st.session_state.get("play_step", "week"), bounds)
    filters, below_search = render_filters(options)
    playback = render_playback_controls(bool(cursor))
    if playback.playing and not cursor and len(bounds) == 2 and bounds[0] < bounds[1]:
        st.session_state["play_cursor"] = filters.start or bounds[0]
        st.rerun()
    if not playback.playing and cursor:
        del st.session_state["play_cursor"]
        cursor = None
    return filters, below_search, cursor, playback.step


def play_on(cursor: date, step: str, bounds: tuple[date, date]) -> None:
    """Playback: the window shown, a moment to read it, then the next one (or the end of the range)."""
    time.sleep(SECONDS_PER_STEP)
    following = next_cursor(cursor, step, bounds)
    if following is None:
        del st.session_state["play_cursor"]
    else:
        st.session_state["play_cursor"] = following
    st.rerun()


def main() -> None:
    st.html(NARROW_LAYOUT_CSS)
    st.title("eventmap")
    path = default_db_path()  # EVENTMAP_DB, else data/events.db
    if reads_in_sql(path):
        main_from_store(path)
        return
    store = read_store(path)
    if store is None:
        return
    stamp, events, incidents = store
    sources = cached_incident_sources((str(path), stamp), incidents)
    options = {**cached_filter_options((str(path), stamp), events), "max_sources": [int(sources.max()) if len(sources) else 1]}
    filters, below_search, cursor, step = choose_filters(options)
    place_index = cached_place_index((str(path), stamp), events)
    shown = apply_filters(events, filters, sources, place_index)
    focus = render_zoom_to_place(named_place_points(shown, places_named(filters.search, place_index)), filters.search,
                                 below_search)
    st.markdown(f"**{summarize_counts(shown, by_incident=True)}**")
    if "pin_message" in st.session_state:  # the last pin's outcome (a scraped name: escaped, never Markdown)
        st.html(f'<div role="status" style="color:#185c1e">{escape_text(st.session_state["pin_message"])}</div>')
    if shown.empty:
        st.info("No events match these filters. Widen the date range or clear a filter.")
    else:
        show_events((str(path), stamp), filters, options, events, shown,
                    incidents[incidents["incident_id"].isin(shown["incident_id"])], focus)
    if cursor:
        play_on(cursor, step, tuple(options["bounds"]))


def show_events(state: tuple, filters: Filters, options: dict[str, list], events: pd.DataFrame,
                shown: pd.DataFrame, shown_incidents: pd.DataFrame, focus: tuple[float, float] | None) -> None:
    """The map (zoomed to `focus`, a place the search named, when chosen) and the panel beside it, the
    events per day, the table and the unresolved names."""
    map_col, panel_col = st.columns([3, 2])  # (side by side when wide; stacked when narrow)
    view_key = filters.search.strip().lower() + (f"@{focus[0]},{focus[1]}" if focus else "")
    with map_col:
        clicked, point = render_event_map(shown, cached_map_payload(state, filters, shown),
                                          height=MAP_HEIGHT_PX, view_key=view_key, focus=focus)
    # Keep the last clicked event across reruns while it is still in the filtered range.
    if clicked:
        st.session_state["selected_event"] = clicked
    selected = st.session_state.get("selected_event")
    if find_event(shown, selected) is None:
        selected = None
    st.query_params.from_dict(query_from_filters(filters, options, selected))  # the view, for a bookmark
    with panel_col:
        st.subheader("Reports" if filters.by_incident else "Source")
        asked = render_source_panel(shown, selected, events if filters.by_incident else None)
    if asked is not None:
        st.session_state["table_focus"] = asked
    table_focus = st.session_state.get("table_focus")
    in_table = focused_rows(shown, table_focus) if table_focus is not None else shown
    if table_focus is not None and in_table.empty:  # the filters left none of that place's events: all again
        table_focus, in_table = None, shown
        del st.session_state["table_focus"]

    st.subheader("Events per day")
    render_timeline(shown)
    table_tab, unresolved_tab = st.tabs(["Events", "Unresolved place names"])
    with table_tab:
        if render_table(in_table, shown_incidents, table_focus.label if table_focus is not None else ""):
            del st.session_state["table_focus"]
            st.rerun()
        render_downloads(shown, lambda: cached_download_files(state, filters, shown, shown_incidents))
    with unresolved_tab:
        pin_from_dashboard(database_target(state[0]), render_unresolved(shown), point)


def pin_from_dashboard(db: Path | str, names: list[str], point: tuple[float, float] | None) -> None:
    """The pin form: pin a name (or remove a pin), geocode its articles again, and show the new map."""
    overrides = default_data_dir() / "places_override.csv"
    request = render_pin_form(names, place_overrides(overrides), point)
    if request is None:
        return
    try:
        with st.spinner("Placing the name's events again…"):  # (no name here: a spinner's text is Markdown)
            result = (unpin_place(db, request.name) if request.remove
                      else pin_place(db, request.name, request.latitude, request.longitude))
    except (ValueError, StoreError, OSError) as exc:  # (the name is scraped text: escaped, never Markdown)
        st.html(f'<div role="alert" style="color:#a00">Could not {"remove the pin of" if request.remove else "pin"} '
                f"{escape_text(request.name)}: {escape_text(str(exc))}</div>")
        return
    st.session_state["pin_message"] = (f"{result.name} {'unpinned' if request.remove else 'pinned'}: "
                                       f"{result.articles} articles geocoded again, {result.events} events written.")
    st.rerun()


# ---------------------------------------------------------------- a store too big to read
#
# On PostgreSQL, and on SQLite past SQL_VIEW_EVENTS, the dashboard does not read every event: each part
# of the page asks the store for what it shows (eventmap.store's queries under one EventQuery), cached per
# database state and filter choice.
# Measured A/B on SQLite, 100,000 synthetic events at 10,787 places (BENCHMARKS.md): read whole, the
# page was ready in 8.0 s (cold 15.9 s, 648 MB: 89,000 incident markers); asked part by part, 3.0 s (cold
# 7.1 s, 368 MB). At 10,000 events the whole table is ready in 1.9 s with every filter in memory.
SQL_VIEW_EVENTS = int(os.environ.get("EVENTMAP_SQL_VIEW_EVENTS", "100000"))


def ask(db: str, question, *args):
    """One question to the store (a function of eventmap.store taking it first), on a read-only connection."""
    with Store(database_target(db), readonly=True) as store:
        return question(store, *args)


@st.cache_resource(max_entries=4)
def cached_choices(db: str, stamp: str) -> dict:
    return ask(db, filter_choices)


def reads_in_sql(path: Path | str) -> bool:
    """Whether the dashboard asks the store for each part of the page instead of reading every event."""
    if is_database_url(path):
        return True
    if not isinstance(path, Path) or not path.exists():
        return False
    try:
        return cached_choices(str(path), database_stamp(path))["events"] > SQL_VIEW_EVENTS
    except (StoreError, OSError):
        return False  # (the whole-table path says what is wrong)


@st.cache_resource(max_entries=2)
def cached_store_place_index(db: str, stamp: str) -> dict[str, frozenset[str]]:
    return place_search_index(place_names(ask(db, place_name_rows), load_gazetteer().entry_by_id))


@st.cache_resource(max_entries=16)
def cached_answer(db: str, stamp: str, question_name: str, *args):
    """A store question's answer per database state and arguments (the filters' query among them)."""
    return ask(db, STORE_QUESTIONS[question_name], *args)


STORE_QUESTIONS = {f.__name__: f for f in (event_summary, map_markers, events_per_day_counts, count_events,
                                           events_page, unresolved_name_counts, incidents_of_events, place_points)}


def main_from_store(path: Path | str) -> None:
    """The page for a store too big to read whole: every figure, marker and row asked of the store."""
    db = str(path)
    try:
        stamp = database_stamp(path)
        choices = cached_choices(db, stamp)
    except StoreError as exc:
        st.error(str(exc))
        return
    except OSError as exc:  # the file went away or became unreadable
        st.error(f"Cannot read `{path}`: {exc.strerror or exc}. Load articles again or check the file's permissions.")
        return
    if not choices["events"]:
        name = database_name(path)
        st.warning(f"The database `{name}` has no events yet. Load articles: `eventmap load data/articles --db {name}`.")
        return

    def answer(question, *args):
        return cached_answer(db, stamp, question.__name__, *args)

    options = options_from_choices(choices)
    filters, below_search, cursor, step = choose_filters(options)
    place_index = cached_store_place_index(db, stamp)
    query = event_query(filters, choices["actor_lists"], place_index)
    named = query.text_places
    focus = render_zoom_to_place(zoom_points(answer(place_points, query, named)) if named else [], filters.search,
                                 below_search)
    summary = answer(event_summary, query)
    bounds = ((date.fromisoformat(summary["first_day"][:10]), date.fromisoformat(summary["last_day"][:10]))
              if summary["first_day"] else None)
    st.markdown(f"**{counts_text(summary['events'], summary['incidents'], summary['places'], bounds, summary['unplaced'], True)}**")
    if "pin_message" in st.session_state:
        st.html(f'<div role="status" style="color:#185c1e">{escape_text(st.session_state["pin_message"])}</div>')
    if not summary["events"]:
        st.info("No events match these filters. Widen the date range or clear a filter.")
    else:
        show_store_events(db, stamp, answer, filters, options, query, summary, focus)
    if cursor:
        play_on(cursor, step, tuple(options["bounds"]))


# Past this many incidents in the filtered range the map has a marker per place and event type, not per
# incident: the whole-table path drew 89,000 incident markers for 100,000 events in 3.9 s of the browser's
# time (BENCHMARKS.md), and that time grows with the markers.
INCIDENT_MARKERS_MOST = 50_000
# Past this many markers by place and kind of event, one marker per place: 86,000 of them (1,000,000
# events in PostgreSQL) took the browser 3.4 s to build and the page 10 s to show (BENCHMARKS.md).
PLACE_TYPE_MARKERS_MOST = 20_000


@st.cache_resource(max_entries=8)
def cached_store_map(db: str, stamp: str, query: EventQuery, by_incident: bool) -> tuple[pd.DataFrame, dict, bool]:
    """The map's points (for its fit), payload and whether markers are folded per place, per database
    state and filter choice (folding and the payload take a second for 1,000,000 events: not per click)."""
    markers = cached_answer(db, stamp, map_markers.__name__, query, by_incident)
    counts = None
    if not by_incident and len(markers) > PLACE_TYPE_MARKERS_MOST:
        markers, counts = one_marker_per_place(markers), type_counts(markers)
    return markers[["latitude", "longitude"]], marker_payload(markers, by_incident, counts), counts is not None


def clicked_store_event(answer, query: EventQuery, short_id: str | None, by_incident: bool) -> pd.Series | None:
    """The event a marker names, if it passes the filters: the newest of its incident, or of its place and
    type (a marker stands for them all); for the names placed at an anchor, itself."""
    if not short_id:
        return None
    hit = answer(events_page, query, 1, 0, EventSubset(short_id=short_id))
    if hit.empty:
        return None
    event = hit.iloc[0]
    same = (EventSubset(incident_id=event["incident_id"]) if by_incident
            else EventSubset(place_key=event["place_key"], event_type=event["event_type"]))
    newest = answer(events_page, query, 1, 0, same)
    return event if newest.empty else newest.iloc[0]


def show_store_events(db: str, stamp: str, answer, filters: Filters, options: dict[str, list], query: EventQuery,
                      summary: dict, focus: tuple[float, float] | None) -> None:
    """`show_events` for a store too big to read: the map from per-place counts, the panel, the events per
    day, one page of the table and the unresolved names, each asked of the store."""
    map_col, panel_col = st.columns([3, 2])
    view_key = filters.search.strip().lower() + (f"@{focus[0]},{focus[1]}" if focus else "")
    by_incident = filters.by_incident and summary["incidents"] <= INCIDENT_MARKERS_MOST
    points, payload, folded = cached_store_map(db, stamp, query, by_incident)
    with map_col:
        clicked, point = render_event_map(points, payload, height=MAP_HEIGHT_PX, view_key=view_key, focus=focus)
        if filters.by_incident and not by_incident:
            st.caption(f"{summary['incidents']:,} incidents: more than {INCIDENT_MARKERS_MOST:,} to draw one by one, "
                       "so a marker stands for a place" + (" (in the colour of its most frequent kind of event)"
                                                           if folded else " and kind of event")
                       + ". Narrow the filters to see incidents.")
    if clicked:
        st.session_state["selected_event"] = clicked
    event = clicked_store_event(answer, query, st.session_state.get("selected_event"), by_incident)
    selected = event["event_id"][:12] if event is not None else None
    st.query_params.from_dict(query_from_filters(filters, options, selected))
    with panel_col:
        st.subheader("Reports" if filters.by_incident else "Source")
        asked = None
        if event is None:
            render_source_panel(pd.DataFrame(), None)
        else:
            near, at_place, reports = store_panel_rows(answer, query, event, filters.by_incident)
            asked = render_source_panel(near, selected, reports, at_place=at_place)
    if asked is not None:
        st.session_state["table_focus"] = asked
    table_focus: TableFocus | None = st.session_state.get("table_focus")
    subset = None
    if table_focus is not None:
        subset = (EventSubset(incident_id=table_focus.key) if table_focus.kind == "incident"
                  else EventSubset(place_key=table_focus.key))
    total = answer(count_events, query, subset) if subset else summary["events"]
    if subset is not None and not total:  # the filters left none of that place's events: all again
        table_focus, subset, total = None, None, summary["events"]
        del st.session_state["table_focus"]

    st.subheader("Events per day")
    per_day = answer(events_per_day_counts, query)
    render_per_day(pd.DataFrame({"day": pd.to_datetime(per_day["event_date"]), "events": per_day["events"]}))
    table_tab, unresolved_tab = st.tabs(["Events", "Unresolved place names"])
    with table_tab:
        pages = max(1, -(-total // TABLE_ROWS))
        if st.session_state.get("table_page", 1) > pages:  # narrower filters: fewer pages than the one shown
            st.session_state["table_page"] = pages
        page = int(st.number_input(f"Page ({TABLE_ROWS:,} events each, newest first)", 1, pages, key="table_page")
                   ) if pages > 1 else 1
        rows = answer(events_page, query, TABLE_ROWS, (page - 1) * TABLE_ROWS, subset)
        if render_table(rows, answer(incidents_of_events, query, TABLE_ROWS),
                        table_focus.label if table_focus is not None else "",
                        total=total, offset=(page - 1) * TABLE_ROWS, total_incidents=summary["incidents"]):
            del st.session_state["table_focus"]
            st.rerun()
        render_downloads_of(summary["events"], export_command_for(summary["first_day"], summary["last_day"]),
                            lambda: cached_store_download_files(db, stamp, query))
    with unresolved_tab:
        pin_from_dashboard(database_target(db), render_unresolved_counts(answer(unresolved_name_counts, query)), point)


def store_panel_rows(answer, query: EventQuery, event: pd.Series, by_incident: bool
                     ) -> tuple[pd.DataFrame, int, pd.DataFrame | None]:
    """What the panel shows for the clicked event: the first rows at its place (or every name placed at
    its anchor point), how many events its place has, and its incident's reports (by incident)."""
    if bool(placed_at_anchor(event.to_frame().T).iloc[0]):
        subset = EventSubset(anchor=(event["anchor_place"], float(event["latitude"]), float(event["longitude"])))
        near = answer(events_page, query, 5_000, 0, subset)
        return near, len(near), None
    place = EventSubset(place_key=event["place_key"])
    near = answer(events_page, query, CARDS_SHOWN + 1, 0, place)
    near = pd.concat([event.to_frame().T, near[near["event_id"] != event["event_id"]]], ignore_index=True)
    reports = answer(events_page, EventQuery(), 1_000, 0, EventSubset(incident_id=event["incident_id"])) if by_incident else None
    return near, answer(count_events, query, place), reports


@st.cache_resource(max_entries=2)
def cached_store_download_files(db: str, stamp: str, query: EventQuery) -> list[tuple[str, bytes, str, str]]:
    """The downloads of the filtered events (at most DOWNLOAD_ROWS: `render_downloads_of` checks), made
    once per filter choice while the toggle is on (as `cached_download_files`)."""
    events = ask(db, events_page, query, DOWNLOAD_ROWS, 0, None).drop(columns=["place_key"])
    return download_files(events, ask(db, incidents_of_events, query, DOWNLOAD_ROWS))


main()
