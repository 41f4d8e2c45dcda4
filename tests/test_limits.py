from eventmap.limits import DEFAULT_LIMITS, cap_text


def test_text_within_the_limit_is_untouched():
    assert cap_text("Clashes in Aleppo.", 100) == ("Clashes in Aleppo.", None)


def test_text_past_the_limit_is_cut_at_a_break_and_says_so():
    text = "Clashes in Aleppo.\n" + "word " * 100
    kept, warning = cap_text(text, 60)
    assert kept.startswith("Clashes in Aleppo.\n") and len(kept) <= 60 and not kept.endswith("wor")
    assert warning == f"text has {len(text):,} characters; kept the first {len(kept):,} (limit 60, --max-article-chars)"


def test_a_text_without_breaks_is_cut_at_the_limit():
    kept, warning = cap_text("x" * 1000, 100)
    assert kept == "x" * 100 and warning


def test_the_defaults_sit_far_above_real_reports():
    # The longest real report in the shared corpora: 40,940 characters, 143 paragraphs; largest file 16,566 records.
    assert DEFAULT_LIMITS.article_chars >= 5 * 40_940 and DEFAULT_LIMITS.paragraphs >= 5 * 143
    assert DEFAULT_LIMITS.records >= 5 * 16_566
