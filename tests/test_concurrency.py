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
