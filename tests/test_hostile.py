"""Robustness: the hostile files (each alone, as MANIFEST.md says) and generated worst cases."""

from __future__ import annotations

import itertools
import json
import re
import sqlite3
import string
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import HOSTILE
from eventmap.cli import cli

# file -> ("loaded", checks) or ("rejected", words the one-line reason must hold)
MANIFEST = {
    "empty.txt": ("rejected", "empty"),
    "whitespace_only.txt": ("rejected", "no text"),
    "binary_png.txt": ("rejected", "not text (binary"),
    "truncated.json": ("rejected", "invalid JSON"),
    "missing_text_column.csv": ("rejected", "no text column (looked for text, body, content"),
    "cp1256_arabic.txt": ("loaded", None),
    "utf16_bom.txt": ("loaded", None),
    "crlf_nbsp_zero_width.txt": ("loaded", None),
    "xss_article.txt": ("loaded", None),
    "sql_injection_title.txt": ("loaded", None),
    "no_date.txt": ("loaded", None),
    "impossible_date.txt": ("loaded", None),
    "future_date.txt": ("loaded", None),
    "mixed_good_bad.jsonl": ("loaded", None),
    "csv_quotes_newlines.csv": ("loaded", None),
    "nested_var_dump.txt": ("loaded", None),
    "html_page.html": ("loaded", None),
    "seed_duplicate_renamed.txt": ("loaded", None),
    "seed_crlf_copy.txt": ("loaded", None),
    "markdown_url.jsonl": ("loaded", None),
}


def load_alone(path: Path, db: Path | str):
    """Load one file (or folder) into a SQLite file or a PostgreSQL database; the result and a connection."""
    result = CliRunner().invoke(cli, ["load", str(path), "--db", str(db)], catch_exceptions=False)
    assert result.exit_code == 0
    if isinstance(db, str):  # PostgreSQL: the store's connection, which takes the same statements
        from eventmap.store import Store

        return result, Store(db, readonly=True).conn
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    return result, conn


def events(conn, **where):
    sql = "SELECT * FROM events" + (" WHERE " + " AND ".join(f"{k} = ?" for k in where) if where else "")
    return [dict(r) for r in conn.execute(sql, tuple(where.values()))]


def test_manifest_lists_every_hostile_file():
    assert set(MANIFEST) == {p.name for p in HOSTILE.iterdir() if p.name != "MANIFEST.md"}


@pytest.mark.parametrize("name", sorted(MANIFEST))
def test_each_hostile_file_alone(name, store_target):
    outcome, reason = MANIFEST[name]
    result, conn = load_alone(HOSTILE / name, store_target)
    problems = [line for line in result.stderr.splitlines() if line.startswith("rejected")]
    if outcome == "rejected":
        assert len(problems) == 1 and name in problems[0] and reason in problems[0], problems
        assert conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == 0
        assert "1 files rejected" in result.stdout
        return
    assert conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0] >= 1
    CHECKS[name](conn, result)


def _places(conn):
    return {e["place_mention"] for e in events(conn)}


def check_cp1256(conn, result):
    (title,) = conn.execute("SELECT title FROM articles").fetchone()
    assert title == "هجوم على قرية خناصر"
    (khanaser,) = [e for e in events(conn) if e["place_mention"] == "خناصر"]
    assert khanaser["place_id"] == "geonames:168351"


def _located_near_khanaser(conn):
    """"al-Muqayrat near the city of Khanaser": one event, at al-Muqayrat; Khanaser only locates it."""
    (row,) = [e for e in events(conn) if e["place_mention"] == "al-Muqayrat"]
    assert "al-Muqayrat near the city of Khanaser" in row["paragraph_text"] and row["place_id"]
    assert "Khanaser" not in _places(conn)


def check_utf16(conn, result):
    _located_near_khanaser(conn)
    assert {e["event_date"] for e in events(conn)} == {"2016-02-25"}


def check_crlf_nbsp(conn, result):
    _located_near_khanaser(conn)
    assert all("S/SH" not in e["paragraph_text"] for e in events(conn))
    assert all("\u200b" not in e["paragraph_text"] and "\u200f" not in e["paragraph_text"] for e in events(conn))


def check_xss(conn, result):
    (title,) = conn.execute("SELECT title FROM articles").fetchone()
    assert title.startswith("<script>alert('title')</script>")  # stored verbatim; escaped when shown
    assert "al-Muqayrat" in _places(conn)


def check_sql(conn, result):
    (title,) = conn.execute("SELECT title FROM articles").fetchone()
    assert title == "'); DROP TABLE events;-- Army takes Khanaser"
    assert "'); DELETE FROM articles;-- on Thursday." in events(conn)[0]["paragraph_text"]


def check_undated(conn, result):
    (undated,) = conn.execute("SELECT undated FROM articles").fetchone()
    assert undated == 1
    assert all(e["event_date"] is None for e in events(conn))
    assert "undated" in result.stderr and "1 undated" in result.stdout


def check_future(conn, result):
    assert {e["published_at"][:10] for e in events(conn)} == {"2096-02-26"}
    assert "after today" in result.stderr


def check_mixed(conn, result):
    titles = {r[0] for r in conn.execute("SELECT title FROM articles")}
    assert titles == {"Army takes al-Muqayrat", "Clashes near Aleppo"}
    lines = [ln for ln in result.stderr.splitlines() if ln.startswith("rejected")]
    assert [ln.split(":")[1] for ln in lines] == ["2", "4", "5", "6"]
    (url,) = conn.execute("SELECT url FROM articles WHERE title = 'Clashes near Aleppo'").fetchone()
    assert url == "javascript:alert(1)"  # kept as data; the dashboard never makes it a link


def check_csv(conn, result):
    assert conn.execute("SELECT paragraph_count FROM articles").fetchone()[0] == 2
    assert {"Khanaser", "Hawaz"} <= _places(conn)


def check_nested(conn, result):
    assert conn.execute("SELECT paragraph_count FROM articles").fetchone()[0] == 1
    (related,) = conn.execute("SELECT related_headlines FROM articles").fetchone()
    assert json.loads(related)[0]["date"] == "2016-02-26"


def check_html(conn, result):
    (title, body) = conn.execute("SELECT title, body FROM articles").fetchone()
    assert title == "Army Advances near Khanaser" and body.count("\n\n") == 1
    assert _places(conn) == {"al-Muqayrat", "Hawaz"}  # not Aleppo (script) or Iran (footer); Khanaser locates
    _located_near_khanaser(conn)


def check_seed_copy(conn, result):
    assert conn.execute("SELECT COUNT(*) FROM events").fetchone()[0] == 13


def check_markdown_url(conn, result):
    (url, source, warnings) = conn.execute("SELECT url, source, warnings FROM articles").fetchone()
    assert url.startswith("https://news.example/a\n\n<h1")  # kept as text, as read
    assert "url holds whitespace or control characters" in warnings
    assert "url holds whitespace or control characters" in result.stderr
    assert source == "ANAS news"  # the right-to-left override is gone, as from titles and bodies


CHECKS = {
    "markdown_url.jsonl": check_markdown_url,
    "cp1256_arabic.txt": check_cp1256, "utf16_bom.txt": check_utf16, "crlf_nbsp_zero_width.txt": check_crlf_nbsp,
    "xss_article.txt": check_xss, "sql_injection_title.txt": check_sql, "no_date.txt": check_undated,
    "impossible_date.txt": check_undated, "future_date.txt": check_future, "mixed_good_bad.jsonl": check_mixed,
    "csv_quotes_newlines.csv": check_csv, "nested_var_dump.txt": check_nested, "html_page.html": check_html,
    "seed_duplicate_renamed.txt": check_seed_copy, "seed_crlf_copy.txt": check_seed_copy,
}

# ---------------------------------------------------------------- generated worst cases

PARAGRAPH = ("The Syrian army imposed full control over the village of Kafr {n} and the city of Khanaser on "
             "Thursday after clashes with ISIS, a military source said.")


def test_50_mb_text_file_loads_its_first_400_000_characters_and_says_so(tmp_path):
    f = tmp_path / "huge.txt"
    with open(f, "w", encoding="utf-8") as fh:
        fh.write("Huge report\nFri Feb 26, 2016 14:28:26\n\n")
        n = 0
        while fh.tell() < 50 * 1024 * 1024:
            fh.write(PARAGRAPH.format(n=_letters(n)) + "\n\n")
            n += 1
    result, conn = load_alone(f, tmp_path / "e.db")
    assert "1 articles loaded" in result.stdout
    size = f.stat().st_size
    warnings = [ln for ln in result.stderr.splitlines() if ln.startswith("warning")]
    assert warnings[0].startswith(f"warning {f}: text has {size:,} characters; kept the first 399,")
    # 400,000 characters hold some 2,800 of these paragraphs: the paragraph limit then keeps 2,000.
    assert re.fullmatch(rf"warning {re.escape(str(f))}: article has 2,\d{{3}} paragraphs; kept the first 2,000 "
                        r"\(--max-paragraphs\)", warnings[1]), warnings[1]
    assert conn.execute("SELECT paragraph_count FROM articles").fetchone()[0] == 2_000
    assert conn.execute("SELECT COUNT(*) FROM events WHERE place_id = 'geonames:168351'").fetchone()[0] == 2_000


def test_an_article_past_the_paragraph_limit_keeps_the_first_and_says_so(tmp_path):
    f = tmp_path / "many.txt"
    f.write_text("Many paragraphs\nFri Feb 26, 2016 14:28:26\n\n"
                 + "".join(PARAGRAPH.format(n=_letters(i)) + "\n\n" for i in range(120)), encoding="utf-8")
    result = CliRunner().invoke(cli, ["load", str(f), "--db", str(tmp_path / "e.db"), "--max-paragraphs", "100"])
    assert f"warning {f}: article has 120 paragraphs; kept the first 100 (--max-paragraphs)" in result.stderr
    conn = sqlite3.connect(tmp_path / "e.db")
    assert conn.execute("SELECT paragraph_count FROM articles").fetchone()[0] == 100
    assert conn.execute("SELECT MAX(paragraph_index) FROM events").fetchone()[0] == 99


def test_a_file_past_the_record_limit_loads_the_first_records_and_says_so(tmp_path):
    f = tmp_path / "feed.jsonl"
    f.write_text("".join(json.dumps({"title": f"Report {i}", "date": "2016-02-26",
                                     "text": f"The army entered the town of Khanaser, report {i}."}) + "\n"
                         for i in range(1, 31)), encoding="utf-8")
    result = CliRunner().invoke(cli, ["load", str(f), "--db", str(tmp_path / "e.db"), "--max-records", "10",
                                      "--max-events", "1"])
    assert f"rejected {f}: holds more than 10 records; read the first 10 (--max-records)" in result.stderr
    assert result.stdout.startswith("10 articles loaded, 10 events written")
    conn = sqlite3.connect(tmp_path / "e.db")
    assert conn.execute("SELECT file, articles, events FROM loaded_files").fetchall() == [(str(f), 10, 10)]


def test_one_huge_paragraph_without_breaks_loads_within_the_limit(tmp_path):
    f = tmp_path / "one_paragraph.txt"
    words = " ".join(f"near Kafr {_letters(i)} and" for i in range(200_000))
    f.write_text(f"Title\n2016-02-26\n\nFighting raged near the city of Khanaser {words}.\n", encoding="utf-8")
    result, conn = load_alone(f, tmp_path / "e.db")
    assert "1 articles loaded" in result.stdout
    chars = len(f.read_text(encoding="utf-8"))
    assert f"warning {f}: text has {chars:,} characters; kept the first 399," in result.stderr
    assert f"warning {f}: article gives 13," in result.stderr and "kept the first 10,000 (--max-events)" in result.stderr
    assert conn.execute("SELECT COUNT(*) FROM events").fetchone()[0] == 10_000
    assert conn.execute("SELECT COUNT(*) FROM events WHERE place_name = 'Khanāşir'").fetchone()[0] == 1
    assert conn.execute("SELECT MAX(LENGTH(paragraph_text)) FROM events").fetchone()[0] <= 4000
    assert len(conn.execute("SELECT body FROM articles").fetchone()[0]) <= 400_000


def test_jsonl_with_a_broken_line_in_the_middle(tmp_path):
    f = tmp_path / "feed.jsonl"
    lines = [json.dumps({"title": f"Report {i}", "date": "2016-02-26",
                         "text": f"The army entered the town of Khanaser, report {i}."}) for i in range(1, 1001)]
    lines[499] = lines[499][:40]
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result, conn = load_alone(f, tmp_path / "e.db")
    assert conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == 999
    (line,) = [ln for ln in result.stderr.splitlines() if ln.startswith("rejected")]
    assert f"{f}:500: invalid JSON" in line


def test_an_article_that_trips_a_bug_in_extraction_costs_only_itself(tmp_path, monkeypatch):
    import eventmap.loader as loader

    real = loader.extract_events

    def extract_events(article, gazetteer, foreign):
        if article.title == "Report 2":
            raise IndexError("list index out of range")
        return real(article, gazetteer, foreign)

    monkeypatch.setattr(loader, "extract_events", extract_events)
    f = tmp_path / "feed.jsonl"
    f.write_text("".join(json.dumps({"title": f"Report {i}", "date": "2016-02-26",
                                     "text": f"The army entered the town of Khanaser, report {i}."}) + "\n"
                         for i in range(1, 4)), encoding="utf-8")
    result, conn = load_alone(f, tmp_path / "e.db")
    assert result.exit_code == 0
    assert [r[0] for r in conn.execute("SELECT title FROM articles ORDER BY title")] == ["Report 1", "Report 3"]
    (line,) = [ln for ln in result.stderr.splitlines() if ln.startswith("rejected")]
    assert line == f"rejected {f}:2: could not extract events (IndexError: list index out of range); please report it"


def _letters(n: int) -> str:
    out = ""
    n += 26 * 27
    while n:
        n, r = divmod(n, 26)
        out = string.ascii_lowercase[r] + out
    return out.capitalize()


def test_paragraph_naming_5000_places(tmp_path, gazetteer, foreign):
    from eventmap.geocode import resolve_candidates
    from eventmap.names import ARTICLES, name_key
    from eventmap.wordlists import COMMON_WORDS, GENERIC_TRAILING, PERSON_NAMES

    # Made-up village names, none of them an English word, a person's name, a foreign place or a
    # spelling of a Syrian place ("Kafr Hid" is Kafr Houd's in Hama, and would share its row).
    provinces = sorted({e.admin1 for e in gazetteer.entries if e.admin1})
    words = (_letters(i) for i in range(50_000))
    # (The first 5,000 such: a generator, so the 45,000 names after them are never resolved.)
    names = list(itertools.islice((
        f"Kafr {w}" for w in words if w.lower() not in GENERIC_TRAILING | COMMON_WORDS | PERSON_NAMES | ARTICLES
        and name_key(w) not in foreign and not resolve_candidates(gazetteer, name_key(f"Kafr {w}"), provinces)[0]),
        5000))
    text = "The army captured the villages of " + ", ".join(names[:-1]) + " and " + names[-1] + " on Thursday."
    f = tmp_path / "many.json"
    f.write_text(json.dumps([{"title": "Many villages", "date": "2016-02-26", "text": text}]), encoding="utf-8")
    result, conn = load_alone(f, tmp_path / "e.db")
    found = {r[0] for r in conn.execute("SELECT place_mention FROM events")}
    # Spellings the matcher normalises alike ("Kafr Cuo", "Kafr Cu") are one place: one row.
    assert found <= set(names) and {name_key(n) for n in found} == {name_key(n) for n in names}
    # Each row carries a 4,000-character window of the 50,000-character paragraph around its place.
    for mention, para in conn.execute("SELECT place_mention, paragraph_text FROM events"):
        assert mention in para and len(para) <= 4000
    assert {r[0] for r in conn.execute("SELECT DISTINCT event_date FROM events")} == {"2016-02-25"}


def test_deeply_nested_json_is_rejected_not_a_crash(tmp_path):
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 200_000 + "]" * 200_000, encoding="utf-8")
    nested_text = tmp_path / "nested.jsonl"
    nested_text.write_text(json.dumps({"title": "x", "text": {"a": {"b": {"c": "deep"}}}}) + "\n"
                           + "{" * 100_000 + "\n", encoding="utf-8")
    result, conn = load_alone(tmp_path, tmp_path / "e.db")
    err = result.stderr
    assert f"{deep}: invalid JSON: nested too deeply" in err
    assert f"{nested_text}:1: empty text in field 'text'" in err
    assert f"{nested_text}:2: invalid JSON" in err


def test_zero_width_and_right_to_left_marks_inside_names(tmp_path):
    f = tmp_path / "marks.txt"
    f.write_text("Title\n2016-02-26\n\nThe army entered the village of al\u200e-Muqay\u200brat, the city of "
                 "Khan\u2060aser\u200f and the town of \u202bخناصر\u202c.\n", encoding="utf-8")
    result, conn = load_alone(f, tmp_path / "e.db")
    rows = events(conn)
    # خناصر is Khanaser again (same place, same day, same paragraph): one row, named as first written.
    assert sorted(e["place_mention"] for e in rows) == ["Khanaser", "al-Muqayrat"]
    assert {e["place_id"] for e in rows if e["place_mention"] != "al-Muqayrat"} == {"geonames:168351"}


def test_field_names_cannot_forge_report_lines(tmp_path):
    f = tmp_path / "feed.jsonl"
    f.write_text(json.dumps({"title": "x", "note\nrejected everything.txt: \x1b[2Jfake": "y"}) + "\n", encoding="utf-8")
    result, _ = load_alone(f, tmp_path / "e.db")
    lines = result.stderr.splitlines()
    assert lines == [f"rejected {f}:1: no text field (looked for text, body, content, article, article_text, full_text, "
                     "story, description, notes, source_headline; found title, note\\nrejected everything.txt: "
                     "\\x1b[2Jfake)"]
