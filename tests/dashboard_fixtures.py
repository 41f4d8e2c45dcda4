"""Small events frames and databases for the dashboard tests."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from conftest import HOSTILE, SEED, TODAY
from eventmap.loader import load_paths
from eventmap.store import Store


def build_db(path: Path, *files: Path) -> Path:
    with Store(path) as store:
        load_paths(list(files) or [SEED, HOSTILE / "xss_article.txt", HOSTILE / "no_date.txt"], store, today=TODAY)
    return path


def seed_frame(tmp_path: Path, *extra: Path) -> pd.DataFrame:
    """The seed, the XSS and the undated article (and `extra` files) as the dashboard reads them."""
    db = build_db(tmp_path / "f.db", *([SEED, HOSTILE / "xss_article.txt", HOSTILE / "no_date.txt", *extra]
                                       if extra else []))
    with Store(db, readonly=True) as store:
        return store.events_frame()
