"""Which geocoding stage placed each row of real reports: does each rule still earn its place?

Loads the real reports (the shipped sample and, when ../shared is at hand, the SANA and Reuters
development scrapes) in this process and counts, for every mention the geocoder placed on an entry
of its own, the resolution stage that found it (exact key, kind word, Arabic letters, skeleton,
loose, fuzzy, close spelling anywhere, vowels, site word, learned edits), and how many names were
placed at an anchor (no entry). Run it on two checkouts to compare gazetteers.

Usage: python bench/stage_usage.py [--examples N] [PATH ...]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import eventmap.geocode as geocode  # noqa: E402
import eventmap.pipeline as pipeline  # noqa: E402
from eventmap.loader import load_paths  # noqa: E402
from eventmap.store import Store  # noqa: E402

CORPORA = ROOT.parent / "shared" / "data" / "corpora"
DEFAULT_PATHS = [ROOT / "data" / "articles", CORPORA / "sana_scrape_dev.json", CORPORA / "reuters_2016_syria_dev.jsonl"]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("paths", nargs="*", type=Path)
    ap.add_argument("--examples", type=int, default=5, help="names placed by each inexact stage to show")
    args = ap.parse_args()
    paths = args.paths or [p for p in DEFAULT_PATHS if p.exists()]

    stage_of: dict[int, str] = {}
    rows: Counter[str] = Counter()
    names: dict[str, Counter[str]] = defaultdict(Counter)
    resolve, geocode_article = geocode._resolve_mention, geocode.geocode_article

    def recording_resolve(gazetteer, m, *a, **k):
        cands, how, score = resolve(gazetteer, m, *a, **k)
        if cands or id(m) not in stage_of:
            stage_of[id(m)] = how
        return cands, how, score

    def recording_geocode(gazetteer, title_mentions, paragraph_mentions, *a, **k):
        results = geocode_article(gazetteer, title_mentions, paragraph_mentions, *a, **k)
        for mentions, row in zip(paragraph_mentions, results):
            for m, r in zip(mentions, row):
                how = stage_of.get(id(m), "") if r.resolved else ("anchored" if r.latitude is not None else "unplaced")
                rows[how or "?"] += 1
                names[how or "?"][f"{m.name} -> {r.place_name}"] += 1
        stage_of.clear()
        return results

    geocode._resolve_mention = recording_resolve
    pipeline.geocode_article = recording_geocode
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "s.db") as store:
        load_paths(paths, store, jobs=1)
    total = sum(rows.values())
    print(f"{total:,} place rows of {', '.join(p.name for p in paths)}\n")
    print("| stage | rows | share | most frequent names placed |\n|---|---|---|---|")
    for how, n in rows.most_common():
        top = "; ".join(f"{name} ({c})" for name, c in names[how].most_common(args.examples))
        print(f"| {how} | {n:,} | {n / total:.1%} | {top if how not in ('exact',) else ''} |")


if __name__ == "__main__":
    main()
