"""Each gold event's type, actors and day beside the loader's, for the gold files given.

`eventmap evaluate` counts; this lists every miss, so a change to the clause rules can be read
event by event. Usage: python bench/what_happened.py tests/data/*_gold.json
"""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

from eventmap.evaluate import _match_paragraphs, gold_events, mention_key
from eventmap.gazetteer import load_foreign_names, load_gazetteer
from eventmap.loader import process_file


def main(paths: list[str]) -> None:
    gz, foreign = load_gazetteer(), load_foreign_names()
    for path in map(Path, paths):
        gold = json.loads(path.read_text(encoding="utf-8"))
        result = process_file((path.parent / gold["article"]).resolve(), gz, foreign, date.today())
        rows = [e for _, es in result.articles for e in es]
        where = _match_paragraphs([a for a, _ in result.articles], gold["paragraphs"])
        for g, w in zip(gold["paragraphs"], where):
            if w is None:
                continue
            article, idx = w
            mine = [e for e in rows if e.article_id == article.article_id and e.paragraph_index == idx]
            for ev in gold_events(g):
                row = next((r for r in mine if mention_key(r.place_mention) == mention_key(ev["place"])), None)
                if row is None:
                    print(f"MISSING {ev['place']!r} in {g['starts_with']!r}")
                    continue
                got = {"event_type": row.event_type, "actors": sorted(a for a in row.actors.split("; ") if a),
                       "event_date": row.event_date}
                want = {"event_type": ev.get("event_type"), "actors": sorted(ev.get("actors", [])),
                        "event_date": ev.get("event_date")}
                wrong = [k for k in want if k in ev and want[k] != got[k]]
                if wrong:
                    print(f"{row.place_mention!r}: " + "; ".join(f"{k} {got[k]} (gold {want[k]})" for k in wrong)
                          + f"  <- {article.readable_paragraphs[idx][:150]!r}")


if __name__ == "__main__":
    main(sys.argv[1:])
