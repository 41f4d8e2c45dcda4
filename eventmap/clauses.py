"""What happened at each place, when, and who: read from the place's own clause.

A paragraph often tells several events: "Shelling targets Atshan village and more airstrikes on
the northern countryside of Hama"; "After yesterday's massacres, the warplanes kill besieged people
in the Eastern Ghouta"; "the ministry said on Tuesday that aircraft struck X on Monday". A place
gets the event type, actors and date of its own clause, and only where that clause says nothing,
of the clauses around it (the main clause for a leading "After ..." clause; earlier clauses of the
sentence, whose subject carries into "and ..." clauses), then of the paragraph.

Clauses: sentences, split at a leading "After/Following/With ...," and at "and", "while", "but",
", ", "accompanied by" where both sides tell an event (a trigger word of `classify` on each side,
not only a casualty word, the right side's within a few words): "Nubl and al-Zahraa" stays one clause, "X was shelled and clashes hit Y"
becomes two.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from datetime import date, datetime

from eventmap.classify import (
    OTHER,
    Trigger,
    actors_within,
    clause_event_type,
    find_actor_spans,
    find_actors,
    find_triggers,
    has_trigger,
    only_unreal,
    starts_with_trigger,
)
from eventmap.dates import (
    DATE_PRECISION_PUBLICATION,
    RELATIVE_CLAUSE,
    REPORT_JOIN,
    DateMention,
    EventDate,
    find_date_mentions,
    is_statement_date,
    report_part_starts,
)
from eventmap.names import name_key
from eventmap.wordlists import SEATS_OF_GOVERNMENT

# A sentence ends at . ! ? before a capital (or a digit, or Arabic), and at a ";" that begins another
# report (as `dates` reads UCDP's joined headlines: "...in Darat Azza;68 people were killed yesterday").
_SENTENCE_BREAK = re.compile(r"[.!?][\"'”’)]?\s+(?=[\"“(]?[A-Z0-9\u0600-\u06FF])|" + REPORT_JOIN.pattern + r"\s*")
# Where two clauses may meet (SOHR's "…" and " .. " among them); kept apart only when both sides
# tell an event.
_COORDINATION = re.compile(
    r",\s+(?:and|while|whereas|but)\s+|\s+(?:and|while|whereas|but)\s+|,\s+|\s*…+\s*|\s+\.\.\.?\s+|"
    r"\s+(?:in conjunction with|accompanied by)\s+|\s+[–—-]\s+", re.I)
# "After X, ...", "With al-Muqayrat under their control, ...": a clause before the main one, which
# it sets the scene for (its date is a day before the main event: "After yesterday's massacres").
_LEADING = re.compile(r"\s*(?:after|following|since|with|amid)\b[^,…;]{0,200}?(?:,|…)", re.I)

MAIN, LEADING, RELATIVE = "main", "leading", "relative"
MIN_CLAUSE_WORDS = 3  # "Bombardment targets Hama" is a clause; "Airstrikes" before "and shelling on X" is not


@dataclass(frozen=True)
class Clause:
    start: int
    end: int
    sentence: int  # the index of its sentence in the paragraph
    kind: str  # MAIN, LEADING ("After X, ..."), or RELATIVE (", which ...")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of the paragraph."""
    spans, start = [], 0
    for m in _SENTENCE_BREAK.finditer(text):
        if m.start() > start:
            spans.append((start, m.start()))
        start = m.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans


def split_clauses(text: str, triggers: list[Trigger] | None = None) -> list[Clause]:
    """The clauses of a paragraph, in text order (see the module's docstring)."""
    triggers = find_triggers(text) if triggers is None else triggers
    clauses: list[Clause] = []
    for n, (s, e) in enumerate(sentence_spans(text)):
        leading = _LEADING.match(text, s, e)
        if leading and leading.end() < e:
            clauses.append(Clause(s, leading.end(), n, LEADING))
            s = leading.end()
        relative = [(m.start(), m.end()) for m in RELATIVE_CLAUSE.finditer(text, s, e)] if "," in text[s:e] else []
        # Two clauses need a trigger each, so a joint lies between the sentence's first and last trigger:
        # only that stretch is searched (most sentences have one trigger or none, and are not searched).
        strong = [tr for tr in triggers if s <= tr.start < e and not tr.weak and not tr.unreal]
        bounds = [(m.start(), m.end()) for m in _COORDINATION.finditer(text, strong[0].end, strong[-1].start)
                  if not any(a <= m.start() < b for a, b in relative)] if len(strong) > 1 else []
        segments, start = [], s
        for k, (b_start, b_end) in enumerate(bounds):
            right_end = bounds[k + 1][0] if k + 1 < len(bounds) else e
            # (Three words at least on the left: "Airstrikes and shelling on X" is one clause.)
            if (has_trigger(triggers, start, b_start) and len(text[start:b_start].split()) >= MIN_CLAUSE_WORDS
                    and starts_with_trigger(triggers, b_end, right_end)):
                segments.append((start, b_start))
                start = b_end
        segments.append((start, e))
        for a, b in segments:  # a relative clause stands apart from the clause it follows
            pos = a
            for r_start, r_end in relative:
                if a <= r_start < b:
                    if r_start > pos:
                        clauses.append(Clause(pos, r_start, n, MAIN))
                    pos = min(r_end, b)
                    clauses.append(Clause(r_start, pos, n, RELATIVE))
            if pos < b:
                clauses.append(Clause(pos, b, n, MAIN))
    return sorted(clauses, key=lambda c: c.start)


@dataclass(frozen=True)
class WhatHappened:
    """A place's event type, actors and event date, from its clause (or the clauses around it); and
    why the mention tells no event at all (`context`), when it does not."""

    event_type: str
    actors: list[str]
    date: EventDate
    context: str = ""  # "", DATELINE, GOVERNMENT or HYPOTHETICAL


# Mentions that name a place but no event there: kept as the geocoder's context, not as event rows.
DATELINE, GOVERNMENT, HYPOTHETICAL = "dateline", "seat of government", "hypothetical"
# "DAMASCUS, Syria --", "Damascus, SANA_", "BEIRUT (Reuters) -": the place a report was filed from.
_DATELINE_AFTER = re.compile(r"\s*(?:,\s*(?:Syria\b\s*)?(?:--|—|–|-|SANA(?![a-z])|\(\w+\))|\s*\((?:Reuters|AFP|AP|SANA)\))")
# A seat of government standing for its rulers: before what a government does ("Damascus would", "Damascus
# said", "Damascus, Tehran and Moscow objected") or after what is done to or for one ("loyal to Damascus").
_GOVERNMENT_AFTER = re.compile(
    r"(?:\s*(?:,|\s+and)\s+(?:Moscow|Tehran|Ankara|Washington|Riyadh|Beirut|Baghdad)\b|"
    r"\s+(?:(?:has|had|have) )?(?:would|will|says?|said|accus\w*|describ\w*|reject\w*|object\w*|welcom\w*|"
    r"condemn\w*|den(?:y|ies|ied)|insist\w*|wants?|agree\w*|refus\w*|claim\w*|blam\w*|warn\w*|"
    r"demand\w*|intensifi\w*|reclaim\w*|regain\w*)\b)")
_GOVERNMENT_BEFORE = re.compile(
    r"\b(?:loyal to|backed by|allied (?:to|with)|allies of|ties (?:between|with)|relations (?:between|with)|"
    r"support(?:ing|s)? (?:for )?|help(?:ing|ed|s)?|against|(?:Moscow|Tehran|Ankara|Washington),?\s+(?:and\s+)?)\s*$")


def context_of(text: str, start: int, end: int, name: str) -> str:
    """DATELINE or GOVERNMENT when the mention at start..end (of the place named `name`) tells no
    event there by where it stands; '' otherwise."""
    if start <= 2 and _DATELINE_AFTER.match(text, end):
        return DATELINE
    if name_key(name) in _SEAT_KEYS and (_GOVERNMENT_AFTER.match(text, end)
                                          or _GOVERNMENT_BEFORE.search(text, max(0, start - 30), start)):
        return GOVERNMENT
    return ""


_SEAT_KEYS = frozenset(name_key(n) for n in SEATS_OF_GOVERNMENT)


def what_happened(text: str, published: datetime | date | None,
                  mentions: list[tuple[int, int, str]]) -> list[WhatHappened]:
    """For each place mention (its start, end and place name in the paragraph `text`), what happened there."""
    triggers = find_triggers(text)
    clauses = split_clauses(text, triggers)
    starts = [c.start for c in clauses]
    dates = _event_dates(text, published, clauses)
    part_starts = report_part_starts(text)
    # What each clause says by itself, worked out once however many places it holds. (One clause:
    # where each force is named does not matter, and a search stops at the first naming.)
    types = [clause_event_type(triggers, c.start, c.end) for c in clauses]
    actor_spans = find_actor_spans(text) if len(clauses) > 1 else []
    actors_of = [actors_within(actor_spans, c.start, c.end) for c in clauses] if len(clauses) > 1 else [find_actors(text)]
    named_sentences = {c.sentence for c, a in zip(clauses, actors_of) if a}
    index_of = {id(c): k for k, c in enumerate(clauses)}
    out = []
    for start, end, name in mentions:
        i = max(0, bisect_right(starts, start) - 1)
        here = clauses[i]
        around = [index_of[id(c)] for c in _clauses_around(clauses, i)]
        event_type = types[i]
        if event_type is None:
            event_type = next((types[k] for k in around if types[k]), None) \
                or _earlier_sentences_type(types, clauses, here) or OTHER
        actors = actors_of[i]
        if not actors and event_type != OTHER:
            actors = next((actors_of[k] for k in around if actors_of[k]),
                          [] if here.sentence in named_sentences else find_actors(text))
        when = dates.get(here) or next((d for k in around if (d := dates.get(clauses[k])) and _dates_across(here, clauses[k])),
                                      None)
        if when is None:
            part = bisect_right(part_starts, start) - 1
            part_end = part_starts[part + 1] if part + 1 < len(part_starts) else len(text)
            when = _part_date(dates, part_starts[part], part_end, published)
        context = context_of(text, start, end, name) or (
            HYPOTHETICAL if only_unreal(triggers, here.start, here.end) else "")
        out.append(WhatHappened(event_type, actors, when, context))
    return out


def _part_date(dates: dict[Clause, EventDate], lo: int, hi: int, published: datetime | date | None) -> EventDate:
    """The day of a place whose clause (and the clauses around it) state none: the first day a main
    clause of its part of the paragraph states (parts: reports joined by ";"), else the publication day."""
    stated = [(c.start, d) for c, d in dates.items() if c.kind == MAIN and lo <= c.start < hi]
    if stated:
        return min(stated, key=lambda sd: sd[0])[1]
    if published is None:
        return EventDate(None, None, "")
    pub = published.date() if isinstance(published, datetime) else published
    return EventDate(pub, DATE_PRECISION_PUBLICATION, "publication date")


def _earlier_sentences_type(types: list[str | None], clauses: list[Clause], here: Clause) -> str | None:
    """The type the nearest earlier sentence tells (a report tells an event, then goes on about it)."""
    for sentence in range(here.sentence - 1, -1, -1):
        found = [t for c, t in zip(clauses, types) if c.sentence == sentence and c.kind != RELATIVE and t]
        if found:
            return found[0]
    return None


def _clauses_around(clauses: list[Clause], i: int) -> list[Clause]:
    """The clauses whose words count for clause i when its own say nothing, nearest first: for a leading
    clause the rest of its sentence; else the earlier main and leading clauses of its sentence."""
    here = clauses[i]
    same = [c for c in clauses if c.sentence == here.sentence and c is not here]
    if here.kind == LEADING:
        return [c for c in same if c.start > here.start and c.kind == MAIN]
    return [c for c in reversed(same) if c.start < here.start and c.kind != RELATIVE]


def _dates_across(here: Clause, other: Clause) -> bool:
    """A date in `other` dates an event in `here` (a leading clause's day is its own: "After yesterday's
    massacres, the warplanes kill ..." is today)."""
    return other is here or other.kind != LEADING


def _event_dates(text: str, published: datetime | date | None, clauses: list[Clause]) -> dict[Clause, EventDate]:
    """Each clause's first date phrase that dates an event: not a statement's day ("said on Tuesday"),
    not a day after publication (a plan)."""
    if published is None:
        return {}
    pub = published.date() if isinstance(published, datetime) else published
    starts = [c.start for c in clauses]
    out: dict[Clause, EventDate] = {}
    for mention in find_date_mentions(text, pub):
        if mention.day > pub or is_statement_date(text, mention):
            continue
        clause = clauses[max(0, bisect_right(starts, mention.start) - 1)]
        if clause not in out:
            out[clause] = _event_date(mention)
    return out


def _event_date(mention: DateMention) -> EventDate:
    return EventDate(mention.day, mention.precision, mention.expression)

