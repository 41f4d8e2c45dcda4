"""The filtered events as a table, downloadable as CSV and GeoJSON; the unresolved names list."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from eventmap.gazetteer import SYRIA_BOX

TABLE_COLUMNS = ["event_date", "place_name", "place_mention", "admin1", "event_type", "actors",
                 "geo_precision", "geo_candidates", "date_expression", "article_title", "article_source", "paragraph_text"]


def table_frame(events: pd.DataFrame, limit: int | None = None) -> pd.DataFrame:
    """The columns an analyst reads first, newest first (the first `limit` rows)."""
    # Order by the date column alone and take only the rows shown: copying every column of
    # 100,000 rows to show 5,000 was most of the table's time.
    order = events["event_date"].sort_values(ascending=False, na_position="last", kind="stable").index
    return events.loc[order[:limit] if limit else order, TABLE_COLUMNS]


def unresolved_counts(events: pd.DataFrame) -> pd.DataFrame:
    """Place names with no gazetteer entry, with how many events name them (most first)."""
    missing = events[events["place_id"].isna()]
    if missing.empty:
        return pd.DataFrame({"place_name": [], "events": [], "placed_at": []})
    grouped = missing.groupby(missing["place_name"].str.lower().rename("name_key")).agg(
        place_name=("place_name", "first"), events=("event_id", "size"),
        placed_at=("anchor_place", lambda s: next((x for x in s if x), "")))
    return grouped.sort_values(["events", "place_name"], ascending=[False, True]).reset_index(drop=True)


TABLE_ROWS = 5_000


# The downloads are made in the server's memory: a CSV of 100,000 events is some 60 MB (and the
# GeoJSON more). Past this, the dashboard points to `eventmap export`, which writes any number.
DOWNLOAD_ROWS = 100_000


INCIDENT_TABLE_COLUMNS = ["event_date", "place_name", "admin1", "event_types", "reports", "sources", "source_names",
                          "actors", "date_first", "date_last", "geo_precision", "confidence", "notes"]


def incident_table_frame(incidents: pd.DataFrame, limit: int | None = None) -> pd.DataFrame:
    """The incidents, most reported first, then newest (the first `limit`)."""
    ordered = incidents.sort_values(["reports", "event_date"], ascending=[False, False], na_position="last", kind="stable")
    return ordered.head(limit)[INCIDENT_TABLE_COLUMNS] if limit else ordered[INCIDENT_TABLE_COLUMNS]


def render_table(events: pd.DataFrame, incidents: pd.DataFrame | None = None, focus_label: str = "",
                 total: int | None = None, offset: int = 0, total_incidents: int | None = None) -> bool:
    """The filtered reports, or (when `incidents` is given and chosen) the incidents they belong to.
    With `focus_label`, `events` are the rows the source panel asked for (one place's, one incident's):
    say so, and offer the way back; returns True when the user asks for every event again. `total`,
    `offset` and `total_incidents`: `events` and `incidents` are one page, from row `offset`, of that
    many (a store too big to read)."""
    import streamlit as st

    from components.safe_html import escape_text

    n = len(events) if total is None else total
    paged = "" if total is None or total <= len(events) else f" (rows {offset + 1:,}–{offset + len(events):,})"
    if focus_label:
        # (st.html, escaped: the place's name may be scraped text.)
        st.html(f'<p role="status">Showing the {n:,} report{"s" if n != 1 else ""} at '
                f"<b>{escape_text(focus_label)}</b> from the panel, newest first{paged}.</p>")
        back = st.button("Show every event again", key="table_unfocus")
        st.dataframe(table_frame(events, TABLE_ROWS), hide_index=True, width="stretch", height=320)
        return back
    if incidents is not None:
        view = st.radio("Rows", ["Incidents", "Reports"], horizontal=True, key="table_rows",
                        label_visibility="collapsed")
        if view == "Incidents":
            n_incidents = len(incidents) if total_incidents is None else total_incidents
            if n_incidents > TABLE_ROWS:
                st.caption(f"The {TABLE_ROWS:,} most reported of {n_incidents:,} incidents; "
                           "the downloads below hold all of them.")
            st.dataframe(incident_table_frame(incidents, TABLE_ROWS), hide_index=True, width="stretch", height=320)
            return False
    table = table_frame(events, TABLE_ROWS)
    if paged:
        st.caption(f"{n:,} events, newest first{paged}.")
    elif n > TABLE_ROWS:
        st.caption(f"Newest {TABLE_ROWS:,} of {n:,} events; the downloads below hold all of them.")
    # st.dataframe draws text on a canvas: scraped text is never interpreted as HTML.
    st.dataframe(table, hide_index=True, width="stretch", height=320)
    return False


def export_command(events: pd.DataFrame) -> str:
    """The `eventmap export` line that writes the same date range (for ranges too big to download)."""
    days = events["event_date"].dropna()
    return export_command_for(days.min() if len(days) else None, days.max() if len(days) else None)


def export_command_for(first_day: str | None, last_day: str | None) -> str:
    since = f" --since {first_day}" if first_day else ""
    until = f" --until {last_day}" if last_day else ""
    return f"eventmap export --format csv{since}{until} -o events.csv"


def render_downloads(events: pd.DataFrame, make_files: Callable[[], list[tuple[str, bytes, str, str]]]) -> None:
    """CSV and GeoJSON of the filtered incidents and reports, made when the user asks for them
    (`make_files` gives (label, bytes, file name, MIME type) for each).

    Asked for with a toggle, not a button: a toggle is state, so a click while the map's first value
    reruns the script is never lost (a button's click can be), and while it is on the files follow the
    filters. Once made, the files are fixed bytes whose download ids are their hash, the same on
    every rerun, so a click on a download right after the page appears finds its file.
    """
    render_downloads_of(len(events), export_command(events), make_files)


def render_downloads_of(count: int, command: str, make_files: Callable[[], list[tuple[str, bytes, str, str]]]) -> None:
    """`render_downloads` for `count` events, `command` the `eventmap export` line that writes them."""
    import streamlit as st

    if count > DOWNLOAD_ROWS:
        st.caption(f"{count:,} events: more than {DOWNLOAD_ROWS:,} to download from the browser. "
                   f"Narrow the filters, or write them with `{command}`.")
        return
    if not st.toggle(f"Make downloads of these {count:,} events", key="make_downloads"):
        return
    files = make_files()
    for column, (label, data, name, mime) in zip(st.columns(len(files)), files, strict=True):
        column.download_button(label, data, name, mime, key=f"dl_{name}", on_click="ignore")


def render_unresolved(events: pd.DataFrame) -> list[str]:
    """The names the gazetteer lacks, with counts; returns them (most named first) for the pin form."""
    return render_unresolved_counts(unresolved_counts(events))


def render_unresolved_counts(counts: pd.DataFrame) -> list[str]:
    """`render_unresolved` from the counts themselves (`unresolved_counts`, or the store's)."""
    import streamlit as st

    if counts.empty:
        st.caption("Every place name in this range has a gazetteer entry.")
        return []
    st.caption("Names the gazetteer lacks: placed approximately at a place their paragraph or article names, "
               "or not on the map. Pin one below (or with `eventmap pin NAME LAT LON`).")
    st.dataframe(counts, hide_index=True, width="stretch", height=240)
    return counts["place_name"].tolist()


@dataclass(frozen=True)
class PinRequest:
    """What the user asked: pin `name` at (latitude, longitude), or (`remove`) take its pin away."""

    name: str
    latitude: float | None = None
    longitude: float | None = None
    remove: bool = False


def render_pin_form(names: list[str], pins: list[dict[str, str]],
                    clicked_point: tuple[float, float] | None) -> PinRequest | None:
    """Pin an unresolved name at a point the user types or last clicked on the map; remove a pin.
    Returns what the user asked for, once, or None."""
    import streamlit as st

    if names:
        # A new click on the map fills the point in (set before the inputs are drawn; their defaults
        # never change, so a rerun never makes them new widgets and loses what the user typed).
        if clicked_point is not None and st.session_state.get("pin_point_applied") != clicked_point:
            st.session_state["pin_point_applied"] = clicked_point
            st.session_state["pin_lat"], st.session_state["pin_lon"] = clicked_point
        with st.form("pin_form", clear_on_submit=False, border=True):
            st.markdown("**Pin a name at its place**: its events move there, in this database and in later loads.")
            name = st.selectbox("Name", names, key="pin_name")
            where = st.columns(2)
            south, north, west, east = SYRIA_BOX
            lat = where[0].number_input("Latitude", min_value=south, max_value=north, value=None, format="%.5f",
                                        key="pin_lat")
            lon = where[1].number_input("Longitude", min_value=west, max_value=east, value=None, format="%.5f",
                                        key="pin_lon")
            st.caption("Type the point, or click the map to fill in the point you clicked.")
            if st.form_submit_button("Pin"):
                if lat is None or lon is None:
                    st.warning("Give the point first: its latitude and longitude, or click it on the map.")
                else:
                    return PinRequest(name, float(lat), float(lon))
    if pins:
        st.markdown("**Pinned names** (`places_override.csv`)")
        for pin in pins:
            left, right = st.columns([4, 1])
            left.text(f"{pin['name']}  {pin['latitude']}, {pin['longitude']}")  # st.text: never Markdown
            if right.button("Remove pin", key=f"unpin_{pin['name']}"):
                return PinRequest(pin["name"], remove=True)
    return None
