"""Beside the map: the source paragraph of the clicked event, and every event at the same place."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from components.filters import place_key, place_keys, placed_at_anchor
from components.safe_html import escape_text, highlight, link_or_text

HINT = "Click a marker on the map to read the paragraph it came from."


def find_event(events: pd.DataFrame, short_id: str | None) -> pd.Series | None:
    """The event whose id starts with the clicked short id, if it is in the (filtered) events."""
    if not short_id or events.empty:
        return None
    hit = events[events["event_id"].str.startswith(short_id)]
    return None if hit.empty else hit.iloc[0]


def events_at_same_place(events: pd.DataFrame, event: pd.Series) -> pd.DataFrame:
    """All events at the clicked event's place in the filtered range, newest first."""
    same = events[place_keys(events) == place_key(event)] if not events.empty else events
    return same.sort_values(["event_date", "published_at", "paragraph_index"], ascending=[False, False, True],
                            na_position="last")


def event_card_html(event: pd.Series | dict, clicked: bool = False) -> str:
    """One event as HTML built by the app; every piece of article text is escaped."""
    # Missing values come from pandas as NaN, which is truthy: make them None once, here.
    event = {k: (None if isinstance(v, float) and v != v else v) for k, v in dict(event).items()}
    place = event.get("place_name") or event.get("place_mention") or ""
    how = escape_text(event.get("date_expression") or "")
    day = escape_text(event.get("event_date") or "undated")
    published = escape_text((event.get("published_at") or "undated")[:10])
    source = event.get("article_source") or ""
    url = event.get("article_url") or ""
    where = escape_text(place)
    if event.get("anchor_place") and str(event.get("place_id") or "").startswith("neighbourhood:"):
        where += f" <small>(a neighbourhood of {escape_text(event.get('anchor_place'))}; placed at the city, approximate)</small>"
    elif event.get("anchor_place"):
        where += f" <small>(no gazetteer entry; placed at {escape_text(event.get('anchor_place'))}, approximate)</small>"
    else:
        if (event.get("geo_precision") or 1) >= 3:
            where += " <small>(province or region)</small>"
        where += match_note(event)
    parts = [
        f'<div class="em-card{" em-clicked" if clicked else ""}">',
        f"<div><b dir=\"auto\">{where}</b> &middot; {escape_text(event.get('event_type') or '')}</div>",
        f"<div>Event date <b>{day}</b> ({how}) &middot; published {published}</div>",
        # dir="auto": an Arabic paragraph, title or name reads right to left, an English one left to right.
        f"<blockquote dir=\"auto\">{paragraph_html(event.get('paragraph_text') or '', event.get('place_mention') or '')}</blockquote>",
        # Short reports (UCDP headlines) are their own title: say it once.
        f"<div dir=\"auto\"><i>{escape_text(event.get('article_title') or '')}</i></div>"
        if (event.get("article_title") or "").strip() != (event.get("paragraph_text") or "").strip() else "",
        f"<div><small>{escape_text(source)}{' &middot; ' if source and url else ''}{link_or_text(url, url) if url else ''}</small></div>",
    ]
    if event.get("actors"):
        parts.append(f"<div><small>Actors: {escape_text(event.get('actors'))}</small></div>")
    parts.append("</div>")
    return "\n".join(parts)


# A report's paragraph is a few hundred characters; a scrape with no paragraph breaks gives one of many
# thousands (the loader keeps 4,000 around the place), which made the panel tens of thousands of pixels
# tall. Longer than this, a card shows the window around the place and folds the rest behind "show all".
FOLD_CHARS = 500


def paragraph_html(paragraph: str, mention: str) -> str:
    """The paragraph escaped with the place marked; a long one folded to the words around the place,
    the whole of it one click away (a <details>: no script)."""
    if len(paragraph) <= FOLD_CHARS:
        return highlight(paragraph, mention)
    at = max(0, paragraph.lower().find(mention.lower())) if mention else 0
    lo = max(0, min(at - FOLD_CHARS // 3, len(paragraph) - FOLD_CHARS))
    hi = min(len(paragraph), lo + FOLD_CHARS)
    # (At word boundaries, when there is one near.)
    lo = lo if lo == 0 or paragraph.find(" ", lo, lo + 30) < 0 else paragraph.find(" ", lo, lo + 30) + 1
    hi = hi if hi == len(paragraph) or paragraph.rfind(" ", hi - 30, hi) < 0 else paragraph.rfind(" ", hi - 30, hi)
    excerpt = ("… " if lo else "") + highlight(paragraph[lo:hi], mention) + (" …" if hi < len(paragraph) else "")
    return (f'<details class="em-fold"><summary><span class="em-excerpt">{excerpt}</span> '
            f'<span class="em-more">show all ({len(paragraph):,} characters)</span>'
            f'<span class="em-less">show less</span></summary>{highlight(paragraph, mention)}</details>')


def match_note(event: dict) -> str:
    """Why a reader should check the place: its name is shared by other places (the geocoder chose by the
    report's provinces and places), or its spelling met the gazetteer's only approximately."""
    others = int(event.get("geo_candidates") or 0)
    confidence = event.get("geo_confidence")
    if others:
        return (f" <small>(ambiguous name: {others} other place{'s' if others != 1 else ''} "
                f"{'are' if others != 1 else 'is'} called this; chosen by the report's provinces and places"
                f"{f', confidence {confidence:.2f}' if confidence is not None else ''})</small>")
    if confidence is not None and 0 < confidence < 1:
        return f" <small>(spelling matched approximately, confidence {confidence:.2f})</small>"
    return ""


PANEL_CSS = """<style>
.em-card{border-left:4px solid #ccc;padding:4px 10px;margin:6px 0;}
.em-card.em-clicked{border-left-color:#e41a1c;background:#fff8f6;}
.em-card blockquote{margin:6px 0;padding:0 8px;border-inline-start:2px solid #ddd;unicode-bidi:plaintext;}
.em-card mark{background:#ffe066;padding:0 2px;}
.em-fold summary{list-style:none;cursor:pointer;}
.em-fold summary::-webkit-details-marker{display:none;}
.em-more,.em-less{color:#1f5fa8;text-decoration:underline;white-space:nowrap;}
.em-fold .em-less,.em-fold[open] .em-more,.em-fold[open] .em-excerpt{display:none;}
.em-fold[open] .em-less{display:inline;}
</style>"""


def reports_of_incident(all_events: pd.DataFrame, event: pd.Series) -> pd.DataFrame:
    """Every report (mention row) of the clicked event's incident, newest first."""
    incident = event.get("incident_id")
    if not isinstance(incident, str) or "incident_id" not in all_events:
        return all_events.iloc[0:0]
    same = all_events[all_events["incident_id"] == incident]
    return same.sort_values(["published_at", "article_id", "paragraph_index"], ascending=[False, True, True],
                            na_position="last")


def incident_heading(reports: pd.DataFrame) -> str:
    """'Every report of this incident: 3 reports from 2 sources (SANA; SOHR), newest first'."""
    from eventmap.incidents import source_count

    n, sources = len(reports), source_count(reports["article_source"])
    names = "; ".join(sorted({s for s in reports["article_source"].dropna() if s}))
    return (f"Every report of this incident: {n} report{'s' if n != 1 else ''} from {sources} "
            f"source{'s' if sources != 1 else ''}{f' ({escape_text(names)})' if names else ''}, newest first")


def names_placed_with(events: pd.DataFrame, event: pd.Series) -> pd.DataFrame:
    """The rows of every name placed at the clicked name's anchor point (`placed_at_anchor`), newest first."""
    same = events[placed_at_anchor(events) & (events["anchor_place"] == event.get("anchor_place"))
                  & (events["latitude"] == event.get("latitude")) & (events["longitude"] == event.get("longitude"))]
    return same.sort_values(["event_date", "published_at", "paragraph_index"], ascending=[False, False, True],
                            na_position="last")


NAMES_SHOWN = 40


def names_placed_html(rows: pd.DataFrame, clicked_id: str) -> str:
    """'35 places named in reports, placed at Aleppo: not exactly located', then each name with its
    number of reports and its newest paragraph, the most reported first."""
    names = rows["place_name"].fillna(rows["place_mention"]).fillna("")
    counts = names.value_counts()
    anchor = escape_text(rows.iloc[0]["anchor_place"])
    parts = [PANEL_CSS, f"<p><b>{len(counts)} place{'s' if len(counts) != 1 else ''} named in reports, placed at "
                        f"{anchor}: not exactly located</b> ({len(rows)} report{'s' if len(rows) != 1 else ''})</p>"]
    for name, n in counts.head(NAMES_SHOWN).items():
        newest = rows[names == name].iloc[0]
        parts.append(f"<p><b>{escape_text(name)}</b> &middot; {n} report{'s' if n != 1 else ''}</p>")
        parts.append(event_card_html(newest, clicked=newest["event_id"] == clicked_id))
    if len(counts) > NAMES_SHOWN:
        parts.append(f"<p><small>{len(counts) - NAMES_SHOWN} more names: search for one in the sidebar.</small></p>")
    return "".join(parts)


@dataclass(frozen=True)
class TableFocus:
    """What the table below is narrowed to from the panel: one place's events or one incident's reports."""

    kind: str  # "place" | "incident"
    key: str  # a place key (`place_key`) or an incident id
    label: str  # the place's name (scraped text: escaped wherever it is shown)


def focused_rows(events: pd.DataFrame, focus: TableFocus) -> pd.DataFrame:
    """The rows of `events` the focus names."""
    if focus.kind == "incident":
        return events[events["incident_id"] == focus.key]
    return events[place_keys(events) == focus.key]


CARDS_SHOWN = 50


def render_source_panel(events: pd.DataFrame, short_id: str | None, all_events: pd.DataFrame | None = None,
                        at_place: int | None = None) -> TableFocus | None:
    """The clicked event's paragraph, then (with `all_events`, the incidents view) every report of its
    incident, else the other events at that place in the range (newest first). Returns what the user
    asked the table below to show instead of every event (that place's, or that incident's), if anything.
    `at_place`: how many events the place has in the range, when `events` holds only the first of them
    (a store too big to read)."""
    import streamlit as st

    event = find_event(events, short_id)
    if event is None:
        st.info(HINT)
        return None
    if bool(placed_at_anchor(event.to_frame().T).iloc[0]):  # the one marker of the names at an anchor
        st.html(names_placed_html(names_placed_with(events, event), event["event_id"]))
        return None
    here = TableFocus("place", place_key(event), str(event.get("place_name") or event.get("place_mention") or ""))
    if at_place is None:
        at_place = int((place_keys(events) == here.key).sum())
    if all_events is not None:
        reports = reports_of_incident(all_events, event)
        st.html(PANEL_CSS + f"<p><b>{incident_heading(reports)}</b></p>"
                + "".join(event_card_html(row, clicked=row["event_id"] == event["event_id"])
                          for _, row in reports.head(CARDS_SHOWN).iterrows()))
        if len(reports) > CARDS_SHOWN and st.button(f"All {len(reports):,} reports of this incident in the table below",
                                                    key="table_incident"):
            return TableFocus("incident", str(event["incident_id"]), here.label)
    else:
        # st.html, never st.markdown: the cards hold article text, and Markdown parsing (where a blank line
        # ends an HTML block and the rest becomes links, images and headings) must never see it.
        st.html(PANEL_CSS + event_card_html(event, clicked=True))
        others = events_at_same_place(events, event)
        others = others[others["event_id"] != event["event_id"]]
        if len(others):
            n_others = max(len(others), at_place - 1)
            st.html(f"<p><b>{n_others:,} other event{'s' if n_others != 1 else ''} at "
                    f"{escape_text(event.get('place_name'))} in this range, newest first</b></p>"
                    + "".join(event_card_html(row) for _, row in others.head(CARDS_SHOWN).iterrows()))
    # (The button's label holds no scraped text: a label is Markdown.)
    if at_place > 1 and st.button(f"All {at_place:,} events at this place in the table below", key="table_place"):
        return here
    return None
