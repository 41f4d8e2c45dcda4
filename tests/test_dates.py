from datetime import date, datetime

import pytest

from eventmap.dates import (
    DATE_PRECISION_MONTH,
    DATE_PRECISION_WEEK,
    DATE_PRECISION_YEAR,
    InvalidDate,
    event_dates_by_part,
    parse_publication_date,
    relative_clause_dates,
    resolve_event_date,
)

PUB = datetime(2016, 2, 26, 14, 28, 26)  # a Friday


@pytest.mark.parametrize("text, expected, expression", [
    ("In relevant development in the province on Thursday, the army advanced.", date(2016, 2, 25), "on Thursday"),
    ("The army entered the city this morning.", date(2016, 2, 26), "this morning"),
    ("The army said yesterday it took the town.", date(2016, 2, 25), "yesterday"),
    ("Clashes erupted on February 24 near the town.", date(2016, 2, 24), "on February 24"),
    ("The village fell 48 hours ago.", date(2016, 2, 24), "48 hours ago"),
    ("Fighting continued today.", date(2016, 2, 26), "today"),
])
def test_relative_phrases_resolve_against_publication(text, expected, expression):
    d = resolve_event_date(text, PUB)
    assert (d.day, d.precision, d.expression) == (expected, 1, expression)


def test_no_phrase_uses_publication_day_with_precision_2():
    d = resolve_event_date("The army advanced.", PUB)
    assert (d.day, d.precision) == (date(2016, 2, 26), 2)


@pytest.mark.parametrize(("text", "day", "precision"), [
    # Vague times name a span, not a day: its middle, at ACLED-like coarser precision (3 week, 4 month,
    # 5 year); never the publication day claimed exactly (Reuters: "earlier this month" had been "today").
    ("Peace talks collapsed earlier this month.", date(2016, 2, 13), DATE_PRECISION_MONTH),
    ("ISIS was routed from there earlier this week.", date(2016, 2, 24), DATE_PRECISION_WEEK),
    ("Earlier this year, the war reached a turning point.", date(2016, 1, 29), DATE_PRECISION_YEAR),
    ("Rebels shelled the town last week.", date(2016, 2, 22), DATE_PRECISION_WEEK),
    ("Airstrikes hit the area in recent days.", date(2016, 2, 22), DATE_PRECISION_WEEK),
    ("Over the past few days the army advanced.", date(2016, 2, 22), DATE_PRECISION_WEEK),
    ("The town fell last month.", date(2016, 1, 15), DATE_PRECISION_MONTH),
    ("The town fell last year.", date(2015, 7, 1), DATE_PRECISION_YEAR),
    ("Clashes had broken out the day before.", date(2016, 2, 22), DATE_PRECISION_WEEK),
])
def test_vague_times_get_a_vague_date(text, day, precision):
    d = resolve_event_date(text, PUB)
    assert (d.day, d.precision) == (day, precision)


@pytest.mark.parametrize("text", ["Last Friday the army advanced.", "The strikes hit three days ago.",
                                  "Warplanes struck on Thursday morning."])
def test_named_days_stay_exact_beside_the_vague_patterns(text):
    assert resolve_event_date(text, PUB).precision == 1


def test_a_statements_day_is_not_its_events_day():
    from eventmap.dates import find_date_mentions, is_statement_date

    text = "The ministry said on Tuesday that aircraft struck the town on Monday."
    said, struck = find_date_mentions(text, PUB.date())
    assert is_statement_date(text, said) and not is_statement_date(text, struck)
    # What follows "said that" is what was said: its day is the event's.
    reported = "Rebels said that on Monday the town fell."
    assert not is_statement_date(reported, find_date_mentions(reported, PUB.date())[0])


def test_future_plans_are_not_event_dates():
    assert resolve_event_date("Talks will be held on Monday.", PUB).precision == 2
    # A deadline ahead (SANA-style, written for this test) is not the same day a year before.
    assert resolve_event_date("Work is ongoing to open two parks in the camp by March 15.", PUB).precision == 2
    assert resolve_event_date("The camp was shelled on March 15.", PUB).day == date(2015, 3, 15)


def test_relative_clause_dates_an_earlier_event():
    text = "advanced towards the village of Hawaz, which was seized by the ISIS just 48 hours ago, FNA reported."
    assert resolve_event_date(text, PUB).day == date(2016, 2, 26)
    ((offset, mention),) = relative_clause_dates(text, PUB)
    assert text[offset - 5:offset] == "Hawaz" and mention.day == date(2016, 2, 24)


def test_undated_article_gets_no_event_date():
    assert resolve_event_date("on Thursday", None).day is None


def test_impossible_date_is_an_error_not_a_guess():
    with pytest.raises(InvalidDate):
        parse_publication_date("Mon Feb 31, 2016 14:28:26")
    assert parse_publication_date("Breaking news") is None


def test_reports_joined_by_a_semicolon_are_dated_each_on_its_own():
    # UCDP joins the headlines of one event with ";" (SOHR's daily toll says "yesterday" for itself).
    text = "3 massacres by warplanes kill 43 civilians in Idlib countryside; 206 were killed yesterday"
    (first, d1), (second, d2) = event_dates_by_part(text, PUB)
    assert (first, d1.day, d1.precision) == (0, date(2016, 2, 26), 2)
    assert text[second:].strip().startswith("206") and (d2.day, d2.expression) == (date(2016, 2, 25), "yesterday")
    # Airwars' dated strike lines.
    parts = event_dates_by_part("Casualties in Raqqa countryside;February 21st 2016: (S454) Al Sahamiya village", PUB)
    assert [d.day for _, d in parts] == [date(2016, 2, 26), date(2016, 2, 21)]
    # A lower-case clause after ";" is the same sentence: one part, dated by its phrase.
    (only,) = event_dates_by_part("The army said on Thursday it would hold fire around Damascus; but a truce must "
                                  "also include Aleppo", PUB)
    assert only[1].day == date(2016, 2, 25)
