"""Time playback: the date window steps across the range (a day, a week or a month at a time), the
map and counts following, as ACLED's and Liveuamap's timelines let a user watch a front move.

Pure window arithmetic, plus the sidebar controls that start and stop it. The dashboard moves the
window between runs (a widget's value can only be set before the widget is drawn).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

STEPS = {"day": 1, "week": 7, "month": 30}
SECONDS_PER_STEP = 1.5  # long enough to read the map before it moves


def playback_window(cursor: date, step: str, bounds: tuple[date, date]) -> tuple[date, date]:
    """The window that starts at `cursor`: one step long, inside the data's range."""
    end = min(bounds[1], cursor + timedelta(days=STEPS[step] - 1))
    return max(bounds[0], cursor), max(bounds[0], end)


def next_cursor(cursor: date, step: str, bounds: tuple[date, date]) -> date | None:
    """Where the next window starts; None when this window reached the end of the range."""
    following = cursor + timedelta(days=STEPS[step])
    return following if following <= bounds[1] else None


@dataclass(frozen=True)
class Playback:
    playing: bool
    step: str


def render_playback_controls(playing: bool) -> Playback:
    """The sidebar's Play/Stop button and step choice; returns what the user chose."""
    import streamlit as st

    st.sidebar.subheader("Playback")
    step = st.sidebar.radio("Step", list(STEPS), horizontal=True, key="play_step", disabled=playing)
    label = "Stop" if playing else "Play"
    pressed = st.sidebar.button(label, key="play_button", help="Step the date window across the range")
    return Playback(playing != pressed, step)
