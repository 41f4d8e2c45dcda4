"""`eventmap evaluate`: score the loader against gold files, beside a baseline (geotext).

Gold format (see README, "Evaluation"): a JSON object with `article` (path relative to the gold
file; a JSON Lines or CSV file of several articles too), optional `title`/`published`, `paragraphs`
(each with `starts_with` or `starts_with_sha1`, `places`, optional `not_places` and `event_date`, and what happened there:
`event_type` and `actors` for every place of the paragraph, or per place in `events`: [{place,
event_type?, actors?, event_date? or event_date_range?, context?}], `context` marking a mention that
tells no event: a dateline, a capital standing for its government), and optional `known_coordinates`
({name: {lat, lon, geonameid?}}). The command measures; it does not judge: low scores still exit 0.
"""

from __future__ import annotations

import hashlib
import json
import statistics
from collections import Counter
from datetime import date
from pathlib import Path

from eventmap.gazetteer import Gazetteer, haversine_km, load_foreign_names, load_gazetteer
from eventmap.loader import process_file
from eventmap.names import name_key
from eventmap.parse import Article
from eventmap.pipeline import locating_mention_texts
from eventmap.wordlists import KIND_WORDS


def mention_key(name: str, places_only: bool = False) -> str:
    """The key a mention is compared by: "Salamiyah city" and "Aleppo province" name Salamiyah and
    Aleppo, whichever way the gold or the loader wrote them (the same for the baseline). With
    `places_only` only a populated-place word goes ("Aleppo city" is Aleppo; "Aleppo province" is not
    where the city is), for comparing coordinates."""
    words = name.split()
    kind = KIND_WORDS.get(words[-1].lower(), "") if len(words) > 1 else ""
    if kind and (kind == "populated" or not places_only):
        name = " ".join(words[:-1])
    return name_key(name)


def _prf(tp: int, fp: int, fn: int) -> dict:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3), "tp": tp, "fp": fp, "fn": fn}


def geocoding_summary(errors_km: list[float], exact: int, checked: int) -> dict:
    """Exact-entry rate, accuracy within 25/161 km (unlocated rows count as misses), median/mean error."""
    def share(n: int) -> float | None:
        return round(n / checked, 3) if checked else None

    return {
        "rows_checked": checked, "exact_entry_rate": share(exact),
        "within_25km": share(sum(x <= 25 for x in errors_km)), "within_161km": share(sum(x <= 161 for x in errors_km)),
        "median_km": round(statistics.median(errors_km), 2) if errors_km else None,
        "mean_km": round(statistics.fmean(errors_km), 2) if errors_km else None,
    }


BASELINE_MISSING = ("geotext baseline skipped: geotext is not installed "
                    "(pip install 'geotext==0.4.0', or pip install -e '.[test]')")


def geotext_available() -> bool:
    """The baseline is optional: evaluate runs without it and says so."""
    try:
        import geotext  # noqa: F401
    except ImportError:
        return False
    return True


def geotext_cities(text: str) -> list[str]:
    """The baseline: geotext's city mentions (offline, GeoNames cities over 15,000 people)."""
    from geotext import GeoText

    return list(GeoText(text).cities)


def evaluate_gold(gold_path: Path, gazetteer: Gazetteer | None = None, foreign: frozenset[str] | None = None) -> dict:
    """Scores for one gold file (its articles are loaded with the real gazetteer, in memory)."""
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    article_path = (gold_path.parent / gold["article"]).resolve()
    gz = gazetteer or load_gazetteer()
    foreign = load_foreign_names() if foreign is None else foreign
    result = process_file(article_path, gz, foreign, date.today())
    if not result.articles:
        raise ValueError(f"{article_path}: {'; '.join(str(r) for r in result.rejections) or 'no article'}")
    located_paragraphs = _match_paragraphs([a for a, _ in result.articles], gold["paragraphs"])
    events = [e for _, rows in result.articles for e in rows]
    # Names found only to locate another ("Aleppo" of "al-Bab northeast of Aleppo") make no event row,
    # but were found: place finding counts them (looked for in the gold's articles only).
    locators = {a.article_id: locating_mention_texts(a, gz, foreign)
                for a in {id(w[0]): w[0] for w in located_paragraphs if w is not None}.values()}

    ours, base = Counter(), Counter()
    false_ours = false_base = 0
    with_baseline = geotext_available()
    dates_right = dates_total = 0
    what = Counter()  # per gold event: type, actors and day right, of those whose place the loader found
    for g, where in zip(gold["paragraphs"], located_paragraphs):
        gold_keys = {mention_key(p) for p in g.get("places", [])}
        not_keys = {mention_key(p) for p in g.get("not_places", [])}
        rows = []
        text = ""
        if where is not None:
            article, idx = where
            rows = [e for e in events if e.article_id == article.article_id and e.paragraph_index == idx]
            text = article.readable_paragraphs[idx]
        predicted_ours = {mention_key(e.place_mention) for e in rows}
        if where is not None:
            predicted_ours |= {mention_key(t) for t in locators[article.article_id][idx]}
        predicted_base = {mention_key(c) for c in geotext_cities(text)} if with_baseline else set()
        for counter, predicted in ((ours, predicted_ours), (base, predicted_base)):
            counter["tp"] += len(predicted & gold_keys)
            counter["fp"] += len(predicted - gold_keys)
            counter["fn"] += len(gold_keys - predicted)
        false_ours += len(predicted_ours & not_keys)
        false_base += len(predicted_base & not_keys)
        if "event_date" in g:
            dates_total += 1
            days = Counter(e.event_date for e in rows)
            if days and days.most_common(1)[0][0] == g["event_date"]:
                dates_right += 1
        for event in gold_events(g):
            what += score_event(event, rows)

    located, exact, checked = coordinate_errors(gold.get("known_coordinates") or {}, events)
    return {
        "file": str(gold_path),
        "paragraphs": {"gold": len(gold["paragraphs"]), "loaded": sum(len(a.paragraphs) for a, _ in result.articles),
                       "matched": sum(w is not None for w in located_paragraphs)},
        "places": _prf(ours["tp"], ours["fp"], ours["fn"]),
        "places_baseline_geotext": _prf(base["tp"], base["fp"], base["fn"]) if with_baseline else None,
        "false_places": false_ours,
        "false_places_baseline_geotext": false_base if with_baseline else None,
        "geocoding": geocoding_summary(located, exact, checked),
        "event_dates": {"right": dates_right, "total": dates_total,
                        "share": round(dates_right / dates_total, 3) if dates_total else None},
        **what_happened_summary(what),
        "_counts": {"ours": dict(ours), "base": dict(base), "errors": located, "exact": exact, "checked": checked,
                    "what": dict(what)},
    }


def coordinate_errors(known_coordinates: dict, events: list) -> tuple[list[float], int, int]:
    """For the rows of each place with known coordinates: the errors (km) of those located, how many
    are the gold's own GeoNames entry, and how many rows were checked (unlocated ones count)."""
    errors, exact, checked = [], 0, 0
    for name, known in known_coordinates.items():
        for e in events:
            if mention_key(e.place_mention, places_only=True) != mention_key(name, places_only=True):
                continue
            checked += 1
            if e.latitude is None:
                continue
            errors.append(haversine_km(e.latitude, e.longitude, known["lat"], known["lon"]))
            if known.get("geonameid") and e.place_id == f"geonames:{known['geonameid']}":
                exact += 1
    return errors, exact, checked


def gold_events(paragraph: dict) -> list[dict]:
    """What happened at each place of a gold paragraph: its `events` entries, and for its other places
    the paragraph's own `event_type`/`actors` (when it gives them)."""
    events = list(paragraph.get("events", []))
    given = {mention_key(e["place"]) for e in events}
    shared = {k: paragraph[k] for k in ("event_type", "actors") if k in paragraph}
    if shared:
        events += [{"place": p, **shared} for p in paragraph.get("places", []) if mention_key(p) not in given]
    return events


def score_event(event: dict, rows: list) -> Counter:
    """Counts for one gold event against the loader's rows of its paragraph (the row of its place)."""
    key = mention_key(event["place"])
    row = next((r for r in rows if mention_key(r.place_mention) == key), None)
    c: Counter = Counter()
    if event.get("context"):  # a dateline, a capital standing for its government: no event row wanted
        c["context_total"] += 1
        c["context_right"] += row is None
        return c
    for field in ("event_type", "actors", "date"):
        wanted = field != "date" and field in event or field == "date" and (
            "event_date" in event or "event_date_range" in event)
        if not wanted:
            continue
        c[f"{field}_total"] += 1
        if row is None:
            c[f"{field}_place_missing"] += 1
            continue
        if field == "event_type":
            c["event_type_right"] += row.event_type == event["event_type"]
        elif field == "actors":
            got = {a for a in row.actors.split("; ") if a}
            wanted_actors = set(event["actors"])
            c["actors_right"] += got == wanted_actors
            c["actors_tp"] += len(got & wanted_actors)
            c["actors_fp"] += len(got - wanted_actors)
            c["actors_fn"] += len(wanted_actors - got)
        else:
            first, last = event.get("event_date_range") or (event["event_date"], event["event_date"])
            c["date_right"] += bool(row.event_date) and first <= row.event_date <= last
    return c


def what_happened_summary(c: Counter) -> dict:
    """Type, actor and per-place date accuracy, over gold events (a place the loader missed counts wrong)."""
    def share(right: int, total: int) -> float | None:
        return round(right / total, 3) if total else None

    actors = _prf(c["actors_tp"], c["actors_fp"], c["actors_fn"])
    return {
        "event_types": {"right": c["event_type_right"], "total": c["event_type_total"],
                        "place_missing": c["event_type_place_missing"],
                        "share": share(c["event_type_right"], c["event_type_total"])},
        "actors": {"right": c["actors_right"], "total": c["actors_total"], "place_missing": c["actors_place_missing"],
                   "share": share(c["actors_right"], c["actors_total"]),
                   "precision": actors["precision"], "recall": actors["recall"]},
        "place_dates": {"right": c["date_right"], "total": c["date_total"], "place_missing": c["date_place_missing"],
                        "share": share(c["date_right"], c["date_total"])},
        "context_kept_out": {"right": c["context_right"], "total": c["context_total"],
                             "share": share(c["context_right"], c["context_total"])},
    }


def _match_paragraphs(articles: list[Article], gold_paragraphs: list[dict]) -> list[tuple[Article, int] | None]:
    """Each gold paragraph's (article, paragraph index), by the words it starts with."""
    out: list[tuple[Article, int] | None] = []
    for g in gold_paragraphs:
        if "starts_with_sha1" in g:  # (gold on third-party text that may not be copied: its first 60 characters' digest)
            out.append(next(((a, i) for a in articles for i, p in enumerate(a.paragraphs)
                             if _opening_digest(p) == g["starts_with_sha1"]), None))
            continue
        start = " ".join(g["starts_with"].split())
        out.append(next(((a, i) for a in articles for i, p in enumerate(a.paragraphs) if p.startswith(start)), None))
    return out


def _opening_digest(paragraph: str) -> str:
    return hashlib.sha1(" ".join(paragraph.split())[:60].encode("utf-8")).hexdigest()


def evaluate_gold_files(paths: list[Path]) -> dict:
    """Per-file scores and the overall figures (micro-averaged)."""
    gazetteer, foreign = load_gazetteer(), load_foreign_names()  # once, not per gold file
    files = [evaluate_gold(p, gazetteer, foreign) for p in paths]
    ours, base = Counter(), Counter()
    errors: list[float] = []
    exact = checked = right = total = 0
    what: Counter = Counter()
    for f in files:
        c = f.pop("_counts")
        what.update(c["what"])
        ours.update(c["ours"])
        base.update(c["base"])
        errors += c["errors"]
        exact += c["exact"]
        checked += c["checked"]
        right += f["event_dates"]["right"]
        total += f["event_dates"]["total"]
    overall = {
        "places": _prf(ours["tp"], ours["fp"], ours["fn"]),
        "places_baseline_geotext": _prf(base["tp"], base["fp"], base["fn"]) if geotext_available() else None,
        "false_places": sum(f["false_places"] for f in files),
        "false_places_baseline_geotext": sum(f["false_places_baseline_geotext"] or 0 for f in files)
        if geotext_available() else None,
        "geocoding": geocoding_summary(errors, exact, checked),
        "event_dates": {"right": right, "total": total, "share": round(right / total, 3) if total else None},
        **what_happened_summary(what),
    }
    report = {"files": files, "overall": overall}
    if not geotext_available():
        report["note"] = BASELINE_MISSING
    return report


def format_report(report: dict) -> str:
    """A plain-text table: ours beside the geotext baseline, per file and overall."""
    lines = []
    for block in [*report["files"], {"file": "OVERALL", **report["overall"]}]:
        o, g, d = block["places"], block["geocoding"], block["event_dates"]
        b = block["places_baseline_geotext"] or {"precision": "-", "recall": "-", "f1": "-"}
        false_base = block["false_places_baseline_geotext"]
        lines += [
            f"== {block['file']}",
            f"{'':28}{'eventmap':>12}{'geotext':>12}",
            f"{'place precision':28}{o['precision']:>12.3f}{_fmt(b['precision']):>12}",
            f"{'place recall':28}{o['recall']:>12.3f}{_fmt(b['recall']):>12}",
            f"{'place F1':28}{o['f1']:>12.3f}{_fmt(b['f1']):>12}",
            f"{'false places (not_places)':28}{block['false_places']:>12}{'-' if false_base is None else false_base:>12}",
            f"{'geocoding rows checked':28}{g['rows_checked']:>12}{'-':>12}",
            f"{'exact gazetteer entry':28}{_fmt(g['exact_entry_rate']):>12}{'-':>12}",
            f"{'within 25 km':28}{_fmt(g['within_25km']):>12}{'-':>12}",
            f"{'within 161 km':28}{_fmt(g['within_161km']):>12}{'-':>12}",
            f"{'median / mean error km':28}{_fmt(g['median_km']) + ' / ' + _fmt(g['mean_km']):>12}{'-':>12}",
            f"{'event dates right':28}{str(d['right']) + '/' + str(d['total']):>12}{'-':>12}",
        ]
        for label, key in (("event types right", "event_types"), ("actors right", "actors"),
                           ("event day per place right", "place_dates"), ("context kept out", "context_kept_out")):
            s = block[key]
            if s["total"]:
                lines.append(f"{label:28}{str(s['right']) + '/' + str(s['total']):>12}{'-':>12}")
    if report.get("note"):
        lines.append(report["note"])
    return "\n".join(lines)


def _fmt(x: float | str | None) -> str:
    return "-" if x is None else f"{x:.3f}" if isinstance(x, float) and x <= 1 else str(x)
