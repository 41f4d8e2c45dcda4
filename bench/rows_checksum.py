"""Checksums of the event rows the loader writes for the shipped sample and the dev scrapes (and of
the incidents), so a change meant to keep behaviour (issue 29) can show it did: run before and after.

Usage: python bench/rows_checksum.py
"""

from __future__ import annotations

import hashlib
import sys
import tempfile
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from eventmap.incidents import INCIDENT_COLUMNS  # noqa: E402
from eventmap.loader import load_paths  # noqa: E402
from eventmap.model import EVENT_COLUMNS  # noqa: E402
from eventmap.store import Store  # noqa: E402

CORPORA = ROOT.parent / "shared" / "data" / "corpora"
SOURCES = [("shipped sample", ROOT / "data" / "articles"), ("SANA dev", CORPORA / "sana_scrape_dev.json"),
           ("Reuters dev", CORPORA / "reuters_2016_syria_dev.jsonl")]
TODAY = date(2026, 11, 26)  # fixed: "after today" warnings and relative dates do not move with the clock


def digest(rows) -> str:
    h = hashlib.sha256()
    for row in rows:
        h.update(repr(tuple(row)).encode("utf-8"))
    return h.hexdigest()[:16]


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        for name, path in SOURCES:
            if not path.exists():
                continue
            with Store(Path(tmp) / f"{path.stem}.db") as store:
                load_paths([path], store, today=TODAY)
                events = store.conn.execute(f"SELECT {', '.join(EVENT_COLUMNS)} FROM events ORDER BY event_id").fetchall()
                incidents = store.conn.execute(
                    f"SELECT {', '.join(INCIDENT_COLUMNS)} FROM incidents ORDER BY incident_id").fetchall()
            print(f"{name}: {len(events)} events {digest(events)}, {len(incidents)} incidents {digest(incidents)}")


if __name__ == "__main__":
    main()
