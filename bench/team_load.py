"""Loading for teams: articles/s of one corpus loaded with --jobs 1, --jobs 2 and --dask local:2 into
SQLite, and into PostgreSQL (a throw-away server from Debian's packages, as the tests start), in one
run; and whether PostgreSQL holds exactly the event ids SQLite holds (issue 28).

Usage: python bench/team_load.py [PATH ...]   (default: the shipped sample, data/articles)
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from postgres_server import fresh_database, temporary_postgres  # noqa: E402

from eventmap.store import Store  # noqa: E402


def load(paths: list[Path], db: str, *options: str) -> tuple[float, int]:
    """Wall seconds of one `eventmap load` and the articles it loaded."""
    started = time.perf_counter()
    out = subprocess.run([sys.executable, "-m", "eventmap", "load", *map(str, paths), "--db", db, "-q", *options],
                         capture_output=True, text=True, check=True, cwd=ROOT)
    wall = time.perf_counter() - started
    return wall, int(out.stdout.strip().splitlines()[-1].split(" articles loaded", 1)[0])


def event_ids(db: str | Path) -> set[str]:
    with Store(db, readonly=True) as store:
        return {r[0] for r in store.conn.execute("SELECT event_id FROM events").fetchall()}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("paths", nargs="*", type=Path, default=[ROOT / "data" / "articles"])
    args = ap.parse_args()
    print("| store | options | seconds | articles | articles/s |\n|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp, temporary_postgres() as server:
        sqlite_dbs = {}
        for options in ([], ["--jobs", "2"], ["--dask", "local:2"]):
            db = str(Path(tmp) / f"{len(sqlite_dbs)}.db")
            wall, n = load(args.paths, db, *options)
            sqlite_dbs[" ".join(options) or "--jobs 1"] = db
            print(f"| SQLite | {' '.join(options) or '--jobs 1'} | {wall:.1f} | {n:,} | {n / wall:,.0f} |", flush=True)
        same = []
        for options in ([], ["--jobs", "2"], ["--dask", "local:2"]):
            with fresh_database(server) as url:
                wall, n = load(args.paths, url, *options)
                print(f"| PostgreSQL | {' '.join(options) or '--jobs 1'} | {wall:.1f} | {n:,} | {n / wall:,.0f} |",
                      flush=True)
                same.append(event_ids(url) == event_ids(sqlite_dbs["--jobs 1"]))
        ids = event_ids(sqlite_dbs["--jobs 1"])
        print(f"\nPostgreSQL holds exactly SQLite's {len(ids):,} event ids: {all(same)} "
              f"(each of the three PostgreSQL loads: {same})")


if __name__ == "__main__":
    main()
