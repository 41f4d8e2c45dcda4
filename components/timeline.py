"""Events per day under the map, with the same filters."""

from __future__ import annotations

import pandas as pd


def events_per_day(events: pd.DataFrame) -> pd.DataFrame:
    """One row per day with events: day, events (undated events left out)."""
    dated = events.dropna(subset=["event_date"])
    if dated.empty:
        return pd.DataFrame({"day": pd.to_datetime([]), "events": []})
    counts = dated.groupby("event_date").size().rename("events").reset_index()
    counts["day"] = pd.to_datetime(counts["event_date"])
    return counts[["day", "events"]].sort_values("day").reset_index(drop=True)


def render_timeline(events: pd.DataFrame) -> None:
    render_per_day(events_per_day(events))


def render_per_day(per_day: pd.DataFrame) -> None:
    """The bar chart of `events_per_day`'s rows (or the store's counts, for a store too big to read)."""
    import streamlit as st

    if per_day.empty:
        return
    if (per_day["day"].max() - per_day["day"].min()).days <= 62:
        per_day = per_day.assign(day=per_day["day"].dt.strftime("%Y-%m-%d"))  # one labelled bar per day
    st.bar_chart(per_day, x="day", y="events", height=180)
