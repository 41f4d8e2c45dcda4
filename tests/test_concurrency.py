"""SQLite WAL: the dashboard's reader works while a load writes, and never sees half an article."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import time

from test_cli import _corpus

from eventmap.store import Store


def test_reader_never_sees_a_half_written_article_while_a_load_runs(tmp_path):
    folder = tmp_path / "corpus"
    _corpus(folder, n_files=160, per_file=25)
    db = tmp_path / "live.db"
    Store(db).close()  # the dashboard may open the file before the first load
    writer = subprocess.Popen([sys.executable, "-m", "eventmap", "load", str(folder), "--db", str(db), "-q"])
    snapshots, seen_counts = 0, set()
    try:
        while writer.poll() is None or snapshots < 3:
            with Store(db, readonly=True) as store:  # what the dashboard does: read-only, WAL
                store.conn.execute("BEGIN")  # one snapshot for both queries
                per_article = store.conn.execute(
                    "SELECT a.article_id, COUNT(e.event_id) FROM articles a "
                    "LEFT JOIN events e ON e.article_id = a.article_id GROUP BY a.article_id").fetchall()
                orphans = store.conn.execute(
                    "SELECT COUNT(*) FROM events WHERE article_id NOT IN (SELECT article_id FROM articles)").fetchone()[0]
                frame = store.events_frame()
                store.conn.execute("COMMIT")
            assert orphans == 0
            assert all(n == 2 for _, n in per_article), "an article is visible with only part of its events"
            assert len(per_article) % 25 == 0, "a file is visible only in part"
            assert len(frame) == 2 * len(per_article)
            seen_counts.add(len(per_article))
            snapshots += 1
            time.sleep(0.01)
    finally:
        writer.wait(120)
    assert writer.returncode == 0
    assert len(seen_counts) > 2, "the reader should have seen the load progress"
    final = sqlite3.connect(db).execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    assert final == 160 * 25


def test_loaders_on_several_machines_share_one_postgres_database(tmp_path, postgres_url):
    """Three loaders started at once on overlapping folders (as three analysts loading their scrapes):
    every article once, every event once, incidents that count them all, no loader failing."""
    import shutil

    from conftest import query_value

    corpus = tmp_path / "corpus"
    _corpus(corpus, n_files=36, per_file=25)
    files = sorted(corpus.iterdir())
    folders = []
    for name, part in (("a", files[:24]), ("b", files[12:]), ("c", files[6:30])):
        folder = tmp_path / name
        folder.mkdir()
        for f in part:
            shutil.copy(f, folder / f.name)
        folders.append(folder)
    loaders = [subprocess.Popen([sys.executable, "-m", "eventmap", "load", str(folder), "--db", postgres_url, "-q"],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for folder in folders]
    outputs = [p.communicate(timeout=600) for p in loaders]
    assert [p.returncode for p in loaders] == [0, 0, 0], outputs
    assert query_value(postgres_url, "SELECT COUNT(*) FROM articles") == 36 * 25
    assert query_value(postgres_url, "SELECT COUNT(*) FROM events") == 36 * 25 * 2
    assert query_value(postgres_url, "SELECT COUNT(DISTINCT article_id) FROM events") == 36 * 25
    assert query_value(postgres_url, "SELECT SUM(reports) FROM incidents") == 36 * 25 * 2
    assert query_value(postgres_url, "SELECT COUNT(*) FROM events WHERE incident_id IS NULL") == 0
    assert query_value(postgres_url, "SELECT COUNT(*) FROM loaded_files") == 24 + 24 + 24
