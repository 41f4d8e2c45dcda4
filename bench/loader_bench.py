"""Loader throughput and memory: articles per second on one core, peak RSS, split by stage.

Corpora: (a) the real UCDP GED Syria headlines, the file as downloaded (16,566 rows, each loaded as a
short article; ../shared/data/corpora, else the shipped sample made from it), (b) 10,000 and 100,000
synthetic seed-sized articles (templates of the seed with gazetteer place names), written to a
temporary folder. Targets (issue 6): >= 1,000 seed-sized articles/s on one core end to end, peak
memory < 500 MB for 100,000 articles, time linear in corpus size.
Usage: python bench/loader_bench.py [--sizes 10000,100000] [--ucdp PATH] [--jobs N]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def stage_split(folder: Path, limit: int = 2000) -> dict:
    """Milliseconds per article in each stage, on the first `limit` articles of a folder (one process)."""
    from datetime import date

    from eventmap.classify import classify_event_type, find_actors
    from eventmap.dates import resolve_event_date
    from eventmap.gazetteer import load_foreign_names, load_gazetteer
    from eventmap.geocode import geocode_article
    from eventmap.parse import Article, find_article_files, read_articles
    from eventmap.pipeline import extract_events, extract_mentions
    from eventmap.places import analyse_text
    from eventmap.store import Store, write_events_snapshot

    gz, foreign = load_gazetteer(), load_foreign_names()
    t = time.perf_counter()
    articles: list[Article] = []
    for f in find_article_files([folder]):
        articles += [a for a in read_articles(f, date.today()) if isinstance(a, Article)]
        if len(articles) >= limit:
            break
    articles = articles[:limit]
    parse_s = time.perf_counter() - t
    analyse_text.cache_clear()
    t = time.perf_counter()
    mentions = [extract_mentions(a, gz, foreign) for a in articles]
    places_s = time.perf_counter() - t
    t = time.perf_counter()
    for title_m, para_m in mentions:
        geocode_article(gz, title_m, para_m)
    geocode_s = time.perf_counter() - t
    t = time.perf_counter()
    for a in articles:
        for p in a.paragraphs:
            resolve_event_date(p, a.published_at)
            classify_event_type(p)
            find_actors(p)
    dates_s = time.perf_counter() - t
    analyse_text.cache_clear()
    # The whole of extraction, as the loader runs it, on a gazetteer as fresh as the steps above had
    # (its memos empty): what those steps leave out (event rows, relative-clause dates, anchoring
    # unplaced names) is the difference.
    gz = load_gazetteer()
    t = time.perf_counter()
    events = [extract_events(a, gz, foreign) for a in articles]
    rows_s = max(0.0, time.perf_counter() - t - places_s - geocode_s - dates_s)
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "s.db") as store:
        t = time.perf_counter()
        with store.transaction():
            for a, ev in zip(articles, events, strict=True):
                store.write_article(a, ev)
        store_s = time.perf_counter() - t
        t = time.perf_counter()
        write_events_snapshot(Path(tmp) / "s.db")
        snapshot_s = time.perf_counter() - t
    n = len(articles)
    regex_s = regex_seconds(articles, gz, foreign) * n / min(n, 500)
    return {f"{k}_ms_per_article": round(v / n * 1000, 3) for k, v in
            [("parse", parse_s), ("places", places_s), ("geocode", geocode_s), ("dates_types_actors", dates_s),
             ("event_rows_and_rest", rows_s), ("store", store_s), ("parquet_snapshot", snapshot_s),
             ("regex_within_extraction", regex_s)]}


def regex_seconds(articles: list, gz, foreign) -> float:
    """Time extraction spends inside compiled regular expressions (C code, which trimming the Python
    around it does not shrink), profiled over at most 500 articles; the profiler's own cost lands on
    the Python side."""
    import cProfile
    import pstats

    from eventmap.pipeline import extract_events

    profile = cProfile.Profile()
    profile.enable()
    for a in articles[:500]:
        extract_events(a, gz, foreign)
    profile.disable()
    return sum(tt for (path, _, name), (_, _, tt, _, _) in pstats.Stats(profile).stats.items()
               if "re.Pattern" in name or path.endswith(("re/__init__.py", "sre_compile.py", "_compiler.py")))


def start_up_seconds() -> float:
    """Wall time of `eventmap load` on one short article: imports, gazetteer index, database set-up."""
    with tempfile.TemporaryDirectory() as tmp:
        f = Path(tmp) / "one.txt"
        f.write_text("Report\nFri Feb 26, 2016 14:28:26\n\nThe army took the village of Khanaser on Thursday.\n",
                     encoding="utf-8")
        return min(timed_load([f], 1)["wall_s"] for _ in range(3))


def timed_load(paths: list[Path], jobs: int, *options: str) -> dict:
    """Run `eventmap load` in a child process; wall time, peak RSS and its summary line."""
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.db"
        cmd = [sys.executable, "-m", "eventmap", "load", *map(str, paths), "--db", str(db), "-q", "--jobs", str(jobs),
               *options]
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t = time.perf_counter()
        out = subprocess.run(cmd, capture_output=True, text=True, check=True, cwd=ROOT)
        wall = time.perf_counter() - t
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        return {"wall_s": round(wall, 2), "cpu_s": round(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime, 2),
                "peak_rss_mb": round(after.ru_maxrss / 1024, 1), "summary": out.stdout.strip().splitlines()[-1]}


def main() -> None:
    from synthetic import write_seed_sized_corpus

    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="10000,100000")
    # The UCDP GED file as downloaded (16,566 rows, each a dated headline report) when ../shared is
    # here, else the shipped sample made from it (identical reports once: 12,183).
    raw_ucdp = ROOT.parent / "shared" / "data" / "corpora" / "ucdp_ged_syria_2016-2019.csv"
    ap.add_argument("--ucdp", default=str(raw_ucdp if raw_ucdp.exists() else
                                          ROOT / "data" / "articles" / "ucdp_ged_syria_headlines.csv"))
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--scaling", action="store_true", help="also time one 5 MB and one 25 MB text file")
    args = ap.parse_args()
    rows = []
    if args.ucdp and Path(args.ucdp).exists():
        r = timed_load([Path(args.ucdp)], 1)
        n = int(r["summary"].split()[0])
        rows.append({"corpus": f"UCDP GED headlines ({Path(args.ucdp).name})", "articles": n, **r, "articles_per_s": round(n / r["wall_s"])})
        print(json.dumps(rows[-1]), file=sys.stderr)
    with tempfile.TemporaryDirectory() as tmp:
        for n in [int(x) for x in args.sizes.split(",")]:
            folder = write_seed_sized_corpus(Path(tmp) / f"seed_{n}", n)
            for jobs in sorted({1, args.jobs}):
                r = timed_load([folder], jobs)
                rows.append({"corpus": f"synthetic seed-sized, jobs={jobs}", "articles": n, **r,
                             "articles_per_s": round(n / r["wall_s"])})
                print(json.dumps(rows[-1]), file=sys.stderr)
            if n == min(int(x) for x in args.sizes.split(",")):
                split = stage_split(folder)
                print(json.dumps(split), file=sys.stderr)
                rows.append({"corpus": "stage split (ms per seed-sized article, one core)", **split})
                startup_ms = start_up_seconds() / n * 1000
                ms = {k.removesuffix("_ms_per_article"): v for k, v in split.items()}
                floor = ms["parse"] + ms["store"] + ms["parquet_snapshot"] + startup_ms + ms["regex_within_extraction"]
                python_ms = (ms["places"] + ms["geocode"] + ms["dates_types_actors"] + ms["event_rows_and_rest"]
                             - ms["regex_within_extraction"])
                rows.append({"corpus": "floor", "text": (
                    f"Floor outside extraction's Python steps (ms per article, {n:,} articles): parse {ms['parse']} + "
                    f"store {ms['store']} + snapshot {ms['parquet_snapshot']} + start-up {startup_ms:.3f} + regular "
                    f"expressions {ms['regex_within_extraction']} = {floor:.2f}; 1,000 articles/s allows 1.00 in all, "
                    f"and extraction's Python steps take {python_ms:.2f} more")})
        if args.scaling:
            rows += scaling_rows(Path(tmp))
    print_table(rows)


def scaling_rows(tmp: Path) -> list[dict]:
    """One 5 MB and one 25 MB text file, read whole (the article limits raised): is time linear in size?"""
    rows = []
    for mb in (5, 25):
        f = tmp / f"big_{mb}.txt"
        with open(f, "w", encoding="utf-8") as fh:
            fh.write("Big report\nFri Feb 26, 2016 14:28:26\n\n")
            i = 0
            while fh.tell() < mb * 1024 * 1024:
                fh.write(f"The army took the village of Kafr Q{i:x} near the city of Khanaser on Thursday.\n\n")
                i += 1
        r = timed_load([f], 1, "--max-article-chars", str(200 * 2**20), "--max-paragraphs", "10000000",
                       "--max-events", "10000000")
        rows.append({"corpus": f"one {mb} MB text file ({i:,} paragraphs)", "articles": 1, **r,
                     "articles_per_s": 0, "s_per_mb": round(r["wall_s"] / mb, 2)})
        print(json.dumps(rows[-1]), file=sys.stderr)
    return rows


def print_table(rows: list[dict]) -> None:
    print("| corpus | articles | wall s | cpu s | articles/s | peak RSS MB |")
    print("|---|---|---|---|---|---|")
    for r in rows:
        if "wall_s" in r:
            rate = f"{r['articles_per_s']:,}" if r["articles_per_s"] else f"{r['s_per_mb']} s/MB"
            print(f"| {r['corpus']} | {r['articles']:,} | {r['wall_s']} | {r['cpu_s']} | {rate} | {r['peak_rss_mb']} |")
    for r in rows:
        if r["corpus"] == "floor":
            print("\n" + r["text"])
        elif "wall_s" not in r:
            print("\nStage split, ms per seed-sized article: " + ", ".join(f"{k.replace('_ms_per_article', '')} {v}"
                                                                      for k, v in r.items() if k != "corpus"))


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    main()
