"""Do our places agree with where UCDP located the event? (issue 5/6: geocoding on real reports)

The shipped sample (data/articles/ucdp_ged_syria_headlines.csv) is UCDP GED source headlines,
each with its UCDP event id; the GED file in ../shared/data/corpora gives the point UCDP coded for
that event and how precise it is (`where_prec` 1: the place itself, 2: within about 25 km, 3: its
district, 4: its province). The headlines are loaded as `eventmap load` would, and each headline's
event rows are compared with UCDP's point.

Not independent evidence: the shipped gazetteer holds UCDP's places, so where the headline names
the place UCDP coded we usually find UCDP's very point. It measures what a user sees on real
reports: how often the map has a marker where the event happened, and how far the others are.

- found: headlines with at least one located event row of ours (exact or approximate);
- near UCDP: headlines where one of our rows lies within 25 km (161 km) of UCDP's point;
- "the headline names UCDP's place": UCDP's place name (without its kind word) is words of the
  headline after the matcher's normalisation; there our row should be at UCDP's point;
- rows: of all our located rows, the share within 25 km of UCDP's point (an underestimate of
  precision: a headline often names two places, UCDP codes one).

Event days: for the headlines UCDP dates to one day (`date_prec` 1), the share where one of our rows
carries that day, beside the share where the publication day (the article's date) is that day: what
the date phrases ("yesterday", "on Thursday") add over dating every event on its report's day.

Usage: python bench/ucdp_agreement.py [--ged PATH] [--misses N]  (N headlines that name UCDP's place
with no row of ours within 25 km of its point, with our rows' places)
"""

from __future__ import annotations

import argparse
import csv
import statistics
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from eventmap.gazetteer import haversine_km  # noqa: E402
from eventmap.loader import load_paths  # noqa: E402
from eventmap.names import name_key, name_words, word_key  # noqa: E402
from eventmap.store import Store  # noqa: E402

SAMPLE = ROOT / "data" / "articles" / "ucdp_ged_syria_headlines.csv"
GED = ROOT.parent / "shared" / "data" / "corpora" / "ucdp_ged_syria_2016-2019.csv"


_KIND_WORDS = {"town", "village", "city", "area", "district", "governorate", "neighbourhood", "neighborhood",
               "camp", "airport", "airbase", "mountain", "mountains", "region", "subdistrict", "sub-district"}


def place_key(where: str) -> str:
    """Key of UCDP's place name without its kind word ('Khan Shaykhun town' -> khanshaykhun)."""
    words = [w for w in name_words(where.split("/")[0]) if w.lower() not in _KIND_WORDS]
    return name_key(" ".join(words))


def names_place(title: str, key: str) -> bool:
    """The headline writes the place: some run of its words keys to `key` (whole words: 'Dara' is
    not named by 'Daraya', nor 'Man' by 'Turkman')."""
    words = [word_key(w) for w in name_words(title)]
    for i in range(len(words)):
        joined = ""
        for w in words[i:i + 6]:
            joined += w
            if joined == key:
                return True
            if len(joined) >= len(key):
                break
    return False


def ucdp_days(ged: Path) -> dict[str, tuple[str, str]]:
    """UCDP event id -> (first, last) day of the event, for events UCDP dates to the day."""
    with open(ged, encoding="utf-8", newline="") as fh:
        return {r["id"]: (r["date_start"][:10], r["date_end"][:10]) for r in csv.DictReader(fh)
                if r["date_prec"] == "1" and r["date_start"][:10] == r["date_end"][:10]}


def ucdp_points(ged: Path) -> dict[str, tuple[float, float, int, str]]:
    with open(ged, encoding="utf-8", newline="") as fh:
        return {r["id"]: (float(r["latitude"]), float(r["longitude"]), int(r["where_prec"]), place_key(r["where_coordinates"]))
                for r in csv.DictReader(fh)}


def sample_event_ids() -> dict[int, str]:
    """CSV record end line (what the loader stores as the article's line) -> UCDP event id."""
    with open(SAMPLE, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        ids = {}
        for row in reader:
            ids[reader.line_num] = row["ucdp_event_id"]
        return ids


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--ged", default=str(GED))
    ap.add_argument("--misses", type=int, default=0)
    args = ap.parse_args()
    if not Path(args.ged).exists():
        sys.exit(f"{args.ged}: the UCDP GED file is needed for UCDP's coordinates")
    points, by_line = ucdp_points(Path(args.ged)), sample_event_ids()
    rows_by_article: dict[str, list[tuple[float, float, int]]] = defaultdict(list)
    places_by_article: dict[str, list[str]] = defaultdict(list)
    days_by_article: dict[str, set[str]] = defaultdict(set)
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "u.db") as store:
        load_paths([SAMPLE], store)
        lines = {a: (line, title) for a, line, title in store.conn.execute("SELECT article_id, line, title FROM articles")}
        published = dict(store.conn.execute("SELECT article_id, substr(published_at, 1, 10) FROM articles"))
        for article_id, day in store.conn.execute("SELECT article_id, event_date FROM events WHERE event_date IS NOT NULL"):
            days_by_article[article_id].add(day)
        for article_id, lat, lon, precision, mention, place in store.conn.execute(
                "SELECT article_id, latitude, longitude, geo_precision, place_mention, place_name FROM events "
                "WHERE latitude IS NOT NULL"):
            rows_by_article[article_id].append((lat, lon, precision))
            places_by_article[article_id].append(f"{mention} -> {place}")
    table = defaultdict(lambda: {"headlines": 0, "found": 0, "near25": 0, "near161": 0, "nearest": [],
                                 "rows": 0, "rows25": 0})
    misses = []
    for article_id, (line, title) in lines.items():
        ucdp = points.get(by_line.get(line, ""))
        if ucdp is None:
            continue
        lat, lon, where_prec, where_key = ucdp
        label = {1: "1 exact place", 2: "2 within 25 km"}.get(where_prec, "3-6 district, province, country")
        keys = [label, "all"]
        if where_prec <= 2 and len(where_key) >= 3 and names_place(title, where_key):
            keys.append("1-2, and the headline names UCDP's place")
            ours = rows_by_article.get(article_id, [])
            if not ours or min(haversine_km(lat, lon, a, b) for a, b, _ in ours) > 25:
                misses.append(f"  miss: {title[:110]!r} (UCDP {where_key} at {lat:.3f},{lon:.3f}); ours: "
                              + "; ".join(places_by_article.get(article_id, [])[:4]))
        for key in keys:
            t = table[key]
            t["headlines"] += 1
            ours = rows_by_article.get(article_id, [])
            if not ours:
                continue
            km = [haversine_km(lat, lon, a, b) for a, b, _ in ours]
            t["found"] += 1
            t["near25"] += min(km) <= 25
            t["near161"] += min(km) <= 161
            t["nearest"].append(min(km))
            t["rows"] += len(km)
            t["rows25"] += sum(k <= 25 for k in km)
    for line in misses[:args.misses]:
        print(line)
    ucdp_day = ucdp_days(Path(args.ged))
    dated = [(ucdp_day[by_line[line]], a) for a, (line, _) in lines.items()
             if by_line.get(line) in ucdp_day and days_by_article.get(a)]
    ours = sum(any(first <= d <= last for d in days_by_article[a]) for (first, last), a in dated)
    pub = sum(first <= (published.get(a) or "") <= last for (first, last), a in dated)
    print(f"Event days: of {len(dated):,} headlines UCDP dates to the day, a row of ours has UCDP's day in "
          f"{ours / len(dated):.1%}; the publication day is UCDP's day in {pub / len(dated):.1%}.\n")
    print("| UCDP where_prec | headlines | found (a located row) | a row within 25 km | within 161 km "
          "| median km to nearest row | our rows within 25 km |")
    print("|---|---|---|---|---|---|---|")
    for key in sorted(table, key=lambda k: (k == "all", "names" in k, k)):
        t = table[key]
        n, f = t["headlines"], t["found"]
        print(f"| {key} | {n:,} | {f / n:.1%} | {t['near25'] / n:.1%} | {t['near161'] / n:.1%} | "
              f"{statistics.median(t['nearest']) if t['nearest'] else 0:.1f} | {t['rows25'] / max(t['rows'], 1):.1%} |")


if __name__ == "__main__":
    main()
