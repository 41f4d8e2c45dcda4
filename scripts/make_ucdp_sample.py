"""Build data/articles/ucdp_ged_syria_headlines.csv from the UCDP GED Syria events file.

Each UCDP event's source headline becomes a short report: dated by its source date (else the
event's start date), with its source office as source. Identical reports are written once.
Usage: python scripts/make_ucdp_sample.py ../shared/data/corpora/ucdp_ged_syria_2016-2019.csv
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "data" / "articles" / "ucdp_ged_syria_headlines.csv"


def main(src: str) -> None:
    seen: set[tuple[str, str, str]] = set()
    rows = []
    with open(src, encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            headline = " ".join((r["source_headline"] or "").split())
            if not headline:
                continue
            dates = re.findall(r"\d{4}-\d{2}-\d{2}", r["source_date"] or "")
            day = dates[0] if dates else r["date_start"][:10]
            # UCDP source dates carry typos (2919, 1753): use the event's start date for those.
            if abs(int(day[:4]) - int(r["date_start"][:4])) > 1:
                day = r["date_start"][:10]
            source = (r["source_office"] or "").split(";")[0].strip()
            key = (headline, day, source)
            if key in seen:
                continue
            seen.add(key)
            rows.append({"title": headline, "date": day, "text": headline, "source": source,
                         "ucdp_event_id": r["id"]})
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with open(OUT, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=["title", "date", "text", "source", "ucdp_event_id"])
        w.writeheader()
        w.writerows(rows)
    print(f"{len(rows)} reports written to {OUT}")


if __name__ == "__main__":
    main(sys.argv[1])
