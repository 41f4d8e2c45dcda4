"""Do our incidents agree with UCDP's events? (issue 26)

UCDP GED lists, for each event, the source reports it was coded from (`source_headline`,
`source_date`, `source_office`, several joined by ';'). Here every distinct report (headline, date,
outlet) becomes one article, labelled with the UCDP events it is a source of; all are loaded as
`eventmap load` would, and our incidents are compared with UCDP's events:

- a mention is attributed to a UCDP event of its report when it lies within 25 km of the event's
  point (UCDP `where_prec` 1 or 2) and its day is within a day of the event's dates;
- united: of the UCDP events with attributed mentions from two or more reports, the share where one
  incident holds a mention from each of those reports;
- mixed: of our incidents with attributed mentions from two or more reports, the share where no UCDP
  event is shared by all those reports (different events merged).

Variants of the rule are regrouped in memory on the same rows, so their figures compare in one run.
Usage: python bench/incident_agreement.py [--ged PATH] [--limit N]
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import tempfile
import time
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import eventmap.incidents as incidents  # noqa: E402
from eventmap.gazetteer import haversine_km  # noqa: E402
from eventmap.loader import load_paths  # noqa: E402
from eventmap.store import Store  # noqa: E402

GED = ROOT.parent / "shared" / "data" / "corpora" / "ucdp_ged_syria_2016-2019.csv"


def reports_of(ged: Path, limit: int | None) -> tuple[list[dict], list[set[str]], dict[str, dict]]:
    """Distinct reports (as article records), the UCDP events each is a source of, and the events."""
    events: dict[str, dict] = {}
    labels: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    with open(ged, encoding="utf-8", newline="") as fh:
        for i, row in enumerate(csv.DictReader(fh)):
            if limit and i >= limit:
                break
            events[row["id"]] = row
            for headline, day, office in zip(row["source_headline"].split(";"), row["source_date"].split(";"),
                                             row["source_office"].split(";")):
                if headline.strip():
                    labels[(headline.strip(), day.strip(), office.strip())].add(row["id"])
    records = [{"title": h, "text": h, "date": d, "source": o} for h, d, o in labels]
    return records, list(labels.values()), events


def near(mention: dict, event: dict) -> bool:
    if event["where_prec"] not in ("1", "2") or mention["latitude"] != mention["latitude"]:
        return False
    if haversine_km(float(event["latitude"]), float(event["longitude"]), mention["latitude"], mention["longitude"]) > 25:
        return False
    day = mention["event_date"]
    if not isinstance(day, str):
        return False
    first = (date.fromisoformat(event["date_start"]) - timedelta(days=1)).isoformat()
    last = (date.fromisoformat(event["date_end"]) + timedelta(days=1)).isoformat()
    return first <= day <= last


def diagnose(mentions, attributed: list[set[str]], incident_ids) -> str:
    """Why, for the chosen rule: of the UCDP events not made one incident, how many have reports whose
    mentions carry different days; of the mixing incidents, how many lie at a city or admin unit."""
    from eventmap.gazetteer import load_gazetteer

    features = {e.place_id: e.feature for e in load_gazetteer().entries}
    days: dict[str, dict[int, set]] = defaultdict(lambda: defaultdict(set))
    incidents_of: dict[str, dict[int, set]] = defaultdict(lambda: defaultdict(set))
    for m, events, incident in zip(mentions.to_dict("records"), attributed, incident_ids):
        for e in events:
            days[e][m["report"]].add(m["event_date"])
            incidents_of[e][m["report"]].add(incident)
    missed = [e for e, r in incidents_of.items() if len(r) >= 2 and not set.intersection(*r.values())]
    other_days = sum(1 for e in missed if not set.intersection(*days[e].values()))
    by_incident: dict[str, dict[int, set]] = defaultdict(lambda: defaultdict(set))
    place: dict[str, str] = {}
    for m, events, incident in zip(mentions.to_dict("records"), attributed, incident_ids):
        if events:
            by_incident[incident][m["report"]] |= events
            place[incident] = m["place_id"] or ""
    mixed = [i for i, r in by_incident.items() if len(r) >= 2 and not set.intersection(*r.values())]
    coarse = sum(1 for i in mixed if features.get(place[i], "") in ("city", "district", "governorate", "subdistrict"))
    return (f"Of {len(missed):,} UCDP events not made one incident, {other_days:,} ({other_days / max(len(missed), 1):.0%}) "
            f"have reports whose mentions share no day. Of {len(mixed):,} mixing incidents, {coarse:,} "
            f"({coarse / max(len(mixed), 1):.0%}) lie at a city or an admin unit.")


def score(mentions, attributed: list[set[str]], incident_ids, ged_events: dict) -> dict:
    """United and mixed shares for one grouping (`incident_ids` aligned with `mentions`)."""
    by_event: dict[str, dict[int, set[str]]] = defaultdict(lambda: defaultdict(set))  # event -> report -> incidents
    by_incident: dict[str, dict[int, set[str]]] = defaultdict(lambda: defaultdict(set))  # incident -> report -> events
    for report, events, incident in zip(mentions["report"], attributed, incident_ids):
        for e in events:
            by_event[e][report].add(incident)
        if events:
            by_incident[incident][report] |= events
    eligible = {e: r for e, r in by_event.items() if len(r) >= 2}
    united = sum(1 for r in eligible.values() if set.intersection(*r.values()))
    multi = {i: r for i, r in by_incident.items() if len(r) >= 2}
    mixed = [r for r in multi.values() if not set.intersection(*r.values())]

    def where_when(e: str) -> tuple:
        return ged_events[e]["where_coordinates"], ged_events[e]["date_start"]

    # UCDP codes one event per pair of sides (and kind of violence): two of its events at one place on
    # one day are mixed here, though a report naming only the place cannot tell them apart.
    elsewhere = sum(1 for r in mixed if not set.intersection(*({where_when(e) for e in es} for es in r.values())))
    return {"events": len(eligible), "united": united, "incidents": len(multi), "mixed": len(mixed),
            "elsewhere": elsewhere, "all_incidents": len(set(incident_ids))}


VARIANTS = {
    "this rule (violence one family, a publication day may be the day before, provinces per article)": {},
    "provinces across articles": {"VAGUE_PLACES_PER_ARTICLE": False},
    "no publication lag": {"PUBLICATION_LAG_DAYS": 0},
    "fighting and strikes apart": {"TYPE_FAMILIES": {**incidents.TYPE_FAMILIES, "air/drone strike": "strikes",
                                                     "shelling": "strikes", "explosion": "strikes"}},
    "every type one family": {"TYPE_FAMILIES": {t: "any" for t in incidents.TYPE_FAMILIES}},
}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--ged", type=Path, default=GED)
    ap.add_argument("--limit", type=int, default=None, help="first N GED rows only")
    args = ap.parse_args()
    if not args.ged.exists():
        sys.exit(f"{args.ged}: not found (the UCDP GED file of ../shared)")
    records, labels, ged_events = reports_of(args.ged, args.limit)
    with tempfile.TemporaryDirectory() as tmp:
        feed = Path(tmp) / "reports.jsonl"
        feed.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
        with Store(Path(tmp) / "r.db") as store:
            started = time.perf_counter()
            load_paths([feed], store)
            load_s = time.perf_counter() - started
            mentions = store.events_frame()
            lines = dict(store.conn.execute("SELECT article_id, line FROM articles").fetchall())
    mentions["report"] = mentions["article_id"].map(lines) - 1
    rows = mentions.to_dict("records")
    attributed = [{e for e in labels[m["report"]] if near(m, ged_events[e])} for m in rows]
    print(f"{len(records):,} distinct reports of {len(ged_events):,} UCDP events; {len(mentions):,} mention rows; "
          f"load {load_s:.1f} s\n")
    print("| rule | incidents | UCDP events with 2+ reports found | one incident | incidents with 2+ reports of UCDP events "
          "| mixing events | mixing events of other places or days | grouping time |")
    print("|---|---|---|---|---|---|---|---|")
    for name, changes in VARIANTS.items():
        saved = {k: getattr(incidents, k) for k in changes}
        for k, v in changes.items():
            setattr(incidents, k, v)
        try:
            started = time.perf_counter()
            ids = incidents.group_incidents(mentions).tolist()
            took = time.perf_counter() - started
        finally:
            for k, v in saved.items():
                setattr(incidents, k, v)
        s = score(mentions, attributed, ids, ged_events)
        if not changes:
            why = diagnose(mentions, attributed, ids)
        print(f"| {name} | {s['all_incidents']:,} | {s['events']:,} | {s['united']:,} ({s['united'] / max(s['events'], 1):.0%}) "
              f"| {s['incidents']:,} | {s['mixed']:,} ({s['mixed'] / max(s['incidents'], 1):.0%}) "
              f"| {s['elsewhere']:,} ({s['elsewhere'] / max(s['incidents'], 1):.0%}) | {took:.2f} s |")
    print(f"\n{why}")


if __name__ == "__main__":
    main()
