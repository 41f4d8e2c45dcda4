"""A/B: the same corpora loaded by two checkouts, alternately, in one run (a shared machine's noise
falls on both alike).

Corpora: one short article (start-up: reading the gazetteer, building or reading its cached index),
the UCDP GED file as downloaded (when ../shared is here), and N synthetic seed-sized articles written
once with checkout A's gazetteer names (`bench/synthetic.py`). Each checkout runs `python -m eventmap
load` from its own folder; the figures are wall time, CPU time and peak memory of that process.

Usage: python bench/ab_load.py A_CHECKOUT B_CHECKOUT [--seed-sized 3000] [--rounds 2]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GED = ROOT.parent / "shared" / "data" / "corpora" / "ucdp_ged_syria_2016-2019.csv"


def load_once(checkout: Path, paths: list[Path], tmp: Path) -> dict:
    db = tmp / f"ab-{time.monotonic_ns()}.db"
    # (GNU time reports this process's own peak; RUSAGE_CHILDREN would give the largest child so far.)
    cmd = ["/usr/bin/time", "-f", "%M %U %S", sys.executable, "-m", "eventmap", "load", *map(str, paths),
           "--db", str(db), "-q"]
    started = time.perf_counter()
    out = subprocess.run(cmd, capture_output=True, text=True, check=True, cwd=checkout)
    wall = time.perf_counter() - started
    rss_kb, user, system = out.stderr.strip().splitlines()[-1].split()
    return {"wall": wall, "cpu": float(user) + float(system), "rss": int(rss_kb) / 1024,
            "summary": out.stdout.strip().splitlines()[-1]}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("a", type=Path)
    ap.add_argument("b", type=Path)
    ap.add_argument("--seed-sized", type=int, default=3000)
    ap.add_argument("--rounds", type=int, default=2)
    args = ap.parse_args()
    sys.path.insert(0, str(args.a.resolve()))
    sys.path.insert(0, str(args.a.resolve() / "bench"))
    from synthetic import write_seed_sized_corpus

    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        corpora = {"one short article (start-up)": [args.a / "data" / "articles" / "000_c01e81e364084df1.txt"]}
        if GED.exists():
            corpora["UCDP GED file, 16,566 headline reports"] = [GED]
        corpora[f"{args.seed_sized:,} seed-sized articles"] = [write_seed_sized_corpus(tmp / "seed", args.seed_sized)]
        print("| corpus | checkout | wall s (each round) | CPU s | peak RSS MB | summary |\n|---|---|---|---|---|---|")
        for label, paths in corpora.items():
            runs: dict[str, list[dict]] = {"A": [], "B": []}
            for _ in range(args.rounds):
                for name, checkout in (("A", args.a), ("B", args.b)):
                    runs[name].append(load_once(checkout, paths, tmp))
            for name, checkout in (("A", args.a), ("B", args.b)):
                r = runs[name]
                walls = " / ".join(f"{x['wall']:.2f}" for x in r)
                print(f"| {label} | {name} ({checkout}) | {walls} | "
                      f"{min(x['cpu'] for x in r):.2f} | {max(x['rss'] for x in r):.0f} | {r[-1]['summary'][:60]} |")


if __name__ == "__main__":
    main()
