"""Place mentions -> coordinates, offline, with the article as context.

Read in this order:
1. `GeocodeSettings`: every threshold the stages use, with the measurement that chose it.
2. `geocode_article`: unambiguous places first (the context), then each mention of each paragraph.
3. A mention's candidates: `STAGES`, an ordered list (exact name, kind word, letters, skeleton, loose,
   fuzzy, nationwide, vowels, site word, learned spelling); the first stage that finds any decides.
4. Among namesakes, `choose_candidate`: the kind the text says (province, city), then the province
   the sentence, paragraph or article names, then closeness to the article's other places, then
   how well known (city > town > village) and population.
5. `PARAGRAPH_PASSES` then `ARTICLE_PASSES` (end of the module): what the text says of mentions
   together ("X in Y", one place per name in an article) corrects them; a name the gazetteer lacks
   is placed at the most specific place its paragraph (or else its article) anchors it to, marked
   approximate.
The text itself is read in `places` (mentions, sentences, "X in Y" relations), never here.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from eventmap.gazetteer import (
    Gazetteer,
    GazetteerEntry,
    haversine_km,
    learn_place_spelling_costs,
    split_village_stem,
)
from eventmap.names import (
    ARTICLES,
    is_arabic,
    is_unvowelled,
    loose_key,
    name_key,
    name_words,
    skeleton_keys,
    word_key,
)
from eventmap.places import NO_RELATIONS, MentionRelations, PlaceMention
from eventmap.spelling import SpellingCosts, spelling_distances
from eventmap.wordlists import FUZZY_PREFIX_KEYS, GENERIC_TRAILING, NAME_PREFIX_WORDS, SITE_WORDS

# skip(index, key, entry_index) -> True hides an entry under a key of one index (exact, letters,
# skeletons, loose): the leave-one-out evaluation takes one spelling out of the gazetteer with it.
Skip = Callable[[str, str, int], bool]

GEO_EXACT = 1  # the place itself
GEO_APPROXIMATE = 2  # near a named place, or a name placed at its anchor
GEO_REGION = 3  # a province, district or other area: the unit's centroid

SAME_PLACE_KM = 5.0


# ---------------------------------------------------------------- thresholds
#
# Every threshold the resolution stages (STAGES, below) use, in one frozen object passed in: a
# benchmark builds its own (`GeocodeSettings(fuzzy_threshold=85)`) and never sets a module global,
# and resolution memoises per settings, so a trial never leaks into the loader's answers. Each
# field says which stage reads it and the measurement that chose it.


@dataclass(frozen=True)
class GeocodeSettings:
    """The resolution stages' thresholds (see the comment above each field)."""

    # The *_score fields are what an inexact stage puts into geo_confidence (0-100, like a fuzzy ratio).
    # "letters": an Arabic name spelled letter by letter: the same letters, vowels unknown.
    letters_score: float = 95.0
    # "skeleton": the same consonants.
    skeleton_score: float = 85.0
    # "loose" (vowels and confusable consonants folded, `names.loose_key`) works inside the article's
    # province only, needs this many consonants after a generic first word ('Khama' h-m meets Hama) and
    # the spelling must stay this close (rapidfuzz ratio) to one of the entry's own spellings. Chosen
    # with `python bench/gazetteer_loo.py`: 2 and 80 give leave-one-out 91.6% within 25 km and 0.21%
    # false matches on foreign city names; 3 and 80 give 90.5% and 0.13%; 2 and 70 92.1% and 0.37%.
    loose_min_consonants: int = 2
    loose_confirm_ratio: float = 80.0
    # "fuzzy": rapidfuzz ratio (0-100) on normalised keys, chosen with `python bench/gazetteer_loo.py`,
    # which shows where wrong matches start to outnumber right ones. Short keys never fuzzy-match:
    # "Hawaz" is not "Hawar", five letters leave too little to tell a typo from another village.
    fuzzy_threshold: float = 90.0
    fuzzy_min_key: int = 6
    # "nationwide": a spelling one letter or so from a place anywhere in Syria ('Jisr Al-Shughr',
    # 'Kaftakharim', 'Sayeda Zanab'): taken when the article names no province, or none of its
    # province's places is close, only for long keys, a higher ratio than within a province, and one
    # place alone that close (no other within the margin below the threshold). Chosen on the real
    # scrapes' unresolved names (ten names, all right at 92 and 8 letters; at 90 'Khan al-Shekh', Khan
    # al-Sheikh near Damascus, became Khan Shaykhun in Idlib) and on foreign city names
    # (`python bench/gazetteer_loo.py`).
    nationwide_threshold: float = 92.0
    nationwide_min_key: int = 8
    nationwide_margin: float = 4.0
    # "vowels": a spelling with only short vowels left out; needs this many consonants after a generic
    # first word.
    vowels_score: float = 80.0
    vowels_min_consonants: int = 3
    # "site word" (and "kind word"): the rest of the name after 'Khirbat' (or before 'camp') must keep
    # this many letters.
    site_word_score: float = 75.0
    site_word_min_rest: int = 4
    # "spelling": a few cheap learned transliteration edits from one place of the province. Chosen with
    # `python bench/gazetteer_loo.py` (costs learned without the left-out place's fold): at 0.55 per
    # letter, 0.5 ahead of any other place, lengths within 0.7 of each other and 4+ letters, 64 more
    # left-out spellings land right (91.0% -> 93.0% within 25 km), 1 more wrong, and foreign city names
    # match something 0.45% of the time instead of 0.27%; 0.5 per letter gives 92.8%, 0.6 gives 93.2%
    # with half again as many foreign matches, a length ratio of 0.6 many more.
    spelling_max_cost_per_letter: float = 0.55
    spelling_margin: float = 0.5
    spelling_length_ratio: float = 0.7
    spelling_min_key: int = 4
    spelling_shortlist: int = 8  # closest keys by plain ratio (C) before the slower learned distance
    # The learned edit costs; None: learned once from the gazetteer's own spellings. The leave-one-out
    # benchmark passes costs learned without the left-out place's fold. (Not hashed: a dict; settings
    # with other costs still compare unequal, so memos keep them apart.)
    spelling_costs: SpellingCosts | None = field(default=None, hash=False)


DEFAULT_SETTINGS = GeocodeSettings()


@dataclass(frozen=True)
class GeoResult:
    """Where a mention was placed, how exactly, and how sure the matcher is."""

    place_id: str | None
    place_name: str
    latitude: float | None
    longitude: float | None
    admin1: str
    geo_precision: int | None
    geo_confidence: float
    runner_up_count: int = 0
    anchor: str = ""

    @property
    def resolved(self) -> bool:
        return self.place_id is not None


def _of_kind(cands: list[GazetteerEntry], hint: str) -> list[GazetteerEntry]:
    """Without the city neighbourhoods when the text says village or town ("the villages of Azizia and
    Jamiliyyeh" in Hasakah are not Aleppo's Jamiliyeh)."""
    return [c for c in cands if not c.parent] if hint == "populated" else cands


def _kind_filter(cands: list[GazetteerEntry], hint: str) -> list[GazetteerEntry]:
    if any(c.feature == "override" for c in cands):
        return [c for c in cands if c.feature == "override"]
    if hint == "neighbourhood" and any(c.parent for c in cands):
        return [c for c in cands if c.parent]
    wanted: tuple[str, ...]
    if hint == "governorate":
        wanted = ("governorate",)
    elif hint == "district":
        wanted = ("district",)
    elif hint == "subdistrict":
        wanted = ("subdistrict",)
    elif hint == "area" and any(c.feature == "place" for c in cands):
        return [c for c in cands if c.feature == "place"]  # UCDP's areas: "Yarmouk Basin" is the pocket
    else:
        populated = [c for c in cands if not c.is_admin]
        settlements = [c for c in populated if c.feature != "place"]
        if hint == "populated" and settlements:
            return settlements  # "Yarmouk camp", "X town": a settlement, not an area of that name
        if populated and any(c.prominence < 2 for c in populated):
            return populated
        if populated:
            # Only villages Who's On First alone lists: they do not hide a district or sub-district of
            # the name ("al-Ghab" is the Ghab sub-district, not the village Al Ka'b 94 km from it).
            return cands
        wanted = ("governorate", "district", "subdistrict")
    chosen = [c for c in cands if c.feature in wanted]
    return chosen or cands


# Stages that find a spelling approximately. Who's On First's villages are four times as many as the
# places GeoNames' populated places and UCDP list, so a foreign or misspelled name meets one of them
# four times as often (foreign city names: 1.73% of trials against 0.46%, 295 of 400 matches on such
# villages): such a village is taken by an approximate spelling only when it lies within
# INEXACT_VILLAGE_NEAR_KM of a place the article names unambiguously ("Man'aya" and "Rasma al-Nafal"
# 13-14 km from Khanasir in the seed report).
INEXACT_STAGES = frozenset({"skeleton", "loose", "fuzzy", "nationwide", "vowels", "site word", "spelling"})
INEXACT_VILLAGE_NEAR_KM = 25.0


def inexact_villages_near(cands: list[GazetteerEntry], how: str, points: list[tuple[float, float]],
                          ) -> list[GazetteerEntry]:
    """The candidates without villages only Who's On First lists, found by an approximate spelling
    (INEXACT_STAGES) and not within INEXACT_VILLAGE_NEAR_KM of one of the points."""
    if how not in INEXACT_STAGES:
        return cands
    return [c for c in cands if c.prominence < 2 or _within(c, points, INEXACT_VILLAGE_NEAR_KM)]


def without_weak_namesakes(gazetteer: Gazetteer, cands: list[GazetteerEntry], key: str,
                           near: list[tuple[float, float]] = ()) -> list[GazetteerEntry]:
    """Without the places that carry the name only among Who's On First's variants, when another
    place carries it as its own: GeoNames' variants of a village by Qamishli include 'Bāghūz' and 'Al
    Kiswah', of Afrin 'Kobanî', of a village in Hasakah the Arabic for Tabqa. A place within
    INEXACT_VILLAGE_NEAR_KM of a point `near` (the article's other places) stays: the seed report's
    'al-Muqayrat' by Khanasir is GeoNames' Maghārat Khanāşir, 'Mughayrāt' among its variants, not the
    Mughayrāt 109 km away by Manbij."""
    if len(cands) < 2:
        return cands
    weak = [c for c in cands if c.variant_names and key not in _own_keys(gazetteer, c)
            and not _within(c, near, INEXACT_VILLAGE_NEAR_KM)]
    if not weak or len(weak) == len(cands):
        return cands
    return [c for c in cands if c not in weak]


def plausible_candidates(gazetteer: Gazetteer, cands: list[GazetteerEntry], how: str, key: str,
                         near: list[tuple[float, float]]) -> list[GazetteerEntry]:
    """The candidates a stage found (`how`) that may be the place, given the article's other places
    (`near`): see `inexact_villages_near` and `without_weak_namesakes`."""
    cands = inexact_villages_near(cands, how, near)
    return without_weak_namesakes(gazetteer, cands, key, near) if how == "exact" else cands


def _within(e: GazetteerEntry, points: list[tuple[float, float]] | tuple, km: float) -> bool:
    return any(haversine_km(e.latitude, e.longitude, lat, lon) <= km for lat, lon in points)


def _own_keys(gazetteer: Gazetteer, entry: GazetteerEntry) -> frozenset[str]:
    cache = gazetteer.memo.setdefault("own_keys", {})
    if entry.place_id not in cache:
        # (With the bare name of a split village: "Bala" of Bala al-Qadimah is its own.)
        cache[entry.place_id] = frozenset(name_key(m) for n in entry.own_names() for m in (n, split_village_stem(n)) if m)
    return cache[entry.place_id]


def _distinct(cands: list[GazetteerEntry]) -> list[GazetteerEntry]:
    """Collapse candidates that are the same place (within 5 km), keeping the best source (and a
    better-known place over a village only Who's On First lists: Tabqa over GeoNames' village record
    at the town's point)."""
    out: list[GazetteerEntry] = []
    for c in sorted(cands, key=lambda e: (e.source_priority, e.prominence == 2, e.rank)):
        if not any(haversine_km(c.latitude, c.longitude, o.latitude, o.longitude) <= SAME_PLACE_KM
                   and c.is_admin == o.is_admin for o in out):
            out.append(c)
    return out


# Namesakes are weighed by their distance to the article's other places in bands of this many km,
# a town or city (prominence 0) counted this much nearer and a village a report source names
# (prominence 1) this much: "Afrin" beside Aleppo is the town 45 km away, not a village of that name
# 15 km from the city; "Tall Ahmar" beside Manbij is the village there, not one by Qamishli.
DISTANCE_BAND_KM = 25.0
PROMINENCE_BONUS_KM = {0: 75.0, 1: 25.0, 2: 0.0}
# A namesake chosen this far from every other place the article names is a guess.
FAR_FROM_ARTICLE_KM = 150.0
# geo_confidence of a namesake chosen by the province the text names, by being the one well-known
# place of the name, or by nearness and rank alone; times FAR_CONFIDENCE_FACTOR when far from all.
PROVINCE_CONFIDENCE = 0.9
PROMINENCE_CONFIDENCE = 0.8
GUESS_CONFIDENCE = 0.6
FAR_CONFIDENCE_FACTOR = 0.5


def choose_candidate(
    cands: list[GazetteerEntry], hint: str, provinces: list[str], context_points: list[tuple[float, float]],
    local: int | None = None,
) -> tuple[GazetteerEntry, int, float]:
    """Pick one entry; return it, how many other distinct places carried the name, and a confidence.

    Order: a province the sentence or paragraph names (the first `local` of `provinces`, all by
    default); then the province of a district or sub-district that bears the name (a name like
    Douma or Madaya names its district too, so the seat beats a same-name village elsewhere: "Madaya,
    al-Zabadani, Kefraya and al-Foua" names Idlib twice, Madaya is still the seat by Zabadani); then
    the provinces in the order the text weighs them; then nearness to the article's other places,
    better-known places counted nearer (PROMINENCE_BONUS_KM); then how well known, feature rank,
    population. A namesake chosen far from all the article's other places gets a low confidence."""
    pool = _distinct(_kind_filter(cands, hint))
    if len(pool) == 1:
        return pool[0], 0, 1.0
    namesake_provinces = {c.admin1 for c in cands if c.is_admin}

    n_local = len(provinces) if local is None else local
    best_known = min(c.prominence for c in pool)

    def score(e: GazetteerEntry) -> tuple:
        # A village only Who's On First lists is no evidence of a province against a town of its name
        # ("shelling on Douma" beside Hama's Mharda is the city by Damascus, not Hama's village Duma)
        # unless it lies by a place the article names.
        distance = _nearest_km(e, context_points)
        in_provinces = e.admin1 in provinces and (
            e.prominence - best_known < 2 or (bool(context_points) and distance <= INEXACT_VILLAGE_NEAR_KM))
        province_rank = provinces.index(e.admin1) if in_provinces else len(provinces)
        band = round(max(0.0, distance - PROMINENCE_BONUS_KM[e.prominence]) / DISTANCE_BAND_KM)
        return (province_rank >= n_local, e.admin1 not in namesake_provinces, province_rank, band,
                e.prominence, -e.rank if not e.is_admin else e.rank, -e.population, e.source_priority)

    ranked = sorted(pool, key=score)
    best = ranked[0]
    if provinces and best.admin1 in provinces and ranked[1].admin1 != best.admin1:
        confidence = PROVINCE_CONFIDENCE
    elif best.prominence < ranked[1].prominence:
        confidence = PROMINENCE_CONFIDENCE
    else:
        confidence = GUESS_CONFIDENCE
    return best, len(ranked) - 1, round(confidence * _far_factor(_nearest_km(best, context_points)), 3)


def _nearest_km(e: GazetteerEntry, points: list[tuple[float, float]]) -> float:
    """Distance to the nearest of the points (0 without any)."""
    return min((haversine_km(e.latitude, e.longitude, lat, lon) for lat, lon in points), default=0.0)


def _far_factor(km: float) -> float:
    return FAR_CONFIDENCE_FACTOR if km > FAR_FROM_ARTICLE_KM else 1.0


def _keep_to_named_governorate(gazetteer: Gazetteer, cands: list[GazetteerEntry], mention: PlaceMention,
                               ) -> list[GazetteerEntry]:
    """A governorate's own name ("Hama", "southern countryside of Hama") means that governorate or its
    capital, not a same-name village elsewhere that other places in the text happen to be near; a
    written article ("al-Hama", the suburb of Damascus) keeps every candidate."""
    governorate = _governorate_named(gazetteer, mention.key)
    if not governorate or _starts_with_article(mention.name):
        return cands
    # (The governorate itself is one of them, unless the text's kind word chose others.)
    return [c for c in cands if c.admin1 in governorate] or cands


def _result(entry: GazetteerEntry, hint: str, runner_ups: int, confidence: float) -> GeoResult:
    precision = GEO_REGION if entry.is_admin else GEO_EXACT
    if hint == "countryside" or entry.parent:  # a neighbourhood stands at its city's point
        precision = GEO_APPROXIMATE if not entry.is_admin else GEO_REGION
    return GeoResult(entry.place_id, entry.name, entry.latitude, entry.longitude, entry.admin1,
                     precision, confidence, runner_ups, entry.parent)


def _provinces_of(gazetteer: Gazetteer, key: str) -> frozenset[str]:
    """Provinces of the entries named `key` (memoised: the same names recur across a corpus)."""
    cache = gazetteer.memo.setdefault("provinces_of", {})
    if key not in cache:
        # A neighbourhood's city is a guess from its name alone: no evidence of the report's province.
        cands = without_weak_namesakes(gazetteer, gazetteer.candidates(key), key)
        cache[key] = frozenset(c.admin1 for c in cands if c.admin1 and not c.parent)
    return cache[key]


def _governorate_named(gazetteer: Gazetteer, key: str) -> frozenset[str]:
    """The governorate whose own name the key is (memoised), else empty."""
    cache = gazetteer.memo.setdefault("governorate_named", {})
    if key not in cache:
        govs = frozenset(c.admin1 for c in gazetteer.candidates(key) if c.feature == "governorate")
        cache[key] = govs if len(govs) == 1 else frozenset()
    return cache[key]


def _starts_with_article(name: str) -> bool:
    words = name_words(name)
    return bool(words) and words[0].lower() in ARTICLES


def _unambiguous_point(gazetteer: Gazetteer, m: PlaceMention) -> tuple[float, float] | None:
    """Where a mention lies when its name has one place of the kind the text names (not a province)."""
    pool = _pool(gazetteer, m.key, m.kind_hint)
    return (pool[0].latitude, pool[0].longitude) if len(pool) == 1 and not pool[0].is_admin else None


def _pool(gazetteer: Gazetteer, key: str, hint: str) -> list[GazetteerEntry]:
    """The distinct places of the kind the text names, for an exact key (memoised)."""
    cache = gazetteer.memo.setdefault("pools", {})
    if (key, hint) not in cache:
        cands = without_weak_namesakes(gazetteer, gazetteer.candidates(key), key)
        cache[(key, hint)] = _distinct(_kind_filter(_of_kind(cands, hint), hint))
    return cache[(key, hint)]


def article_provinces(gazetteer: Gazetteer, mention_lists: list[list[PlaceMention]]) -> list[str]:
    """Provinces the article is about, most named first (explicit provinces count double)."""
    counts: Counter[str] = Counter()
    for mentions in mention_lists:
        for m in mentions:
            admins = _provinces_of(gazetteer, m.key)
            if len(admins) > 1 and not _starts_with_article(m.name):
                admins = _governorate_named(gazetteer, m.key) or admins  # "Hama", though al-Hamah is near Damascus
            if len(admins) == 1:
                counts[next(iter(admins))] += 2 if m.kind_hint == "governorate" else 1
    return [p for p, _ in counts.most_common()]


def geocode_article(
    gazetteer: Gazetteer, title_mentions: list[PlaceMention], paragraph_mentions: list[list[PlaceMention]],
    relations: list[MentionRelations] | None = None,
) -> list[list[GeoResult]]:
    """A GeoResult for every mention of every paragraph, using the whole article as context.

    Provinces are weighed sentence first, then paragraph, then article (given what each paragraph's
    text says of its mentions, `places.relate_mentions`: their sentences, which is inside which): "al-Foua and Kefraya in Idlib province. ... are Zabadani and Madaya" puts Madaya
    beside Zabadani near Damascus, not in Idlib."""
    provinces_article = article_provinces(gazetteer, [title_mentions, *paragraph_mentions])

    # Unambiguous places first: they are the context that settles the ambiguous ones.
    anchor_of: dict[str, set[tuple[float, float]]] = {}  # key -> the unambiguous points its mentions give
    seen_keys: set[tuple[str, str]] = set()
    for mentions in [title_mentions, *paragraph_mentions]:
        for m in mentions:
            if (m.key, m.kind_hint) in seen_keys:
                continue
            seen_keys.add((m.key, m.kind_hint))
            point = _unambiguous_point(gazetteer, m)
            if point:
                anchor_of.setdefault(m.key, set()).add(point)
    anchors = sorted({p for points in anchor_of.values() for p in points})

    def context_for(m: PlaceMention) -> list[tuple[float, float]]:
        # A name is no context for itself: "al-Muqayrat" is unambiguous once GeoNames' variants are set
        # aside (Mughayrat by Manbij), but as a mention it keeps the village by Khanasir that lists it.
        own = anchor_of.get(m.key)
        return anchors if not own else [p for p in anchors if p not in own or any(
            p in points for k, points in anchor_of.items() if k != m.key)]

    related_by_paragraph = relations or [NO_RELATIONS] * len(paragraph_mentions)
    results: list[list[GeoResult]] = []
    for mentions, related in zip(paragraph_mentions, related_by_paragraph):
        provinces_here = article_provinces(gazetteer, [mentions])
        sentence_provinces, sentence_of = _sentence_context(gazetteer, related.sentences or [mentions], len(mentions))
        row: list[GeoResult] = []
        for m in mentions:
            own = sentence_provinces.get(id(m), [])
            local = own + [p for p in provinces_here if p not in own]
            provinces = local + [p for p in provinces_article if p not in local]
            row.append(_geocode_mention(gazetteer, m, local, provinces, context_for(m), sentence_of[id(m)]))
        if relations and len(mentions) > 1:
            for paragraph_pass in PARAGRAPH_PASSES:
                row = paragraph_pass.apply(gazetteer, mentions, row, related)
        results.append(row)
    for article_pass in ARTICLE_PASSES:
        results = article_pass.apply(paragraph_mentions, related_by_paragraph, results)
    return results


def _sentence_context(gazetteer: Gazetteer, by_sentence: list[list[PlaceMention]], n_mentions: int,
                      ) -> tuple[dict[int, list[str]], dict[int, list[PlaceMention]]]:
    """Per mention (by id): the provinces its sentence names, when the paragraph has several
    sentences with places, and the mentions of its sentence."""
    sentence_provinces: dict[int, list[str]] = {}
    sentence_of: dict[int, list[PlaceMention]] = {}
    for sentence in by_sentence:
        for m in sentence:
            sentence_of[id(m)] = sentence
        if len(sentence) < n_mentions:
            own = article_provinces(gazetteer, [sentence])
            for m in sentence:
                sentence_provinces[id(m)] = own
    return sentence_provinces, sentence_of


def _geocode_mention(gazetteer: Gazetteer, m: PlaceMention, local: list[str], provinces: list[str],
                     context: list[tuple[float, float]], sentence: list[PlaceMention]) -> GeoResult:
    """One mention's place: its candidates by STAGES within the first province (then the next one the
    sentence or paragraph names), kept plausible by the article's places, chosen among namesakes."""
    cands, how, score = _resolve_mention(gazetteer, m, provinces[:1], named=provinces)
    cands = plausible_candidates(gazetteer, cands, how, m.key, context)
    if (not cands or how == "nationwide") and len(local) > 1:
        # "Dodian clashes in the northern countryside of Aleppo" in a Hasakah headline: the
        # spelling stages within the other province the sentence or paragraph names.
        cands2, how2, score2 = _resolve_mention(gazetteer, m, [local[1]], named=provinces)
        cands2 = plausible_candidates(gazetteer, cands2, how2, m.key, context)
        if cands2 and how2 != "nationwide":
            cands, how, score = cands2, how2, score2
    cands = _of_kind(cands, m.kind_hint)
    if not cands:
        return GeoResult(None, m.name, None, None, "", None, 0.0)
    entry, runner_ups, confidence = choose_candidate(
        _keep_to_named_governorate(gazetteer, cands, m), m.kind_hint, provinces, context, local=len(local))
    # (A village of GeoNames' populated places of 500+, Khanasir, is no such namesake.)
    if how == "exact" and entry.feature == "village" and "geonames" not in entry.source.split("+"):
        beside = [p for p in (_unambiguous_point(gazetteer, o) for o in sentence if o is not m) if p]
        entry = _nearer_namesake(gazetteer, m.key, entry, beside) or entry
    if score is not None:
        confidence = round(score / 100 * confidence, 3)
    return _result(entry, m.kind_hint, runner_ups, confidence)


def _one_place_per_name(paragraph_mentions: list[list[PlaceMention]], relations: list[MentionRelations],
                        results: list[list[GeoResult]]) -> list[list[GeoResult]]:
    """A settlement the article once puts inside a named place ("Madaya town in Damascus countryside")
    is that place wherever else the article names it bare, even beside another province's places
    ("aid convoys entered Madaya and Kefraya"); unless the article so puts two places of that name."""
    settled: dict[str, dict[str, GeoResult]] = {}  # key -> the places the article puts inside others
    for mentions, related, row in zip(paragraph_mentions, relations, results):
        for i, (_, inside) in related.containers.items():
            if inside and row[i].resolved and row[i].geo_precision == GEO_EXACT:
                settled.setdefault(mentions[i].key, {})[row[i].place_id] = row[i]
    if not settled:
        return results
    out = []
    for mentions, row in zip(paragraph_mentions, results):
        row = list(row)
        for i, m in enumerate(mentions):
            places = settled.get(m.key)
            if places and len(places) == 1 and m.kind_hint in ("", "populated"):
                (place,) = places.values()
                if row[i].place_id != place.place_id and not (row[i].resolved and row[i].place_id.startswith("override:")):
                    row[i] = place
        out.append(row)
    return out


# A place a text puts inside or beside another may lie across a provincial border from it, not far.
INSIDE_NEAR_KM = 50.0
# Damascus city is its own governorate inside Rif Dimashq: "Jaramana in the outskirts of Damascus".
_SAME_AREA = {"Damascus": ("Damascus", "Rif Dimashq"), "Rif Dimashq": ("Rif Dimashq", "Damascus")}


def _keep_inside_named_places(gazetteer: Gazetteer, mentions: list[PlaceMention], row: list[GeoResult],
                              related: MentionRelations) -> list[GeoResult]:
    """A place the text puts inside others is taken from their provinces (or within INSIDE_NEAR_KM of
    them), one it puts beside others from within INSIDE_NEAR_KM of them; a name with no such entry is
    placed approximately at the most specific place of the paragraph there, as a name without an entry
    is: a same-name village 300 km away is the wrong place, not a better guess."""
    row = list(row)
    # Containers come later in the text ("X in Y", "X, Y city, Y governorate"): settle them first, so
    # "الروضة Rawda Farm, Raqqa governorate" goes by Rawda as the address puts it, not as first guessed.
    for i, (others, inside) in sorted(related.containers.items(), reverse=True):
        outer = [row[c] for c in others if row[c].resolved]
        m, r = mentions[i], row[i]
        if not outer or _governorate_named(gazetteer, m.key) or r.geo_precision == GEO_REGION or _is_city_entry(gazetteer, r):
            # A province ("Idlib province in Aleppo" is its people) or a city ("areas of Deir Ezzor and
            # Shuhada in the northern Homs countryside": Shuhada alone is in Homs), or nothing to go by.
            continue
        areas = [a for o in outer for a in _SAME_AREA.get(o.admin1, (o.admin1,))] if inside else []
        if r.resolved and (r.place_id.startswith("override:") or _fits(r, areas, outer)):
            continue
        found = [e for e in _of_kind(gazetteer.candidates(m.key), m.kind_hint) if _fits(e, areas, outer)]
        score = None
        for province in dict.fromkeys(areas or [o.admin1 for o in outer]):  # the inexact stages, in turn
            if found:
                break
            cands, _, score = _resolve_mention(gazetteer, m, [province])  # (an exact key is anywhere)
            found = [e for e in _of_kind(cands, m.kind_hint) if e.admin1 == province and _fits(e, areas, outer)]
        if found:
            entry, runner_ups, confidence = choose_candidate(found, m.kind_hint, list(dict.fromkeys(areas)),
                                                             [(o.latitude, o.longitude) for o in outer])
            if score is not None:
                confidence = round(score / 100 * confidence, 3)
            row[i] = _result(entry, m.kind_hint, runner_ups, confidence)
        else:
            # The most specific place of the paragraph there, the nearest such in the text ("Maaloula,
            # al-Sarkha and Jaba'din in the countryside of Damascus": at Maaloula).
            there = [(_specificity(o), abs(mentions[k].start - m.start), k) for k, o in enumerate(row)
                     if k != i and o.resolved and (o.admin1 in areas if inside else k in others)]
            row[i] = _placed_at(m, row[min(there)[2]] if there else outer[0])
    return row


def _keep_neighbourhoods_in_named_city(gazetteer: Gazetteer, mentions: list[PlaceMention], row: list[GeoResult],
                                       related: MentionRelations) -> list[GeoResult]:
    """"SDF advance west of Al-Raqqah city and control parts of Al-Qadisiyah neighborhood": a
    neighbourhood named in a sentence that names a city is in that city; a town of the same spelling
    far from it (Qudsaya by Damascus) is not it, so the neighbourhood is placed at the city,
    approximately. (Without a city in the sentence nothing changes: two-story headlines such as
    "Clashes in Jobar and shelling in Latakia countryside" name neighbourhoods of other cities.)"""
    position = {id(m): k for k, m in enumerate(mentions)}
    row = list(row)
    for sentence in related.sentences:
        cities = [k for k in (position[id(m)] for m in sentence)
                  if row[k].resolved and (mentions[k].kind_hint == "city" or _is_city_entry(gazetteer, row[k]))]
        for m in sentence:
            i = position[id(m)]
            r = row[i]
            if m.kind_hint != "neighbourhood" or not r.resolved or not cities or i in cities:
                continue
            entry = gazetteer.entry_by_id(r.place_id)
            if entry is not None and entry.parent:
                continue  # a neighbourhood the gazetteer knows: its own city says where
            if all(haversine_km(r.latitude, r.longitude, row[c].latitude, row[c].longitude) > INSIDE_NEAR_KM
                   for c in cities):
                row[i] = _placed_at(m, row[min(cities, key=lambda c: abs(mentions[c].start - m.start))])
    return row


def _is_city_entry(gazetteer: Gazetteer, r: GeoResult) -> bool:
    entry = gazetteer.entry_by_id(r.place_id)
    return entry is not None and entry.feature == "city"


_COUNTRYSIDE_KEY = word_key("countryside")


def _resolve_mention(gazetteer: Gazetteer, m: PlaceMention, provinces: list[str], named: list[str] | None = None,
                     ) -> tuple[list[GazetteerEntry], str, float | None]:
    """`resolve_candidates` for a mention: a neighbourhood ("al-Hazwanah neighborhood in Manbij city")
    spelled only nearly like a village (Hazwan, by al-Bab) is not that village; a name with its kind
    word that the gazetteer has whole ("Damascus countryside", the Rif Dimashq governorate; "Yarmouk
    camp", Damascus' and not a village of Raqqa) is that place."""
    # ("the countryside of Damascus" writes the kind word first; "Damascus city" is the city, not the
    # governorate the gazetteer also calls so.)
    whole = m.key + _COUNTRYSIDE_KEY if m.kind_hint == "countryside" else (
        name_key(m.text) if m.text != m.name else m.key)  # (most mentions have no kind word)
    if whole != m.key and whole in gazetteer.index:
        cands = gazetteer.candidates(whole)
        if m.kind_hint != "populated" or not all(c.is_admin for c in cands):
            return cands, "exact", None
    cands, how, score = resolve_candidates(gazetteer, m.key, provinces, named=named)
    if m.kind_hint == "neighbourhood" and how != "exact":
        cands = [c for c in cands if c.parent]
        if not cands:
            return [], "", None
    return cands, how, score


def _fits(e: GazetteerEntry | GeoResult, areas: list[str], outer: list[GeoResult]) -> bool:
    """In one of the areas, or within INSIDE_NEAR_KM of one of the places the text names."""
    return e.admin1 in areas or min(
        haversine_km(e.latitude, e.longitude, o.latitude, o.longitude) for o in outer) <= INSIDE_NEAR_KM


# An exact spelling that lands on a UCDP village this far from every other place its sentence
# names unambiguously...
FAR_FROM_CONTEXT_KM = 30.0
# ...gives way to a town spelled nearly the same this close to one of them.
NEAR_CONTEXT_KM = 15.0
NEAR_SPELLING_RATIO = 80.0


def _nearer_namesake(gazetteer: Gazetteer, key: str, entry: GazetteerEntry,
                     anchors: list[tuple[float, float]]) -> GazetteerEntry | None:
    """"Kafriya and al-Fu'ah": the exact key is a UCDP village in Latakia, 56 km away, while the town
    Kafarya lies beside al-Fu'ah. Such a village gives way to a town or city right beside another
    place the same sentence names (`anchors`) whose name is spelled nearly the same (as long, rapidfuzz
    ratio >= NEAR_SPELLING_RATIO); else None. Only places that close are compared (memoised: a
    corpus repeats its sentences' places)."""
    others = tuple(sorted(a for a in anchors if a != (entry.latitude, entry.longitude)))
    if not others or min(haversine_km(entry.latitude, entry.longitude, lat, lon)
                         for lat, lon in others) <= FAR_FROM_CONTEXT_KM:
        return None
    memo = gazetteer.memo.setdefault("nearer_namesake", {})
    if (key, entry.place_id, others) not in memo:
        from rapidfuzz import fuzz

        best: tuple[float, GazetteerEntry] | None = None
        for c, keys in _towns_near(gazetteer, others):
            if min(haversine_km(c.latitude, c.longitude, lat, lon) for lat, lon in others) > NEAR_CONTEXT_KM:
                continue
            ratio = max((fuzz.ratio(key, k) for k in keys if abs(len(k) - len(key)) <= 1), default=0.0)
            if ratio >= NEAR_SPELLING_RATIO and (best is None or ratio > best[0]):
                best = (ratio, c)
        memo[(key, entry.place_id, others)] = best[1] if best else None
    return memo[(key, entry.place_id, others)]


# Grid cells of this many degrees: 0.2 deg is >= 15 km north-south and, in Syria's latitudes,
# east-west, so every town within NEAR_CONTEXT_KM of a point lies in its cell or the 8 around it.
_TOWN_CELL_DEG = 0.2


def _towns_near(gazetteer: Gazetteer, points: tuple[tuple[float, float], ...],
                ) -> list[tuple[GazetteerEntry, frozenset[str]]]:
    """Towns and cities (with the keys of their Latin names) in the grid cells around `points`:
    a superset of those within NEAR_CONTEXT_KM, found without measuring the distance to all of them."""
    if "town_cells" not in gazetteer.memo:
        cells: dict[tuple[int, int], list[tuple[int, GazetteerEntry, frozenset[str]]]] = {}
        for index, c in enumerate(gazetteer.entries):
            if c.feature in ("town", "city"):
                cells.setdefault(_cell(c.latitude, c.longitude), []).append((index, c, frozenset(_latin_keys(c))))
        gazetteer.memo["town_cells"] = cells
    cells = gazetteer.memo["town_cells"]
    wanted = {(i + di, j + dj) for i, j in (_cell(lat, lon) for lat, lon in points)
              for di in (-1, 0, 1) for dj in (-1, 0, 1)}
    # In the gazetteer's order, so that ties go to the same town as a walk over all of them.
    return [(c, keys) for _, c, keys in sorted(town for cell in wanted for town in cells.get(cell, ()))]


def _cell(lat: float, lon: float) -> tuple[int, int]:
    return math.floor(lat / _TOWN_CELL_DEG), math.floor(lon / _TOWN_CELL_DEG)


def resolve_candidates(
    gazetteer: Gazetteer, key: str, provinces: list[str], skip: Skip | None = None,
    named: list[str] | None = None, settings: GeocodeSettings = DEFAULT_SETTINGS,
) -> tuple[list[GazetteerEntry], str, float | None]:
    """Candidates for a key, the stage that found them and its score (None for an exact match):
    exact normalised key, else the name without a last 'camp' or 'village', else an Arabic name
    spelled letter by letter, else consonant skeleton (unvowelled spellings), else loose key, else
    fuzzy, all within the article's province (`provinces`), else a close spelling anywhere, kept
    only inside the provinces the text names (`named`, default `provinces`; none named: anywhere)
    unless it is a governorate's, else a spelling with vowels left out, else the name with its site
    word ('Khirbat') taken off or put on, else learned transliteration edits, these three within
    the province. `skip(index, key, entry_index)` hides
    index entries (the leave-one-out evaluation uses it to take one spelling out)."""
    if skip is None:  # the common case, memoised: a corpus names the same places again and again
        memo = gazetteer.memo.setdefault("resolved", {})
        memo_key = (key, tuple(provinces), settings)
        if memo_key not in memo:
            memo[memo_key] = _resolve_candidates(gazetteer, key, provinces, None, settings)
        cands, how, score = memo[memo_key]
    else:
        cands, how, score = _resolve_candidates(gazetteer, key, provinces, skip, settings)
    named = provinces if named is None else named
    if how == "nationwide" and named:
        # "Al-Masharqa neighborhood ... in Aleppo city" is no village of that spelling in Quneitra.
        areas = {a for p in named for a in _SAME_AREA.get(p, (p,))}
        # (A governorate named is a province the text names.)
        cands = [c for c in cands if c.admin1 in areas or c.feature == "governorate"]
        if not cands:
            return [], "", None
    return list(cands), how, score


# ---------------------------------------------------------------- resolution stages
#
# A mention's key meets the gazetteer through these stages, in this order; the first that finds
# candidates decides (and names itself in `how`). Each takes (gazetteer, key, provinces, skip) and
# returns (candidates, score) or None; score None means an exact match. The thresholds each uses
# sit beside its function below, with the measurement that chose them.


def _exact_stage(gazetteer: Gazetteer, key: str, provinces: list[str], skip: Skip | None,
                 settings: GeocodeSettings) -> StageResult:
    """The normalised key itself, anywhere in Syria."""
    hidden = _hidden(skip)
    ids = [i for i in gazetteer.index.get(key, ()) if not hidden("exact", key, i)]
    return ([gazetteer.entries[i] for i in ids], None) if ids else None


def _kind_word_stage(gazetteer: Gazetteer, key: str, provinces: list[str], skip: Skip | None,
                     settings: GeocodeSettings) -> StageResult:
    """A name given with its kind word ('Yarmouk Camp', as a lookup or a source may write it): the
    place of the province so named without it."""
    hidden = _hidden(skip)
    for kind_key in _KIND_WORD_KEYS:
        rest = key[: -len(kind_key)]
        if key.endswith(kind_key) and len(rest) >= settings.site_word_min_rest:
            ids = [i for i in gazetteer.index.get(rest, ()) if gazetteer.entries[i].admin1 in provinces
                   and not hidden("exact", rest, i)]
            if ids:
                return [gazetteer.entries[i] for i in ids], None
    return None


def _letters_stage(gazetteer: Gazetteer, key: str, provinces: list[str], skip: Skip | None,
                   settings: GeocodeSettings) -> StageResult:
    """A Latin spelling that writes an Arabic name letter by letter ('mdaya', 'tybt alamam')."""
    ids = _in_provinces(gazetteer, "letters", key, provinces, _hidden(skip))
    return ([gazetteer.entries[i] for i in ids], settings.letters_score) if ids else None


def _skeleton_stage(gazetteer: Gazetteer, key: str, provinces: list[str], skip: Skip | None,
                    settings: GeocodeSettings) -> StageResult:
    """The same consonants, only for spellings written without vowels ('tftnaz'): a vowelled unknown
    name such as 'al-Muqayrat' would otherwise meet any village with the same consonants."""
    own_consonants = sum(ch not in "aeiouyw" for ch in distinctive_part(key))
    if is_unvowelled(key) and own_consonants >= 3:
        for sk in sorted(skeleton_keys(key)):
            ids = _in_provinces(gazetteer, "skeletons", sk, provinces, _hidden(skip))
            if ids:
                return [gazetteer.entries[i] for i in ids], settings.skeleton_score
    return None


def _loose_stage(gazetteer: Gazetteer, key: str, provinces: list[str], skip: Skip | None,
                 settings: GeocodeSettings) -> StageResult:
    """The loose key (vowels and doubled letters folded), confirmed by a close plain spelling."""
    hidden = _hidden(skip)
    if sum(ch != "a" for ch in loose_key(distinctive_part(key))) < settings.loose_min_consonants:
        return None
    ratios = {i: _closest_ratio(gazetteer.entries[i], key, i, hidden)
              for i in _in_provinces(gazetteer, "loose", loose_key(key), provinces, hidden)}
    ids = [i for i, r in ratios.items() if r >= settings.loose_confirm_ratio]
    return ([gazetteer.entries[i] for i in ids], max(ratios[i] for i in ids)) if ids else None


def _fuzzy_stage(gazetteer: Gazetteer, key: str, provinces: list[str], skip: Skip | None,
                 settings: GeocodeSettings) -> StageResult:
    """A close spelling within the article's province."""
    cands, score = fuzzy_candidates(gazetteer, key, provinces, skip=skip, settings=settings)
    return (cands, score) if cands else None


def _nationwide_stage(gazetteer: Gazetteer, key: str, provinces: list[str], skip: Skip | None,
                      settings: GeocodeSettings) -> StageResult:
    """A very close spelling anywhere (kept only inside the provinces the text names: resolve_candidates)."""
    cands, score = nationwide_candidates(gazetteer, key, skip=skip, settings=settings)
    return (cands, score) if cands else None


def _vowels_stage(gazetteer: Gazetteer, key: str, provinces: list[str], skip: Skip | None,
                  settings: GeocodeSettings) -> StageResult:
    """A spelling with its short vowels left out, within the province."""
    cands = short_vowel_candidates(gazetteer, key, provinces, _hidden(skip), settings)
    return (cands, settings.vowels_score) if cands else None


def _site_word_stage(gazetteer: Gazetteer, key: str, provinces: list[str], skip: Skip | None,
                     settings: GeocodeSettings) -> StageResult:
    """The name with its site word ('Khirbat') taken off or put on, within the province."""
    cands = site_word_candidates(gazetteer, key, provinces, _hidden(skip), settings)
    return (cands, settings.site_word_score) if cands else None


def _spelling_stage(gazetteer: Gazetteer, key: str, provinces: list[str], skip: Skip | None,
                    settings: GeocodeSettings) -> StageResult:
    """Learned transliteration edits (Arabic letters written several ways), within the province."""
    cands, score = spelling_candidates(gazetteer, key, provinces, skip=skip, settings=settings)
    return (cands, score) if cands else None


StageResult = tuple[list[GazetteerEntry], float | None] | None


@dataclass(frozen=True)
class Stage:
    name: str  # what `how` says when this stage found the candidates
    find: Callable[[Gazetteer, str, list[str], Skip | None, GeocodeSettings], StageResult]


# The order is the order of trust: the exact name, then spellings of it that keep its letters, then
# closer and closer guesses, the wider ones (anywhere in Syria) before the ones that change letters.
STAGES: list[Stage] = [
    Stage("exact", _exact_stage),
    Stage("kind word", _kind_word_stage),
    Stage("letters", _letters_stage),
    Stage("skeleton", _skeleton_stage),
    Stage("loose", _loose_stage),
    Stage("fuzzy", _fuzzy_stage),
    Stage("nationwide", _nationwide_stage),
    Stage("vowels", _vowels_stage),
    Stage("site word", _site_word_stage),
    Stage("spelling", _spelling_stage),
]


def _hidden(skip: Skip | None) -> Skip:
    return skip or (lambda _t, _k, _i: False)


def _resolve_candidates(
    gazetteer: Gazetteer, key: str, provinces: list[str], skip: Skip | None,
    settings: GeocodeSettings = DEFAULT_SETTINGS,
) -> tuple[list[GazetteerEntry], str, float | None]:
    """The first stage of STAGES that finds candidates: (candidates, its name, its score)."""
    for stage in STAGES:
        found = stage.find(gazetteer, key, provinces, skip, settings)
        if found is not None:
            cands, score = found
            return cands, stage.name, score
    # The spelling stage, the last, reports its score (None) even when it finds nothing.
    return [], "", None


_KIND_WORD_KEYS = tuple(word_key(w) for w in ("camp", "village"))  # (not "town": "Chinatown")


def _closest_ratio(entry: GazetteerEntry, key: str, i: int, hidden: Skip) -> float:
    """How close `key` is to the nearest Latin spelling of the entry (rapidfuzz ratio, 0-100)."""
    from rapidfuzz import fuzz

    return max((fuzz.ratio(key, k) for k in _latin_keys(entry) if not hidden("exact", k, i)), default=0.0)


def _latin_keys(entry: GazetteerEntry) -> list[str]:
    """The keys of an entry's Latin-script names."""
    return [k for k in (name_key(n) for n in entry.all_names() if not is_arabic(n)) if k]


def _in_provinces(gazetteer: Gazetteer, table: str, key: str, provinces: list[str], hidden: Skip) -> list[int]:
    ids = getattr(gazetteer, table).get(key, ())
    return [i for i in ids if gazetteer.entries[i].admin1 in provinces and not hidden(table, key, i)]


# Keys of name words that begin many village names (data/wordlists/fuzzy_prefix_keys.txt), longest first.
GENERIC_PREFIX_KEYS = tuple(sorted(FUZZY_PREFIX_KEYS, key=lambda k: (-len(k), k)))


def distinctive_part(key: str) -> str:
    """The key without a leading generic name word (for fuzzy comparison only)."""
    for prefix in GENERIC_PREFIX_KEYS:
        if key.startswith(prefix) and len(key) > len(prefix):
            return key[len(prefix):]
    return key


def _keys_with_prefix(gazetteer: Gazetteer, province: str, prefix: str) -> list[str]:
    cache = gazetteer.memo.setdefault("prefix_keys", {})
    if (province, prefix) not in cache:
        cache[(province, prefix)] = [k for k in gazetteer.province_keys(province)
                                     if k[: len(k) - len(distinctive_part(k))] == prefix]
    return cache[(province, prefix)]


def _best_fuzzy_key(gazetteer: Gazetteer, key: str, provinces: tuple[str, ...], threshold: float,
                    skip: Skip | None) -> tuple[str, float] | None:
    """The closest key (by the part after a generic first word)."""
    from rapidfuzz import fuzz, process

    prefix = key[: len(key) - len(distinctive_part(key))]
    # Same leading word (or none) on both sides, then compare what follows it.
    keys = [k for p in provinces for k in _keys_with_prefix(gazetteer, p, prefix)]
    if skip:
        keys = [k for k in keys if not all(skip("exact", k, i) for i in gazetteer.index[k])]
    best = process.extractOne(distinctive_part(key), [k[len(prefix):] for k in keys], scorer=fuzz.ratio,
                              score_cutoff=threshold)
    return (keys[best[2]], best[1]) if best else None


def fuzzy_candidates(gazetteer: Gazetteer, key: str, provinces: list[str], skip: Skip | None = None,
                     settings: GeocodeSettings = DEFAULT_SETTINGS) -> tuple[list[GazetteerEntry], float | None]:
    """Entries whose key is closest to `key` (rapidfuzz ratio >= settings.fuzzy_threshold) within the provinces."""
    threshold = settings.fuzzy_threshold
    if len(distinctive_part(key)) < settings.fuzzy_min_key or threshold > 100:
        return [], None
    best = _best_fuzzy_key(gazetteer, key, tuple(provinces), threshold, skip)
    if best is None:
        return [], None
    found, score = best
    ids = [i for i in gazetteer.index[found] if gazetteer.entries[i].admin1 in provinces and not (skip and skip("exact", found, i))]
    return [gazetteer.entries[i] for i in ids], score


# The nationwide stage: see GeocodeSettings.nationwide_threshold.


def _found_anywhere(entry: GazetteerEntry) -> bool:
    """What the close spelling anywhere may find: places and the fourteen governorates, whose long
    names are distinctive ("Reef Dimash" is Rif Dimashq), but no district or sub-district."""
    return not entry.is_admin or entry.feature == "governorate"


def _place_keys(gazetteer: Gazetteer) -> list[str]:
    """Latin keys naming at least one entry `_found_anywhere` (built once)."""
    if "place_keys" not in gazetteer.memo:
        gazetteer.memo["place_keys"] = sorted(
            k for k, ids in gazetteer.index.items() if k.isascii() and any(_found_anywhere(gazetteer.entries[i]) for i in ids))
    return gazetteer.memo["place_keys"]


def nationwide_candidates(gazetteer: Gazetteer, key: str, skip: Skip | None = None,
                          settings: GeocodeSettings = DEFAULT_SETTINGS) -> tuple[list[GazetteerEntry], float | None]:
    """Entries of the one place anywhere in the gazetteer whose key is within
    settings.nationwide_threshold of `key`; nothing when two places come that close."""
    from rapidfuzz import fuzz, process

    if len(key) < settings.nationwide_min_key or not key.isascii():
        return [], None
    memo = gazetteer.memo.setdefault("nationwide", {})
    memo_key = (key, settings)
    if skip is None and memo_key in memo:
        return list(memo[memo_key][0]), memo[memo_key][1]
    found: list[int] = []
    best = None
    for k, score, _ in process.extract(key, _place_keys(gazetteer), scorer=fuzz.ratio, limit=5,
                                       score_cutoff=settings.nationwide_threshold - settings.nationwide_margin):
        ids = [i for i in gazetteer.index[k] if _found_anywhere(gazetteer.entries[i]) and not (skip and skip("exact", k, i))]
        if not ids:
            continue
        if best is None:
            if score < settings.nationwide_threshold:
                break
            best = score
        found += ids
    places = _distinct([gazetteer.entries[i] for i in found])
    out = ([gazetteer.entries[i] for i in dict.fromkeys(found)], best) if len(places) == 1 else ([], None)
    if skip is None:
        memo[memo_key] = out
    return list(out[0]), out[1]


# Arabic writes no short vowels, and agencies often leave some out ('al-Hbit' Al Habit, 'Abu al-Dhour'
# Abu al-Duhur, 'Latmnah' Lataminah): a spelling that is a place's spelling with only vowels taken
# out, the same consonants in the same order, and no other place of the province so, is that place.
# (Tried before the learned edits: stricter, and a few dictionary look-ups against their alignments.)
# (Not a changed vowel: that is the consonant skeleton, kept for spellings with no vowels at all, as
# it would meet too many villages; 'Telmens' for Talmenes stays unplaced.)
_SHORT_VOWELS = frozenset("aeiou")


def drops_only_vowels(short: str, long: str) -> bool:
    """True when `long` is `short` with one or more vowels put in, nothing else ('hbit', 'habit')."""
    if len(short) >= len(long):
        return False
    j = 0
    for ch in short:
        while j < len(long) and long[j] != ch:
            if long[j] not in _SHORT_VOWELS:
                return False
            j += 1
        if j == len(long):
            return False
        j += 1
    return all(c in _SHORT_VOWELS for c in long[j:])


def short_vowel_candidates(gazetteer: Gazetteer, key: str, provinces: list[str], hidden: Skip,
                           settings: GeocodeSettings = DEFAULT_SETTINGS) -> list[GazetteerEntry]:
    """Entries of the one place in the provinces spelled `key` with vowels put back."""
    if not key.isascii() or sum(ch not in _SHORT_VOWELS for ch in distinctive_part(key)) < settings.vowels_min_consonants:
        return []
    found: dict[str, GazetteerEntry] = {}
    for sk in skeleton_keys(key):
        for i in _in_provinces(gazetteer, "skeletons", sk, provinces, hidden):
            entry = gazetteer.entries[i]
            if any(drops_only_vowels(key, k) for k in _latin_keys(entry) if not hidden("exact", k, i)):
                found[entry.place_id] = entry
    cands = list(found.values())
    # Several places so spelled: only when they stand together (one village and its admin unit).
    if len(cands) > 1 and max(haversine_km(a.latitude, a.longitude, b.latitude, b.longitude)
                              for a in cands for b in cands) > SAME_PLACE_KM:
        return []
    return cands


# A name with or without the word for the kind of site it is: 'Khirbat Sharan' (the ruins of) for
# Sharan, 'Tin Noor' for Khirbat Tin Nur, 'Mazraat X' for Khan X. Only these words
# (data/wordlists/site_words.txt), whose site lies at or by the place they name, and only when one
# place of the province is so named.
SITE_WORD_KEYS = tuple(sorted({word_key(w) for w in SITE_WORDS}, key=len, reverse=True))
# Keys of words that name no place alone ("Khan al-Shekh" is not a place called Shekh).
_NOT_A_NAME_ALONE = frozenset(word_key(w) for w in NAME_PREFIX_WORDS | GENERIC_TRAILING) | {""}


def _site_word_rest(key: str, min_rest: int) -> str:
    """The key without a leading site word, or '' when it has none (or fewer than `min_rest` letters are left)."""
    for prefix in SITE_WORD_KEYS:
        if key.startswith(prefix) and len(key) - len(prefix) >= min_rest:
            return key[len(prefix):]
    return ""


def _entries_by_site_word_rest(gazetteer: Gazetteer, min_rest: int) -> dict[str, list[tuple[int, str]]]:
    """Entries whose Latin name begins with a site word, by the key of the rest of the name (with
    the whole name's key, which the leave-one-out evaluation may hide)."""
    memo = gazetteer.memo.setdefault("site_word_rest", {})
    by_rest = memo.get(min_rest)
    if by_rest is None:
        by_rest = memo[min_rest] = {}
        for i, entry in enumerate(gazetteer.entries):
            for name in entry.all_names():
                words = name_words(name)
                if len(words) < 2 or is_arabic(name) or word_key(words[0]) not in SITE_WORD_KEYS:
                    continue
                rest = "".join(word_key(w) for w in words[1:])
                if len(rest) >= min_rest and not all(word_key(w) in _NOT_A_NAME_ALONE for w in words[1:]):
                    by_rest.setdefault(rest, []).append((i, name_key(name)))
    return by_rest


def site_word_candidates(gazetteer: Gazetteer, key: str, provinces: list[str], hidden: Skip,
                         settings: GeocodeSettings = DEFAULT_SETTINGS) -> list[GazetteerEntry]:
    """Entries of the one place in the provinces named `key` with its site word taken off or put on."""
    if not key.isascii() or not provinces:
        return []
    found: dict[str, GazetteerEntry] = {}
    rest = _site_word_rest(key, settings.site_word_min_rest)
    by_rest = _entries_by_site_word_rest(gazetteer, settings.site_word_min_rest)
    pairs = list(by_rest.get(key, ()))  # put on ('Ghazale')
    if rest:  # taken off ('Khirbat Sharan'), or written otherwise ('Kherba Naqous')
        pairs += [(i, rest) for i in gazetteer.index.get(rest, ())] + by_rest.get(rest, [])
    for i, whole in pairs:
        entry = gazetteer.entries[i]
        if entry.admin1 in provinces and not hidden("exact", whole, i):
            found[entry.place_id] = entry
    cands = list(found.values())
    return cands if _one_place(cands) else []


def _one_place(cands: list[GazetteerEntry]) -> bool:
    """The candidates are one place: one settlement (its entries within 5 km) and the admin units
    that bear its name, or one admin unit."""
    settlements = [c for c in cands if not c.is_admin]
    return len(_distinct(settlements or cands)) == 1


# The last stage, learned edits (`spelling.spelling_distances`, edits learned from the gazetteer's own
# spellings): 'Dzhasim' Jasim, 'Carablus' Jarabulus, 'Cuneitre' Quneitra, 'Damaszkusz' Damascus.


def spelling_costs(gazetteer: Gazetteer) -> SpellingCosts:
    """The gazetteer's learned edit costs, learned once per index (imported names included)."""
    costs = gazetteer.memo.get("spelling_costs")
    if costs is None:
        costs = gazetteer.memo["spelling_costs"] = learn_place_spelling_costs(gazetteer.entries)
    return costs


def _province_keys_of_lengths(gazetteer: Gazetteer, provinces: tuple[str, ...], shortest: int, longest: int,
                              ) -> list[str]:
    """The provinces' keys of `shortest` to `longest` letters (memoised)."""
    cache = gazetteer.memo.setdefault("province_keys_by_length", {})
    if (provinces, shortest, longest) not in cache:
        cache[(provinces, shortest, longest)] = [k for p in provinces for k in gazetteer.province_keys(p)
                                                 if shortest <= len(k) <= longest]
    return cache[(provinces, shortest, longest)]


def spelling_candidates(gazetteer: Gazetteer, key: str, provinces: list[str], skip: Skip | None = None,
                        settings: GeocodeSettings = DEFAULT_SETTINGS) -> tuple[list[GazetteerEntry], float | None]:
    """Entries of the one place in the provinces whose key is a few cheap edits from `key`, with a
    score of 100 x (1 - cost per letter); nothing when another place comes within settings.spelling_margin."""
    from rapidfuzz import fuzz, process

    if len(key) < settings.spelling_min_key or not key.isascii() or not provinces:
        return [], None
    # Only keys of a length the length ratio allows can match or rival: the rest are not scanned
    # (Who's On First made a province's key list five times as long). An Arabic key never comes close.
    ratio = settings.spelling_length_ratio
    shortest, longest = math.ceil(len(key) * ratio), math.floor(len(key) / ratio)
    keys = _province_keys_of_lengths(gazetteer, tuple(provinces), shortest, longest)
    if skip:
        keys = [k for k in keys if not all(skip("exact", k, i) for i in gazetteer.index[k])]
    costs = spelling_costs(gazetteer) if settings.spelling_costs is None else settings.spelling_costs
    # Neither a match nor a rival can cost more than this: alignments above it are abandoned.
    cutoff = settings.spelling_max_cost_per_letter * len(key) + settings.spelling_margin
    # (A key of another length than the ratio allows is neither match nor rival.)
    scored = spelling_distances(key, [k for k, _, _ in process.extract(
        key, keys, scorer=fuzz.ratio, limit=settings.spelling_shortlist, score_cutoff=50)
        if min(len(key), len(k)) / max(len(key), len(k)) >= ratio], costs, cutoff)

    def places(k: str) -> list[int]:
        return [i for i in gazetteer.index[k] if gazetteer.entries[i].admin1 in provinces
                and not (skip and skip("exact", k, i))]

    if not scored:
        return [], None
    cost, found = scored[0]
    ids = places(found)
    own = {gazetteer.entries[i].place_id for i in ids}
    # Another place as close: the spelling cannot tell them apart (another key of the same place can).
    rival = next((c for c, k in scored[1:] if not own >= {gazetteer.entries[i].place_id for i in places(k)}), math.inf)
    per_letter = cost / len(key)
    if (per_letter > settings.spelling_max_cost_per_letter or rival - cost < settings.spelling_margin
            or len(found) < settings.spelling_min_key or not ids):
        return [], None
    return [gazetteer.entries[i] for i in ids], round(100 * (1 - per_letter), 1)


def lookup_candidates(gazetteer: Gazetteer, name: str, province: str | None = None,
                      limit: int = 10) -> list[tuple[float, GazetteerEntry]]:
    """Candidates for a spelling, best first: exact key matches (score 1.0), then fuzzy ones."""
    from rapidfuzz import fuzz, process

    key = name_key(name)
    provinces = [province] if province else []
    exact = gazetteer.candidates(key)
    out: list[tuple[float, GazetteerEntry]] = []
    if exact:
        ranked = sorted(exact, key=lambda e: (e.admin1 not in provinces, e.is_admin, -e.rank, -e.population))
        out = [(1.0, e) for e in ranked]
    if province and not exact:
        # The loader's own inexact stages (letters, skeleton, loose, fuzzy, vowels, site word, learned edits) in the province.
        cands, how, score = resolve_candidates(gazetteer, key, provinces)
        out += [(round((score or 100) / 100, 3), e) for e in cands]
    keys = [k for p in provinces for k in gazetteer.province_keys(p)] if provinces else list(gazetteer.index)
    for found, score, _ in process.extract(key, keys, scorer=fuzz.ratio, limit=limit, score_cutoff=70):
        if found == key:
            continue
        for e in gazetteer.candidates(found):
            if not provinces or e.admin1 in provinces:
                out.append((round(score / 100, 3), e))
    seen: set[str] = set()
    unique = []
    for score, e in out:
        if e.place_id not in seen:
            seen.add(e.place_id)
            unique.append((score, e))
    return unique[:limit]


def _specificity(r: GeoResult) -> int:
    return {GEO_EXACT: 0, GEO_APPROXIMATE: 1, GEO_REGION: 2}.get(r.geo_precision or 9, 9)


def _placed_at(m: PlaceMention, anchor: GeoResult) -> GeoResult:
    """A name without an entry of its own, placed approximately at another place of the text."""
    precision = GEO_REGION if anchor.geo_precision == GEO_REGION else GEO_APPROXIMATE
    return GeoResult(None, m.name, anchor.latitude, anchor.longitude, anchor.admin1, precision, 0.0, 0,
                     anchor.place_name)


def _anchor_unresolved(paragraph_mentions: list[list[PlaceMention]], relations: list[MentionRelations],
                       results: list[list[GeoResult]]) -> list[list[GeoResult]]:
    """Place names without an entry at the most specific place of their paragraph, else article.
    (`relations` unused: a pass takes what every article pass takes.)"""
    resolved_all = [r for row in results for r in row if r.resolved]
    article_anchor: GeoResult | None = None
    if resolved_all:
        counts = Counter(r.place_id for r in resolved_all)
        article_anchor = min(resolved_all, key=lambda r: (_specificity(r), -counts[r.place_id]))
    anchored_before: dict[str, GeoResult] = {}
    out: list[list[GeoResult]] = []
    for mentions, row in zip(paragraph_mentions, results):
        # The most specific resolved places of the paragraph, by position: the nearest one anchors.
        resolved = [(m2.start, r2) for m2, r2 in zip(mentions, row) if r2.resolved]
        best: list[tuple[int, GeoResult]] = []
        if resolved:
            top = min(_specificity(r2) for _, r2 in resolved)
            best = sorted(((pos, r2) for pos, r2 in resolved if _specificity(r2) == top), key=lambda t: t[0])
        starts = [pos for pos, _ in best]
        new_row = []
        for m, r in zip(mentions, row):
            if r.resolved or r.anchor:  # anchored already: at the place the text put it inside
                new_row.append(r)
                continue
            anchor = None
            if best:
                k = bisect_left(starts, m.start)
                near = [best[j] for j in (k - 1, k) if 0 <= j < len(best)]
                anchor = min(near, key=lambda t: abs(t[0] - m.start))[1]
            anchor = anchor or anchored_before.get(m.key) or article_anchor
            if anchor is None:
                new_row.append(r)
                continue
            anchored_before.setdefault(m.key, anchor)
            new_row.append(_placed_at(m, anchor))
        out.append(new_row)
    return out


# ---------------------------------------------------------------- passes over a paragraph and the article
#
# After each mention is resolved on its own (STAGES, then `choose_candidate`), what the text says
# of the mentions together corrects them, in this order: first within each paragraph of two or more
# mentions, then across the article.


@dataclass(frozen=True)
class ParagraphPass:
    name: str
    apply: Callable[[Gazetteer, list[PlaceMention], list[GeoResult], MentionRelations], list[GeoResult]]


@dataclass(frozen=True)
class ArticlePass:
    name: str
    apply: Callable[[list[list[PlaceMention]], list[MentionRelations], list[list[GeoResult]]], list[list[GeoResult]]]


PARAGRAPH_PASSES: list[ParagraphPass] = [
    ParagraphPass("inside the places the text names", _keep_inside_named_places),
    ParagraphPass("neighbourhoods in the city the sentence names", _keep_neighbourhoods_in_named_city),
]
ARTICLE_PASSES: list[ArticlePass] = [
    ArticlePass("one place per name", _one_place_per_name),
    ArticlePass("names without an entry at their paragraph's place", _anchor_unresolved),
]
