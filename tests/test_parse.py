from pathlib import Path

from conftest import DATA, HOSTILE, SEED, TODAY
from eventmap.parse import Article, Rejection, read_articles, split_paragraphs


def load(path: Path) -> list:
    return list(read_articles(path, TODAY))


def test_seed_has_title_date_and_seven_clean_paragraphs(seed_article, gold):
    a = seed_article
    assert a.title == gold["title"]
    assert a.published_at.isoformat() == gold["published"]
    assert len(a.paragraphs) == gold["body_paragraphs"] == 7
    for para, g in zip(a.paragraphs, gold["paragraphs"], strict=True):
        assert para.startswith(g["starts_with"])
    for junk in gold["junk_never_in_body"]:
        assert all(junk not in p for p in a.paragraphs), junk


def test_seed_related_headlines_are_kept_with_dates(seed_article, gold):
    related = seed_article.related
    assert len(related) == gold["related_headlines"]["count"] == 12
    dates = sorted(h.date.isoformat() for h in related)
    assert dates[0] == gold["related_headlines"]["first_date"]
    assert dates[-1] == gold["related_headlines"]["last_date"]
    assert related[3].title == "VIDEO: Syrian Army Regains Full Control over Khanaser Town in Southeast Aleppo"


def test_renamed_and_crlf_copies_have_the_seed_id(seed_article):
    for name in ("seed_duplicate_renamed.txt", "seed_crlf_copy.txt"):
        (copy,) = load(HOSTILE / name)
        assert copy.article_id == seed_article.article_id


def test_sana_scrape_swapped_fields_run_together_paragraphs_and_signatures():
    items = load(DATA / "sana_style.json")
    articles = [i for i in items if isinstance(i, Article)]
    rejections = [i for i in items if isinstance(i, Rejection)]
    first = articles[0]
    assert first.title == "Army restores security to villages in Hama countryside"
    assert first.published_at.date().isoformat() == "2017-09-11"
    assert first.dateline == "Hama"
    assert first.paragraphs == [
        "Army units on Sunday restored security to the villages of Qasr Abu Samra and Rasm al-Ahmar in the "
        "northeastern countryside of Hama after fierce battles.",
        "The units destroyed the terrorists' positions and killed many of them, a military source told SANA.",
        "The source added that engineering units were dismantling explosive devices planted by terrorists in the area.",
    ]
    assert articles[1].paragraphs[-1] == "Al-Moallem said the talks were positive."
    assert [str(r) for r in rejections] == [f"{DATA / 'sana_style.json'}: item 3: empty text in field 'text'"]


def test_reuters_html_body_keeps_only_article_paragraphs():
    (a,) = load(DATA / "reuters_style.jsonl")
    assert a.title == "Syrian army advances near Aleppo"
    assert a.dateline == "BEIRUT"
    assert a.paragraphs == [
        "Syrian government forces captured the town of Nubl north of Aleppo on Wednesday, a monitor said.",
        "Rebels said they had withdrawn from Mayer after heavy Russian air strikes.",
    ]
    assert a.url == "http://example.org/a" and a.source == "Reuters"


def test_publication_date_formats_are_read(tmp_path):
    for raw, expected in [("2016-02-26", "2016-02-26"), ("26 February 2016", "2016-02-26"),
                          ("11 September، 2017", "2017-09-11"), ("2/26/16", "2016-02-26"),
                          ("Fri Feb 26, 2016 14:28:26", "2016-02-26")]:
        f = tmp_path / "a.txt"
        f.write_text(f"Title\n{raw}\n\nThe army entered the town of Khanaser.\n", encoding="utf-8")
        (a,) = load(f)
        assert a.published_at.date().isoformat() == expected, raw


def test_run_together_sentences_are_split():
    assert split_paragraphs("held on Friday.The plenary meeting starts.") == [
        "held on Friday.", "The plenary meeting starts."]
    assert split_paragraphs("U.S. Secretary of State John Kerry spoke.") == ["U.S. Secretary of State John Kerry spoke."]


def test_hostile_files_load_or_are_rejected_as_the_manifest_says():
    def outcome(name):
        return load(HOSTILE / name)

    assert [str(r) for r in outcome("empty.txt")] == [f"{HOSTILE / 'empty.txt'}: empty file"]
    assert "no text" in str(outcome("whitespace_only.txt")[0])
    assert "not text (binary" in str(outcome("binary_png.txt")[0])
    (arabic,) = outcome("cp1256_arabic.txt")
    assert arabic.title == "هجوم على قرية خناصر" and "خناصر" in arabic.paragraphs[0]
    (utf16,) = outcome("utf16_bom.txt")
    assert "al-Muqayrat" in utf16.paragraphs[0]
    (crlf,) = outcome("crlf_nbsp_zero_width.txt")
    assert crlf.paragraphs == utf16.paragraphs and all("S/SH" not in p for p in crlf.paragraphs)
    (undated,) = outcome("no_date.txt")
    assert undated.published_at is None and undated.warnings
    (impossible,) = outcome("impossible_date.txt")
    assert impossible.published_at is None and "not a real date" in impossible.warnings[0]
    (future,) = outcome("future_date.txt")
    assert future.published_at.year == 2096 and "after today" in future.warnings[0]
    (truncated,) = outcome("truncated.json")
    assert isinstance(truncated, Rejection) and "invalid JSON" in truncated.reason and "char 72" in truncated.reason
    (missing,) = outcome("missing_text_column.csv")
    assert "no text column" in missing.reason and "looked for text, body, content" in missing.reason
    (quoted,) = outcome("csv_quotes_newlines.csv")
    assert quoted.title == 'Army, NDF take "Khanaser"' and len(quoted.paragraphs) == 2
    (nested,) = outcome("nested_var_dump.txt")
    assert len(nested.paragraphs) == 1 and len(nested.related) == 1
    (page,) = outcome("html_page.html")
    assert page.title == "Army Advances near Khanaser" and len(page.paragraphs) == 2
    assert not any("Iran" in p or "var x" in p or "Home" in p for p in page.paragraphs)
    (sql,) = outcome("sql_injection_title.txt")
    assert sql.title == "'); DROP TABLE events;-- Army takes Khanaser"


def test_mixed_jsonl_reports_each_bad_line_with_its_number():
    items = load(HOSTILE / "mixed_good_bad.jsonl")
    good = [i for i in items if isinstance(i, Article)]
    bad = [i for i in items if isinstance(i, Rejection)]
    assert [a.line for a in good] == [1, 3]
    assert [r.line for r in bad] == [2, 4, 5, 6]
    assert "invalid JSON" in bad[0].reason and "no text field" in bad[1].reason
    assert "not an object" in bad[2].reason and "empty text" in bad[3].reason


def test_seed_file_is_the_shipped_sample():
    shipped = Path(__file__).resolve().parent.parent / "data" / "articles" / SEED.name
    assert shipped.read_bytes() == SEED.read_bytes()



def test_ucdp_ged_export_loads_each_row_as_a_dated_headline_report():
    # Four unchanged rows of UCDP GED's Syria file: source dates with typos (1753, 2109) and lists.
    rows = load(DATA / "ucdp_ged_export.csv")
    assert all(isinstance(r, Article) for r in rows)
    assert [r.line for r in rows] == [2, 3, 4, 5]
    assert rows[0].paragraphs == ["14 shells hit Dahya al-Assad an clashes continue around Ter Ma’la"]
    assert rows[0].source == "SOHR"
    assert [r.published_at.date().isoformat() for r in rows] == [
        "2015-01-01",  # its source date
        "2016-01-02",  # source date 1753-01-01 is no date: the event's start date
        "2017-01-02",  # "1753-01-01;2017-01-03;2017-01-04": the first is read, unreadable, so the start date
        "2019-10-26",  # "2109-10-28;2019-10-28": after today, so the start date
    ]
    assert not any(r.warnings for r in rows)


def test_acled_style_export_reads_its_notes_and_event_date(tmp_path):
    export = tmp_path / "acled.csv"
    export.write_text("event_id_cnty,event_date,admin1,location,source,notes\n"
                      "SYR1,2017-03-02,Aleppo,Khanasir,SOHR,\"On 1 March 2017, regime forces shelled Khanaser.\"\n"
                      "SYR2,2017-03-04,Aleppo,Khanasir,SOHR,\n", encoding="utf-8")
    good, bad = load(export)
    assert good.paragraphs == ["On 1 March 2017, regime forces shelled Khanaser."]
    assert good.published_at.date().isoformat() == "2017-03-02"
    assert isinstance(bad, Rejection) and bad.line == 3 and "empty text in field 'notes'" in bad.reason


def test_unreadable_date_field_gives_way_to_a_readable_one(tmp_path):
    f = tmp_path / "mixed.jsonl"
    f.write_text('{"title": "Army takes Khanaser", "date": "yesterday-ish", "published": "2016-02-26", '
                 '"text": "The army took Khanaser."}\n', encoding="utf-8")
    (article,) = load(f)
    assert article.published_at.date().isoformat() == "2016-02-26" and not article.warnings


def test_gzipped_files_are_read_as_the_format_their_name_has_without_gz(tmp_path, seed_article):
    import gzip

    from eventmap.parse import find_article_files

    (tmp_path / "items.jsonl.gz").write_bytes(gzip.compress((DATA / "reuters_style.jsonl").read_bytes()))
    (tmp_path / "seed.txt").write_bytes(gzip.compress(SEED.read_bytes()))  # gzipped, named as plain text
    (tmp_path / "cut.jsonl.gz").write_bytes(gzip.compress(SEED.read_bytes())[:60])
    (tmp_path / "bomb.txt.gz").write_bytes(gzip.compress(b"a" * (3 * 1024 * 1024)))
    (tmp_path / "photo.png").write_bytes(b"\x89PNG\r\n")
    skipped: list = []
    files = list(find_article_files([tmp_path], skipped))
    assert [f.name for f in files] == ["bomb.txt.gz", "cut.jsonl.gz", "items.jsonl.gz", "seed.txt"]
    assert [Path(s.file).name for s in skipped] == ["photo.png"]
    jsonl = load(tmp_path / "items.jsonl.gz")
    plain = (DATA / "reuters_style.jsonl").read_text(encoding="utf-8")
    assert jsonl and all(isinstance(a, Article) for a in jsonl) and len(jsonl) == len(plain.splitlines())
    (seed,) = load(tmp_path / "seed.txt")
    assert seed.article_id == seed_article.article_id and seed.paragraphs == seed_article.paragraphs
    (cut,) = load(tmp_path / "cut.jsonl.gz")
    assert isinstance(cut, Rejection) and "broken gzip file" in cut.reason and cut.file.endswith("cut.jsonl.gz")


def test_a_gzipped_file_unpacking_past_the_size_limit_is_rejected(tmp_path, monkeypatch):
    import gzip

    import eventmap.parse

    monkeypatch.setattr(eventmap.parse, "MAX_FILE_BYTES", 1024 * 1024)
    (tmp_path / "bomb.txt.gz").write_bytes(gzip.compress(b"a" * (3 * 1024 * 1024)))
    (bomb,) = load(tmp_path / "bomb.txt.gz")
    assert isinstance(bomb, Rejection) and "too large unpacked" in bomb.reason
