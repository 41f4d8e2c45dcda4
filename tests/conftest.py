"""Shared fixtures: the real shipped gazetteer, the seed article and its gold, temp databases."""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path

import pytest

from eventmap.gazetteer import Gazetteer, load_foreign_names, load_gazetteer
from eventmap.parse import Article, read_articles
from eventmap.pipeline import EventRow, extract_events
from eventmap.store import Store

TESTS = Path(__file__).resolve().parent
DATA = TESTS / "data"
SEED = DATA / "000_c01e81e364084df1.txt"
HOSTILE = DATA / "hostile"
TODAY = date(2026, 11, 26)


@pytest.fixture(scope="session")
def gazetteer() -> Gazetteer:
    return load_gazetteer()


@pytest.fixture(scope="session")
def foreign() -> frozenset[str]:
    return load_foreign_names()


@pytest.fixture(scope="session")
def gold() -> dict:
    return json.loads((DATA / "seed_gold.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def seed_article() -> Article:
    (article,) = list(read_articles(SEED, TODAY))
    assert isinstance(article, Article)
    return article


@pytest.fixture(scope="session")
def seed_events(seed_article, gazetteer, foreign) -> list[EventRow]:
    return extract_events(seed_article, gazetteer, foreign)


@pytest.fixture()
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "events.db"


@pytest.fixture(scope="session")
def postgres_server():
    """One throw-away PostgreSQL server for the session (tests/postgres_server.py); never skipped."""
    from postgres_server import temporary_postgres

    with temporary_postgres() as url:
        yield url


@pytest.fixture()
def postgres_url(postgres_server):
    """A fresh database on the session's server."""
    from postgres_server import fresh_database

    with fresh_database(postgres_server) as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def store_target(request, tmp_path):
    """Where a store test writes: a SQLite file, then a fresh PostgreSQL database (every store test runs on both)."""
    if request.param == "sqlite":
        return tmp_path / "events.db"
    return request.getfixturevalue("postgres_url")


@pytest.fixture(params=["sqlite", "postgresql"])
def any_store(request):
    """An empty store on each engine: SQLite in memory, then a fresh PostgreSQL database."""
    target = ":memory:" if request.param == "sqlite" else request.getfixturevalue("postgres_url")
    with Store(target) as store:
        yield store


def query(target, sql: str, params: tuple = ()) -> list[dict]:
    """Rows of a query on a store (SQLite file or PostgreSQL URL) as dicts, as a test reads them."""
    with Store(target, readonly=True, migrate=False) as store:
        return [dict(zip(r.keys(), tuple(r), strict=True)) for r in store.conn.execute(sql, params).fetchall()]


def query_value(target, sql: str, params: tuple = ()):
    """The first column of a query's first row."""
    (row,) = query(target, sql, params)[:1]
    return next(iter(row.values()))


@pytest.fixture()
def memory_store():
    with Store(":memory:") as store:
        yield store


def without_root_file_powers() -> dict:
    """When the tests run as root (root lists any folder), the loader's subprocess drops the two
    capabilities that let it: a folder of mode 000 is then as unreadable to it as to any user."""
    if os.geteuid() != 0:
        return {}
    import ctypes

    def drop() -> None:
        libc = ctypes.CDLL(None, use_errno=True)
        for cap in (1, 2):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, out of the bounding set before exec
            if libc.prctl(24, cap, 0, 0, 0) != 0:  # PR_CAPBSET_DROP
                raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")

    return {"preexec_fn": drop}
