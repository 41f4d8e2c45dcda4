"""Content bombs: small files that unpack into huge content, loaded by `eventmap load` with the default
limits. Prints each file's size on disk, what it holds, the load's wall time, peak memory (GNU time's
maximum resident set of the loader process) and its summary line. The target: under 1 GB for any
single input file (issue 25).

The files (written to a temporary folder, never kept):
- paragraphs.txt.gz: 199 MiB of report paragraphs in one text file (one article);
- records.json.gz: 10 million {"text": "Aleppo"} records in one JSON array;
- one_line.txt.gz: 199 MiB of place names on one line with no break.

Usage: python bench/content_bombs.py [--only NAME] [--jobs N]
With a checkout as A and B (python bench/content_bombs.py --ab OLD_CHECKOUT), the old one runs too,
under a 600 s timeout and a 12 GB memory cap (its figures are then lower bounds).
"""

from __future__ import annotations

import argparse
import gzip
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = 199 * 1024 * 1024
PARAGRAPH = ("The Syrian army imposed full control over the village of Kafr Nubl near the city of Khanaser on "
             "Thursday after clashes with ISIS, a military source said.\n\n")


def write_bombs(folder: Path, only: str | None) -> list[tuple[Path, str]]:
    bombs = []
    if only in (None, "paragraphs"):
        f = folder / "paragraphs.txt.gz"
        with gzip.open(f, "wt", encoding="utf-8", compresslevel=9) as fh:
            fh.write("Huge report\nFri Feb 26, 2016 14:28:26\n\n")
            block = PARAGRAPH * 1000
            for _ in range(TARGET // len(block)):
                fh.write(block)
        bombs.append((f, f"{TARGET // len(PARAGRAPH):,} paragraphs, {TARGET / 2**20:.0f} MiB"))
    if only in (None, "records"):
        f = folder / "records.json.gz"
        with gzip.open(f, "wt", encoding="utf-8", compresslevel=9) as fh:
            fh.write("[")
            block = '{"text":"Aleppo"},' * 100_000
            for _ in range(100):
                fh.write(block)
            fh.write('{"text":"Aleppo"}]')
        bombs.append((f, "10,000,001 records"))
    if only in (None, "one_line"):
        f = folder / "one_line.txt.gz"
        with gzip.open(f, "wt", encoding="utf-8", compresslevel=9) as fh:
            fh.write("Title\n2016-02-26\n\nFighting raged near the city of Khanaser ")
            block = "near Kafr Nubl and " * 10_000
            for _ in range(TARGET // len(block)):
                fh.write(block)
            fh.write(".\n")
        bombs.append((f, f"{TARGET / 2**20:.0f} MiB on one line"))
    return bombs


def cap_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (12 * 2**30, 12 * 2**30))


def load(checkout: Path, path: Path, db: Path, jobs: int, timeout: float) -> str:
    cmd = ["/usr/bin/time", "-f", "%M", sys.executable, "-m", "eventmap", "load", str(path), "--db", str(db), "-q",
           "--jobs", str(jobs)]
    started = time.perf_counter()
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, cwd=checkout, timeout=timeout, preexec_fn=cap_memory)
    except subprocess.TimeoutExpired:
        return f"| over {timeout:.0f} s | - | killed at the timeout |"
    wall = time.perf_counter() - started
    lines = out.stderr.strip().splitlines()
    rss = int(lines[-1]) / 1024 if lines and lines[-1].isdigit() else float("nan")
    summary = out.stdout.strip().splitlines()[-1] if out.stdout.strip() else (lines[-2] if len(lines) > 1 else "")
    return f"| {wall:.1f} s | {rss:,.0f} MB | {summary[:110]} |"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--only", choices=["paragraphs", "records", "one_line"])
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--ab", type=Path, help="an older checkout to run first, for the before figures")
    ap.add_argument("--timeout", type=float, default=600)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        bombs = write_bombs(folder, args.only)
        print("| file | on disk | holds | checkout | wall | peak memory | summary |")
        print("|---|---|---|---|---|---|---|")
        for path, holds in bombs:
            for name, checkout in ([("before", args.ab)] if args.ab else []) + [("this", ROOT)]:
                db = folder / f"{name}-{path.stem}.db"
                row = load(checkout, path, db, args.jobs, args.timeout)
                print(f"| {path.name} | {path.stat().st_size / 1024:,.0f} KB | {holds} | {name} {row}", flush=True)
                for f in folder.glob(f"{name}-{path.stem}.db*"):
                    f.unlink()


if __name__ == "__main__":
    main()
