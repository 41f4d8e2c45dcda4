"""One library function chains the steps: article -> places -> geocode -> dates -> event rows.

The row it makes (EventRow, EVENT_COLUMNS) lives in eventmap/model.py, shared with the store."""

from __future__ import annotations

from datetime import date

from eventmap.classify import classify_event_type, find_actors
from eventmap.clauses import what_happened
from eventmap.dates import DATE_PRECISION_DAY, relative_clause_dates
from eventmap.gazetteer import Gazetteer
from eventmap.geocode import GeoResult, geocode_article
from eventmap.model import EventRow, make_event_id
from eventmap.names import name_words, word_key
from eventmap.parse import Article
from eventmap.places import PlaceMention, analyse_text, find_place_mentions, person_name_keys, relate_mentions


def extract_mentions(article: Article, gazetteer: Gazetteer, foreign: frozenset[str]) -> tuple[list[PlaceMention], list[list[PlaceMention]]]:
    """Place mentions of the title and of each paragraph."""
    persons = frozenset().union(*(person_name_keys(t) for t in [article.readable_title, *article.readable_paragraphs]))
    # "Damascus said", "Aleppo says": a city or a province speaking for its rulers names no person.
    persons = frozenset(k for k in persons if not _names_city_or_province(gazetteer, k))

    def find(text: str, names: frozenset[str] = frozenset()) -> list[PlaceMention]:
        return find_place_mentions(text, gazetteer.index, foreign, gazetteer.max_words, names, persons,
                                   gazetteer.obscure_keys)

    first = [find(p) for p in article.readable_paragraphs]
    # (An obscure village's one-word name found with a cue counts later in the article without one.)
    cued_mentions = [m for ms in first for m in ms if not m.in_gazetteer or m.key in gazetteer.obscure_keys]
    cued = frozenset(m.key for m in cued_mentions)
    paragraphs = first
    if cued:
        # Only paragraphs holding a word of one of those names outside the places already found
        # there need a second look (most hold just the cued name itself).
        first_words = {k for m in cued_mentions for k in (word_key(w) for w in name_words(m.name)) if k}
        paragraphs = [_keep_first_look(find(p, cued), ms) if _word_outside_mentions(analyse_text(p)[0], first_words, ms)
                      else ms for p, ms in zip(article.readable_paragraphs, first)]
    return find(article.readable_title), paragraphs


def _word_outside_mentions(tokens: list, keys: set[str], mentions: list[PlaceMention]) -> bool:
    """True when a token keyed as one of `keys` lies outside every mention's span."""
    return any(t.key in keys and not any(m.start <= t.start < m.end for m in mentions) for t in tokens)


def _keep_first_look(second: list[PlaceMention], first: list[PlaceMention]) -> list[PlaceMention]:
    """The second look's mentions, but as the first look found those it found too: the first knew
    the cue ("the villages of X": a populated place), the second only that X was named."""
    by_span = {(m.start, m.end): m for m in first}
    return [by_span.get((m.start, m.end), m) for m in second]


def _names_city_or_province(gazetteer: Gazetteer, key: str) -> bool:
    return any(gazetteer.entries[i].feature in ("city", "district", "governorate") for i in gazetteer.index.get(key, ()))


def extract_events(article: Article, gazetteer: Gazetteer, foreign: frozenset[str] = frozenset()) -> list[EventRow]:
    """Every event row of an article: one per (paragraph, place, event day)."""
    title_mentions, paragraph_mentions = extract_mentions(article, gazetteer, foreign)
    relations = [relate_mentions(text, ms) for text, ms in zip(article.readable_paragraphs, paragraph_mentions)]
    geo = geocode_article(gazetteer, title_mentions, paragraph_mentions, relations)
    published = article.published_at
    rows: list[EventRow] = []
    for index, (text, mentions, results, related) in enumerate(zip(article.readable_paragraphs, paragraph_mentions,
                                                                   geo, relations)):
        if not mentions:
            continue
        happened = what_happened(text, published, [(m.start, m.end, m.name) for m in mentions])
        seen: set[tuple[str, date | None]] = set()
        for i, (mention, result, what) in enumerate(zip(mentions, results, happened)):
            if what.context:
                continue  # a dateline, a capital standing for its government, a plan: context, no event
            if i in related.locators:
                continue  # "al-Bab city northeast of Aleppo": Aleppo locates al-Bab (its anchor), no event
            place_key = result.place_id or f"name:{mention.key}"
            if (place_key, what.date.day) in seen:
                continue
            seen.add((place_key, what.date.day))
            rows.append(_row(article, index, text, mention, result, place_key, what.date.day, what.date.precision,
                             what.date.expression, what.event_type, "; ".join(what.actors)))
        # ", which was seized ... 48 hours ago": an earlier event at the place the clause follows.
        by_end = {m.end: (m, r) for m, r in zip(mentions, results)}
        for clause_start, when in relative_clause_dates(text, published):
            before = [by_end[e] for e in (clause_start, clause_start - 1, clause_start - 2) if e in by_end]
            if not before:
                continue
            mention, result = before[0]
            place_key = result.place_id or f"name:{mention.key}"
            clause = text[clause_start:]
            rows.append(_row(article, index, text, mention, result, place_key, when.day, DATE_PRECISION_DAY,
                             when.expression, classify_event_type(clause),
                             "; ".join(find_actors(clause) or find_actors(text))))
    return _unique(rows)


def locating_mention_texts(article: Article, gazetteer: Gazetteer, foreign: frozenset[str] = frozenset()) -> list[list[str]]:
    """Per paragraph, the place names found only locating another ("Aleppo" of "al-Bab northeast of
    Aleppo"): found, but with no event row of their own (for `eventmap evaluate`'s place finding)."""
    _, paragraph_mentions = extract_mentions(article, gazetteer, foreign)
    return [[mentions[i].text for i in sorted(relate_mentions(text, mentions).locators)]
            for text, mentions in zip(article.readable_paragraphs, paragraph_mentions)]


MAX_PARAGRAPH_CHARS = 4000  # a report's paragraph is a few hundred characters


def paragraph_excerpt(text: str, start: int, end: int, limit: int = MAX_PARAGRAPH_CHARS) -> str:
    """The paragraph, or for an over-long one the window of `limit` characters around the mention.

    Every event row carries its paragraph; a 50 MB scrape with no breaks would otherwise be
    copied into each of its rows. The article's full body stays in the articles table.
    """
    if len(text) <= limit:
        return text
    half = (limit - 2) // 2
    lo = max(0, min(start - half, len(text) - (limit - 2)))
    hi = min(len(text), lo + limit - 2)
    return ("…" if lo > 0 else "") + text[lo:hi] + ("…" if hi < len(text) else "")


def _row(article: Article, index: int, text: str, mention: PlaceMention, result: GeoResult, place_key: str,
         day: date | None, precision: int | None, expression: str, event_type: str, actors: str) -> EventRow:
    return EventRow(
        event_id=make_event_id(article.article_id, index, place_key, day),
        article_id=article.article_id, article_title=article.readable_title, article_source=article.source,
        article_url=article.url,
        published_at=article.published_at.isoformat() if article.published_at else None,
        paragraph_index=index, paragraph_text=paragraph_excerpt(text, mention.start, mention.end),
        place_mention=mention.text, place_name=result.place_name,
        place_id=result.place_id, latitude=result.latitude, longitude=result.longitude, admin1=result.admin1,
        geo_precision=result.geo_precision, geo_confidence=result.geo_confidence,
        geo_candidates=result.runner_up_count, anchor_place=result.anchor,
        event_date=day.isoformat() if day else None, date_precision=precision, date_expression=expression,
        event_type=event_type, actors=actors,
    )


def _unique(rows: list[EventRow]) -> list[EventRow]:
    seen: set[str] = set()
    out = []
    for r in rows:
        if r.event_id not in seen:
            seen.add(r.event_id)
            out.append(r)
    return out
