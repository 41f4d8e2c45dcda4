"""Publication dates as scrapes carry them, and event dates resolved from what a paragraph says.

"On Thursday" in an article published Friday 2016-02-26 is 2016-02-25: event dates are resolved
against the publication date, and the phrase used is kept so an analyst can check it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

MONTHS = {
    m: i
    for i, names in enumerate(
        [
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
            ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
            ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"), ("december", "dec"),
        ],
        start=1,
    )
    for m in names
}
WEEKDAYS = {d: i for i, d in enumerate(["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"])}
NUMBER_WORDS = {
    "one": 1, "a": 1, "an": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "twelve": 12, "twenty-four": 24, "forty-eight": 48,
    "seventy-two": 72, "several": None,
}

MIN_YEAR, MAX_YEAR = 1900, 2200  # scrapes carry typos like 2919; such a date is no date
DATE_PRECISION_DAY = 1  # stated in the paragraph or resolved from a relative phrase
DATE_PRECISION_PUBLICATION = 2  # nothing said: the publication day is used
# A vague time ("last week", "last month", "last year"): the middle of the span it names, as ACLED's
# time_precision 2 and 3 do; never a day claimed exactly.
DATE_PRECISION_WEEK = 3
DATE_PRECISION_MONTH = 4
DATE_PRECISION_YEAR = 5

_MONTH_RE = "|".join(sorted(MONTHS, key=len, reverse=True))
_SEP = r"[\s,،\u060C.]+"
_TIME = r"(?:[\sT]+(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?\s*(?:[ap]\.?m\.?)?\s*(?:Z|[+-]\d{2}:?\d{2}|GMT|UTC)?)?"

_PUBLICATION_FORMATS: list[tuple[re.Pattern[str], str]] = [
    # 2016-02-26, 2016-02-26T14:28:26, 2016-02-26 14:28:26+00:00
    (re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})" + _TIME + r"\s*$", re.I), "ymd"),
    # Fri Feb 26, 2016 14:28:26 / February 26, 2016 / Feb. 26 2016
    (re.compile(r"^\s*(?:[A-Za-z]{3,9}[\s,]+)?(" + _MONTH_RE + r")" + _SEP + r"(\d{1,2})(?:st|nd|rd|th)?" + _SEP
                + r"(\d{4})" + _TIME + r"\s*$", re.I), "mdy"),
    # 26 February 2016 / 11 September، 2017 / Friday, 26 Feb 2016 14:28
    (re.compile(r"^\s*(?:[A-Za-z]{3,9}[\s,]+)?(\d{1,2})(?:st|nd|rd|th)?" + _SEP + r"(" + _MONTH_RE + r")" + _SEP
                + r"(\d{4})" + _TIME + r"\s*$", re.I), "dmy"),
    # 2/26/16, 2/26/2016 (US order, as English-language scrapers write it)
    (re.compile(r"^\s*(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})" + _TIME + r"\s*$", re.I), "us"),
    # 26.02.2016
    (re.compile(r"^\s*(\d{1,2})\.(\d{1,2})\.(\d{4})" + _TIME + r"\s*$", re.I), "dotted"),
]


class InvalidDate(ValueError):
    """A string that has the shape of a date but names no real day (Feb 31)."""


def parse_publication_date(text: str) -> datetime | None:
    """Parse a scraped date string; None when it is not a date. Raises InvalidDate for Feb 31."""
    if not text or len(text) > 80:
        return None
    for pattern, order in _PUBLICATION_FORMATS:
        m = pattern.match(text)
        if not m:
            continue
        g = m.groups()
        if order == "ymd":
            y, mo, d = int(g[0]), int(g[1]), int(g[2])
            hh, mm, ss = g[3], g[4], g[5]
        elif order == "mdy":
            mo, d, y = MONTHS[g[0].lower()], int(g[1]), int(g[2])
            hh, mm, ss = g[3], g[4], g[5]
        elif order == "dmy":
            d, mo, y = int(g[0]), MONTHS[g[1].lower()], int(g[2])
            hh, mm, ss = g[3], g[4], g[5]
        elif order == "us":
            mo, d, y = int(g[0]), int(g[1]), int(g[2])
            y = y + 2000 if y < 100 else y
            hh, mm, ss = g[3], g[4], g[5]
        else:
            d, mo, y = int(g[0]), int(g[1]), int(g[2])
            hh, mm, ss = g[3], g[4], g[5]
        try:
            parsed = datetime(y, mo, d, int(hh or 0), int(mm or 0), int(ss or 0))
        except ValueError as exc:
            raise InvalidDate(f"{text.strip()!r} is not a real date ({exc})") from exc
        if not MIN_YEAR <= parsed.year <= MAX_YEAR:
            raise InvalidDate(f"{text.strip()!r} has an implausible year (outside {MIN_YEAR}-{MAX_YEAR})")
        return parsed
    return None


@dataclass(frozen=True)
class DateMention:
    """A date phrase in a paragraph and the day it resolves to."""

    expression: str
    start: int
    end: int
    day: date
    precision: int = DATE_PRECISION_DAY


_NUM = r"(\d{1,3}|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + r")"
_WEEKDAY_RE = "|".join(WEEKDAYS)
_RELATIVE_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"\b(?:(?:during|over|in|within) )?(?:the )?(?:last|past|previous|recent|earlier this|this) "
                r"(?:few |couple of |several )?(week|days|month|year)s?\b|\bin recent (days|weeks)\b|"
                r"\b(?:a |one )?(?:week|month|year) (?:ago|earlier)\b|\b(?:the day|a day) (?:before|earlier)\b", re.I), "vague"),
    (re.compile(r"\b(?:early |late |earlier |on )?(this|today'?s?|yesterday'?s?) ?(morning|afternoon|evening|night)?\b", re.I), "today"),
    (re.compile(r"\b(today|tonight|earlier today|last night|overnight)\b", re.I), "today"),
    (re.compile(r"\b(?:just |some |about |more than )?" + _NUM + r" (hours?|days?|weeks?) (?:ago|earlier|before)\b", re.I), "ago"),
    (re.compile(r"\b(?:on |last |this |since |early |late |next |on the night of |on the morning of )?(" + _WEEKDAY_RE
                + r")(?: (?:morning|afternoon|evening|night))?\b", re.I), "weekday"),
    (re.compile(r"\b(?:on |since |from )?(?:(" + _MONTH_RE + r")\.? (\d{1,2})(?:st|nd|rd|th)?|(\d{1,2})(?:st|nd|rd|th)? (?:of )?("
                + _MONTH_RE + r"))(?:,? (\d{4}))?\b", re.I), "monthday"),
]


# The words without which none of the patterns above can match, one set per pattern (in order), and
# one lower-case scan that finds them: a paragraph that says "earlier" is not searched for weekdays.
_PATTERN_WORDS = [
    frozenset({"last", "past", "previous", "recent", "this", "ago", "earlier", "before"}),
    frozenset({"this", "today", "yesterday"}),
    frozenset({"today", "tonight", "last", "overnight"}),
    frozenset({"ago", "earlier", "before"}),
    frozenset(WEEKDAYS),
    frozenset(MONTHS),
]
_DATE_WORD = re.compile(  # on lower-cased text: four times faster than a case-blind scan
    r"\b(?:today|tonight|yesterday|this|last|overnight|ago|earlier|before|past|previous|recent|"
    + "|".join(WEEKDAYS) + "|" + _MONTH_RE + r")")


def _patterns_to_try(text: str) -> list[tuple[re.Pattern[str], str]]:
    words = set(_DATE_WORD.findall(text.lower()))
    return [pk for pk, needs in zip(_RELATIVE_PATTERNS, _PATTERN_WORDS, strict=True) if words & needs]


def find_date_mentions(text: str, published: date) -> list[DateMention]:
    """Every date phrase in `text` resolved against the publication day, in text order."""
    patterns = _patterns_to_try(text)
    if not patterns:
        return []  # most paragraphs name no day: one cheap scan instead of five
    found: list[DateMention] = []
    taken = bytearray(len(text))  # characters already inside a found phrase (earlier patterns win)
    for pattern, kind in patterns:
        for m in pattern.finditer(text):
            if any(taken[m.start():m.end()]):
                continue
            resolved = _resolve(kind, m, text, published)
            if resolved is None:
                continue
            taken[m.start():m.end()] = b"\x01" * (m.end() - m.start())
            found.append(DateMention(m.group(0).strip(), m.start(), m.end(), *resolved))
    found.sort(key=lambda d: d.start)
    return _anchor_day_before(found)


_DAY_BEFORE = re.compile(r"(?:the|a) day (?:before|earlier)", re.I)


def _anchor_day_before(found: list[DateMention]) -> list[DateMention]:
    """'the day before' a day the text names just before it ("said on Saturday it brought food ... the
    day before": Friday) is that day's eve; alone it stays vague."""
    out: list[DateMention] = []
    for mention in found:
        if out and _DAY_BEFORE.fullmatch(mention.expression) and out[-1].precision == DATE_PRECISION_DAY:
            mention = DateMention(mention.expression, mention.start, mention.end, out[-1].day - timedelta(days=1))
        out.append(mention)
    return out


def _resolve(kind: str, m: re.Match[str], text: str, published: date) -> tuple[date, int] | None:
    """The day a date phrase of this kind means, in an article published on `published`, and how precisely."""
    if kind == "vague":
        return _resolve_vague(m, published)
    resolver = _RESOLVERS.get(kind)
    day = resolver(m, text, published) if resolver else None
    return (day, DATE_PRECISION_DAY) if day else None


def _resolve_vague(m: re.Match[str], published: date) -> tuple[date, int] | None:
    """'last week', 'in recent days', 'earlier this month', 'last year', 'the day before': the middle of
    the span, at a coarser precision. ('the day before' is a day before some other day the text
    names, not one it states: the week before publication.)"""
    phrase = m.group(0).lower()
    this = "this" in phrase  # the span up to publication, else the whole span before it
    if "year" in phrase:
        return (_middle(date(published.year, 1, 1), published) if this else date(published.year - 1, 7, 1),
                DATE_PRECISION_YEAR)
    if "month" in phrase:
        last_month = published.replace(day=1) - timedelta(days=1)
        return (_middle(published.replace(day=1), published) if this else last_month.replace(day=15),
                DATE_PRECISION_MONTH)
    if this and "week" in phrase:
        return _middle(published - timedelta(days=published.weekday()), published), DATE_PRECISION_WEEK
    return published - timedelta(days=4), DATE_PRECISION_WEEK  # the seven days before publication


def _middle(first: date, last: date) -> date:
    return first + (last - first) / 2


def _resolve_today(m: re.Match[str], text: str, published: date) -> date | None:
    """'today', 'this morning', 'yesterday', 'last night', 'overnight'."""
    phrase = m.group(0).lower()
    if not any(w in phrase for w in ("this", "today", "tonight", "yesterday", "last night", "overnight")):
        return None
    if phrase.strip() == "this":
        return None
    if "yesterday" in phrase or "last night" in phrase or "overnight" in phrase:
        return published - timedelta(days=1)
    if m.group(1).lower() == "this" and not m.group(2):
        return None  # "this" alone is not a date, nor "earlier this" (month, week, year)
    return published


def _resolve_ago(m: re.Match[str], text: str, published: date) -> date | None:
    """'three days ago', '48 hours ago', 'two weeks ago'."""
    raw, unit = m.group(1).lower(), m.group(2).lower()
    n = int(raw) if raw.isdigit() else NUMBER_WORDS.get(raw)
    if n is None:
        return None
    if unit.startswith("hour"):
        return published - timedelta(days=n // 24)
    if unit.startswith("week"):
        return published - timedelta(weeks=n)
    return published - timedelta(days=n)


def _resolve_weekday(m: re.Match[str], text: str, published: date) -> date | None:
    """'on Thursday' (the last one, or the next in a clause about the future), 'last Friday'."""
    phrase = m.group(0).lower()
    target = WEEKDAYS[m.group(1).lower()]
    delta = (published.weekday() - target) % 7
    if phrase.startswith("next") or _is_future_clause(text, m.start()):
        return published + timedelta(days=(target - published.weekday()) % 7 or 7)
    if phrase.startswith("last") and delta == 0:
        delta = 7
    return published - timedelta(days=delta)


def _resolve_monthday(m: re.Match[str], text: str, published: date) -> date | None:
    """'February 25', '25 February 2016'; a day well after publication is last year's."""
    month_name = m.group(1) or m.group(4)
    day_num = int(m.group(2) or m.group(3))
    year = int(m.group(5)) if m.group(5) else published.year
    try:
        day = date(year, MONTHS[month_name.lower()], day_num)
    except ValueError:
        return None
    if not m.group(5) and day > published + timedelta(days=7) and not _is_future_clause(text, m.start()) \
            and not _DEADLINE_BEFORE.search(text, max(0, m.start() - 8), m.start()):
        day = day.replace(year=year - 1)  # "on December 30" in a January article
    return day


_RESOLVERS = {"today": _resolve_today, "ago": _resolve_ago, "weekday": _resolve_weekday,
              "monthday": _resolve_monthday}


# "work to open two parks by February 15" (published in January): a deadline ahead, not last February.
_DEADLINE_BEFORE = re.compile(r"\b(?:by|until|till)\s+$", re.I)
_FUTURE_RE = re.compile(r"\b(will|would|is to|are to|to be held|scheduled|planned|expected to|next)\b[^.;]*$", re.I)


def _is_future_clause(text: str, pos: int) -> bool:
    window = max(0, pos - 300)  # a bounded look back keeps huge paragraphs linear
    sentence_start = max(text.rfind(". ", window, pos), text.rfind("; ", window, pos), window - 1) + 1
    return bool(_FUTURE_RE.search(text[sentence_start:pos]))


# "the ministry said on Tuesday that aircraft struck X on Monday": the day of a statement, not of the
# event it reports.
_STATEMENT_BEFORE = re.compile(
    r"\b(?:said|says|told|tells|announced|announces|reported|reports|stated|states|added|confirmed|declared|"
    r"claimed|quoted|cited)\s+(?:(?!that\b)[\w'’-]+\s+){0,2}$", re.I)


def is_statement_date(text: str, mention: DateMention) -> bool:
    """True when the date phrase dates a statement ("said on Tuesday", "told Reuters on Monday")."""
    return bool(_STATEMENT_BEFORE.search(text, max(0, mention.start - 40), mention.start))


RELATIVE_CLAUSE = re.compile(r",\s*(?:which|where|who|that|when)\b[^,.;]*", re.I)


@dataclass(frozen=True)
class EventDate:
    """The day an event happened and how it was found."""

    day: date | None
    precision: int | None
    expression: str


def resolve_event_date(paragraph: str, published: datetime | date | None) -> EventDate:
    """The paragraph's event day: its first date phrase outside a relative clause, else the publication day.

    A phrase inside ", which was seized ... 48 hours ago" dates an earlier event at the place the
    clause describes, not the paragraph's own event (see `relative_clause_dates`).
    """
    if published is None:
        return EventDate(None, None, "")
    pub = published.date() if isinstance(published, datetime) else published
    clauses = [(m.start(), m.end()) for m in RELATIVE_CLAUSE.finditer(paragraph)]
    for mention in find_date_mentions(paragraph, pub):
        if any(s <= mention.start < e for s, e in clauses):
            continue
        if mention.day > pub:
            continue  # a future plan is not the event reported
        return EventDate(mention.day, mention.precision, mention.expression)
    return EventDate(pub, DATE_PRECISION_PUBLICATION, "publication date")


def event_dates_by_part(paragraph: str, published: datetime | date | None) -> list[tuple[int, EventDate]]:
    """The event day of each part of a paragraph that joins separate reports with ";" (UCDP's
    headlines of one event, Airwars' dated strike lines), with the offset where the part starts.

    "3 massacres kill 43 civilians in Idlib countryside; 206 were killed yesterday" dates Idlib on
    the publication day: the other report's "yesterday" is its own. A paragraph without ";" is one part.
    """
    starts = report_part_starts(paragraph)
    ends = [*starts[1:], len(paragraph)]
    return [(start, resolve_event_date(paragraph[start:end], published)) for start, end in zip(starts, ends)]


def report_part_starts(paragraph: str) -> list[int]:
    """Where each part of a paragraph that joins separate reports with ";" starts (see event_dates_by_part)."""
    return [0, *(m.end() for m in REPORT_JOIN.finditer(paragraph))]


# A ";" that begins another report (a capital, a digit, another script), not a clause of the same
# sentence ("...; but Kerry has made clear a ceasefire ... on Feb 27 must also include Aleppo").
REPORT_JOIN = re.compile(r";(?=\s*[^\sa-z])")


def relative_clause_dates(paragraph: str, published: datetime | date | None) -> list[tuple[int, DateMention]]:
    """Dates found inside relative clauses, with the clause's start offset (the place before it)."""
    if published is None:
        return []
    pub = published.date() if isinstance(published, datetime) else published
    out = []
    for clause in RELATIVE_CLAUSE.finditer(paragraph):
        for mention in find_date_mentions(clause.group(0), pub):
            if mention.day <= pub and mention.precision == DATE_PRECISION_DAY:
                out.append((clause.start(), mention))
    return out
