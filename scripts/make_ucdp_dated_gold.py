"""Build tests/data/ucdp_dated.jsonl and a gold skeleton from chosen UCDP GED rows.

Each chosen event's English `source_headline` becomes one article dated by its `source_date` (UCDP
GED, CC BY 4.0), so a headline's "yesterday" or "today" resolves as it did for its reader. What
happened at each place (event type in eventmap's taxonomy, actors the text names, the event day
where the text states it) is annotated by hand in the gold file; this script only writes the
articles and the UCDP facts beside them (its event id, date_start..date_end, sides).
Usage: python scripts/make_ucdp_dated_gold.py UCDP_GED.csv ID [ID...]
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "tests" / "data" / "ucdp_dated.jsonl"


def main(csv_path: str, ids: list[str]) -> None:
    wanted = set(ids)
    rows = {}
    with open(csv_path, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            if row["id"] in wanted:
                rows[row["id"]] = row
    with open(OUT, "w", encoding="utf-8") as out:
        for i in ids:
            r = rows[i]
            out.write(json.dumps({"title": f"UCDP GED event {i}", "date": r["source_date"][:10],
                                  "text": r["source_headline"], "source": r["source_office"],
                                  "url": f"https://ucdp.uu.se/event/{i}"}, ensure_ascii=False) + "\n")
            print(json.dumps({"id": i, "date_start": r["date_start"][:10], "date_end": r["date_end"][:10],
                              "side_a": r["side_a"], "side_b": r["side_b"]}, ensure_ascii=False))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
