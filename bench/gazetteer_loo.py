"""Leave-one-out over the gazetteer's Latin alternate names: does a spelling the index has never
seen still land on its place? (issue 5's dev evaluation; target 95% within 25 km)

For every populated entry and each of its Latin alternate names: that spelling is taken out of the
index (exact key, consonant skeleton and fuzzy stages alike), then resolved the way the loader does
(`resolve_candidates`: exact normalised key, else skeleton, else fuzzy, within the entry's province,
the province the article is about). Right = its own entry or within 5 km.
Usage: python bench/gazetteer_loo.py [--thresholds 101,92,88,80]
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import eventmap.geocode as geocode  # noqa: E402
from eventmap.gazetteer import haversine_km, is_indexable_name, load_gazetteer  # noqa: E402
from eventmap.names import is_arabic, name_key, skeleton_keys  # noqa: E402


def run(threshold: float) -> dict:
    gz = load_gazetteer()
    geocode.FUZZY_THRESHOLD = threshold
    trials, errors, right, unresolved = 0, [], 0, 0
    by_stage: dict[str, int] = {}
    for own_i, own in enumerate(gz.entries):
        if own.is_admin or own.source == "override":
            continue
        for alt in own.alt_names:
            if is_arabic(alt) or alt == own.name or not is_indexable_name(alt):
                continue
            key = name_key(alt)
            others = [name_key(n) for n in own.all_names() if n != alt and is_indexable_name(n)]
            other_skeletons = set().union(*(skeleton_keys(k) for k in others)) if others else set()

            def skip(k: str, i: int, own_i=own_i, others=others, other_skeletons=other_skeletons) -> bool:
                # Hide this entry under a key or skeleton only this left-out spelling gave it.
                return i == own_i and k not in others and k not in other_skeletons

            cands, how, _ = geocode.resolve_candidates(gz, key, [own.admin1], skip=skip)
            trials += 1
            if not cands:
                unresolved += 1
                continue
            entry, _, _ = geocode.choose_candidate(cands, "", [own.admin1], [])
            km = haversine_km(entry.latitude, entry.longitude, own.latitude, own.longitude)
            errors.append(km)
            if entry.place_id == own.place_id or km <= 5:
                right += 1
                by_stage[how] = by_stage.get(how, 0) + 1
    return {
        "threshold": "no fuzzy" if threshold > 100 else f"{threshold:g}", "names": trials,
        "accuracy": right / trials, "acc_25km": sum(e <= 25 for e in errors) / trials,
        "median_km": statistics.median(errors) if errors else None, "unresolved": unresolved / trials,
        "wrong": len(errors) - right, "stages": by_stage,
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--thresholds", default=f"101,92,{geocode.FUZZY_THRESHOLD:g},80,70")
    args = ap.parse_args()
    in_use = geocode.FUZZY_THRESHOLD
    print(f"Leave-one-out over Latin alternate names (fuzzy threshold in use: {in_use:g})\n")
    print("| fuzzy threshold | names | accuracy (own entry or <= 5 km) | accuracy @25 km | median error km (resolved) "
          "| unresolved | resolved wrong | right by exact / skeleton / fuzzy |")
    print("|---|---|---|---|---|---|---|---|")
    for t in [float(x) for x in args.thresholds.split(",")]:
        r = run(t)
        med = f"{r['median_km']:.2f}" if r["median_km"] is not None else "-"
        st = r["stages"]
        print(f"| {r['threshold']} | {r['names']:,} | {r['accuracy']:.1%} | {r['acc_25km']:.1%} | {med} | "
              f"{r['unresolved']:.1%} | {r['wrong']} | {st.get('exact', 0)} / {st.get('skeleton', 0)} / {st.get('fuzzy', 0)} |")


if __name__ == "__main__":
    main()
