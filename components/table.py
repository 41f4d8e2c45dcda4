"""The filtered events as a table, downloadable as CSV and GeoJSON; the unresolved names list."""

from __future__ import annotations

import pandas as pd

from eventmap.export import events_to_csv, events_to_geojson

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


def render_table(events: pd.DataFrame) -> None:
    import streamlit as st

    table = table_frame(events, TABLE_ROWS)
    if len(events) > TABLE_ROWS:
        st.caption(f"Newest {TABLE_ROWS:,} of {len(events):,} events; the downloads hold all of them.")
    # st.dataframe draws text on a canvas: scraped text is never interpreted as HTML.
    st.dataframe(table, hide_index=True, width="stretch", height=320)
    left, right = st.columns(2)
    # Callables: the files are made only when the user clicks, not on every rerun.
    left.download_button("Download CSV", lambda: events_to_csv(events), "events.csv", "text/csv",
                         key="dl_csv", on_click="ignore")
    right.download_button("Download GeoJSON", lambda: events_to_geojson(events), "events.geojson",
                          "application/geo+json", key="dl_geojson", on_click="ignore")


def render_unresolved(events: pd.DataFrame) -> None:
    import streamlit as st

    counts = unresolved_counts(events)
    if counts.empty:
        st.caption("Every place name in this range has a gazetteer entry.")
        return
    st.caption("Names the gazetteer lacks: placed approximately at a place their paragraph or article names, "
               "or not on the map. Pin them in data/places_override.csv.")
    st.dataframe(counts, hide_index=True, width="stretch", height=240)
