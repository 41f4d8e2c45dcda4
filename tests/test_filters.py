from datetime import date

import pytest

from components.filters import Filters, apply_filters, counts_text, date_bounds, filter_options, summarize_counts
from dashboard_fixtures import seed_frame


@pytest.fixture(scope="module")
def events(tmp_path_factory):
    return seed_frame(tmp_path_factory.mktemp("f"))


def test_counts_line(events):
    seed = events[events["article_title"].str.startswith("Terrorists")]
    assert summarize_counts(seed) == "13 events at 9 places, 24 Feb 2016 – 26 Feb 2016"


def test_date_range_is_inclusive_and_drops_undated(events):
    one_day = apply_filters(events, Filters(start=date(2016, 2, 25), end=date(2016, 2, 25)))
    assert set(one_day["event_date"]) == {"2016-02-25"}
    assert list(one_day["place_mention"]) == ["Aleppo"]
    with_undated = apply_filters(events, Filters(start=date(2016, 2, 25), end=date(2016, 2, 25), include_undated=True))
    assert with_undated["event_date"].isna().sum() == events["event_date"].isna().sum() > 0


def test_type_actor_source_and_text_filters(events):
    assert set(apply_filters(events, Filters(event_types=("withdrawal",)))["event_type"]) == {"withdrawal"}
    liwa = apply_filters(events, Filters(actors=("Liwa al-Quds",)))
    assert list(liwa["place_mention"]) == ["Khanaser"]
    assert apply_filters(events, Filters(sources=("nobody",))).empty
    hawaz = apply_filters(events, Filters(search="hawaz"))
    assert "Hawaz" in set(hawaz["place_mention"]) and hawaz["paragraph_text"].str.contains("Hawaz").all()


def test_options_and_bounds(events):
    opts = filter_options(events)
    assert "ISIS" in opts["actors"] and "territory taken" in opts["event_types"]
    assert date_bounds(events) == (date(2016, 2, 24), date(2016, 2, 26))
    assert opts["bounds"] == [date(2016, 2, 24), date(2016, 2, 26)] and opts["undated"] == [int(events["event_date"].isna().sum())] == [1]


def test_counts_line_by_incident_and_the_minimum_sources_filter(events):
    seed = events[events["article_title"].str.startswith("Terrorists")]
    assert summarize_counts(seed, by_incident=True) == "10 incidents from 13 reports at 9 places, 24 Feb 2016 – 26 Feb 2016"
    sources = {i: 2 for i in seed["incident_id"].iloc[:1]}
    import pandas as pd

    kept = apply_filters(events, Filters(min_sources=2), pd.Series(sources))
    assert set(kept["incident_id"]) == set(sources)


def test_a_view_round_trips_through_the_url():
    from datetime import date

    from components.filters import Filters, query_from_filters, widget_state_from_query

    options = {"bounds": [date(2016, 2, 1), date(2016, 2, 28)], "event_types": ["shelling", "air/drone strike"],
               "actors": ["ISIS"], "sources": ["SANA", "SOHR"], "max_sources": [3]}
    f = Filters(date(2016, 2, 25), date(2016, 2, 26), ("shelling",), ("ISIS",), ("SOHR",), "Khanaser", True, 2, False)
    query = query_from_filters(f, options, "0123456789ab")
    assert query == {"from": "2016-02-25", "to": "2016-02-26", "type": ["shelling"], "actor": ["ISIS"],
                     "source": ["SOHR"], "q": "Khanaser", "undated": "1", "sources_min": "2", "view": "reports",
                     "event": "0123456789ab"}
    as_url = {k: v if isinstance(v, list) else [v] for k, v in query.items()}
    assert widget_state_from_query(as_url, options) == {
        "date_range": (date(2016, 2, 25), date(2016, 2, 26)), "types": ["shelling"], "actors": ["ISIS"],
        "sources": ["SOHR"], "search": "Khanaser", "undated": True, "min_sources": 2, "view": "Every report",
        "selected_event": "0123456789ab"}
    # The defaults make an empty URL.
    assert query_from_filters(Filters(date(2016, 2, 1), date(2016, 2, 28)), options) == {}


def test_a_stale_or_hand_edited_url_opens_the_nearest_valid_view():
    from datetime import date

    from components.filters import widget_state_from_query

    options = {"bounds": [date(2016, 2, 1), date(2016, 2, 28)], "event_types": ["shelling"], "actors": [],
               "sources": [], "max_sources": [2]}
    state = widget_state_from_query({"from": ["2015-01-01"], "to": ["not a date"], "type": ["shelling", "<script>"],
                                     "sources_min": ["99"], "view": ["map"], "event": ["'; drop table"]}, options)
    assert state == {"types": ["shelling"], "min_sources": 2}
    assert widget_state_from_query({"from": ["2016-02-20"]}, options)["date_range"] == (date(2016, 2, 20), date(2016, 2, 28))
    assert "date_range" not in widget_state_from_query({"from": ["2016-02-27"], "to": ["2016-02-02"]}, options)


def test_a_place_is_found_by_every_name_the_gazetteer_holds(events, gazetteer):
    from components.filters import place_names, place_search_index

    index = place_search_index(place_names(events, gazetteer.entry_by_id))
    # The row shows GeoNames' "Khanāşir"; the report wrote "Khanaser".
    khanaser = set(events.loc[events["place_mention"] == "Khanaser", "event_id"])
    assert khanaser
    for spelling in ("Khanasir", "خناصر", "Khanasser", "khanāşir "):
        found = apply_filters(events, Filters(search=spelling), place_index=index)
        assert khanaser <= set(found["event_id"]), spelling
    # Without the index only the visible spellings match; a name of no place finds nothing extra.
    assert apply_filters(events, Filters(search="خناصر")).empty
    assert apply_filters(events, Filters(search="Qunasira Zzz"), place_index=index).empty


def test_the_counts_line_says_how_many_rows_the_map_cannot_draw(events):
    seed = events[events["article_title"].str.startswith("Terrorists")].copy()
    seed.loc[seed.index[:2], ["latitude", "longitude"]] = None
    assert summarize_counts(seed, by_incident=True) == ("10 incidents from 13 reports at 9 places, 24 Feb 2016 – "
                                                        "26 Feb 2016; 2 reports not on the map (no coordinates)")
    assert summarize_counts(seed.head(1)).endswith("; 1 event not on the map (no coordinates)")


# ---------------------------------------------------------------- the same filters asked of the store

SQL_CASES = [
    Filters(),
    Filters(start=date(2016, 2, 25), end=date(2016, 2, 26)),
    Filters(start=date(2016, 2, 25), end=date(2016, 2, 25), include_undated=True),
    Filters(event_types=("withdrawal", "territory taken")),
    Filters(actors=("Liwa al-Quds",)),
    Filters(actors=("ISIS",), sources=("nobody",)),
    Filters(search="hawaz"),
    Filters(search="Palmyra"),  # Tadmur's other name: the gazetteer's names, not only the row's
    Filters(search="100%_"),  # LIKE's wildcards are taken literally
    Filters(search="<script"),
    Filters(min_sources=2),
]


@pytest.mark.parametrize("f", SQL_CASES, ids=[repr(f)[8:60] for f in SQL_CASES])
def test_the_store_keeps_exactly_the_events_the_filters_keep(any_store, tmp_path, f):
    from components.filters import event_query, place_names, place_search_index
    from conftest import HOSTILE, SEED, TODAY
    from eventmap.gazetteer import load_gazetteer
    from eventmap.loader import load_paths
    from eventmap.store import count_events, event_summary, events_page, filter_choices, place_name_rows

    palmyra = tmp_path / "palmyra.txt"
    palmyra.write_text("Army retakes Tadmur\n\nThe army took Tadmur on Friday 25 February 2016 after clashes "
                       "with ISIS, a rise of 100%_ in a week.\n", encoding="utf-8")
    load_paths([SEED, HOSTILE / "xss_article.txt", HOSTILE / "no_date.txt", palmyra], any_store, today=TODAY)
    events = any_store.events_frame()
    index = place_search_index(place_names(place_name_rows(any_store), load_gazetteer().entry_by_id))
    sources = any_store.incidents_frame().set_index("incident_id")["sources"]
    kept = apply_filters(events, f, sources, index)
    query = event_query(f, filter_choices(any_store)["actor_lists"], index)
    asked = events_page(any_store, query, 1_000)
    assert sorted(asked["event_id"]) == sorted(kept["event_id"])
    assert count_events(any_store, query) == len(kept)
    summary = event_summary(any_store, query)
    assert summarize_counts(kept, by_incident=True) == counts_text(
        summary["events"], summary["incidents"], summary["places"], date_bounds(kept), summary["unplaced"], True)
    if f.search == "Palmyra":
        assert set(kept["place_name"]) == {"Tadmur"} and not kept["paragraph_text"].str.contains("Palmyra").any()


def test_the_store_offers_the_choices_the_frame_offers(any_store):
    from components.filters import options_from_choices
    from conftest import HOSTILE, SEED, TODAY
    from eventmap.loader import load_paths
    from eventmap.store import filter_choices

    load_paths([SEED, HOSTILE / "xss_article.txt", HOSTILE / "no_date.txt"], any_store, today=TODAY)
    options = options_from_choices(filter_choices(any_store))
    assert options.pop("max_sources") == [1]
    assert options == filter_options(any_store.events_frame())
