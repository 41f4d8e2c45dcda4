"""How many of the sentences the place rules were written for still give their mentions.

Reads tests/cases/place_mentions.tsv (the table tests/test_places.py asserts case by case) and
prints the share that pass and the ones that do not: run it after changing a word list or a rule to
see every sentence it moves, not only the first failing test.
Usage: python bench/cases.py
"""

from __future__ import annotations

import csv
from pathlib import Path

from eventmap.gazetteer import load_foreign_names, load_gazetteer
from eventmap.places import find_place_mentions

CASES = Path(__file__).resolve().parent.parent / "tests" / "cases" / "place_mentions.tsv"


def main() -> None:
    gz, foreign = load_gazetteer(), load_foreign_names()
    with open(CASES, encoding="utf-8", newline="") as fh:
        cases = list(csv.DictReader((line for line in fh if not line.startswith("#")), delimiter="\t"))
    failed = []
    for case in cases:
        expected = [m.strip() for m in case["mentions"].split(" | ")] if case["mentions"] else []
        got = [m.text for m in find_place_mentions(case["text"], gz.index, foreign, gz.max_words,
                                                   obscure_keys=gz.obscure_keys)]
        if got != expected:
            failed.append((case["case"], expected, got))
    print(f"{len(cases) - len(failed)} of {len(cases)} sentences give their mentions")
    for name, expected, got in failed:
        print(f"  {name}: expected {expected}, got {got}")


if __name__ == "__main__":
    main()
