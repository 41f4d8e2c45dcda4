"""Incidents against mentions: how many reports the grouping folds together, and what it costs.

For each corpus (the shipped sample, and the dev scrapes of ../shared when present) it is loaded as
`eventmap load` would, and prints mention rows, incidents, incidents with 2+ reports and with 2+
sources, the load's time and the share of it spent regrouping (Store._regroup, timed in place).
Then 100,000 synthetic events at real places written in one transaction: the regrouping's time.

Usage: python bench/incident_counts.py [--events 100000]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import eventmap.store as store_module  # noqa: E402
from eventmap.loader import load_paths  # noqa: E402
from eventmap.store import Store  # noqa: E402

CORPORA = ROOT.parent / "shared" / "data" / "corpora"
SOURCES = [("shipped sample (data/articles)", ROOT / "data" / "articles"),
           ("SANA dev scrape", CORPORA / "sana_scrape_dev.json"),
           ("Reuters 2016 dev", CORPORA / "reuters_2016_syria_dev.jsonl")]

regroup_seconds = [0.0]
_original = store_module.Store._regroup


def timed_regroup(self, *args, **kwargs):
    started = time.perf_counter()
    try:
        return _original(self, *args, **kwargs)
    finally:
        regroup_seconds[0] += time.perf_counter() - started


store_module.Store._regroup = timed_regroup


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--events", type=int, default=100_000)
    args = ap.parse_args()
    print("| corpus | mention rows | incidents | with 2+ reports | with 2+ sources | most reports | load | of it regrouping |")
    print("|---|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        for name, path in SOURCES:
            if not path.exists():
                continue
            regroup_seconds[0] = 0.0
            with Store(Path(tmp) / f"{path.stem}.db") as store:
                started = time.perf_counter()
                load_paths([path], store)
                took = time.perf_counter() - started
                q = store.conn.execute
                mentions = q("SELECT COUNT(*) FROM events").fetchone()[0]
                incidents, multi, sourced, most = q(
                    "SELECT COUNT(*), SUM(reports > 1), SUM(sources > 1), MAX(reports) FROM incidents").fetchone()
            print(f"| {name} | {mentions:,} | {incidents:,} | {multi or 0:,} | {sourced or 0:,} | {most or 0} "
                  f"| {took:.1f} s | {regroup_seconds[0]:.1f} s ({regroup_seconds[0] / took:.0%}) |", flush=True)
        from synthetic import write_event_table

        regroup_seconds[0] = 0.0
        started = time.perf_counter()
        write_event_table(Path(tmp) / "synthetic.db", args.events)
        took = time.perf_counter() - started
        with Store(Path(tmp) / "synthetic.db", readonly=True) as store:
            incidents = store.conn.execute("SELECT COUNT(*) FROM incidents").fetchone()[0]
        print(f"\n{args.events:,} synthetic events at real places in one transaction: {took:.1f} s to write, of which "
              f"{regroup_seconds[0]:.1f} s regrouping them into {incidents:,} incidents")


if __name__ == "__main__":
    main()
