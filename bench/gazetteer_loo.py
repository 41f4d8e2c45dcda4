"""How well does geocoding survive spellings it has never seen, and how often does it invent a match?
(issue 5's dev evaluation; target 95% within 25 km)

Leave-one-out: for every populated entry and each of its Latin alternate names, that spelling is
taken out of the index (exact key, consonant skeleton, loose key and fuzzy stages alike), then
resolved the way the loader does (`resolve_candidates`, within the entry's province, the province
the article is about). Right = its own entry or within 5 km. Trials are also split by whether the
left-out spelling is a *variant* of a name the entry keeps (its loose key, skeleton or fuzzy ratio
>= 75 against one of them) or a *different name* (an exonym such as 'Veroia' for Aleppo, a Kurdish
name, a name in another script's transcription such as 'Kamakeko'), which no spelling rule can reach.

False matches: names without an exact gazetteer key, each tried in every province; any candidate
counts as a match. Foreign cities of 100,000+ (data/foreign_names.txt) are never right; the place
names of real reports (the shipped sample, and the SANA and Reuters scrapes when ../shared/data/corpora
is present) are an upper bound on false matches: a few are Syrian places spelled as the gazetteer
does not (SANA's 'Yelda' is Yalda), right in one province of the fourteen.

Usage: python bench/gazetteer_loo.py [--thresholds 101,90,80] [--misses N]
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rapidfuzz import fuzz  # noqa: E402

import eventmap.geocode as geocode  # noqa: E402
from eventmap.gazetteer import (  # noqa: E402
    REPORT_NAMES,
    haversine_km,
    is_indexable_name,
    load_gazetteer,
    name_match_keys,
)
from eventmap.names import is_arabic, name_key  # noqa: E402

CORPORA = ROOT.parent / "shared" / "data" / "corpora"
# Spellings added by hand because no rule reaches them (`REPORT_NAMES`): left out, most stay unresolved
# by construction, so the figures are also given without them (the sources' own spellings only).
HAND_ADDED = frozenset(n for names in REPORT_NAMES.values() for n in names)


def _is_variant(alt: str, others: dict[str, set[str]]) -> bool:
    mine = name_match_keys(alt)
    if mine["skeletons"] & others["skeletons"] or mine["loose"] & others["loose"]:
        return True
    return any(fuzz.ratio(name_key(alt), k) >= 75 for k in others["exact"] if k.isascii())


FOLDS = 5


def _closest_spelling_nearby(gz, own_i: int, alt: str, key: str) -> float:
    """How close (rapidfuzz ratio on keys) the left-out spelling comes to any other spelling of an entry
    within 25 km of its own, where a match would count right: a miss no spelling comes near is out of
    any spelling rule's reach (`reach`). An upper bound: a nearby entry may be another village."""
    own = gz.entries[own_i]
    best = 0.0
    for j, e in enumerate(gz.entries):
        if abs(e.latitude - own.latitude) > 0.3 or abs(e.longitude - own.longitude) > 0.4:
            continue
        if haversine_km(e.latitude, e.longitude, own.latitude, own.longitude) > 25:
            continue
        for n in e.all_names():
            if (j == own_i and n == alt) or not is_indexable_name(n):
                continue
            k = name_key(n)
            if k and k.isascii():
                best = max(best, fuzz.ratio(key, k))
    return best


def _fold(entry) -> int:
    return zlib.crc32(entry.place_id.encode()) % FOLDS


def leave_one_out(threshold: float, misses: int = 0) -> dict:
    gz = load_gazetteer()
    # The last stage's edit costs are learned from the gazetteer's spellings: for a fair trial, from
    # the other folds' places only (five folds by place id), never from the left-out spelling's place.
    fold_settings = [geocode.GeocodeSettings(fuzzy_threshold=threshold, spelling_costs=geocode.learn_place_spelling_costs(
        e for e in gz.entries if _fold(e) != f)) for f in range(FOLDS)]
    rows = []  # (variant?, right?, km or None, stage)
    shown = 0
    for own_i, own in enumerate(gz.entries):
        if own.is_admin or own.source == "override" or own.parent:
            continue  # (a neighbourhood stands at its city's point: no place of its own to land on)
        for alt in own.alt_names:
            if is_arabic(alt) or alt == own.name or not is_indexable_name(alt):
                continue
            key = name_key(alt)
            other_names = [n for n in own.all_names() if n != alt and is_indexable_name(n)]
            others: dict[str, set[str]] = {"exact": set(), "letters": set(), "skeletons": set(), "loose": set()}
            for n in other_names:
                for table, keys in name_match_keys(n).items():
                    others[table] |= keys

            def skip(table: str, k: str, i: int, own_i=own_i, others=others) -> bool:
                # Hide this entry under a key only this left-out spelling gave it.
                return i == own_i and k not in others[table]

            variant = _is_variant(alt, others)
            cands, how, _ = geocode.resolve_candidates(gz, key, [own.admin1], skip=skip, settings=fold_settings[_fold(own)])
            cands = geocode.plausible_candidates(gz, cands, how, key, [])  # (as the loader does, with no other place)
            km = None
            right = False
            if cands:
                entry, _, _ = geocode.choose_candidate(cands, "", [own.admin1], [])
                km = haversine_km(entry.latitude, entry.longitude, own.latitude, own.longitude)
                right = entry.place_id == own.place_id or km <= 5
            if not right and shown < misses:
                shown += 1
                got = f"-> {entry.name} ({how}, {km:.0f} km)" if cands else "unresolved"
                print(f"  miss [{'variant' if variant else 'different'}] {alt!r} of {own.name} ({own.admin1}) {got}")
            closest = 100.0 if right else _closest_spelling_nearby(gz, own_i, alt, key)
            rows.append((variant, right, km, how if cands else "", alt in HAND_ADDED, closest))
    return {"threshold": "no fuzzy" if threshold > 100 else f"{threshold:g}", "rows": rows}


def summarise(rows: list) -> dict:
    n = len(rows)
    errors = [r[2] for r in rows if r[2] is not None]
    right = sum(r[1] for r in rows)
    stages: dict[str, int] = {}
    for r in rows:
        if r[1]:
            stages[r[3]] = stages.get(r[3], 0) + 1
    return {
        "names": n, "accuracy": right / n if n else 0.0,
        "acc_25km": sum(r[2] is not None and r[2] <= 25 for r in rows) / n if n else 0.0,
        "median_km": statistics.median(errors) if errors else None,
        "unresolved": sum(r[2] is None for r in rows) / n if n else 0.0,
        "wrong": sum(r[2] is not None and not r[1] for r in rows), "stages": stages,
    }


def reach(rows: list) -> str:
    """The misses at 25 km by how close they come to a spelling of their place or of another entry within
    25 km of it: what matching could still gain, and at what looseness."""
    misses = [r for r in rows if r[2] is None or r[2] > 25]
    # A spelling that is exactly another place's name goes to that place: no rule should move it.
    namesakes = sum(r[3] == "exact" for r in misses)
    misses = [r for r in misses if r[3] != "exact"]
    bands = [(90, 101, ">= 90"), (80, 90, "80-90"), (70, 80, "70-80"), (0, 70, "< 70")]
    counts = [sum(lo <= r[5] < hi for r in misses) for lo, hi, _ in bands]
    right = sum(r[2] is not None and r[2] <= 25 for r in rows)
    target = -(-len(rows) * 95 // 100)
    cells = ", ".join(f"{label}: {n}" for (_, _, label), n in zip(bands, counts, strict=True))
    return (f"Misses at 25 km: {len(misses) + namesakes} ({right:,} right, {target:,} needed for 95%), {namesakes} of "
            f"them spelled exactly as another place's name. The others by the nearest spelling of an entry "
            f"within 25 km of their place (ratio): {cells}; every one at 80 or closer found would give "
            f"{(right + counts[0] + counts[1]) / len(rows):.1%}, at 70 or closer {(right + sum(counts[:3])) / len(rows):.1%}.")


def negative_names(gz) -> dict[str, list[str]]:
    """Names known not to be gazetteer places: foreign cities, and our loader's unresolved names."""
    # Every foreign name, also those a Syrian village now shares: the loader never tries a name of
    # data/foreign_names.txt, so those count as trials without a match (`false_match_rate`), and the
    # trials stay the same from one gazetteer to the next.
    foreign = []
    for line in (ROOT / "data" / "foreign_names.txt").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#") and not is_arabic(line) and is_indexable_name(line):
            foreign.append(line)
    sets = {"foreign cities": sorted(set(foreign))}
    corpora = {"shipped sample": [ROOT / "data" / "articles"]}
    sana, reuters = CORPORA / "sana_scrape_dev.json", CORPORA / "reuters_2016_syria_dev.jsonl"
    if sana.exists() and reuters.exists():
        corpora["SANA+Reuters"] = [sana, reuters]
    for label, paths in corpora.items():
        with tempfile.TemporaryDirectory() as tmp:
            db = Path(tmp) / "neg.db"
            subprocess.run([sys.executable, "-m", "eventmap", "load", *map(str, paths), "--db", str(db)],
                           cwd=ROOT, check=True, capture_output=True)
            con = sqlite3.connect(db)
            names = {r[0] for r in con.execute("SELECT DISTINCT place_mention FROM events")}
            con.close()
        sets[f"{label}: names without an exact entry"] = sorted(n for n in names if name_key(n) not in gz.index)
    return sets


def false_match_rate(gz, names: list[str], threshold: float) -> tuple[int, int, list[str]]:
    settings = geocode.GeocodeSettings(fuzzy_threshold=threshold)
    provinces = sorted({e.admin1 for e in gz.entries if e.is_admin and e.feature == "governorate"})
    tries = hits = 0
    examples = []
    for name in names:
        key = name_key(name)
        if key in gz.index:  # a foreign name with an exact key: the loader skips it as foreign
            tries += len(provinces)
            continue
        for p in provinces:
            cands, how, _ = geocode.resolve_candidates(gz, key, [p], settings=settings)
            cands = geocode.plausible_candidates(gz, cands, how, key, [])
            tries += 1
            if cands:
                hits += 1
                if len(examples) < 12:
                    examples.append(f"{name} -> {cands[0].name} ({p}, {how})")
    return hits, tries, examples


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--thresholds", default=f"101,{geocode.DEFAULT_SETTINGS.fuzzy_threshold:g},80")
    ap.add_argument("--misses", type=int, default=0, help="print this many misses of the threshold in use")
    ap.add_argument("--no-negatives", action="store_true")
    args = ap.parse_args()
    in_use = geocode.DEFAULT_SETTINGS.fuzzy_threshold
    thresholds = [float(x) for x in args.thresholds.split(",")]
    print(f"Leave-one-out over Latin alternate names (fuzzy threshold in use: {in_use:g})\n")
    print("| fuzzy threshold | names | accuracy (own entry or <= 5 km) | accuracy @25 km | median error km (resolved) "
          "| unresolved | resolved wrong | right by exact / kind word / letters / skeleton / loose / fuzzy / nationwide / spelling / vowels / site word | variants: names, @25 km "
          "| different names: names, @25 km |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    sources_only = []
    runs = []
    for t in thresholds:
        r = leave_one_out(t, args.misses if t == in_use else 0)
        runs.append(r)
        own = summarise([x for x in r["rows"] if not x[4]])
        sources_only.append(f"| {r['threshold']} | {own['names']:,} | {own['accuracy']:.1%} | {own['acc_25km']:.1%} | "
                            f"{own['unresolved']:.1%} | {own['wrong']} |")
        s = summarise(r["rows"])
        v = summarise([x for x in r["rows"] if x[0]])
        d = summarise([x for x in r["rows"] if not x[0]])
        med = f"{s['median_km']:.2f}" if s["median_km"] is not None else "-"
        st = s["stages"]
        print(f"| {r['threshold']} | {s['names']:,} | {s['accuracy']:.1%} | {s['acc_25km']:.1%} | {med} | "
              f"{s['unresolved']:.1%} | {s['wrong']} | {st.get('exact', 0)} / {st.get('kind word', 0)} / {st.get('letters', 0)} / {st.get('skeleton', 0)} / "
              f"{st.get('loose', 0)} / {st.get('fuzzy', 0)} / {st.get('nationwide', 0)} / {st.get('spelling', 0)} / {st.get('vowels', 0)} / {st.get('site word', 0)} | {v['names']:,}, {v['acc_25km']:.1%} | "
              f"{d['names']:,}, {d['acc_25km']:.1%} |")
    in_use_run = next((r for r in runs if r["threshold"] == f"{in_use:g}"), None)
    if in_use_run:
        print("\n" + reach(in_use_run["rows"]))
    print(f"\nThe sources' own spellings only (without the {len(HAND_ADDED)} spellings added by hand in REPORT_NAMES)\n")
    print("| fuzzy threshold | names | accuracy (own entry or <= 5 km) | accuracy @25 km | unresolved | resolved wrong |")
    print("|---|---|---|---|---|---|")
    print("\n".join(sources_only))
    if args.no_negatives:
        return
    gz = load_gazetteer()
    negatives = negative_names(gz)
    print("\nMatches for names without an exact entry, each tried in every province (foreign cities: all false;"
          " report names: an upper bound on false)\n")
    print("| fuzzy threshold | " + " | ".join(f"{k} ({len(v):,} names)" for k, v in negatives.items()) + " |")
    print("|---|" + "---|" * len(negatives))
    examples = []
    for t in thresholds:
        cells = []
        for names in negatives.values():
            hits, tries, ex = false_match_rate(gz, names, t)
            cells.append(f"{hits:,} of {tries:,} ({hits / tries:.2%})" if tries else "-")
            if t == in_use:
                examples += ex
        print(f"| {'no fuzzy' if t > 100 else f'{t:g}'} | " + " | ".join(cells) + " |")
    if examples:
        print("\nSome false matches at the threshold in use: " + "; ".join(examples))


if __name__ == "__main__":
    main()
