"""All SQL lives here: the articles and events tables, one transaction per file, upserts by id.

Two engines, one schema. SQLite (a path: the default, embedded, for one person) in WAL mode, so the
dashboard reads while a load writes; its schema version is PRAGMA user_version. PostgreSQL (a
`postgresql://` URL: a team's shared database) through psycopg 3; its version is kept in the table
`eventmap_schema`, and with PostGIS the events get a point geometry with a spatial index. The SQL is
written once, in SQLite's words; `postgres_sql` says the few statements PostgreSQL spells otherwise
(upserts, placeholders, float type). Older databases are migrated, newer or foreign ones refused untouched.
"""

from __future__ import annotations

import functools
import json
import logging
import os
import re
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import quote, urlsplit, urlunsplit

import pandas as pd

from eventmap.incidents import (
    GROUPING_COLUMNS,
    INCIDENT_COLUMNS,
    SUMMARY_INPUT,
    incident_ids,
    incident_place_key,
    incident_rows,
    shift_day,
)
from eventmap.model import EVENT_COLUMNS, EventRow
from eventmap.parse import Article, RelatedHeadline

log = logging.getLogger(__name__)

SCHEMA_VERSION = 4
SQLITE_HEADER = b"SQLite format 3\x00"

_EVENT_TYPES = {
    "paragraph_index": "INTEGER", "latitude": "REAL", "longitude": "REAL", "geo_precision": "INTEGER",
    "geo_confidence": "REAL", "geo_candidates": "INTEGER", "date_precision": "INTEGER",
}

_INCIDENT_TYPES = {
    "latitude": "REAL", "longitude": "REAL", "geo_precision": "INTEGER", "time_precision": "INTEGER",
    "reports": "INTEGER", "articles": "INTEGER", "sources": "INTEGER", "confidence": "REAL",
}

# Each step takes the schema from version i to i + 1.
MIGRATIONS: list[list[str]] = [
    [  # 0 -> 1: the first tables
        """CREATE TABLE IF NOT EXISTS articles (
            article_id TEXT PRIMARY KEY, title TEXT NOT NULL, published_at TEXT, published_raw TEXT,
            undated INTEGER NOT NULL DEFAULT 0, source TEXT, url TEXT, file TEXT, line INTEGER,
            dateline TEXT, body TEXT NOT NULL, paragraph_count INTEGER NOT NULL,
            related_headlines TEXT NOT NULL DEFAULT '[]', warnings TEXT NOT NULL DEFAULT '[]', loaded_at TEXT)""",
        "CREATE TABLE IF NOT EXISTS events ("
        + ", ".join(
            f"{c} {_EVENT_TYPES.get(c, 'TEXT')}" + (" PRIMARY KEY" if c == "event_id" else "")
            for c in EVENT_COLUMNS if c not in ("geo_confidence", "geo_candidates", "anchor_place", "incident_id")
        )
        + ")",
        "CREATE INDEX IF NOT EXISTS events_by_date ON events(event_date)",
        "CREATE INDEX IF NOT EXISTS events_by_article ON events(article_id)",
    ],
    [  # 1 -> 2: geocoding confidence, runner-up count and the anchor of approximate places
        "ALTER TABLE events ADD COLUMN geo_confidence REAL",
        "ALTER TABLE events ADD COLUMN geo_candidates INTEGER",
        "ALTER TABLE events ADD COLUMN anchor_place TEXT",
        "CREATE INDEX IF NOT EXISTS events_by_place ON events(place_id)",
    ],
    [  # 2 -> 3: a counter every write transaction raises (the dashboard's stamp: file times miss
        # same-size writes within a second on 1-second filesystems), and each file a load completed
        "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL)",
        "INSERT OR IGNORE INTO meta (key, value) VALUES ('commits', 0)",
        """CREATE TABLE IF NOT EXISTS loaded_files (file TEXT PRIMARY KEY, articles INTEGER NOT NULL,
            events INTEGER NOT NULL, completed_at TEXT NOT NULL)""",
    ],
    [  # 3 -> 4: mentions grouped into incidents (eventmap/incidents.py); filled by _group_all after
        "ALTER TABLE events ADD COLUMN incident_id TEXT",
        "ALTER TABLE events ADD COLUMN place_key TEXT",
        "CREATE INDEX IF NOT EXISTS events_by_place_day ON events(place_key, event_date)",
        "CREATE INDEX IF NOT EXISTS events_by_incident ON events(incident_id)",
        "CREATE TABLE IF NOT EXISTS incidents ("
        + ", ".join(f"{c} {_INCIDENT_TYPES.get(c, 'TEXT')}" + (" PRIMARY KEY" if c == "incident_id" else "")
                    for c in INCIDENT_COLUMNS) + ")",
        "CREATE INDEX IF NOT EXISTS incidents_by_date ON incidents(event_date)",
        "CREATE INDEX IF NOT EXISTS incidents_by_place ON incidents(place_key)",
    ],
]
assert len(MIGRATIONS) == SCHEMA_VERSION


class StoreError(Exception):
    """The database cannot be used: not SQLite, corrupt, from a newer eventmap, locked, read-only, full."""


class StoreConflict(StoreError):
    """A PostgreSQL transaction lost a serialization or deadlock conflict: run it again (`run_transaction`)."""


# ---------------------------------------------------------------- PostgreSQL

DATABASE_URL = re.compile(r"^postgres(?:ql)?://", re.I)


def is_database_url(db: object) -> bool:
    """True for a PostgreSQL URL (postgresql://user:pass@host:5432/name); a path means SQLite."""
    return isinstance(db, str) and bool(DATABASE_URL.match(db))


def database_name(db: Path | str) -> str:
    """The database as messages name it: its path, or its URL without the password."""
    return shown_url(db) if is_database_url(db) else str(db)


def shown_url(url: str) -> str:
    """The URL without its password, for messages."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.netloc.rsplit("@", 1)[-1]
    return urlunsplit(parts._replace(netloc=f"{parts.username}:***@{host}"))


# Each table's key, for PostgreSQL's spelling of SQLite's INSERT OR REPLACE.
_PRIMARY_KEYS = {"articles": "article_id", "events": "event_id", "loaded_files": "file", "meta": "key",
                 "incidents": "incident_id"}
_INSERT_OR = re.compile(r"^\s*INSERT\s+OR\s+(REPLACE|IGNORE)\s+INTO\s+(\w+)\s*\(([^)]*)\)", re.I | re.S)


@functools.lru_cache(maxsize=256)  # (a load runs the same few statements for every article)
def postgres_sql(sql: str) -> str:
    """A statement of this module in PostgreSQL's words: INSERT OR REPLACE / OR IGNORE become
    INSERT ... ON CONFLICT, REAL (SQLite's 8-byte float) DOUBLE PRECISION (PostgreSQL's REAL has 4
    bytes: 5 decimals of a coordinate), and ? placeholders %s."""
    m = _INSERT_OR.match(sql)
    if m:
        verb, table, columns = m.group(1).upper(), m.group(2), [c.strip() for c in m.group(3).split(",")]
        key = _PRIMARY_KEYS[table]
        sql = "INSERT INTO" + sql[m.start(2) - 1:]
        if verb == "IGNORE":
            sql += f" ON CONFLICT ({key}) DO NOTHING"
        else:
            sql += f" ON CONFLICT ({key}) DO UPDATE SET " + ", ".join(f"{c} = EXCLUDED.{c}" for c in columns if c != key)
    sql = re.sub(r"\bREAL\b", "DOUBLE PRECISION", sql)
    return sql.replace("%", "%%").replace("?", "%s")


class _Row(tuple):
    """A row read by index or by column name, as sqlite3.Row is."""

    names: dict[str, int]

    def __new__(cls, names: dict[str, int], values: Iterable[Any]) -> _Row:
        row = super().__new__(cls, values)
        row.names = names
        return row

    def __getitem__(self, key):  # type: ignore[override]
        return super().__getitem__(self.names[key] if isinstance(key, str) else key)

    def keys(self) -> list[str]:
        return list(self.names)


def _pg_rows(cursor: Any) -> Callable[[Any], _Row]:
    names = {c.name: i for i, c in enumerate(cursor.description or ())}
    return lambda values: _Row(names, values)


class _PostgresConnection:
    """psycopg's connection behind the few calls this module makes of sqlite3's (execute, executemany,
    in_transaction, close), taking SQLite's statements (see `postgres_sql`)."""

    def __init__(self, conn: Any) -> None:
        self.raw = conn

    def execute(self, sql: str, params: Iterable[Any] = ()) -> Any:
        return self.raw.execute(postgres_sql(sql), list(params) or None)

    def executemany(self, sql: str, rows: Iterable[Iterable[Any]]) -> None:
        rows = [list(r) for r in rows]
        if rows:
            with self.raw.cursor() as cursor:
                cursor.executemany(postgres_sql(sql), rows)

    @property
    def in_transaction(self) -> bool:
        from psycopg.pq import TransactionStatus

        return self.raw.info.transaction_status != TransactionStatus.IDLE

    def close(self) -> None:
        self.raw.close()


def describe_postgres_error(url: str, exc: Exception) -> str:
    """One line for a user, without the URL's password."""
    text = " ".join(str(exc).split()) or type(exc).__name__
    return f"{shown_url(url)}: PostgreSQL error ({text})"


# One lock every eventmap writer of a PostgreSQL database takes for its transaction (as SQLite's
# BEGIN IMMEDIATE does): loads on several machines then never interleave the regrouping of one place's
# incidents, and never deadlock. Parsing and place finding, the loader's real work, still run at once.
WRITE_LOCK_KEY = 0x6576656E746D6170  # "eventmap"
# Conflicts PostgreSQL may still report (serialization failure, deadlock): the transaction runs again.
CONFLICT_SQLSTATES = frozenset({"40001", "40P01"})
CONFLICT_ATTEMPTS = 5


def describe_sqlite_error(where: object, exc: sqlite3.Error, waited: float | None = None) -> str:
    """One line for a user: what is wrong with the database and what to do. Only a file SQLite itself
    finds malformed is called corrupt; a lock, read-only storage or a full disk says so."""
    text = str(exc)
    lowered = text.lower()
    if "locked" in lowered or "busy" in lowered:
        wait = f" (waited {waited:g} s)" if waited is not None else ""
        return (f"{where}: the database is locked by another program writing to it{wait}; "
                "try again when it has finished, or raise --wait")
    if "readonly" in lowered or "read-only" in lowered:
        return (f"{where}: the database is read-only (file or folder permissions, or read-only storage); "
                "eventmap cannot write to it")
    if "full" in lowered:
        return f"{where}: the disk is full ({text}); free some space and load again: files loaded so far are kept whole"
    if "disk i/o" in lowered:
        return f"{where}: the disk could not be written or read ({text}); check its space and health"
    if "unable to open" in lowered:
        return f"{where}: cannot open the database file ({text}); check the path and its permissions"
    if "malformed" in lowered or "not a database" in lowered or "corrupt" in lowered:
        return f"{where}: corrupt or unreadable database ({text})"
    return f"{where}: database error ({text})"


def _day_range(since: str | None, until: str | None) -> tuple[str, list[str]]:
    """The WHERE clause (or '') and its parameters for event days between two ISO days, inclusive."""
    clauses, params = [], []
    if since:
        clauses.append("event_date >= ?")
        params.append(since)
    if until:
        clauses.append("event_date <= ?")
        params.append(until)
    return (" WHERE " + " AND ".join(clauses) if clauses else ""), params


def default_db_path() -> Path | str:
    """EVENTMAP_DB (a path, or a postgresql:// URL), else data/events.db of the checkout."""
    from eventmap.gazetteer import default_data_dir

    env = os.environ.get("EVENTMAP_DB")
    return database_target(env) if env else default_data_dir() / "events.db"


def database_target(value: str | Path) -> Path | str:
    """What --db or EVENTMAP_DB names: a PostgreSQL URL as it is, anything else a path."""
    return value if is_database_url(value) else Path(value)


def database_stamp(path: Path | str) -> str:
    """Changes whenever a write commits to the database: eventmap's own commit counter (kept in the
    database, so it holds across restarts and on filesystems with 1-second times), and the file
    times and sizes for writes by other programs. An empty WAL is ignored: a reader's first open
    creates one without changing data. (PostgreSQL: the counter alone; other programs' writes to
    a shared server are not eventmap's to see.)"""
    if is_database_url(path):
        return str(commit_count(path))
    assert isinstance(path, Path)
    db = path.stat()
    wal_path = path.with_name(path.name + "-wal")
    wal = wal_path.stat() if wal_path.exists() else None
    wal_part = f"{wal.st_mtime_ns}:{wal.st_size}" if wal and wal.st_size else "0:0"
    return f"{commit_count(path)}:{db.st_mtime_ns}:{db.st_size}:{wal_part}"


def commit_count(path: Path | str) -> int:
    """How many write transactions eventmap has committed to the database (0 before schema 3)."""
    try:
        with Store(path, readonly=True, migrate=False) as store:
            if store.schema_version < 3:
                return 0
            row = store.conn.execute("SELECT value FROM meta WHERE key = 'commits'").fetchone()
    except (StoreError, sqlite3.Error):  # an old schema or no database yet: the file stamp decides
        return 0
    return int(row[0]) if row else 0


def snapshot_path(path: Path) -> Path:
    """The Parquet copy of the events table kept beside the database (`events.db.frame.parquet`)."""
    return path.with_name(path.name + ".frame.parquet")


_SNAPSHOT_STAMP = b"eventmap.database_stamp"
_SNAPSHOT_CHUNK_ROWS = 5_000


def _snapshot_schema(stamp: str):
    import pyarrow as pa

    types = {"INTEGER": pa.int64(), "REAL": pa.float64()}
    fields = [pa.field(c, types.get(_EVENT_TYPES.get(c, "TEXT"), pa.string())) for c in EVENT_COLUMNS]
    return pa.schema(fields, metadata={_SNAPSHOT_STAMP: stamp.encode()})


def write_events_snapshot(path: Path, frame: pd.DataFrame | None = None, stamp: str | None = None) -> bool:
    """Write the events of the database at `path` (or `frame`, read at `stamp`) as a Parquet snapshot.

    Read from SQLite in chunks, so memory stays bounded for millions of events. Written to a
    temporary file and renamed, so a reader never sees half a snapshot. False when it cannot be
    written (a read-only folder, a value of the wrong type): the dashboard then reads SQLite, only slower.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    stamp = stamp or database_stamp(path)  # taken before reading: a later write makes it stale, never wrong
    schema = _snapshot_schema(stamp)
    target = snapshot_path(path)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    remove_stale_snapshot_files(target)
    try:
        with pq.ParquetWriter(tmp, schema) as writer:
            if frame is not None:
                writer.write_table(pa.Table.from_pandas(frame[list(EVENT_COLUMNS)], schema=schema, preserve_index=False))
            else:
                # Rows straight from the cursor into Arrow, a few thousand at a time: no DataFrame, so a
                # million events add tens of megabytes to the loader's memory, not hundreds.
                with Store(path, readonly=True) as store:
                    cursor = store.conn.execute(store.events_query()[0])
                    while rows := cursor.fetchmany(_SNAPSHOT_CHUNK_ROWS):
                        columns = zip(*rows, strict=True)
                        writer.write_batch(pa.record_batch(
                            [pa.array(values, type=f.type) for values, f in zip(columns, schema, strict=True)],
                            schema=schema))
        os.replace(tmp, target)
        return True
    except (OSError, ValueError, TypeError) as exc:  # unwritable folder; a value Arrow cannot take (ArrowInvalid)
        tmp.unlink(missing_ok=True)
        log.warning("no events snapshot beside %s (%s); the dashboard will read SQLite instead", path, exc)
        return False


def remove_stale_snapshot_files(target: Path) -> list[Path]:
    """Delete the temporary snapshot files that killed writers left (`.<name>.<pid>.tmp` whose
    process is gone); a live writer's file is left alone. Returns what was removed."""
    removed = []
    for tmp in target.parent.glob(f".{target.name}.*.tmp"):
        pid = tmp.name[len(target.name) + 2:-len(".tmp")]
        if pid.isdigit() and int(pid) != os.getpid() and not _process_alive(int(pid)):
            try:
                tmp.unlink()
                removed.append(tmp)
            except OSError:
                pass
    return removed


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process: alive
        return True
    return True


def read_events_frame(path: Path | str) -> pd.DataFrame:
    """All events of the database at `path`: from its Parquet snapshot while the database is
    unchanged since the snapshot (about ten times faster than SQLite for 100,000 events), else from
    SQLite, refreshing the snapshot."""
    import pyarrow.parquet as pq

    if is_database_url(path):  # a shared server: no file beside it to keep a copy in
        with Store(path, readonly=True) as store:
            return store.events_frame()
    stamp = database_stamp(path)
    try:
        table = pq.read_table(snapshot_path(path))
        if (table.schema.metadata or {}).get(_SNAPSHOT_STAMP) == stamp.encode() and table.column_names == list(EVENT_COLUMNS):
            return table.to_pandas()
    except (OSError, ValueError):  # missing, half-copied or foreign file: read SQLite instead
        pass
    with Store(path, readonly=True) as store:
        frame = store.events_frame()
    write_events_snapshot(path, frame, stamp)
    return frame


def read_incidents_frame(path: Path | str) -> pd.DataFrame:
    """The incidents table of the database at `path` (tens of thousands of rows: read directly)."""
    with Store(path, readonly=True) as store:
        return store.incidents_frame()


def check_sqlite_file(path: Path) -> None:
    """Refuse a file that exists but is not an SQLite database (never overwrite it)."""
    if path.exists() and path.is_file() and path.stat().st_size > 0:
        with open(path, "rb") as fh:
            if fh.read(16) != SQLITE_HEADER:
                raise StoreError(f"{path}: not an SQLite database; refusing to use or overwrite it")
    elif path.exists() and not path.is_file():
        raise StoreError(f"{path}: not a file")


T = TypeVar("T")


class Store:
    """The events database: a SQLite path (or ':memory:', or an open sqlite3 connection) or a
    PostgreSQL URL. A context manager."""

    def __init__(self, db: str | Path | sqlite3.Connection, readonly: bool = False, wait: float = 30,
                 migrate: bool = True) -> None:
        self.readonly = readonly
        self.wait = wait
        self._touched: set[tuple[str, str | None]] = set()  # (place, day) the open transaction changes
        self._gone_incidents: set[str] = set()  # incidents of the mentions it deleted
        self.url: str | None = None
        self.dialect = "sqlite"
        if is_database_url(db):
            assert isinstance(db, str)
            self._open_postgres(db, migrate)
            return
        if isinstance(db, sqlite3.Connection):
            self.conn = db
            self.path = None
        else:
            self.path = None if str(db) == ":memory:" else Path(db)
            try:
                if self.path is not None:
                    check_sqlite_file(self.path)
                    self.conn = self._connect_readonly() if readonly else self._connect_for_writing()
                else:
                    self.conn = sqlite3.connect(":memory:", check_same_thread=False)
            except sqlite3.Error as exc:
                raise StoreError(describe_sqlite_error(db, exc)) from exc
        self.conn.isolation_level = None  # explicit BEGIN/COMMIT below
        self.conn.row_factory = sqlite3.Row
        try:
            self.conn.execute(f"PRAGMA busy_timeout={int(wait * 1000)}")
            if not readonly:
                self._use_wal()
                self.conn.execute("PRAGMA synchronous=NORMAL")
                # Event ids are hashes, so inserts land all over four B-trees: a 64 MB page cache keeps
                # a 100,000-article load from re-reading pages for every row.
                self.conn.execute("PRAGMA cache_size=-65536")
            self._counts_commits = False  # not during the migration that makes the counter
            if migrate:
                self._migrate()
            self._counts_commits = self.schema_version >= 3
        except sqlite3.Error as exc:
            self.conn.close()
            raise StoreError(describe_sqlite_error(db, exc, self.wait)) from exc
        except StoreError:
            self.conn.close()
            raise

    def _open_postgres(self, url: str, migrate: bool) -> None:
        """Connect to a PostgreSQL server (autocommit: the transactions below are explicit)."""
        import psycopg

        self.url, self.path, self.dialect = url, None, "postgresql"
        try:
            raw = psycopg.connect(url, autocommit=True, connect_timeout=max(1, int(self.wait)))
            raw.row_factory = _pg_rows
        except psycopg.Error as exc:
            raise StoreError(describe_postgres_error(url, exc)) from exc
        self.conn = _PostgresConnection(raw)  # type: ignore[assignment]
        try:
            raw.execute(f"SET lock_timeout = '{int(self.wait * 1000)}ms'")  # (SET takes no parameters)
            if self.readonly:
                raw.execute("SET default_transaction_read_only = on")
            self._counts_commits = False
            if migrate:
                self._migrate()
            self._counts_commits = self.schema_version >= 3
        except psycopg.Error as exc:
            raw.close()
            raise StoreError(describe_postgres_error(url, exc)) from exc
        except StoreError:
            raw.close()
            raise

    def _use_wal(self) -> None:
        """Switch a new database to WAL. The switch needs the file to itself and SQLite does not wait
        for it (no busy handler): loaders starting together on a new file retry here until `wait`."""
        deadline = time.monotonic() + self.wait
        while True:
            try:
                if self.conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                    self.conn.execute("PRAGMA journal_mode=WAL")
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) or time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    def _connect_for_writing(self) -> sqlite3.Connection:
        assert self.path is not None
        if not self.path.parent.is_dir():
            # Never make the folders: a typo in --db would make a new, empty database elsewhere.
            raise StoreError(f"{self.path}: the folder {self.path.parent} does not exist; create it first "
                             "(eventmap does not, so a mistyped path cannot start a database elsewhere)")
        return sqlite3.connect(self.path, timeout=self.wait, check_same_thread=False)

    def _connect_readonly(self) -> sqlite3.Connection:
        """Open for reading only. A WAL database on read-only storage cannot make its -shm file, and
        mode=ro then fails; when no write-ahead log is pending there is nothing it would hold, so the
        file is opened as immutable instead (exact, and it never writes)."""
        assert self.path is not None
        if not self.path.exists():
            raise StoreError(f"{self.path}: no such database; run `eventmap load` first")
        uri = f"file:{quote(os.fsencode(self.path))}?mode=ro"
        conn = sqlite3.connect(uri, uri=True, timeout=self.wait, check_same_thread=False)
        try:
            conn.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchall()
            return conn
        except sqlite3.OperationalError as exc:
            conn.close()
            if "unable to open" not in str(exc) and "readonly" not in str(exc):
                raise
            wal = self.path.with_name(self.path.name + "-wal")
            if wal.exists() and wal.stat().st_size:
                raise StoreError(
                    f"{self.path}: on read-only storage with writes still in its log ({wal.name}) that "
                    "SQLite cannot open without writing; copy the database and its -wal file to "
                    "writable storage, or open it once where it can be written") from exc
            return sqlite3.connect(uri + "&immutable=1", uri=True, check_same_thread=False)

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.conn.close()

    # ------------------------------------------------------------ schema

    @property
    def schema_version(self) -> int:
        if self.dialect == "postgresql":
            found = self.conn.execute("SELECT to_regclass('eventmap_schema') IS NOT NULL").fetchone()[0]
            if not found:
                return 0
            row = self.conn.execute("SELECT version FROM eventmap_schema").fetchone()
            return int(row[0]) if row else 0
        return int(self.conn.execute("PRAGMA user_version").fetchone()[0])

    def _set_schema_version(self, version: int) -> None:
        if self.dialect == "postgresql":
            self.conn.execute("CREATE TABLE IF NOT EXISTS eventmap_schema (version INTEGER NOT NULL)")
            self.conn.execute("DELETE FROM eventmap_schema")
            self.conn.execute("INSERT INTO eventmap_schema (version) VALUES (?)", (version,))
        else:
            self.conn.execute(f"PRAGMA user_version = {version}")

    def _migrate(self) -> None:
        self._check_version(self.schema_version)
        if self.schema_version == SCHEMA_VERSION:
            if self.dialect == "postgresql" and not self.readonly:
                self._add_geometry()
            return
        # Read the version again under the write lock: two loaders starting on a new database would
        # otherwise both run the same steps, and the second fail ("duplicate column name").
        with self._migration_lock(), self.transaction():
            version = self.schema_version
            self._check_version(version)
            for step in range(version, SCHEMA_VERSION):
                for sql in MIGRATIONS[step]:
                    self.conn.execute(sql)
            if version < 4:
                self._group_all()
            self._set_schema_version(SCHEMA_VERSION)
        if self.dialect == "postgresql":
            self._add_geometry()

    def _add_geometry(self) -> None:
        """With PostGIS on the server: a point geometry for each located event (made by PostgreSQL
        from latitude and longitude, so no writer has to) and a spatial index on it. Without
        PostGIS, or without the right to create its extension, the table keeps plain lat/lon."""
        has = self.conn.execute("SELECT 1 FROM information_schema.columns WHERE table_name = 'events' "
                                "AND column_name = 'geom' AND table_schema = current_schema()").fetchone()
        if has or not self.conn.execute(
                "SELECT 1 FROM pg_available_extensions WHERE name = 'postgis'").fetchone():
            return
        with self._migration_lock(), self.transaction():
            try:
                self.conn.execute("SAVEPOINT postgis")
                self.conn.execute("CREATE EXTENSION IF NOT EXISTS postgis")
                self.conn.execute("RELEASE SAVEPOINT postgis")
            except Exception as exc:  # (psycopg's error: no right to create the extension)
                self.conn.execute("ROLLBACK TO SAVEPOINT postgis")
                log.warning("PostGIS not enabled (%s): events keep plain latitude and longitude", exc)
                return
            if self.conn.execute("SELECT 1 FROM information_schema.columns WHERE table_name = 'events' "
                                 "AND column_name = 'geom' AND table_schema = current_schema()").fetchone():
                return  # another loader added it while this one waited for the lock
            self.conn.execute(
                "ALTER TABLE events ADD COLUMN geom geometry(Point, 4326) GENERATED ALWAYS AS "
                "(CASE WHEN longitude IS NOT NULL AND latitude IS NOT NULL "
                "THEN ST_SetSRID(ST_MakePoint(longitude, latitude), 4326) END) STORED")
            self.conn.execute("CREATE INDEX IF NOT EXISTS events_by_geom ON events USING GIST (geom)")

    @property
    def has_geometry(self) -> bool:
        """True when the events table has PostGIS's point column (PostgreSQL with PostGIS only)."""
        return self.dialect == "postgresql" and self.conn.execute(
            "SELECT 1 FROM information_schema.columns WHERE table_name = 'events' AND column_name = 'geom' "
            "AND table_schema = current_schema()").fetchone() is not None

    @property
    def where(self) -> str:
        """The database as messages name it: its path, or its URL without the password."""
        return database_name(self.url or self.path or "database")

    @contextmanager
    def _migration_lock(self) -> Iterator[None]:
        """PostgreSQL: the writers' lock taken before the migration's transaction begins, so that the
        transaction starts after another loader's migration committed and sees its tables (a
        transaction already under way keeps its cached view of which tables exist)."""
        if self.dialect != "postgresql":
            yield
            return
        try:
            self.conn.execute("SELECT pg_advisory_lock(?)", (WRITE_LOCK_KEY,))
        except Exception as exc:
            self._raise_postgres(exc)
            raise
        try:
            yield
        finally:
            self.conn.execute("SELECT pg_advisory_unlock(?)", (WRITE_LOCK_KEY,))

    def _check_version(self, version: int) -> None:
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.where}: schema version {version} is newer than this eventmap "
                f"({SCHEMA_VERSION}); upgrade eventmap"
            )
        if version < SCHEMA_VERSION and self.readonly:
            raise StoreError(
                f"{self.where}: schema version {version} is older than {SCHEMA_VERSION}; "
                "load any file into it once (`eventmap load FILE --db ...`) to upgrade it"
            )

    # ------------------------------------------------------------ writing

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """BEGIN IMMEDIATE ... COMMIT (PostgreSQL: BEGIN and the writers' lock, `WRITE_LOCK_KEY`);
        anything raised rolls the whole block back. Every commit raises the commit counter, the
        dashboard's sign that the data changed. A lock held past `wait`, read-only storage or a full
        disk becomes a StoreError with one clear line; a PostgreSQL conflict a StoreConflict."""
        try:
            self._begin()
        except sqlite3.OperationalError as exc:
            raise StoreError(describe_sqlite_error(self.path or "database", exc, self.wait)) from exc
        self._touched = set()
        self._gone_incidents = set()
        try:
            yield
            if self._touched:
                self._regroup(self._touched, self._gone_incidents)
            if self._counts_commits:
                self.conn.execute("UPDATE meta SET value = value + 1 WHERE key = 'commits'")
            self.conn.execute("COMMIT")
        except BaseException as exc:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            if isinstance(exc, sqlite3.OperationalError):
                raise StoreError(describe_sqlite_error(self.path or "database", exc, self.wait)) from exc
            if self.dialect == "postgresql":
                self._raise_postgres(exc)
            raise

    def _begin(self) -> None:
        if self.dialect == "sqlite":
            self.conn.execute("BEGIN IMMEDIATE")
            return
        try:
            self.conn.execute("BEGIN")
            self.conn.execute("SELECT pg_advisory_xact_lock(?)", (WRITE_LOCK_KEY,))
        except Exception as exc:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            self._raise_postgres(exc)
            raise

    def _raise_postgres(self, exc: BaseException) -> None:
        """A psycopg error as a StoreError (a conflict worth another try as StoreConflict); others pass."""
        import psycopg

        if not isinstance(exc, psycopg.Error):
            return
        where = self.url or "database"
        if getattr(exc, "sqlstate", None) in CONFLICT_SQLSTATES:
            raise StoreConflict(describe_postgres_error(where, exc)) from exc
        if getattr(exc, "sqlstate", None) == "55P03":  # lock_not_available: another writer past `wait`
            raise StoreError(f"{shown_url(where)}: another program held the database's write lock past "
                             f"{self.wait:g} s; try again when it has finished, or raise --wait") from exc
        raise StoreError(describe_postgres_error(where, exc)) from exc

    def run_transaction(self, write: Callable[[], T], attempts: int = CONFLICT_ATTEMPTS) -> T:
        """`write()` inside one transaction; run again (after a short, growing pause) when PostgreSQL
        reports a serialization or deadlock conflict, up to `attempts` times."""
        for attempt in range(1, attempts + 1):
            try:
                with self.transaction():
                    return write()
            except StoreConflict:
                if attempt == attempts:
                    raise
                time.sleep(0.05 * 2 ** attempt)
        raise AssertionError("unreachable")

    def record_loaded_file(self, file: str, articles: int, events: int) -> None:
        """Note that a load read a file to its end (call inside the transaction of its last articles)."""
        self.conn.execute("INSERT OR REPLACE INTO loaded_files (file, articles, events, completed_at) VALUES (?, ?, ?, ?)",
                          (file, articles, events, datetime.now(UTC).isoformat(timespec="seconds")))

    def has_article(self, article_id: str) -> bool:
        """True when an article of this id is already stored (its events would be replaced)."""
        return self.conn.execute("SELECT 1 FROM articles WHERE article_id = ?", (article_id,)).fetchone() is not None

    def write_article(self, article: Article, events: Iterable[EventRow]) -> int:
        """Upsert an article and replace its events (call inside `transaction`); return rows written."""
        self.conn.execute(
            """INSERT OR REPLACE INTO articles (article_id, title, published_at, published_raw, undated, source,
                url, file, line, dateline, body, paragraph_count, related_headlines, warnings, loaded_at)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            (
                article.article_id, article.readable_title,
                article.published_at.isoformat() if article.published_at else None, article.published_raw,
                int(article.published_at is None), article.source, article.url, article.file, article.line,
                article.dateline, "\n\n".join(article.readable_paragraphs), len(article.paragraphs),
                json.dumps([{"title": h.title, "date": h.date.isoformat() if h.date else None, "url": h.url}
                            for h in article.related], ensure_ascii=False),
                json.dumps(article.warnings, ensure_ascii=False),
                datetime.now(UTC).isoformat(timespec="seconds"),
            ),
        )
        # The places of the events replaced and of the new ones: their incidents are regrouped at commit.
        for place, day, incident in self.conn.execute(
                "SELECT DISTINCT place_key, event_date, incident_id FROM events WHERE article_id = ?",
                (article.article_id,)):
            self._touched.add((place, day))
            if incident:
                self._gone_incidents.add(incident)
        self.conn.execute("DELETE FROM events WHERE article_id = ?", (article.article_id,))
        rows = []
        for e in events:
            key = incident_place_key(e.place_id, e.place_name)
            self._touched.add((key, e.event_date))
            rows.append((*(getattr(e, c) for c in EVENT_COLUMNS), key))
        columns = [*EVENT_COLUMNS, "place_key"]
        self.conn.executemany(
            f"INSERT OR REPLACE INTO events ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)})", rows
        )
        return len(rows)

    # ------------------------------------------------------------ incidents

    def _regroup(self, touched: set[tuple[str, str | None]], gone: set[str] | None = None) -> None:
        """Group again the mentions a change at these (place, day) pairs can move (inside the write
        transaction), and rewrite the incidents-table rows of the incidents that gained or lost a
        mention (`gone`: incidents of mentions deleted in this transaction). The rule looks at one
        place and the day before only, so a change on day d moves mentions of days d and d + 1 alone:
        those are read with their day before, not the place's whole history."""
        affected = set(gone or ())
        regroup: set[tuple[str, str | None]] = set()
        read: set[tuple[str, str | None]] = set()
        for place, day in touched:
            if day:
                regroup.update({(place, day), (place, shift_day(day, 1))})
                read.update({(place, day), (place, shift_day(day, 1)), (place, shift_day(day, -1))})
            else:
                regroup.add((place, None))
                read.add((place, None))
        # One query for every (place, day) to read, through a temporary table: a query per place cost
        # 5 ms of pandas each (53 s for 100,000 events at 11,000 places).
        self.conn.execute("CREATE TEMP TABLE IF NOT EXISTS regroup_days (place_key TEXT, event_date TEXT)")
        self.conn.execute("DELETE FROM regroup_days")
        self.conn.executemany("INSERT INTO regroup_days VALUES (?, ?)", sorted(read, key=lambda r: (r[0], r[1] or "")))
        names = ("incident_id", "place_key", *GROUPING_COLUMNS)
        columns = ", ".join(f"e.{c}" for c in names)
        rows = self.conn.execute(
            f"SELECT {columns} FROM regroup_days r JOIN events e ON e.place_key = r.place_key "
            f"AND e.event_date = r.event_date UNION ALL "
            f"SELECT {columns} FROM regroup_days r JOIN events e ON e.place_key = r.place_key "
            f"AND e.event_date IS NULL AND r.event_date IS NULL").fetchall()
        self.conn.execute("DELETE FROM regroup_days")
        if rows:
            mentions = {name: list(values) for name, values in zip(names, zip(*rows), strict=True)}
            # Mentions of the day before were read as context: only those of the days moved are updated.
            changed = [(new, old, event_id) for new, old, event_id, place, day
                       in zip(incident_ids(mentions), mentions["incident_id"], mentions["event_id"],
                              mentions["place_key"], mentions["event_date"], strict=True)
                       if new != old and (place, day) in regroup]
            affected.update(old for _, old, _ in changed if old)
            affected.update(new for new, _, _ in changed)
            self.conn.executemany("UPDATE events SET incident_id = ? WHERE event_id = ?",
                                  [(new, event_id) for new, _, event_id in changed])
        if not affected:
            return
        self.conn.execute("CREATE TEMP TABLE IF NOT EXISTS regroup_incidents (incident_id TEXT PRIMARY KEY)")
        self.conn.execute("DELETE FROM regroup_incidents")
        self.conn.executemany("INSERT INTO regroup_incidents VALUES (?)", [(i,) for i in sorted(affected)])
        self.conn.execute("DELETE FROM incidents WHERE incident_id IN (SELECT incident_id FROM regroup_incidents)")
        members = self.conn.execute(
            f"SELECT {', '.join('e.' + c for c in SUMMARY_INPUT)} FROM regroup_incidents r "
            "JOIN events e ON e.incident_id = r.incident_id").fetchall()
        self.conn.execute("DELETE FROM regroup_incidents")
        self.conn.executemany(
            f"INSERT INTO incidents ({', '.join(INCIDENT_COLUMNS)}) VALUES ({', '.join('?' for _ in INCIDENT_COLUMNS)})",
            incident_rows(members))

    def _group_all(self) -> None:
        """Fill place_key and group every event (a database from before incidents)."""
        rows = self.conn.execute("SELECT event_id, place_id, place_name FROM events").fetchall()
        self.conn.executemany("UPDATE events SET place_key = ? WHERE event_id = ?",
                              [(incident_place_key(r[1], r[2]), r[0]) for r in rows])
        self._regroup({(r[0], r[1]) for r in self.conn.execute("SELECT DISTINCT place_key, event_date FROM events")})

    def incidents_frame(self, since: str | None = None, until: str | None = None) -> pd.DataFrame:
        """Incidents (optionally between two ISO days, inclusive), by day and place."""
        where, params = _day_range(since, until)
        return self._frame(f"SELECT {', '.join(INCIDENT_COLUMNS)} FROM incidents{where} "
                           "ORDER BY event_date, place_key, incident_id", params)

    def _frame(self, sql: str, params: list[str]) -> pd.DataFrame:
        """A query's rows as a DataFrame (pandas reads SQLite itself; PostgreSQL's rows come by cursor)."""
        if self.dialect == "sqlite":
            return pd.read_sql_query(sql, self.conn, params=params)
        cursor = self.conn.execute(sql, params)
        names = [c.name for c in cursor.description]
        return pd.DataFrame.from_records([tuple(r) for r in cursor.fetchall()], columns=names, coerce_float=True)

    # ------------------------------------------------------------ reading

    def count(self, table: str) -> int:
        if table not in ("events", "articles"):
            raise ValueError(table)
        return int(self.conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])

    def events_frame(self, since: str | None = None, until: str | None = None) -> pd.DataFrame:
        """Events (optionally between two ISO days, inclusive) as a DataFrame."""
        sql, params = self.events_query(since, until)
        return self._frame(sql, params)

    @staticmethod
    def events_query(since: str | None = None, until: str | None = None) -> tuple[str, list[str]]:
        """The SELECT of `events_frame`: every event column, in one fixed order."""
        where, params = _day_range(since, until)
        return (f"SELECT {', '.join(EVENT_COLUMNS)} FROM events{where} "
                "ORDER BY event_date, article_id, paragraph_index, event_id"), params

    def place_counts(self) -> list[tuple[str, str, int]]:
        """Every place name with its place id and how many events name it, most named first."""
        rows = self.conn.execute(
            "SELECT place_name, place_id, COUNT(*) AS n FROM events GROUP BY place_id, place_name "
            "ORDER BY n DESC, place_name").fetchall()
        return [(r["place_name"], r["place_id"] or "", int(r["n"])) for r in rows]

    def unresolved_places(self) -> list[tuple[str, int, str]]:
        """Names with no gazetteer entry: (name, events, where they were placed if anywhere)."""
        rows = self.conn.execute(
            """SELECT MIN(place_name) AS place_name, COUNT(*) AS n, MAX(COALESCE(anchor_place, '')) AS anchor
               FROM events WHERE place_id IS NULL GROUP BY lower(place_name) ORDER BY n DESC, place_name"""
        ).fetchall()
        return [(r["place_name"], int(r["n"]), r["anchor"]) for r in rows]

    def unresolved_names_by_article(self) -> list[tuple[str, str]]:
        """(article id, place name) of every event row whose name has no gazetteer entry."""
        return [(r[0], r[1] or "") for r in self.conn.execute(
            "SELECT DISTINCT article_id, place_name FROM events WHERE place_id IS NULL")]

    def article_ids_naming(self, place_key: str | None = None, place_id: str | None = None) -> list[str]:
        """Ids of the articles with an event row at an unresolved name of this key (`place_key`, e.g.
        'name:zorbastan') or at a gazetteer place (`place_id`)."""
        if place_id is not None:
            rows = self.conn.execute("SELECT DISTINCT article_id FROM events WHERE place_id = ?", (place_id,))
        else:
            rows = self.conn.execute("SELECT DISTINCT article_id FROM events WHERE place_id IS NULL AND place_key = ?",
                                     (place_key,))
        return sorted(r[0] for r in rows)

    def stored_article(self, article_id: str) -> Article | None:
        """The article as stored (its readable title and paragraphs, date, source, related headlines),
        under its stored id: what re-geocoding it needs."""
        row = self.article(article_id)
        if row is None:
            return None
        article = Article(
            title=row["title"] or "", paragraphs=(row["body"] or "").split("\n\n") if row["body"] else [],
            published_at=datetime.fromisoformat(row["published_at"]) if row["published_at"] else None,
            published_raw=row["published_raw"] or "", source=row["source"] or "", url=row["url"] or "",
            file=row["file"] or "", line=row["line"], dateline=row["dateline"] or "",
            related=[RelatedHeadline(h.get("title") or "", date.fromisoformat(h["date"]) if h.get("date") else None,
                                     h.get("url") or "") for h in row["related_headlines"]],
            warnings=list(row["warnings"]),
        )
        article.__dict__["article_id"] = article_id  # (the stored id, whatever its text now hashes to)
        return article

    def article(self, article_id: str) -> dict | None:
        row = self.conn.execute("SELECT * FROM articles WHERE article_id = ?", (article_id,)).fetchone()
        if row is None:
            return None
        out = dict(row)
        out["related_headlines"] = json.loads(out["related_headlines"] or "[]")
        out["warnings"] = json.loads(out["warnings"] or "[]")
        return out


# ---------------------------------------------------------------- the dashboard on a big store
#
# Past 100,000 events (and always on a shared PostgreSQL server) the dashboard does not
# read every row: it asks the store for what it shows, each a query over the filtered events (the
# map's per-place counts, the counts line, the events per day, one page of the table, the clicked
# event's paragraph). `event_where` turns the sidebar's choices into one WHERE clause for all of them.


@dataclass(frozen=True)
class EventQuery:
    """Which events to show, in the store's terms (components/filters.py makes one from the sidebar's
    choices); empty means all."""

    start: str | None = None  # ISO days, inclusive
    end: str | None = None
    include_undated: bool = False  # with a date range: undated events too
    event_types: tuple[str, ...] = ()
    actor_lists: tuple[str, ...] | None = None  # values of the actors column to keep ("ISIS; SDF"); None: all
    sources: tuple[str, ...] = ()
    text: str = ""  # in the place's name or mention, the paragraph or the title (any case)
    text_places: tuple[str, ...] = ()  # place keys one of whose gazetteer names the text is
    min_sources: int = 1  # incidents reported by at least this many independent sources


def _like_anywhere(text: str) -> str:
    """A LIKE pattern (ESCAPE '\\') finding `text` anywhere, its own % and _ taken literally."""
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _in(column: str, values: Iterable[Any]) -> tuple[str, list[Any]]:
    values = list(values)
    return (f"{column} IN ({', '.join('?' * len(values))})" if values else "1 = 0"), values


def event_where(q: EventQuery) -> tuple[str, list[Any]]:
    """The WHERE clause (without the word) and its parameters selecting the events `q` asks for."""
    clauses: list[str] = []
    params: list[Any] = []

    def add(clause: str, values: Iterable[Any] = ()) -> None:
        clauses.append(clause)
        params.extend(values)

    if q.start or q.end:
        in_range = " AND ".join(c for c, v in (("event_date >= ?", q.start), ("event_date <= ?", q.end)) if v)
        days = [v for v in (q.start, q.end) if v]
        add(f"(({in_range}) OR event_date IS NULL OR event_date = '')" if q.include_undated
            else f"({in_range} AND event_date <> '')", days)
    if q.event_types:
        add(*_in("event_type", q.event_types))
    if q.actor_lists is not None:
        add(*_in("actors", q.actor_lists))
    if q.sources:
        add(*_in("article_source", q.sources))
    if q.text.strip():
        # (lower() folds ASCII letters in SQLite and in a C-locale PostgreSQL; Arabic has no case.)
        needle = _like_anywhere(q.text.strip().lower())
        fields = ("place_name", "place_mention", "paragraph_text", "article_title")
        text = " OR ".join(f"lower(COALESCE({f}, '')) LIKE ? ESCAPE '\\'" for f in fields)
        named, keys = _in("place_key", q.text_places) if q.text_places else ("", [])
        add(f"({text}{' OR ' + named if named else ''})", [needle] * len(fields) + keys)
    if q.min_sources > 1:
        add("incident_id IN (SELECT incident_id FROM incidents WHERE sources >= ?)", [q.min_sources])
    return (" AND ".join(clauses) or "1 = 1"), params


# A name without a point of its own (no gazetteer entry, or a city neighbourhood), drawn at the place its
# paragraph anchors it to: as components/filters.placed_at_anchor says it.
_ANCHORED = "(COALESCE(anchor_place, '') <> '' AND (place_id IS NULL OR place_id LIKE 'neighbourhood:%'))"
_NEWEST_FIRST = ("ORDER BY CASE WHEN event_date IS NULL OR event_date = '' THEN 1 ELSE 0 END, event_date DESC, "
                 "published_at DESC, paragraph_index, event_id")


@dataclass(frozen=True)
class EventSubset:
    """Narrower than the filters: one place's events, one incident's reports, the names placed at one
    anchor point, one event type, one event (each None: not narrowed)."""

    place_key: str | None = None
    incident_id: str | None = None
    anchor: tuple[str, float, float] | None = None  # anchor place, latitude, longitude
    event_type: str | None = None
    short_id: str | None = None  # the event whose id starts so (a marker's)


def _subset_where(q: EventQuery, subset: EventSubset | None) -> tuple[str, list[Any]]:
    where, params = event_where(q)
    if subset is None:
        return where, params
    for column, value in (("place_key", subset.place_key), ("incident_id", subset.incident_id),
                          ("event_type", subset.event_type)):
        if value is not None:
            where += f" AND {column} = ?"
            params.append(value)
    if subset.short_id is not None:  # (a range over the primary key: its index serves it; ids are hex)
        where += " AND event_id >= ? AND event_id < ?"
        params.extend([subset.short_id, subset.short_id + "g"])
    if subset.anchor is not None:
        where += f" AND {_ANCHORED} AND anchor_place = ? AND latitude = ? AND longitude = ?"
        params.extend(subset.anchor)
    return where, params


def filter_choices(store: Store) -> dict[str, Any]:
    """What the filters can offer, from the whole table: event types, actor lists (the actors column's
    values), sources, the first and last day, the number of undated events and of events, and the most
    sources of any incident."""
    def column(sql: str) -> list[str]:
        return sorted(r[0] for r in store.conn.execute(sql) if r[0])

    first, last, undated, total = store.conn.execute(
        "SELECT MIN(NULLIF(event_date, '')), MAX(NULLIF(event_date, '')), "
        "SUM(CASE WHEN event_date IS NULL OR event_date = '' THEN 1 ELSE 0 END), COUNT(*) FROM events").fetchone()
    most = store.conn.execute("SELECT MAX(sources) FROM incidents").fetchone()[0]
    return {
        "event_types": column("SELECT DISTINCT event_type FROM events"),
        "actor_lists": column("SELECT DISTINCT actors FROM events"),
        "sources": column("SELECT DISTINCT article_source FROM events"),
        "first_day": first, "last_day": last, "undated": int(undated or 0), "events": int(total or 0),
        "max_sources": int(most or 1),
    }


def place_name_rows(store: Store) -> pd.DataFrame:
    """Each distinct (place id, name, mention) of the events: what the place search indexes."""
    return store._frame("SELECT DISTINCT place_id, place_name, place_mention FROM events", [])


def event_summary(store: Store, q: EventQuery) -> dict[str, Any]:
    """The counts line's figures for the filtered events: events, incidents, places, first and last
    day, and events without coordinates."""
    where, params = event_where(q)
    row = store.conn.execute(
        "SELECT COUNT(*), COUNT(DISTINCT incident_id), COUNT(DISTINCT place_key), MIN(NULLIF(event_date, '')), "
        "MAX(NULLIF(event_date, '')), SUM(CASE WHEN latitude IS NULL OR longitude IS NULL THEN 1 ELSE 0 END) "
        f"FROM events WHERE {where}", params).fetchone()
    return {"events": int(row[0]), "incidents": int(row[1]), "places": int(row[2]), "first_day": row[3],
            "last_day": row[4], "unplaced": int(row[5] or 0)}


def map_markers(store: Store, q: EventQuery, by_incident: bool = False) -> pd.DataFrame:
    """One row per place and event type on the map (`by_incident`: per incident), for the filtered events
    with coordinates: its point, whether it is approximate, its name, its type, how many events, the
    newest and oldest day and one event id (what a click names). The names placed at one
    anchor point make one row, its name the anchor's and `names` how many names it stands for."""
    where, params = event_where(q)
    anchored = f"CASE WHEN {_ANCHORED} THEN 1 ELSE 0 END"
    place = f"CASE WHEN {_ANCHORED} THEN 'anchored:' || anchor_place ELSE place_key END"
    approx = "CASE WHEN COALESCE(geo_precision, 1) >= 2 THEN 1 ELSE 0 END"
    kind = f"CASE WHEN {_ANCHORED} THEN '' ELSE " + (
        "incident_id END" if by_incident else "COALESCE(NULLIF(event_type, ''), 'other') END")
    grouped = (
        f"SELECT {place} AS place, latitude, longitude, {approx} AS approx, {anchored} AS anchored, "
        "MIN(COALESCE(place_name, place_mention, '')) AS name, MAX(COALESCE(anchor_place, '')) AS anchor, "
        "MAX(COALESCE(NULLIF(event_type, ''), 'other')) AS event_type, COUNT(*) AS events, "
        "COUNT(DISTINCT place_key) AS names, "
        "MAX(NULLIF(event_date, '')) AS newest, MAX(event_id) AS event_id, MIN(event_id) AS first_id, "
        # (As the whole-table map says it: a marker with an undated report is "undated to <newest day>".)
        "CASE WHEN COUNT(NULLIF(event_date, '')) < COUNT(*) THEN NULL ELSE MIN(event_date) END AS oldest "
        f"FROM events WHERE latitude IS NOT NULL AND longitude IS NOT NULL AND {where} "
        f"GROUP BY {place}, latitude, longitude, {approx}, {anchored}, {kind}")
    if not by_incident:
        return store._frame(grouped, params)
    # Per incident, as the whole-table map draws it: one marker per incident wherever its reports were
    # placed, at its first report's place and in its kind (an incident's reports may differ in kind, one
    # family: "armed clash", "shelling"); the names placed at one anchor point stay one marker.
    at_anchor = f"CASE WHEN {_ANCHORED} THEN 'anchored:' || anchor_place ELSE incident_id END"
    anchor_point = [f"CASE WHEN {_ANCHORED} THEN {c} END" for c in ("latitude", "longitude", approx)]
    # (Its first report: the newest day's, then the smallest id, as the whole-table map orders them.)
    ranked = (
        f"SELECT event_id, event_date, place_key, {at_anchor} AS grp, {anchored} AS anchored, "
        f"{', '.join(f'{point} AS a{i}' for i, point in enumerate(anchor_point))}, "
        f"ROW_NUMBER() OVER (PARTITION BY {at_anchor}, {', '.join(anchor_point)} "
        "ORDER BY COALESCE(event_date, '') DESC, event_id) AS rn "
        f"FROM events WHERE latitude IS NOT NULL AND longitude IS NOT NULL AND {where}")
    per_incident = (
        "SELECT grp, MAX(anchored) AS anchored, COUNT(*) AS events, COUNT(DISTINCT place_key) AS names, "
        "MAX(NULLIF(event_date, '')) AS newest, MAX(event_id) AS event_id, "
        "MAX(CASE WHEN rn = 1 THEN event_id END) AS first_id, "
        "CASE WHEN COUNT(NULLIF(event_date, '')) < COUNT(*) THEN NULL ELSE MIN(event_date) END AS oldest "
        f"FROM ({ranked}) r GROUP BY grp, a0, a1, a2")
    first_approx = approx.replace("geo_precision", "e.geo_precision")
    return store._frame(
        "SELECT CASE WHEN m.anchored = 1 THEN m.grp ELSE e.place_key END AS place, e.latitude, e.longitude, "
        f"{first_approx} AS approx, m.anchored, COALESCE(e.place_name, e.place_mention, '') AS name, "
        "COALESCE(e.anchor_place, '') AS anchor, m.names, m.events, m.newest, m.event_id, m.oldest, "
        "COALESCE(NULLIF(e.event_type, ''), 'other') AS event_type "
        f"FROM ({per_incident}) m JOIN events e ON e.event_id = m.first_id", params)


def events_per_day_counts(store: Store, q: EventQuery) -> pd.DataFrame:
    """Dated filtered events per day: event_date, events."""
    where, params = event_where(q)
    return store._frame(f"SELECT event_date, COUNT(*) AS events FROM events WHERE {where} "
                        "AND event_date IS NOT NULL AND event_date <> '' GROUP BY event_date ORDER BY event_date", params)


def count_events(store: Store, q: EventQuery, subset: EventSubset | None = None) -> int:
    where, params = _subset_where(q, subset)
    return int(store.conn.execute(f"SELECT COUNT(*) FROM events WHERE {where}", params).fetchone()[0])


def events_page(store: Store, q: EventQuery, limit: int, offset: int = 0,
                subset: EventSubset | None = None) -> pd.DataFrame:
    """One page of the filtered events (narrowed to `subset`), newest first: every event column and the
    place key."""
    where, params = _subset_where(q, subset)
    return store._frame(f"SELECT {', '.join(EVENT_COLUMNS)}, place_key FROM events WHERE {where} {_NEWEST_FIRST} "
                        "LIMIT ? OFFSET ?", [*params, int(limit), int(offset)])


def unresolved_name_counts(store: Store, q: EventQuery, most: int = 1_000) -> pd.DataFrame:
    """Filtered events' names with no gazetteer entry, as components/table.unresolved_counts gives them."""
    where, params = event_where(q)
    return store._frame(
        "SELECT MIN(place_name) AS place_name, COUNT(*) AS events, MAX(COALESCE(anchor_place, '')) AS placed_at "
        f"FROM events WHERE place_id IS NULL AND {where} GROUP BY lower(place_name) "
        "ORDER BY events DESC, place_name LIMIT ?", [*params, most])


def incidents_of_events(store: Store, q: EventQuery, limit: int) -> pd.DataFrame:
    """The incidents the filtered events belong to, most reported first, then newest (the first `limit`;
    `event_summary` counts them all)."""
    where, params = event_where(q)
    return store._frame(f"SELECT {', '.join(INCIDENT_COLUMNS)} FROM incidents WHERE incident_id IN "
                        f"(SELECT incident_id FROM events WHERE {where}) ORDER BY reports DESC, event_date DESC LIMIT ?",
                        [*params, int(limit)])


def place_points(store: Store, q: EventQuery, keys: Iterable[str], most: int = 8) -> pd.DataFrame:
    """The places of `keys` with a point of their own among the filtered events (not names placed at an
    anchor), the most events first: place_key, place_name, admin1, latitude, longitude, events."""
    keys = list(keys)
    if not keys:
        return pd.DataFrame(columns=["place_key", "place_name", "admin1", "latitude", "longitude", "events"])
    where, params = event_where(q)
    named, key_params = _in("place_key", keys)
    return store._frame(
        "SELECT place_key, MIN(place_name) AS place_name, MIN(admin1) AS admin1, MIN(latitude) AS latitude, "
        "MIN(longitude) AS longitude, COUNT(*) AS events FROM events "
        f"WHERE {where} AND {named} AND NOT {_ANCHORED} AND latitude IS NOT NULL AND longitude IS NOT NULL "
        "GROUP BY place_key ORDER BY events DESC, place_key LIMIT ?", [*params, *key_params, most])
