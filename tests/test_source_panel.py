import pytest

from components.source_panel import event_card_html, events_at_same_place, find_event
from conftest import DATA
from dashboard_fixtures import seed_frame


@pytest.fixture(scope="module")
def events(tmp_path_factory):
    return seed_frame(tmp_path_factory.mktemp("p"), DATA / "village_no_source_has.txt")


def test_click_lookup_and_same_place_newest_first(events):
    hawaz = events[events["place_mention"] == "Hawaz"].sort_values("event_date")
    first = hawaz.iloc[0]
    found = find_event(events, first["event_id"][:12])
    assert found["event_id"] == first["event_id"]
    same = events_at_same_place(events, found)
    assert list(same["event_date"]) == sorted(same["event_date"], reverse=True)
    assert set(same["place_name"]) == {"Al Ḩawāz"} and len(same) == 2
    assert find_event(events, "ffffffffffff") is None


def test_card_shows_paragraph_with_place_highlighted_and_how_dated(events):
    row = events[(events["paragraph_index"] == 2) & events["article_title"].str.startswith("Terrorists")].iloc[0]
    html = event_card_html(row, clicked=True)
    assert "<mark>Aleppo</mark>" in html and "on Thursday" in html and "2016-02-25" in html
    assert "Terrorists Withdraw from More Areas" in html


def test_card_escapes_scraped_markup_and_never_links_javascript(events):
    xss = events[events["article_title"].str.contains("script", regex=False)].iloc[0]
    html = event_card_html(xss)
    assert "<script>" not in html and "<img" not in html and "<svg" not in html
    assert "&lt;script&gt;alert(&#x27;title&#x27;)&lt;/script&gt;" in html
    row = dict(xss)
    row["article_url"] = "javascript:alert(1)"
    assert "<a " not in event_card_html(row) and "javascript:alert(1)" in event_card_html(row)
    row["article_url"] = "https://example.org/a?b=1&c=2"
    assert '<a href="https://example.org/a?b=1&amp;c=2"' in event_card_html(row)


def test_a_report_that_is_its_own_title_is_shown_once(events):
    row = dict(events.iloc[0])
    row["article_title"] = row["paragraph_text"]
    html = event_card_html(row)
    assert html.count(row["paragraph_text"][:40]) == 1


def test_undated_events_show_without_error(events):
    undated = events[events["event_date"].isna()].iloc[0]
    html = event_card_html(undated)
    assert "Event date <b>undated</b>" in html and "published undated" in html and "nan" not in html


def test_card_flags_an_ambiguous_name_and_an_approximate_spelling(events):
    row = dict(events[events["place_name"] == "Aleppo"].iloc[0])
    assert "ambiguous" not in event_card_html(row) and "approximately" not in event_card_html(row)
    row.update(geo_candidates=2, geo_confidence=0.9)
    assert "(ambiguous name: 2 other places are called this; chosen by the report's provinces and places, " \
           "confidence 0.90)" in event_card_html(row)
    row.update(geo_candidates=1)
    assert "1 other place is called this" in event_card_html(row)
    row.update(geo_candidates=0, geo_confidence=0.855)
    assert "(spelling matched approximately, confidence 0.85)" in event_card_html(row)
    anchored = dict(events[events["anchor_place"] != ""].iloc[0])
    assert "approximately" not in event_card_html(anchored)  # no entry: its own note says where it was put


def test_card_says_a_neighbourhood_is_placed_at_its_city(events):
    row = dict(events.iloc[0])
    row.update(place_id="neighbourhood:damascus:jubar", place_name="Jobar", anchor_place="Damascus", geo_precision=2)
    assert "(a neighbourhood of Damascus; placed at the city, approximate)" in event_card_html(row)


def test_the_names_at_an_anchor_are_listed_with_their_counts_and_paragraphs(tmp_path):
    from components.source_panel import names_placed_html, names_placed_with

    frame = seed_frame(tmp_path, DATA / "aleppo_neighbourhoods.txt")
    clicked = frame[frame["place_mention"] == "Hanano"].iloc[0]
    rows = names_placed_with(frame, clicked)
    assert len(rows) == 9 and set(rows["anchor_place"]) == {"Aleppo"}
    html = names_placed_html(rows, clicked["event_id"])
    assert "8 places named in reports, placed at Aleppo: not exactly located</b> (9 reports)" in html
    assert html.index("<b>Sheikh Saeed</b> &middot; 2 reports") < html.index("<b>Hanano</b> &middot; 1 report<")
    assert html.count('class="em-card') == 8 and html.count("em-card em-clicked") == 1
    assert "<mark>Hanano</mark>" in html


def test_a_long_paragraph_is_folded_around_the_place_with_show_all():
    from components.source_panel import FOLD_CHARS, paragraph_html

    filler = "Fighting went on in the area for days. " * 60
    paragraph = filler + "Shells hit Khanaser <b>today</b>. " + filler
    html = paragraph_html(paragraph, "Khanaser")
    excerpt = html.split('<span class="em-excerpt">')[1].split("</span>")[0]
    assert "<mark>Khanaser</mark>" in excerpt and "&lt;b&gt;today&lt;/b&gt;" in excerpt and "<b>" not in html
    assert len(excerpt) < FOLD_CHARS + 100 and excerpt.startswith("… ") and excerpt.endswith(" …")
    assert f"show all ({len(paragraph):,} characters)" in html
    assert html.count("<mark>Khanaser</mark>") == 2 and html.startswith('<details class="em-fold">')
    # A short paragraph is shown whole, unfolded.
    assert paragraph_html("Shells hit Khanaser.", "Khanaser") == "Shells hit <mark>Khanaser</mark>."
