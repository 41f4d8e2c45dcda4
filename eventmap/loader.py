"""`eventmap load`: files -> articles -> event rows -> the store, one transaction per file.

Parsing and extraction may run in worker processes (`jobs`); the database has one writer, this
process. A file that cannot be read is reported and skipped; the others still load.
"""

from __future__ import annotations

import logging
import multiprocessing
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from eventmap.gazetteer import Gazetteer, load_foreign_names, load_gazetteer
from eventmap.parse import Article, Rejection, find_article_files, printable_path, read_articles
from eventmap.pipeline import EventRow, extract_events
from eventmap.store import Store

log = logging.getLogger(__name__)


@dataclass
class FileResult:
    """What one file gave: articles with their events, and rejected records."""

    path: str
    articles: list[tuple[Article, list[EventRow]]] = field(default_factory=list)
    rejections: list[Rejection] = field(default_factory=list)


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


_worker_state: dict[str, object] = {}


def process_file(path: Path, gazetteer: Gazetteer, foreign: frozenset[str], today: date | None,
                 display_name: str | None = None) -> FileResult:
    """Parse one file and extract the events of each of its articles (no I/O beyond reading it)."""
    result = FileResult(display_name or printable_path(path))
    for item in read_articles(path, today, display_name):
        if isinstance(item, Rejection):
            result.rejections.append(item)
            continue
        try:
            events = extract_events(item, gazetteer, foreign)
        except Exception as exc:  # a bug that one article's text triggers costs that article, not the load
            result.rejections.append(Rejection(item.file or result.path, f"could not extract events "
                                               f"({type(exc).__name__}: {exc}); please report it", item.line))
            continue
        result.articles.append((item, events))
    return result


def _process_in_worker(args: tuple[Path, date | None]) -> FileResult:
    path, today = args
    return process_file(path, _worker_state["gazetteer"], _worker_state["foreign"], today)  # type: ignore[arg-type]


def _results(files: list[Path], gazetteer: Gazetteer, foreign: frozenset[str], today: date | None,
             jobs: int) -> Iterator[FileResult]:
    if jobs <= 1 or len(files) <= 1:
        for f in files:
            yield process_file(f, gazetteer, foreign, today)
        return
    # Forked workers inherit the gazetteer this process already loaded: no second load per worker.
    _worker_state.update(gazetteer=gazetteer, foreign=foreign)
    ctx = multiprocessing.get_context("fork")
    with ctx.Pool(jobs) as pool:
        yield from pool.imap(_process_in_worker, [(f, today) for f in files], chunksize=4)


def load_paths(
    paths: Iterable[Path], store: Store, gazetteer: Gazetteer | None = None, foreign: frozenset[str] | None = None,
    today: date | None = None, jobs: int = 1, data_dir: Path | None = None,
    progress: Callable[[Iterable[FileResult], int], Iterable[FileResult]] | None = None,
    on_problem: Callable[[str], None] | None = None,
) -> LoadReport:
    """Load files and folders into the store; each file is written in one transaction."""
    gazetteer = gazetteer or load_gazetteer(data_dir)
    foreign = load_foreign_names(data_dir) if foreign is None else foreign
    today = today or date.today()
    skipped: list[Rejection] = []
    unlisted: list[Rejection] = []  # named entries that are not regular files, folders that cannot be listed
    files = list(find_article_files(list(paths), skipped, unlisted))
    report = LoadReport(files=len(files), skipped_files=[s.file for s in skipped])
    for entry in skipped:
        if on_problem:
            on_problem(f"skipped {entry}")
    for rej in unlisted:
        report.rejections.append(rej)
        report.rejected_files.append(rej.file)
        if on_problem:
            on_problem(f"rejected {rej}")
    read_before: set[str] = set()  # article ids this load has written
    results: Iterable[FileResult] = _results(files, gazetteer, foreign, today, jobs)
    if progress is not None:
        results = progress(results, len(files))
    for result in results:
        for rej in result.rejections:
            report.rejections.append(rej)
            if on_problem:
                on_problem(f"rejected {rej}")
        if not result.articles:
            if result.rejections:
                report.rejected_files.append(result.path)
            continue
        with store.transaction():
            for article, events in result.articles:
                if article.article_id in read_before:
                    report.repeated += 1
                else:
                    report.already_loaded += store.has_article(article.article_id)
                    read_before.add(article.article_id)
                report.events += store.write_article(article, events)
        for article, events in result.articles:
            report.articles += 1
            report.unresolved_names.update(e.place_name.lower() for e in events if e.place_id is None)
            if article.published_at is None:
                report.undated += 1
            for w in article.warnings:
                line = f"warning {article.location}: {w}"
                report.warnings.append(line)
                if on_problem:
                    on_problem(line)
    report.table_articles, report.table_events = store.count("articles"), store.count("events")
    return report
