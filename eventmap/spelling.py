"""How far apart two spellings of a name are, in the ways transliterations really differ.

The gazetteer's entries carry several spellings each (GeoNames, OpenSyria, UCDP, agencies):
'Jarābulus', 'Jarablus', 'Dscharabulus', 'Carablus'. Aligning the spellings of one place gives the
edits transliteration systems make ('dzh' for 'j', 'c' for 'j', 'sz' for 's', 'ou' for 'u') and how
often; an edit seen often costs little, one never seen costs much. A spelling a few cheap edits from
one place's name is likely that place; a foreign name ('Riga', 'Hanoi') needs costly ones.

Pure functions over name keys (`names.name_key`); the geocoder learns the costs from the gazetteer
in use, imported GeoNames names included.
"""

from __future__ import annotations

import math
import os
from collections import Counter
from collections.abc import Iterable, Sequence

# An edit rewrites up to three letters into up to three ('dzh' -> 'j', 'ou' -> 'u').
MAX_SEGMENT = 3
# Spellings of one place this close (rapidfuzz ratio) are variants to learn from; farther ones are
# other names ('Emesa' for Homs) whose alignment teaches nothing about transliteration.
VARIANT_RATIO = 60.0
# An edit seen fewer times than this is noise (one odd pair), not a transliteration habit.
MIN_EDIT_COUNT = 2
# Costs are -log(how often a segment is rewritten so), kept between these bounds; an edit never seen
# costs UNSEEN_COST per letter, so two unseen edits outweigh the commonest handful.
MIN_COST, MAX_COST = 0.3, 6.0
UNSEEN_COST = 5.0

SpellingCosts = dict[str, dict[str, float]]  # segment -> what it may become -> cost


def spelling_edits(a: str, b: str) -> list[tuple[str, str]]:
    """The edits of a least-edit alignment of two keys, adjacent ones joined: ('dzhasim', 'jasim')
    gives [('dzh', 'j')]."""
    from rapidfuzz.distance import Levenshtein  # (imported when needed: the dashboard never needs it)

    edits: list[tuple[str, str]] = []
    joined = False  # whether the last edit ended where this one starts
    for tag, i1, i2, j1, j2 in Levenshtein.opcodes(a, b):
        if tag == "equal":
            joined = False
        elif joined:
            s, t = edits[-1]
            edits[-1] = (s + a[i1:i2], t + b[j1:j2])
        else:
            edits.append((a[i1:i2], b[j1:j2]))
            joined = True
    return edits


def learn_spelling_costs(spellings_by_place: Iterable[Sequence[str]]) -> SpellingCosts:
    """Edit costs learned from the keys each place is spelled with (one sequence per place)."""
    from rapidfuzz import fuzz

    groups = [sorted(set(keys) - {""}) for keys in spellings_by_place]
    edits: Counter[tuple[str, str]] = Counter()
    for keys in groups:
        for a in keys:
            for b in keys:
                if a != b and fuzz.ratio(a, b) >= VARIANT_RATIO:
                    edits.update((s, t) for s, t in spelling_edits(a, b)
                                 if len(s) <= MAX_SEGMENT and len(t) <= MAX_SEGMENT)
    # How often each rewritten segment occurs at all: the chance it is rewritten is edits / occurrences.
    segments = {s for s, _ in edits}
    occurrences: Counter[str] = Counter()
    for keys in groups:
        for k in keys:
            occurrences[""] += len(k) + 1  # places a letter can be inserted
            for n in range(1, MAX_SEGMENT + 1):
                occurrences.update(s for s in (k[i:i + n] for i in range(len(k) - n + 1)) if s in segments)
    costs: SpellingCosts = {}
    for (s, t), count in edits.items():
        if count >= MIN_EDIT_COUNT:
            p = count / (occurrences[s] + 5)  # (+5: a segment seen rarely proves little)
            costs.setdefault(s, {})[t] = min(max(-math.log(p), MIN_COST), MAX_COST)
    return costs


def spelling_distance(a: str, b: str, costs: SpellingCosts, cutoff: float = math.inf) -> float:
    """Cheapest sum of edit costs turning key `a` into key `b` (0.0 when equal); inf when above
    `cutoff` (alignments costing more are abandoned early)."""
    return _distance(a, _edits_from(a, costs), b, cutoff)


def spelling_distances(a: str, others: Iterable[str], costs: SpellingCosts,
                       cutoff: float = math.inf) -> list[tuple[float, str]]:
    """(distance, other) for each of `others`, cheapest first; those above `cutoff` left out. The
    letters `a` and an other begin with are taken as matched (much faster for 'Kafr X' against every
    'Kafr Y'; a distance may come out a little above `spelling_distance`'s, never below)."""
    edits = _edits_from(a, costs)
    found = ((_distance(a, edits, b, cutoff, len(os.path.commonprefix([a, b]))), b) for b in others)
    return sorted((d, b) for d, b in found if d <= cutoff)


def _edits_from(a: str, costs: SpellingCosts) -> list[list[tuple[int, dict[str, float]]]]:
    """For each position of `a`: the learned edits of the segments starting there (length, targets)."""
    return [[(n, costs[a[i:i + n]]) for n in range(MAX_SEGMENT + 1) if i + n <= len(a) and a[i:i + n] in costs]
            for i in range(len(a) + 1)]


def _distance(a: str, edits: list[list[tuple[int, dict[str, float]]]], b: str, cutoff: float,  # noqa: C901
              start: int = 0) -> float:
    # (One dynamic-programming loop, kept whole on purpose: split into functions it would add a call
    # per table cell to the spelling stage and the leave-one-out benchmark's hottest path.)
    # Only alignments still under the cutoff are carried on (`live[i]`: position in b -> cost so far),
    # so a name far from `b` is given up after a few letters instead of filling the whole table.
    # `start` letters both keys begin with are taken as matched ('kafr' of Kafr X and Kafr Y): the
    # cost found is then at most a little above the cheapest, never below it.
    n, m = len(a), len(b)
    live: list[dict[int, float]] = [{} for _ in range(n + 1)]
    live[start][start] = 0.0

    def reach(i: int, j: int, d: float) -> None:
        if d <= cutoff and d < live[i].get(j, math.inf):
            live[i][j] = d

    for i in range(start, n + 1):
        row = live[i]
        if not row:
            if not any(live[i + 1:i + 1 + MAX_SEGMENT]):
                return math.inf  # nothing left under the cutoff
            continue
        j = min(row)
        while j <= m:  # (insertions add cells to this row ahead of j)
            d = row.get(j)
            if d is None:
                j += 1
                continue
            if i < n:
                if j < m:
                    reach(i + 1, j + 1, d if a[i] == b[j] else d + UNSEEN_COST)
                reach(i + 1, j, d + UNSEEN_COST)
            if j < m:
                reach(i, j + 1, d + UNSEEN_COST)
            for ln, targets in edits[i]:
                # What `b` holds at j, 0 to MAX_SEGMENT letters: a dictionary look-up each.
                for k in range(1 if ln == 0 else 0, min(MAX_SEGMENT, m - j) + 1):
                    c = targets.get(b[j:j + k])
                    if c is not None:
                        reach(i + ln, j + k, d + c)
            j += 1
    return live[n].get(m, math.inf)
