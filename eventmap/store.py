"""All SQL lives here: the articles and events tables, one transaction per file, upserts by id.

SQLite in WAL mode, so the dashboard reads while a load writes. The schema carries a version
(PRAGMA user_version); older databases are migrated, newer or foreign files are refused untouched.
"""

from __future__ import annotations

import json
import logging
import os
import sqlite3
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from urllib.parse import quote

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


def default_db_path() -> Path:
    """EVENTMAP_DB, else data/events.db of the checkout."""
    from eventmap.gazetteer import default_data_dir

    env = os.environ.get("EVENTMAP_DB")
    return Path(env) if env else default_data_dir() / "events.db"


def database_stamp(path: Path) -> str:
    """Changes whenever a write commits to the database: eventmap's own commit counter (kept in the
    database, so it holds across restarts and on filesystems with 1-second times), and the file
    times and sizes for writes by other programs. An empty WAL is ignored: a reader's first open
    creates one without changing data."""
    db = path.stat()
    wal_path = path.with_name(path.name + "-wal")
    wal = wal_path.stat() if wal_path.exists() else None
    wal_part = f"{wal.st_mtime_ns}:{wal.st_size}" if wal and wal.st_size else "0:0"
    return f"{commit_count(path)}:{db.st_mtime_ns}:{db.st_size}:{wal_part}"


def commit_count(path: Path) -> int:
    """How many write transactions eventmap has committed to the database (0 before schema 3)."""
    try:
        with Store(path, readonly=True, migrate=False) as store:
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


def read_events_frame(path: Path) -> pd.DataFrame:
    """All events of the database at `path`: from its Parquet snapshot while the database is
    unchanged since the snapshot (about ten times faster than SQLite for 100,000 events), else from
    SQLite, refreshing the snapshot."""
    import pyarrow.parquet as pq

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


def read_incidents_frame(path: Path) -> pd.DataFrame:
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


class Store:
    """The events database. Accepts a path, ':memory:' or an open connection; a context manager."""

    def __init__(self, db: str | Path | sqlite3.Connection, readonly: bool = False, wait: float = 30,
                 migrate: bool = True) -> None:
        self.readonly = readonly
        self.wait = wait
        self._touched: set[tuple[str, str | None]] = set()  # (place, day) the open transaction changes
        self._gone_incidents: set[str] = set()  # incidents of the mentions it deleted
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
        return int(self.conn.execute("PRAGMA user_version").fetchone()[0])

    def _migrate(self) -> None:
        self._check_version(self.schema_version)
        if self.schema_version == SCHEMA_VERSION:
            return
        # Read the version again under the write lock: two loaders starting on a new database would
        # otherwise both run the same steps, and the second fail ("duplicate column name").
        with self.transaction():
            version = self.schema_version
            self._check_version(version)
            for step in range(version, SCHEMA_VERSION):
                for sql in MIGRATIONS[step]:
                    self.conn.execute(sql)
            if version < 4:
                self._group_all()
            self.conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    def _check_version(self, version: int) -> None:
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path or 'database'}: schema version {version} is newer than this eventmap "
                f"({SCHEMA_VERSION}); upgrade eventmap"
            )
        if version < SCHEMA_VERSION and self.readonly:
            raise StoreError(
                f"{self.path}: schema version {version} is older than {SCHEMA_VERSION}; "
                "load any file into it once (`eventmap load FILE --db ...`) to upgrade it"
            )

    # ------------------------------------------------------------ writing

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """BEGIN IMMEDIATE ... COMMIT; anything raised rolls the whole block back. Every commit raises
        the commit counter, the dashboard's sign that the data changed. A lock held past `wait`,
        read-only storage or a full disk becomes a StoreError with one clear line."""
        try:
            self.conn.execute("BEGIN IMMEDIATE")
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
            raise

    def record_loaded_file(self, file: str, articles: int, events: int) -> None:
        """Note that a load read a file to its end (call inside the transaction of its last articles)."""
        self.conn.execute("INSERT OR REPLACE INTO loaded_files VALUES (?, ?, ?, ?)",
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
        return pd.read_sql_query(f"SELECT {', '.join(INCIDENT_COLUMNS)} FROM incidents{where} "
                                 "ORDER BY event_date, place_key, incident_id", self.conn, params=params)

    # ------------------------------------------------------------ reading

    def count(self, table: str) -> int:
        if table not in ("events", "articles"):
            raise ValueError(table)
        return int(self.conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])

    def events_frame(self, since: str | None = None, until: str | None = None) -> pd.DataFrame:
        """Events (optionally between two ISO days, inclusive) as a DataFrame."""
        sql, params = self.events_query(since, until)
        return pd.read_sql_query(sql, self.conn, params=params)

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
            """SELECT place_name, COUNT(*) AS n, MAX(COALESCE(anchor_place, '')) AS anchor FROM events
               WHERE place_id IS NULL GROUP BY lower(place_name) ORDER BY n DESC, place_name"""
        ).fetchall()
        return [(r["place_name"], int(r["n"]), r["anchor"]) for r in rows]

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
