import json
import sqlite3

import pytest

from conftest import DATA, HOSTILE, SEED, TODAY
from eventmap.parse import read_articles
from eventmap.pipeline import extract_events
from eventmap.store import SCHEMA_VERSION, Store, StoreError


def write(store, path, gazetteer, foreign):
    for a in read_articles(path, TODAY):
        with store.transaction():
            store.write_article(a, extract_events(a, gazetteer, foreign))


def test_rewriting_an_article_replaces_its_events(any_store, gazetteer, foreign):
    write(any_store, SEED, gazetteer, foreign)
    first = any_store.events_frame()
    write(any_store, SEED, gazetteer, foreign)
    write(any_store, HOSTILE / "seed_crlf_copy.txt", gazetteer, foreign)
    assert any_store.count("articles") == 1
    assert any_store.events_frame().equals(first)


def test_related_headlines_and_body_are_stored(any_store, gazetteer, foreign, seed_article):
    write(any_store, SEED, gazetteer, foreign)
    stored = any_store.article(seed_article.article_id)
    assert len(stored["related_headlines"]) == 12 and stored["related_headlines"][0]["date"] == "2016-02-26"
    assert stored["paragraph_count"] == 7 and "S/SH" not in stored["body"]


def test_sql_in_titles_is_stored_verbatim(any_store, gazetteer, foreign):
    write(any_store, HOSTILE / "sql_injection_title.txt", gazetteer, foreign)
    title = any_store.conn.execute("SELECT title FROM articles").fetchone()[0]
    assert title == "'); DROP TABLE events;-- Army takes Khanaser"
    para = any_store.conn.execute("SELECT paragraph_text FROM events").fetchone()[0]
    assert "DELETE FROM articles;--" in para
    assert any_store.count("articles") == 1 and any_store.count("events") >= 1


def test_non_sqlite_file_is_refused_and_left_untouched(tmp_path):
    f = tmp_path / "notes.db"
    f.write_text("my precious notes", encoding="utf-8")
    with pytest.raises(StoreError, match="not an SQLite database"):
        Store(f)
    assert f.read_text(encoding="utf-8") == "my precious notes"


def test_corrupt_sqlite_file_gives_a_clear_error(tmp_path):
    f = tmp_path / "broken.db"
    f.write_bytes(b"SQLite format 3\x00" + b"\xff" * 200)
    with pytest.raises(StoreError, match="corrupt or unreadable"):
        Store(f)


def test_version_1_database_is_migrated(db_path, gazetteer, foreign):
    from eventmap.store import MIGRATIONS

    conn = sqlite3.connect(db_path)
    for sql in MIGRATIONS[0]:
        conn.execute(sql)
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()
    with Store(db_path) as store:
        assert store.schema_version == SCHEMA_VERSION
        write(store, DATA / "village_no_source_has.txt", gazetteer, foreign)
        assert store.events_frame()["anchor_place"].str.len().max() > 0


def test_newer_database_is_refused(db_path):
    conn = sqlite3.connect(db_path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(StoreError, match="newer than this eventmap"):
        Store(db_path)


def test_unresolved_places_are_counted(any_store, gazetteer, foreign):
    write(any_store, DATA / "village_no_source_has.txt", gazetteer, foreign)
    rows = dict((n, c) for n, c, _ in any_store.unresolved_places())
    assert rows["Zorbastan"] == 2 and "Khanāşir" not in rows and "Khanaser" not in rows


def test_date_filter(any_store, gazetteer, foreign):
    write(any_store, SEED, gazetteer, foreign)
    assert set(any_store.events_frame(since="2016-02-25", until="2016-02-25")["event_date"]) == {"2016-02-25"}


def test_events_snapshot_is_used_until_the_database_changes(db_path, gazetteer, foreign):
    import pandas as pd

    from eventmap.store import database_stamp, read_events_frame, snapshot_path

    with Store(db_path) as store:
        write(store, SEED, gazetteer, foreign)
    stamp = database_stamp(db_path)
    first = read_events_frame(db_path)  # from SQLite; writes the snapshot
    assert snapshot_path(db_path).exists()
    assert database_stamp(db_path) == stamp  # a reader's empty WAL file is no change
    with Store(db_path, readonly=True) as store:
        expected = store.events_frame()
    pd.testing.assert_frame_equal(read_events_frame(db_path), expected, check_dtype=False)
    assert len(first) == len(expected) == 13

    # A load commits: the stale snapshot is never served, and is refreshed.
    with Store(db_path) as store:
        write(store, HOSTILE / "seed_duplicate_renamed.txt", gazetteer, foreign)
        with store.transaction():
            store.conn.execute("DELETE FROM events WHERE place_mention = 'Khanaser'")
    assert database_stamp(db_path) != stamp
    after = read_events_frame(db_path)
    assert "Khanaser" not in set(after["place_mention"]) and 0 < len(after) < 13


def test_a_broken_snapshot_is_ignored(db_path, gazetteer, foreign):
    from eventmap.store import read_events_frame, snapshot_path

    with Store(db_path) as store:
        write(store, SEED, gazetteer, foreign)
    snapshot_path(db_path).write_bytes(b"PAR1 half a file")
    assert len(read_events_frame(db_path)) == 13
    assert snapshot_path(db_path).read_bytes()[:4] == b"PAR1" and snapshot_path(db_path).stat().st_size > 100


def test_streamed_snapshot_equals_the_table(db_path, gazetteer, foreign, monkeypatch):
    import pandas as pd

    import eventmap.store as store_module

    with Store(db_path) as store:
        write(store, SEED, gazetteer, foreign)
        expected = store.events_frame()
    monkeypatch.setattr(store_module, "_SNAPSHOT_CHUNK_ROWS", 5)  # three chunks, one with no anchors
    assert store_module.write_events_snapshot(db_path)
    pd.testing.assert_frame_equal(store_module.read_events_frame(db_path), expected, check_dtype=False)


def test_a_snapshot_that_cannot_be_written_costs_nothing(db_path, gazetteer, foreign):
    from eventmap.store import read_events_frame, snapshot_path, write_events_snapshot

    with Store(db_path) as store:
        write(store, SEED, gazetteer, foreign)
        # A value Arrow cannot store as the column's type (SQLite keeps whatever it is given).
        store.conn.execute("UPDATE events SET paragraph_index = 'x' WHERE rowid = (SELECT MIN(rowid) FROM events)")
    assert write_events_snapshot(db_path) is False
    assert not snapshot_path(db_path).exists() and not list(db_path.parent.glob("*.tmp"))
    assert len(read_events_frame(db_path)) == 13


def _open_new_store(args):
    path, barrier = args
    barrier.wait()
    try:
        Store(path).close()
        return "ok"
    except StoreError as exc:
        return str(exc)


@pytest.mark.parametrize("engine", ["sqlite", "postgresql"])
def test_loaders_starting_together_on_a_new_database_all_migrate_it(tmp_path, engine, request):
    import multiprocessing

    from postgres_server import fresh_database

    # Before the version was read under the write lock, the second of two loaders failed with
    # "corrupt or unreadable database (duplicate column name ...)".
    ctx = multiprocessing.get_context("fork")
    for attempt in range(5 if engine == "sqlite" else 2):
        path = tmp_path / f"new{attempt}.db" if engine == "sqlite" else _new_pg(request, fresh_database)
        with ctx.Manager() as manager:
            barrier = manager.Barrier(6)
            with ctx.Pool(6) as pool:
                outcomes = pool.map(_open_new_store, [(path, barrier)] * 6)
        assert outcomes == ["ok"] * 6, outcomes
        with Store(path, readonly=True) as store:
            assert store.schema_version == SCHEMA_VERSION


def _new_pg(request, fresh_database):
    """Another fresh PostgreSQL database, dropped when the test ends."""
    server = request.getfixturevalue("postgres_server")
    manager = fresh_database(server)
    url = manager.__enter__()
    request.addfinalizer(lambda: manager.__exit__(None, None, None))
    return url


def test_a_postgres_database_is_migrated_and_a_newer_one_refused(postgres_url, gazetteer, foreign):
    import psycopg

    from eventmap.store import MIGRATIONS, postgres_sql

    with psycopg.connect(postgres_url, autocommit=True) as conn:  # what eventmap of schema 1 made
        for sql in MIGRATIONS[0]:
            conn.execute(postgres_sql(sql))
        conn.execute("CREATE TABLE eventmap_schema (version INTEGER NOT NULL)")
        conn.execute("INSERT INTO eventmap_schema VALUES (1)")
    with Store(postgres_url) as store:
        assert store.schema_version == SCHEMA_VERSION and store.has_geometry
        write(store, DATA / "village_no_source_has.txt", gazetteer, foreign)
        assert store.events_frame()["anchor_place"].str.len().max() > 0
        # PostGIS made each located event's point from its latitude and longitude.
        lon, lat = store.conn.execute("SELECT ST_X(geom), ST_Y(geom) FROM events WHERE geom IS NOT NULL").fetchone()
        assert 35 < lon < 43 and 32 < lat < 38
        store.conn.execute("UPDATE eventmap_schema SET version = ?", (SCHEMA_VERSION + 1,))
    with pytest.raises(StoreError, match="newer than this eventmap"):
        Store(postgres_url)


def test_a_wrong_postgres_url_is_one_clear_line_without_the_password(postgres_server):
    bad = postgres_server.replace("eventmap@", "eventmap:s3cret@").replace("/postgres?", "/no_such_db?")
    with pytest.raises(StoreError) as caught:
        Store(bad)
    message = str(caught.value)
    assert "no_such_db" in message and "s3cret" not in message and "\n" not in message


def test_a_postgres_database_locked_by_another_writer_is_one_clear_line(postgres_url):
    from click.testing import CliRunner

    from eventmap.cli import cli
    from eventmap.store import WRITE_LOCK_KEY

    Store(postgres_url).close()
    with Store(postgres_url) as holder, holder.transaction():  # another loader writing, for long
        result = CliRunner().invoke(cli, ["load", str(SEED), "--db", postgres_url, "--wait", "0.5"])
    assert WRITE_LOCK_KEY and result.exit_code == 1
    assert result.stderr.strip().splitlines()[-1].endswith(
        "another program held the database's write lock past 0.5 s; try again when it has finished, or raise --wait")


def test_a_locked_database_is_one_clear_line(tmp_path):
    from click.testing import CliRunner

    from eventmap.cli import cli

    db = tmp_path / "e.db"
    Store(db).close()
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another program writing
    result = CliRunner().invoke(cli, ["load", str(SEED), "--db", str(db), "--wait", "0.5"])
    holder.execute("ROLLBACK")
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines()[-1] == (
        f"Error: {db}: the database is locked by another program writing to it (waited 0.5 s); "
        "try again when it has finished, or raise --wait")
    assert "Traceback" not in result.output


def test_a_full_disk_is_one_clear_line_and_leaves_whole_files(tmp_path, gazetteer, foreign):
    from eventmap.loader import load_paths

    db = tmp_path / "e.db"
    with Store(db) as store:
        load_paths([SEED], store, gazetteer, foreign, today=TODAY)
        pages = store.conn.execute("PRAGMA page_count").fetchone()[0]
        # The disk fills up: SQLite's page limit raises the same error (SQLITE_FULL) as a full disk.
        store.conn.execute(f"PRAGMA max_page_count = {pages + 2}")
        big = tmp_path / "big.jsonl"
        big.write_text("".join(json.dumps({"title": f"Report {i}", "date": "2016-02-26",
                                           "text": f"Clashes in Aleppo, report {i}. " + "x" * 3000}) + "\n"
                               for i in range(200)), encoding="utf-8")
        with pytest.raises(StoreError) as caught:
            load_paths([big], store, gazetteer, foreign, today=TODAY)
    assert str(caught.value).startswith(f"{db}: the disk is full (database or disk is full); free some space")
    with Store(db, readonly=True) as store:
        assert store.count("articles") == 1  # the seed, whole; nothing of the file that did not fit


def test_a_database_on_read_only_storage_is_read_and_never_called_corrupt(tmp_path):
    import subprocess
    import sys

    from conftest import without_root_file_powers

    folder = tmp_path / "ro"
    folder.mkdir()
    db = folder / "e.db"
    from dashboard_fixtures import build_db

    build_db(db, SEED)
    assert not (folder / "e.db-wal").exists()  # checkpointed when the loader closed it
    db.chmod(0o444)
    folder.chmod(0o555)  # read-only storage: no -shm or -wal can be made
    try:
        def run(*args):
            return subprocess.run([sys.executable, "-m", "eventmap", *args, "--db", str(db)], capture_output=True,
                                  text=True, timeout=300, **without_root_file_powers())

        places = run("places")
        load = run("load", str(SEED))
    finally:
        folder.chmod(0o755)
    assert places.returncode == 0 and "Khanāşir" in places.stdout, places.stderr
    assert load.returncode == 1
    assert load.stderr.strip().splitlines()[-1].startswith(f"Error: {db}: the database is read-only"), load.stderr
    assert "corrupt" not in load.stderr + places.stderr


def test_db_in_a_folder_that_does_not_exist_is_refused(tmp_path):
    with pytest.raises(StoreError, match="the folder .*typo.* does not exist; create it first"):
        Store(tmp_path / "typo" / "events.db")
    assert not (tmp_path / "typo").exists()


def test_a_same_size_write_within_one_second_changes_the_stamp(db_path, gazetteer, foreign):
    import os

    from eventmap.store import database_stamp, read_events_frame

    with Store(db_path) as store:
        write(store, SEED, gazetteer, foreign)
    assert len(read_events_frame(db_path)) == 13  # and a snapshot written
    stamp = database_stamp(db_path)
    files = [db_path, db_path.with_name(db_path.name + "-wal")]
    times = {f: f.stat().st_mtime_ns for f in files if f.exists()}
    with Store(db_path) as store, store.transaction():  # same length: the file sizes do not change
        store.conn.execute("UPDATE events SET place_name = 'Khanasir' WHERE place_name = 'Khanāşir'")
    for f, t in times.items():  # a filesystem with 1-second times shows the old times
        if f.exists():
            os.utime(f, ns=(t, t))
    assert db_path.stat().st_size == int(stamp.split(":")[2])
    assert database_stamp(db_path) != stamp
    assert "Khanasir" in set(read_events_frame(db_path)["place_name"])


def test_read_only_storage_with_a_pending_log_says_what_to_do(tmp_path):
    import shutil
    import subprocess
    import sys

    from conftest import without_root_file_powers
    from dashboard_fixtures import build_db

    src = tmp_path / "src"
    src.mkdir()
    build_db(src / "e.db", SEED)
    writer = sqlite3.connect(src / "e.db", isolation_level=None)
    writer.execute("PRAGMA wal_autocheckpoint=0")
    writer.execute("UPDATE events SET place_name = 'X' WHERE rowid = 1")  # committed, still in the -wal
    folder = tmp_path / "ro"
    folder.mkdir()
    shutil.copy(src / "e.db", folder / "e.db")
    shutil.copy(src / "e.db-wal", folder / "e.db-wal")  # as a copy to a read-only medium leaves it
    writer.close()
    folder.chmod(0o555)
    try:
        out = subprocess.run([sys.executable, "-m", "eventmap", "places", "--db", str(folder / "e.db")],
                             capture_output=True, text=True, timeout=300, **without_root_file_powers())
    finally:
        folder.chmod(0o755)
    assert out.returncode == 1
    assert out.stderr.strip() == (
        f"Error: {folder / 'e.db'}: on read-only storage with writes still in its log (e.db-wal) that SQLite "
        "cannot open without writing; copy the database and its -wal file to writable storage, or open it once "
        "where it can be written")


def test_an_empty_postgres_database_read_before_any_load_says_what_to_do(postgres_url):
    with pytest.raises(StoreError) as caught:
        Store(postgres_url, readonly=True)
    assert str(caught.value).startswith(f"{postgres_url}: schema version 0 is older than {SCHEMA_VERSION}; load")
