"""Where real reports' places land: rows on an exact gazetteer entry, anchored, unplaced; the top
unresolved names; and, given the database of an earlier run, how many rows moved.

Loads the shipped sample (UCDP headlines and the seed article) and, when ../shared is at hand, the
SANA and Reuters development scrapes (never shipped), as `eventmap load` would.

Usage: python bench/real_reports.py [--db FILE] [--before FILE] [--top N] [--examples N] [PATH ...]
  --db      keep the loaded database there (to compare a later run with it: --before FILE)
  --before  a database an earlier run kept: rows whose point moved more than 1 km, by kind of move
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from eventmap.gazetteer import haversine_km  # noqa: E402
from eventmap.loader import load_paths  # noqa: E402
from eventmap.store import Store  # noqa: E402

CORPORA = ROOT.parent / "shared" / "data" / "corpora"
DEFAULT_PATHS = [ROOT / "data" / "articles", CORPORA / "sana_scrape_dev.json", CORPORA / "reuters_2016_syria_dev.jsonl"]

# What kind of place a row is on, from its columns.
KIND_SQL = """CASE WHEN latitude IS NULL THEN 'unplaced'
                   WHEN place_id IS NULL THEN 'anchored (no entry of its own)'
                   WHEN geo_precision = 1 THEN 'exact entry'
                   WHEN geo_precision = 2 THEN 'entry, approximate (countryside, neighbourhood)'
                   ELSE 'region (province, district)' END"""


def summary(conn: sqlite3.Connection, top: int) -> None:
    total = conn.execute("SELECT COUNT(*) FROM events").fetchone()[0]
    articles = conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    print(f"{articles:,} articles, {total:,} event rows\n")
    print("| rows | count | share |\n|---|---|---|")
    for kind, n in conn.execute(f"SELECT {KIND_SQL} AS k, COUNT(*) FROM events GROUP BY k ORDER BY 2 DESC"):
        print(f"| {kind} | {n:,} | {n / total:.1%} |")
    low = conn.execute("SELECT COUNT(*) FROM events WHERE place_id IS NOT NULL AND geo_candidates > 0").fetchone()[0]
    print(f"| on an entry whose name other places share (geo_candidates > 0) | {low:,} | {low / total:.1%} |")
    names = conn.execute("SELECT COUNT(DISTINCT lower(place_name)) FROM events WHERE place_id IS NULL").fetchone()[0]
    print(f"\n{names:,} distinct names without an entry; the {top} most frequent (events, placed at):")
    for name, n, anchor in conn.execute(
            "SELECT place_name, COUNT(*) AS n, MAX(COALESCE(anchor_place, '')) FROM events WHERE place_id IS NULL "
            "GROUP BY lower(place_name) ORDER BY n DESC, place_name LIMIT ?", (top,)):
        print(f"  {n:5d}  {name}  ({anchor or 'unplaced'})")


def compare(conn: sqlite3.Connection, before: Path, examples: int) -> None:
    """Rows matched by article, paragraph and place mention (an event id changes with its place)."""
    query = (f"SELECT article_id, paragraph_index, lower(place_mention), latitude, longitude, place_name, "
             f"{KIND_SQL} FROM events")

    def rows(c: sqlite3.Connection) -> dict[tuple, tuple]:
        return {r[:3]: r[3:] for r in c.execute(query)}

    old_rows, new_rows = rows(sqlite3.connect(before)), rows(conn)
    moves: Counter[tuple[str, str]] = Counter()
    moved: list[tuple[float, str]] = []
    for key, (lat, lon, name, kind) in new_rows.items():
        was = old_rows.get(key)
        if was is None:
            moves[("(no row for this mention)", kind)] += 1
            continue
        if was[0] is None or lat is None:
            if (was[0] is None) != (lat is None):
                moves[(was[3], kind)] += 1
            continue
        km = haversine_km(was[0], was[1], lat, lon)
        if km > 1:
            moves[(was[3], kind)] += 1
            moved.append((km, f"{key[2]!r}: {was[2]} -> {name} ({km:.0f} km)"))
    gone = Counter(old_rows[k][3] for k in old_rows.keys() - new_rows.keys())
    print(f"\nAgainst {before}: {len(old_rows):,} mentions before, {len(new_rows):,} now; "
          f"{sum(gone.values()):,} gone ({', '.join(f'{k}: {n}' for k, n in gone.most_common())})")
    print("| before | now | rows moved > 1 km, new or (un)placed |\n|---|---|---|")
    for (a, b), n in moves.most_common():
        print(f"| {a} | {b} | {n:,} |")
    if moved:
        moved.sort()
        print(f"moved rows: median {moved[len(moved) // 2][0]:.1f} km, {sum(k > 50 for k, _ in moved):,} more than 50 km")
    if moved and examples:
        for _, line in moved[-examples:]:
            print("  " + line)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("paths", nargs="*", type=Path)
    ap.add_argument("--db", type=Path)
    ap.add_argument("--before", type=Path)
    ap.add_argument("--top", type=int, default=20)
    ap.add_argument("--examples", type=int, default=0, help="print the rows that moved furthest")
    args = ap.parse_args()
    paths = args.paths or [p for p in DEFAULT_PATHS if p.exists()]
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or Path(tmp) / "real.db"
        if db.exists():
            db.unlink()
        started = time.perf_counter()
        with Store(db) as store:
            load_paths(paths, store)
        print(f"Loaded {', '.join(p.name for p in paths)} in {time.perf_counter() - started:.1f} s")
        conn = sqlite3.connect(db)
        summary(conn, args.top)
        if args.before:
            compare(conn, args.before, args.examples)


if __name__ == "__main__":
    main()
