"""`eventmap load`: files -> articles -> event rows -> the store, in chunks of whole articles.

A file's articles are read lazily and written a chunk at a time (each chunk one transaction of
whole articles), so memory is bounded by the chunk and the limits (eventmap/limits.py), not by what
a file holds; the file's last chunk also records the file as loaded. Extraction may run in worker
processes (`jobs`); the database has one writer, this process. A file that cannot be read is
reported and skipped; the others still load.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from eventmap.gazetteer import Gazetteer, load_foreign_names, load_gazetteer
from eventmap.limits import DEFAULT_LIMITS, Limits
from eventmap.model import EventRow
from eventmap.parse import Article, Rejection, find_article_files, printable, printable_path, read_articles
from eventmap.pipeline import extract_events
from eventmap.store import Store

log = logging.getLogger(__name__)

# A chunk ends after this many articles or characters of text, whichever comes first: a few
# megabytes of articles and their rows in memory, and few enough transactions that a 100-record
# JSON Lines file is still written in one.
CHUNK_ARTICLES = 500
CHUNK_CHARS = 4_000_000


@dataclass
class Chunk:
    """Whole articles of one file with their events, the file's rejected records, and whether the
    file has been read to its end with this chunk."""

    path: str
    articles: list[tuple[Article, list[EventRow]]] = field(default_factory=list)
    rejections: list[Rejection] = field(default_factory=list)
    last: bool = False


@dataclass
class LoadReport:
    """Totals of one load, and every rejection and warning, for the summary and the log."""

    files: int = 0
    articles: int = 0
    already_loaded: int = 0  # articles whose id was in the table: their events replaced, not added
    repeated: int = 0  # articles this load had already read (a copy under another name, a repeated record)
    events: int = 0
    table_articles: int = 0  # what the table holds after the load
    table_events: int = 0
    unresolved_names: set[str] = field(default_factory=set)
    rejected_files: list[str] = field(default_factory=list)
    skipped_files: list[str] = field(default_factory=list)  # in folders, of no article format
    rejections: list[Rejection] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    undated: int = 0

    def summary(self) -> str:
        # A re-load replaces articles it has seen: say so, and what the table holds, so "17,652 events
        # written" on a second load of the same files is not read as 17,652 more.
        return (
            f"{self.articles} articles loaded" + self._not_new()
            + f", {self.events} events written, "
            f"{len(self.unresolved_names)} unresolved place names, {len(self.rejected_files)} files rejected"
            + (f" ({len(self.rejections)} records rejected)" if len(self.rejections) > len(self.rejected_files) else "")
            + (f", {len(self.skipped_files)} files skipped" if self.skipped_files else "")
            + (f", {self.undated} undated" if self.undated else "")
            + f"; the database holds {self.table_articles} articles, {self.table_events} events"
        )

    def _not_new(self) -> str:
        notes = [f"{n} {what}" for n, what in [(self.already_loaded, "already in the database"),
                                                 (self.repeated, "read twice in this load")] if n]
        return f" ({' and '.join(notes)}: replaced, not added)" if notes else ""


def article_chunks(path: Path, today: date | None, limits: Limits = DEFAULT_LIMITS,
                   display_name: str | None = None) -> Iterator[Chunk]:
    """One file's articles (not yet extracted) and rejections, in chunks; the last has `last` set."""
    name = display_name or printable_path(path)
    chunk, chars = Chunk(name), 0
    for item in read_articles(path, today, name, limits):
        if isinstance(item, Rejection):
            chunk.rejections.append(item)
            continue
        chunk.articles.append((item, []))
        chars += sum(len(p) for p in item.paragraphs)
        if len(chunk.articles) >= CHUNK_ARTICLES or chars >= CHUNK_CHARS:
            yield chunk
            chunk, chars = Chunk(name), 0
    chunk.last = True
    yield chunk


def extract_chunk(chunk: Chunk, gazetteer: Gazetteer, foreign: frozenset[str], limits: Limits = DEFAULT_LIMITS) -> Chunk:
    """The chunk with each article's events; an article whose text trips a bug becomes a rejection."""
    done = Chunk(chunk.path, rejections=list(chunk.rejections), last=chunk.last)
    for article, _ in chunk.articles:
        try:
            events = extract_events(article, gazetteer, foreign)
        except Exception as exc:  # a bug that one article's text triggers costs that article, not the load
            done.rejections.append(Rejection(article.file or chunk.path, f"could not extract events "
                                             f"({type(exc).__name__}: {exc}); please report it", article.line))
            continue
        if len(events) > limits.events:
            article.warnings.append(f"article gives {len(events):,} events; kept the first {limits.events:,} "
                                    "(--max-events)")
            events = events[:limits.events]
        done.articles.append((article, events))
    return done


def process_file(path: Path, gazetteer: Gazetteer, foreign: frozenset[str], today: date | None,
                 display_name: str | None = None, limits: Limits = DEFAULT_LIMITS) -> Chunk:
    """All of one (small) file at once: its articles with their events, and its rejections."""
    whole = Chunk(display_name or printable_path(path), last=True)
    for chunk in article_chunks(path, today, limits, display_name):
        done = extract_chunk(chunk, gazetteer, foreign, limits)
        whole.articles += done.articles
        whole.rejections += done.rejections
    return whole


_worker_state: dict[str, object] = {}


def _extract_in_worker(chunk: Chunk) -> Chunk:
    return extract_chunk(chunk, _worker_state["gazetteer"], _worker_state["foreign"], _worker_state["limits"])  # type: ignore[arg-type]


def extracted_chunks(files: list[Path], gazetteer: Gazetteer, foreign: frozenset[str], today: date | None,
                     jobs: int, limits: Limits = DEFAULT_LIMITS) -> Iterator[Chunk]:
    """Every file's chunks in order, with their events. With `jobs` > 1, chunks are extracted in
    worker processes, at most 2 x jobs at a time (Pool.imap would read every file ahead)."""
    chunks = (c for f in files for c in article_chunks(f, today, limits))
    if jobs <= 1:
        for chunk in chunks:
            yield extract_chunk(chunk, gazetteer, foreign, limits)
        return
    # Forked workers inherit the gazetteer this process already loaded: no second load per worker.
    _worker_state.update(gazetteer=gazetteer, foreign=foreign, limits=limits)
    ctx = multiprocessing.get_context("fork")
    with ctx.Pool(jobs) as pool:
        pending: deque = deque()
        for chunk in chunks:
            pending.append(pool.apply_async(_extract_in_worker, (chunk,)))
            if len(pending) >= 2 * jobs:
                yield pending.popleft().get()
        while pending:
            yield pending.popleft().get()


# ---------------------------------------------------------------- Dask: files parsed on a cluster's workers

_worker_lock = threading.Lock()


def _worker_resources(data_dir: str | None) -> tuple[Gazetteer, frozenset[str]]:
    """The gazetteer and foreign names of a Dask worker, loaded by its first task and kept for the
    others (a worker is a process that lives for the whole load: one load each, not one per file)."""
    key = f"resources:{data_dir}"
    with _worker_lock:  # (a worker's threads share the process: the first one loads, the others wait)
        if key not in _worker_state:
            folder = Path(data_dir) if data_dir else None
            _worker_state[key] = (load_gazetteer(folder), load_foreign_names(folder))
            _worker_state["resource_loads"] = int(_worker_state.get("resource_loads", 0)) + 1  # type: ignore[call-overload]
    return _worker_state[key]  # type: ignore[return-value]


def extract_file_on_worker(path: str, today: date | None, limits: Limits, data_dir: str | None) -> list[Chunk]:
    """A Dask task: one file read, parsed and its places found on a worker, as the chunks a local load
    would write (the client writes them, one transaction each). The worker must see the path: the
    same folder on shared storage, as Dask's own file readers expect."""
    gazetteer, foreign = _worker_resources(data_dir)
    return [extract_chunk(chunk, gazetteer, foreign, limits) for chunk in article_chunks(Path(path), today, limits)]


@contextlib.contextmanager
def dask_client(address: str) -> Iterator[Any]:
    """A Dask client of the scheduler at `address`, or for 'local:N' of a LocalCluster of N worker
    processes started here (and stopped after)."""
    from distributed import Client, LocalCluster

    logging.getLogger("distributed").setLevel(logging.WARNING)  # (its scheduler's chatter is not the user's)
    if address.startswith("local:"):
        workers = int(address.split(":", 1)[1] or 1)
        with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                          silence_logs=logging.ERROR) as cluster, Client(cluster) as client:
            yield client
    else:
        with Client(address, timeout="30s") as client:
            yield client


def dask_extracted_chunks(files: list[Path], today: date | None, client: Any, limits: Limits = DEFAULT_LIMITS,
                          data_dir: Path | None = None) -> Iterator[Chunk]:
    """Every file's chunks in order, each file parsed and extracted by a Dask worker; at most two files
    per worker thread in flight, so the client holds a few files' rows, not the corpus's."""
    window = max(2, 2 * sum(client.nthreads().values()))
    pending: deque = deque()
    for f in files:
        pending.append(client.submit(extract_file_on_worker, str(f), today, limits,
                                     str(data_dir) if data_dir else None, pure=False))
        if len(pending) >= window:
            yield from pending.popleft().result()
    while pending:
        yield from pending.popleft().result()


@dataclass
class _FileWriter:
    """Writes chunks, each in one transaction, counting per file: the file's last chunk records it as
    loaded, and a file that gave no article but rejections is a rejected file."""

    store: Store
    report: LoadReport
    read_before: set[str] = field(default_factory=set)  # article ids this load has written
    articles: int = 0  # of the file being read
    events: int = 0
    rejections: int = 0

    def write(self, chunk: Chunk) -> None:
        self.rejections += len(chunk.rejections)
        if chunk.articles or (chunk.last and self.articles):
            # (Counted once the transaction commits: PostgreSQL may run it again after a conflict.)
            seen, already, repeated, written = self.store.run_transaction(lambda: self._write_chunk(chunk))
            self.read_before |= seen
            self.report.already_loaded += already
            self.report.repeated += repeated
            self.report.events += written
            self.events += written
            self.articles += len(chunk.articles)
        if chunk.last:
            if not self.articles and self.rejections:
                self.report.rejected_files.append(chunk.path)
            self.articles = self.events = self.rejections = 0

    def _write_chunk(self, chunk: Chunk) -> tuple[set[str], int, int, int]:
        """The chunk's articles and rows (inside the transaction): the ids written, how many were in
        the table already, how many this load had read before, and the rows written."""
        seen: set[str] = set()
        already = repeated = written = 0
        for article, events in chunk.articles:
            if article.article_id in self.read_before or article.article_id in seen:
                repeated += 1
            else:
                already += self.store.has_article(article.article_id)
                seen.add(article.article_id)
            written += self.store.write_article(article, events)
        if chunk.last:
            self.store.record_loaded_file(chunk.path, self.articles + len(chunk.articles), self.events + written)
        return seen, already, repeated, written


def report_articles(report: LoadReport, articles: list[tuple[Article, list[EventRow]]]) -> list[str]:
    """Count written articles into the report; return their warning lines."""
    lines = []
    for article, events in articles:
        report.articles += 1
        report.unresolved_names.update(e.place_name.lower() for e in events if e.place_id is None)
        if article.published_at is None:
            report.undated += 1
        for w in article.warnings:
            lines.append(f"warning {article.location}: {w}")
            report.warnings.append(lines[-1])
    return lines


def load_paths(
    paths: Iterable[Path], store: Store, gazetteer: Gazetteer | None = None, foreign: frozenset[str] | None = None,
    today: date | None = None, jobs: int = 1, data_dir: Path | None = None,
    progress: Callable[[Iterable[Chunk], int], Iterable[Chunk]] | None = None,
    on_problem: Callable[[str], None] | None = None, limits: Limits = DEFAULT_LIMITS, dask: Any = None,
) -> LoadReport:
    """Load files and folders into the store, each chunk of whole articles in one transaction. With
    `dask` (a distributed Client), files are parsed and their places found on its workers."""
    if dask is None:  # (with Dask the workers load their own)
        gazetteer = gazetteer or load_gazetteer(data_dir)
        foreign = load_foreign_names(data_dir) if foreign is None else foreign
    today = today or date.today()
    skipped: list[Rejection] = []
    unlisted: list[Rejection] = []  # named entries that are not regular files, folders that cannot be listed
    files = list(find_article_files(list(paths), skipped, unlisted))
    report = LoadReport(files=len(files), skipped_files=[s.file for s in skipped])

    def problem(line: str) -> None:
        if on_problem:  # one line each, whatever a record's field names or a warning quote
            on_problem(printable(line))

    for entry in skipped:
        problem(f"skipped {entry}")
    for rej in unlisted:
        report.rejections.append(rej)
        report.rejected_files.append(rej.file)
        problem(f"rejected {rej}")
    chunks: Iterable[Chunk] = (
        dask_extracted_chunks(files, today, dask, limits, data_dir) if dask is not None
        else extracted_chunks(files, gazetteer, foreign, today, jobs, limits))  # type: ignore[arg-type]
    if progress is not None:
        chunks = progress(chunks, len(files))
    writer = _FileWriter(store, report)
    for chunk in chunks:
        for rej in chunk.rejections:
            report.rejections.append(rej)
            problem(f"rejected {rej}")
        writer.write(chunk)
        for line in report_articles(report, chunk.articles):
            problem(line)
    report.table_articles, report.table_events = store.count("articles"), store.count("events")
    return report


# ---------------------------------------------------------------- pinning a name the gazetteer lacks


@dataclass(frozen=True)
class PinResult:
    """What pinning (or unpinning) a name changed: the articles re-geocoded and their rows now."""

    name: str
    articles: int
    events: int


def pin_place(db: Path | str, name: str, latitude: float, longitude: float, data_dir: Path | None = None) -> PinResult:
    """Pin `name` at a point (written to the user's `places_override.csv`) and re-geocode, in the store,
    every article with an unresolved event of that name (any spelling of it): its rows move to the
    pin. Raises ValueError for a name or point no place has."""
    from eventmap.gazetteer import default_data_dir, set_place_override
    from eventmap.names import name_key

    data_dir = data_dir or default_data_dir()
    with Store(db) as store:
        key = name_key(name)
        article_ids = sorted({a for a, n in store.unresolved_names_by_article() if name_key(n) == key})
    set_place_override(data_dir / "places_override.csv", name, latitude, longitude)
    return PinResult(name, len(article_ids), regeocode_articles(db, article_ids, data_dir))


def unpin_place(db: Path | str, name: str, data_dir: Path | None = None) -> PinResult:
    """Undo a pin: take `name` out of `places_override.csv` and re-geocode the articles placed at it."""
    from eventmap.gazetteer import default_data_dir, remove_place_override
    from eventmap.names import name_key

    data_dir = data_dir or default_data_dir()
    if not remove_place_override(data_dir / "places_override.csv", name):
        raise ValueError(f"{name!r} is not pinned")
    with Store(db) as store:
        article_ids = store.article_ids_naming(place_id=f"override:{name_key(name)}")
    return PinResult(name, len(article_ids), regeocode_articles(db, article_ids, data_dir))


def regeocode_articles(db: Path | str, article_ids: list[str], data_dir: Path | None = None) -> int:
    """Run the stored articles through the pipeline again with the current gazetteer (overrides and
    imports included) and replace their rows, CHUNK_ARTICLES per transaction; return the rows written."""
    from eventmap.store import is_database_url, write_events_snapshot

    if not article_ids:
        return 0
    gazetteer, foreign = load_gazetteer(data_dir), load_foreign_names(data_dir)
    written = 0
    with Store(db) as store:
        for start in range(0, len(article_ids), CHUNK_ARTICLES):
            with store.transaction():
                for article_id in article_ids[start:start + CHUNK_ARTICLES]:
                    article = store.stored_article(article_id)
                    if article is not None:
                        written += store.write_article(article, extract_events(article, gazetteer, foreign))
    if not is_database_url(db):
        write_events_snapshot(db)
    return written
