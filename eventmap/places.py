"""Find the villages, towns, cities and provinces a paragraph names.

Two passes over capitalised name runs: the gazetteer index (any spelling the matcher normalises to
a known key), and cue phrases ("the villages of X, Y and Z", "near X", "in X") for names the
gazetteer lacks. Armed groups, people, institutions, foreign countries and nationalities are
masked first, so "Liwa al-Quds (Jerusalem Brigade)" or "fighters from Saudi Arabia" never
become places.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, replace
from functools import lru_cache

from eventmap.names import ARTICLES, is_arabic, name_key, name_words, script_free_skeleton, word_key
from eventmap.wordlists import (
    COMMON_WORDS,
    ENGLISH_WORD_NAMES,
    ENGLISH_WORDS,
    GENERIC_TRAILING,
    GROUP_NAMES,
    GROUP_PREFIXES,
    KIND_WORDS,
    NAME_PREFIX_WORDS,
    NATIONALITIES,
    ORGANISATION_WORDS,
    PERSON_NAMES,
    PERSON_TITLES,
    SPEECH_VERBS,
    SPLIT_VILLAGE_QUALIFIERS,
    WATER_NAMES,
)

_TOKEN_RE = re.compile(r"[^\W\d_]+(?:['’ʿʾ`‘][^\W\d_]+)*", re.UNICODE)
_CONNECTOR_RE = re.compile(r"^(?: |-|- | -|–)$")
_POSSESSIVE = ("'s", "’s")

_STRONG_CUE = re.compile(
    r"\b(?P<kind>villages?|towns?|city|cities|areas?|regions?|neighbou?rhoods?|districts?|sub-districts?|"
    r"countryside|outskirts|suburbs?|provinces?|governorates?|hills?|mount|mountains?|camp|airport|"
    r"airbase|localit(?:y|ies)|farms?|heights|outpost|crossing)\s+of\s+(?:the\s+)?$",
    re.I,
)
_WEAK_CUE = re.compile(
    r"\b(?:near|in|at|towards?|around|outside|into|entered|captured|seized|liberated|recaptured|"
    r"stormed|retook|reached|besieged|shelled|bombed|targeted|(?:north|south|east|west)(?:east|west)?(?:ern)?\s+of|"
    r"side|of\s+the\s+(?:village|town|city)|"
    r"(?:strategic|nearby|key|besieged|rebel-held|government-held)?\s*(?:village|town|city|hilltop|area))\s+"
    r"(?:the\s+)?(?:(?:strategic|nearby|key|besieged|rebel-held|government-held|northern|southern|eastern|western|"
    r"small|large|border|village|town|city|area|region)\s+)*(?:of\s+)?$",
    re.I,
)
# The gap between two items of a list of places ("X, Y and Z", "Al-Tal & Wadi Barada").
LIST_GAP = re.compile(r"^(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or|&)\s+)$")


@dataclass(frozen=True)
class PlaceMention:
    """A place named in a paragraph, with offsets, as written and as keyed."""

    text: str  # as written, with an admin word if one follows ("Aleppo province")
    name: str  # the name alone ("Aleppo")
    key: str
    start: int
    end: int
    cue: str  # "gazetteer" or the cue phrase that marked an unknown name
    kind_hint: str = ""  # governorate | district | subdistrict | countryside | populated | ""
    in_gazetteer: bool = True


class _Token:
    __slots__ = ("text", "start", "end", "key", "capital", "article", "possessive")

    def __init__(self, text: str, start: int, end: int, possessive: bool) -> None:
        self.text, self.start, self.end, self.possessive = text, start, end, possessive
        first = text[0]
        self.capital = first.isupper() or "\u0600" <= first <= "\u06ff"
        self.article = text.lower() in ARTICLES
        # Only capitalised words and articles ever join a name: key only those.
        self.key = word_key(text) if self.capital or self.article else ""


# Only the words tokenize keeps: those not starting with an ASCII lower-case letter (checked again
# below for other scripts) and lower-case articles. Skipping the rest in the regex engine, not in
# Python, is a large share of the loader's time. Words are whole `_TOKEN_RE` words.
_WORD_CHARS = r"[^\W\d_]"
_JOINERS = "['’ʿʾ`‘]"
_NOT_INSIDE_WORD = rf"(?<!{_WORD_CHARS})(?<!{_WORD_CHARS}{_JOINERS})"
_CANDIDATE_RE = re.compile(
    _NOT_INSIDE_WORD + rf"(?:[^\W\d_a-z]|(?i:{'|'.join(sorted(ARTICLES, key=len, reverse=True))})"
    rf"(?!{_WORD_CHARS}|{_JOINERS}{_WORD_CHARS})|(?<=[A-Z][a-z]-)[a-z])" + rf"{_WORD_CHARS}*(?:{_JOINERS}{_WORD_CHARS}+)*",
)


def tokenize(text: str) -> list[_Token]:
    """Capitalised (or Arabic) words and Arabic articles; other words only break name runs, which
    the gap text between two kept tokens shows, so they are not kept."""
    tokens: list[_Token] = []
    for m in _CANDIDATE_RE.finditer(text):
        word = m.group(0)
        first = word[0]
        if "a" <= first <= "z" and word.lower() not in ARTICLES:
            # "Deir Ez-zor": a lower-case word after a capitalised article and its hyphen is the name's.
            if tokens and tokens[-1].article and tokens[-1].capital and tokens[-1].end == m.start() - 1:
                tok = _Token(word, m.start(), m.end(), False)
                tok.capital, tok.key = True, word_key(word)
                tokens.append(tok)
            continue
        if not first.isascii() and not (first.isupper() or "\u0600" <= first <= "\u06ff") \
                and word.lower() not in ARTICLES:
            continue
        start, end = m.start(), m.end()
        if len(word) > 3 and word.endswith(_POSSESSIVE):
            tokens.append(_Token(word[:-2], start, end - 2, True))
        else:
            tokens.append(_Token(word, start, end, False))
    return tokens


@lru_cache(maxsize=1024)
def analyse_text(text: str) -> tuple[list[_Token], list[list[int]], list[str]]:
    """Tokens, name runs and what each run is masked as ('group', 'person', ''), once per text."""
    tokens = tokenize(text)
    runs = _name_runs(text, tokens)
    return tokens, runs, [_masked_kind(text, tokens, run) for run in runs]


# Lower-case "at Bdama", "as Raqqa": English prepositions, not the Arabic article (which is written
# "at-Tall" or "At Tall"), except after a word that begins names (GeoNames' "Jubb as Sukkar").
_ENGLISH_ARTICLES = frozenset(("at", "as", "an"))


def _name_runs(text: str, tokens: list[_Token]) -> list[list[int]]:
    """Maximal runs of capitalised tokens (articles allowed inside) joined by spaces or hyphens."""
    runs: list[list[int]] = []
    current: list[int] = []
    for i, tok in enumerate(tokens):
        joined = bool(current) and bool(_CONNECTOR_RE.match(text[tokens[current[-1]].end:tok.start])) \
            and not tokens[current[-1]].possessive
        usable = tok.capital or (tok.article and i + 1 < len(tokens) and tokens[i + 1].capital
                                 and _CONNECTOR_RE.match(text[tok.end:tokens[i + 1].start])
                                 and not (tok.text in _ENGLISH_ARTICLES and text[tok.end:tok.end + 1] == " "
                                          and not (joined and tokens[current[-1]].key in _NAME_PREFIX_KEYS)))
        if usable and (joined or not current):
            current.append(i)
        else:
            if current:
                runs.append(current)
            current = [i] if usable else []
    if current:
        runs.append(current)
    # A run never ends on an article ("... al").
    return [r[: _last_non_article(tokens, r) + 1] for r in runs if _last_non_article(tokens, r) >= 0]


def _last_non_article(tokens: list[_Token], run: list[int]) -> int:
    for j in range(len(run) - 1, -1, -1):
        if not tokens[run[j]].article:
            return j
    return -1


# Lower-case words after a name that make it an armed force's name.
_FORCE_WORDS = frozenset("forces militia militias militiamen brigade brigades battalion battalions groups".split())


# "Servant of" begins a man's name: "Abdul-Qader", "Abdel Rahman".
_SERVANT_OF = frozenset("abdul abdel abd abdal abdol abdoul abdulla abdullah".split())
# "son of" inside a run makes it a person's name; an age after it ("Hafsa, 20,") too.
_PATRONYMIC = frozenset(("bin", "ibn", "bint"))
_AGE_AFTER = re.compile(r",\s+\d{1,2}(?:,|\s+and\b)")
# Words before a name that make it a broadcaster's or a paper's ("TV station al-Mayadeen").
_MEDIA_BEFORE = frozenset("tv television radio news satellite newspaper broadcaster".split())


_COMMA_SPEECH = re.compile(r" ?, ?(?:says|said|told)\b")
_IN_A_PLACE = frozenset("in at near into around outside across towards toward".split())
_PLACE_PREPOSITIONS = _IN_A_PLACE | {"of", "from", "to", "and", "or"}


def _masked_kind(text: str, tokens: list[_Token], run: list[int]) -> str:
    """'group', 'person' or '' : armed groups, institutions and people are never places."""
    words = [tokens[i].text.lower() for i in run]
    first, last = tokens[run[0]], tokens[run[-1]]
    before = text[max(0, first.start - 30):first.start].rstrip(" ").split()  # a comma ends a title's reach
    after = text[last.end:last.end + 20].lstrip(" ,").split(None, 1)
    return _kind_by_words(words) or _kind_by_neighbours(text, run, first, last, before, after)


def _kind_by_words(words: list[str]) -> str:
    """A group or a person by the run's own words."""
    if words[0] in GROUP_PREFIXES or words[-1] in ORGANISATION_WORDS:
        return "group"
    if all(w.rsplit("-", 1)[-1].strip("'’") in GROUP_NAMES or w in ARTICLES for w in words):
        return "group"  # "al-Nusra", "Daesh"; but "Kafr Hts" is a village
    if any(w in _PATRONYMIC for w in words[1:-1]):
        return "person"  # "Hajjaj Bin Fahed al-Ajami"
    for w in words:  # "President Assad", "Foreign Minister Walid al-Moallem"
        if w.rstrip(".") in PERSON_TITLES:
            return "person"
        if w not in COMMON_WORDS:
            break
    return ""


def _kind_by_neighbours(text: str, run: list[int], first: _Token, last: _Token, before: list[str],
                        after: list[str]) -> str:
    """A group or a person by the words around the run: a title, a medium, a speech verb, an age, forces."""
    if before and before[-1].lower().rstrip(".") in PERSON_TITLES:
        return "person"
    if before and (before[-1].lower() in _MEDIA_BEFORE or (
            len(before) > 1 and before[-1].lower() in ("station", "channel") and before[-2].lower() in _MEDIA_BEFORE)):
        return "group"  # "the Lebanese TV station al-Mayadeen" is no town on the Euphrates
    if after and after[0].rstrip(".,;:") in SPEECH_VERBS and _speaker(text, run, first, last, before):
        return "person"
    if _AGE_AFTER.match(text, last.end):
        return "person"  # "her friend Hafsa, 20, flew out"
    if after and after[0].rstrip(".,;:") in _FORCE_WORDS and text[last.end:last.end + 1] == " ":
        return "group"  # "al-Namer forces" (the Tiger Forces), not the village Naamer
    return ""


# Machine-translated reports put the speaker after the verb and drop the comma before it: "clashes
# broke out in Tadef said the activists", "Saraqib said a source".
_INVERTED_SPEAKER = re.compile(
    r"\s*,?\s*(?:said|says|told|reported|added|confirmed)\s+(?:the\s+|a\s+|an\s+|local\s+)?"
    r"(?:activists?|sources?|residents?|witnesses|observatory|monitor|officials?|reporters?|correspondents?|"
    r"medics?|rescuers?|people)\b", re.I)


def _speaker(text: str, run: list[int], first: _Token, last: _Token, before: list[str]) -> bool:
    """Before a speech verb: "Abdulrahman said", "adviser, Bouthaina Shaaban, said"; not "groups in
    Aleppo announced", "killed in Afrin, says military", "areas of Aleppo, told Reuters"."""
    if _INVERTED_SPEAKER.match(text, last.end):
        return False  # "... in Tadef said the activists": the speaker follows the verb
    preposition = before[-1] if before else ""
    if len(run) > 1 and first.key in _HOME_KEYS:
        preposition = ""  # "Representative in Syria Hana Singer said": a person after the country
    return not (preposition in _IN_A_PLACE
                or (preposition in _PLACE_PREPOSITIONS and _COMMA_SPEECH.match(text, last.end)))


def person_name_keys(text: str) -> frozenset[str]:
    """Keys of the words of people's names in a text ("Foreign Minister Walid al-Moallem" -> moallem, walid)."""
    tokens, runs, masks = analyse_text(text)
    keys = set()
    for run, mask in zip(runs, masks):
        if mask == "person":
            keys.update(tokens[i].key for i in run
                        if not tokens[i].article and tokens[i].text.lower().rstrip(".") not in PERSON_TITLES
                        and tokens[i].text.lower() not in COMMON_WORDS)
    return frozenset(k for k in keys if len(k) >= 3)


_GROUP_GLOSS = re.compile(r"\s*\([^()]{1,60}\)")
_KIND_AFTER = re.compile(  # any kind word (data/wordlists/kind_words.csv) right after the name
    r"['’]?[ -]+(" + "|".join(sorted(KIND_WORDS, key=len, reverse=True)) + r")\b", re.I)
_KIND_BEFORE = re.compile(
    r"\b(province|governorate|district|sub-district|countryside|city|town|village)\s+of\s+(?:the\s+)?$", re.I)


def _following_group_paren(text: str, end: int) -> int:
    """End of a '(Jerusalem Brigade)' gloss right after a masked group name, else `end`."""
    m = _GROUP_GLOSS.match(text, end)
    return m.end() if m else end


def _is_excluded_name(tokens: list[_Token], span: list[int], foreign: frozenset[str]) -> bool:
    words = [tokens[i].text.lower() for i in span if not tokens[i].article]
    if not words:
        return True
    if all(w in COMMON_WORDS or w in NATIONALITIES for w in words):
        return True
    if words[0] in NATIONALITIES or (len(words) == 1 and words[0] in WATER_NAMES):
        return True
    key = "".join(tokens[i].key for i in span)
    return key in foreign


def _span_key(tokens: list[_Token], span: list[int]) -> str:
    return "".join(tokens[i].key for i in span)


def _kind_hint(text: str, end: int, start: int) -> tuple[str, int]:
    """The place kind a following ('Aleppo province') or preceding ('city of X') word gives."""
    m = _KIND_AFTER.match(text[end:end + 20])
    if m:
        return KIND_WORDS[m.group(1).lower()], end + m.end()
    before = text[max(0, start - 40):start]
    b = _KIND_BEFORE.search(before)
    if b:
        return KIND_WORDS[b.group(1).lower()], end
    return "", end


def find_place_mentions(
    text: str, known_keys: dict[str, object] | frozenset[str] | set[str], foreign: frozenset[str] = frozenset(),
    max_words: int = 6, article_names: frozenset[str] = frozenset(), person_keys: frozenset[str] = frozenset(),
    obscure_keys: frozenset[str] = frozenset(),
) -> list[PlaceMention]:
    """Every place a paragraph names, in text order (duplicates kept; the caller merges them).

    `article_names` are keys of names the same article already marked as places with a cue
    ("the village of al-Muqayrat"), so a later bare "With al-Muqayrat under their control" counts.
    `obscure_keys`: known names only a village no report names carries (see `Gazetteer`); one word
    of them is a place only with a cue ("the village of Hawaz"), a kind word after it, or as the next
    item of a list of places ("the villages of Man'aya, Joukheh and ..."), as an English word is.
    """
    tokens, runs, masks = analyse_text(text)
    foreign_spans: list[tuple[int, int]] = []  # filled by the scan: foreign names the text holds
    mentions = _mentions_in_runs(text, tokens, runs, masks, known_keys, foreign, max_words, article_names,
                                 person_keys, obscure_keys, foreign_spans)
    return _mentions_in_context(text, mentions, foreign_spans, known_keys)


def _mentions_in_runs(text: str, tokens: list[_Token], runs: list[list[int]], masks: list[bool], known_keys,
                      foreign: frozenset[str], max_words: int, article_names: frozenset[str],
                      person_keys: frozenset[str], obscure_keys: frozenset[str],
                      foreign_spans: list[tuple[int, int]]) -> list[PlaceMention]:
    """The mentions of each run of capitalised words: known names, then cued unknown ones."""
    mentions: list[PlaceMention] = []
    masked_until = -1
    list_end = -1  # end of the last item of a list of places, for "X, Y and Z"
    for run, mask in zip(runs, masks):
        if tokens[run[0]].start < masked_until:
            continue
        if mask:
            masked_until = _following_group_paren(text, tokens[run[-1]].end)
            continue
        if person_keys and any(tokens[i].key in person_keys for i in run) and not any(
            tokens[i].key in known_keys for i in run if tokens[i].key not in person_keys
        ):
            continue  # a name the article gave a person earlier ("al-Moallem")
        found_in_run = _known_names_in_run(text, tokens, run, known_keys, foreign, max_words, article_names,
                                           foreign_spans, obscure_keys, list_end)
        if found_in_run:
            first = found_in_run[0]
            if not first.kind_hint and mentions and mentions[-1].kind_hint == "populated" and list_end >= 0 \
                    and LIST_GAP.match(text[list_end:first.start]):
                found_in_run[0] = replace(first, kind_hint="populated")  # "the villages of Azizia and Jamiliyyeh"
            mentions.extend(found_in_run)
            list_end = max(found_in_run[-1].end, tokens[run[-1]].end)
            continue
        unknown = _cued_unknown_name(text, tokens, run, foreign, list_end)
        if unknown:
            mentions.append(unknown)
            list_end = max(unknown.end, tokens[run[-1]].end)
        elif list_end >= 0 and LIST_GAP.match(text[list_end:tokens[run[0]].start]):
            list_end = tokens[run[-1]].end  # a list item that is no place keeps the list going
    return mentions


def _known_names_in_run(text: str, tokens: list[_Token], run: list[int], known_keys, foreign: frozenset[str],
                        max_words: int, article_names: frozenset[str], foreign_spans: list[tuple[int, int]],
                        obscure_keys: frozenset[str], list_end: int) -> list[PlaceMention]:
    """The gazetteer's names in one run (an obscure one only with a cue), and Arabic cued names."""
    found_in_run = _scan_gazetteer(text, tokens, run, known_keys, foreign, max_words, article_names, foreign_spans,
                                   obscure_keys)
    if obscure_keys:
        found_in_run = [m for m in found_in_run if m.key in article_names
                        or not _uncued_obscure_name(text, m, obscure_keys, list_end)]
    if is_arabic(tokens[run[0]].text):
        found_in_run += _arabic_cued_names(text, tokens, run, found_in_run)
        found_in_run.sort(key=lambda m: m.start)
    return found_in_run


def _mentions_in_context(text: str, mentions: list[PlaceMention], foreign_spans: list[tuple[int, int]],
                         known_keys) -> list[PlaceMention]:
    """The paragraph's mentions weighed against the whole paragraph: none beside a foreign place,
    none at all in a paragraph about abroad, Latin names over Arabic ones, "the capital"."""
    if foreign_spans:
        abroad = {m.key for m in mentions if _beside_foreign(text, m, foreign_spans)}
        mentions = [m for m in mentions if m.key not in abroad]  # "... retook Sinjar last fall" too
        if not any(m.in_gazetteer for m in mentions) and _abroad_beyond_origins(text, foreign_spans):
            # "to speak at the Brandenburg Gate ... Ukraine, North Korea, Libya": a paragraph that names
            # foreign places and no Syrian one is about abroad; its names the gazetteer lacks are too.
            mentions = []
    if any(is_arabic(m.name) for m in mentions):
        mentions = _latin_over_arabic(text, mentions)
    if "apital" in text and not foreign_spans and CAPITAL_KEY in known_keys:
        capital = [PlaceMention(text=c.group(0), name=c.group(0), key=CAPITAL_KEY, start=c.start(), end=c.end(),
                                cue="the capital", kind_hint="populated") for c in _THE_CAPITAL.finditer(text)]
        if capital:
            mentions = sorted(mentions + capital, key=lambda m: m.start)
    return mentions


_BILINGUAL_GAP = re.compile(r"^[\s,،\u0600-\u06FF]*$")  # the rest of an Arabic name the match left out
_LATIN_LETTER = re.compile(r"[A-Za-z]")


def _latin_over_arabic(text: str, mentions: list[PlaceMention]) -> list[PlaceMention]:
    """"حمرة بلاسم, Hamra Blassem village": a name in Arabic right before its Latin letters is the
    same place; the Latin name is read whole, the Arabic may be matched by its first word alone."""
    return [m for m, nxt in zip(mentions, [*mentions[1:], None])
            if not (nxt and is_arabic(m.name) and not _LATIN_LETTER.search(m.name) and not is_arabic(nxt.name)
                    and _BILINGUAL_GAP.match(text[m.end:nxt.start]) and _writes_the_same(m.name, nxt.name))]


def _writes_the_same(arabic: str, latin: str) -> bool:
    """The Latin name writes the Arabic one (or begins or ends with it: "مزرعة القحطانية Mazra'at al
    Kahtaniya village" is matched by its second word): not "حي الجميلي Raqqa", a
    neighbourhood then its city."""
    from rapidfuzz import fuzz  # only for bilingual lines: not at start-up

    a, b = script_free_skeleton(arabic), script_free_skeleton(latin)
    short, long_ = sorted((a, b), key=len)
    return bool(short) and (long_.startswith(short) or long_.endswith(short) or fuzz.ratio(a, b) >= 70)


# "Clashes south of the capital": a Syrian report's capital is Damascus, unless it names another
# ("the capital Ankara", "the capital of the Caliphate") or the paragraph names a foreign place.
CAPITAL_KEY = name_key("Damascus")
_THE_CAPITAL = re.compile(r"\b[Tt]he\s+[Cc]apital\b(?!['’]s|\s+(?:of\b|[A-Z\u0600-\u06FF])|,\s+[A-Z])")


# "the town of Makhmour, east of Mosul", "the village of Badadoun, Lebanon", "an embassy in London":
# a name the gazetteer lacks that the text puts in, by or in a list with a foreign place is foreign too.
_IN_OR_BY = re.compile(r"^(?:\s*,\s*|\s+in\s+(?:the\s+)?)(?:(?:north|south|east|west)(?:ern)?\s+of\s+(?:the\s+)?)?$")


# Foreign-list names that hold Syria ("Raqqa city, Raqqa governorate, Syria"): no foreign context.
_HOME_KEYS = frozenset(name_key(n) for n in ("Syria", "Syrian Arab Republic", "Levant", "Middle East", "Asia"))


_FROM_BEFORE = re.compile(r"\bfrom\s+(?:the\s+)?$", re.I)


# Syria's neighbours: "the village of X on the border with Turkey" is still in Syria.
_NEIGHBOUR_KEYS = frozenset(name_key(n) for n in ("Turkey", "Iraq", "Lebanon", "Jordan", "Israel", "Palestine"))


def _abroad_beyond_origins(text: str, foreign_spans: list[tuple[int, int]]) -> bool:
    """True when a foreign place other than a neighbouring country is named, and not in a list of
    where people come from ("foreign fighters from Saudi Arabia, Turkey, Chechnya": the seed's
    village is still in Syria)."""
    spans = sorted(foreign_spans)
    origin = False
    for k, (start, end) in enumerate(spans):
        listed = k > 0 and LIST_GAP.match(text[spans[k - 1][1]:start])
        origin = (origin and bool(listed)) or bool(_FROM_BEFORE.search(text, max(0, start - 12), start))
        if not origin and name_key(text[start:end]) not in _NEIGHBOUR_KEYS:
            return True
    return False


# "Mount Sinjar, in northern Iraq", "a hotel in Sousse suburbs in Tunisia": even a gazetteer name
# (Sinjar in Idlib, Al-Susah on the Euphrates) is the foreign place.
_IN_FOREIGN_COUNTRY = re.compile(
    r"^(?:\s*,|\s+(?:suburbs?|outskirts|city|town|resort|area|region))?\s+in\s+(?:the\s+)?"
    r"(?:(?:north|south|east|west)(?:ern)?(?:-?(?:east|west)(?:ern)?)?\s+)?$")


# "Afrin in Turkey's offensive", "Jarabulus in Turkey-backed hands": the country is not where it lies.
_NOT_THE_COUNTRY_ITSELF = re.compile(r"['’-]")


def _beside_foreign(text: str, mention: PlaceMention, foreign_spans: list[tuple[int, int]]) -> bool:
    """A name the gazetteer lacks in, by or in a list with a foreign place; any name the text says
    lies in a foreign country."""
    # The spans are in text order and do not overlap: only those within a few words are looked at.
    k = bisect_left(foreign_spans, (mention.end, 0))
    while k < len(foreign_spans) and foreign_spans[k][0] <= mention.end + _NEAR_GAP:
        after = text[mention.end:foreign_spans[k][0]]
        if mention.in_gazetteer:
            beside = _IN_FOREIGN_COUNTRY.match(after) and not _NOT_THE_COUNTRY_ITSELF.match(text, foreign_spans[k][1])
        else:
            beside = _IN_OR_BY.match(after) or LIST_GAP.match(after)
        if beside:
            return True
        k += 1
    if mention.in_gazetteer:
        return False
    k = bisect_left(foreign_spans, (mention.start, 0)) - 1
    while k >= 0 and foreign_spans[k][1] >= mention.start - _NEAR_GAP:
        if foreign_spans[k][1] <= mention.start and LIST_GAP.match(text[foreign_spans[k][1]:mention.start]):
            return True
        k -= 1
    return False


# The gaps these patterns accept are a few words: no need to cut longer ones out of a long paragraph.
_NEAR_GAP = 60


def _scan_gazetteer(text: str, tokens: list[_Token], run: list[int], known_keys, foreign, max_words: int,
                    article_names: frozenset[str] = frozenset(),
                    foreign_spans: list[tuple[int, int]] | None = None,
                    obscure_keys: frozenset[str] = frozenset()) -> list[PlaceMention]:
    found = []
    # "the eastern Ghouta": a lower-case direction before the run may begin a gazetteer name.
    direction = _DIRECTION_BEFORE.search(text, max(0, tokens[run[0]].start - 12), tokens[run[0]].start)
    i = 0
    while i < len(run):
        matched = 0
        for n in range(min(max_words, len(run) - i), 0, -1):
            span = run[i:i + n]
            if tokens[span[-1]].article:
                continue
            key = _span_key(tokens, span)
            directed = _directed_mention(text, direction, tokens[span[-1]].end, key, known_keys) \
                if i == 0 and direction else None
            if directed is not None:
                found.append(directed)
                matched = n
                break
            if key in foreign:
                matched = n  # consume "Saudi Arabia" so "Arabia" is not tried alone
                # A whole name run only ("Sallaleh" of "Sallaleh al-Kabireh" keys like Salalah in Oman),
                # without an Arabic article ("al Sina'a", "Al Romaniya" key like a Turkish town and
                # Romania): else no evidence that the names beside it are foreign.
                if foreign_spans is not None and n == len(run) and key not in _HOME_KEYS \
                        and not tokens[span[0]].article:
                    foreign_spans.append((tokens[span[0]].start, tokens[span[-1]].end))
                break
            known = key in known_keys
            if len(key) >= 3 and (known or key in article_names) and not _is_excluded_name(tokens, span, foreign):
                if _inside_longer_name(text, tokens, run, i, n):
                    break  # "Kafr" of "Kafr Nabl": the run names another place the gazetteer lacks
                start, end = tokens[span[0]].start, tokens[span[-1]].end
                hint, text_end = _kind_hint(text, end, start)
                vetoed = _known_name_vetoed(text, tokens, run, i, span, (start, end), hint, known_keys, obscure_keys)
                if vetoed:
                    matched = vetoed
                    break
                found.append(PlaceMention(
                    text=text[start:text_end], name=text[start:end], key=key, start=start, end=text_end,
                    cue="gazetteer" if known else "named earlier in the article", kind_hint=hint,
                    in_gazetteer=known,
                ))
                matched = n
                break
        i += matched or 1
    return found


def _known_name_vetoed(text: str, tokens: list[_Token], run: list[int], i: int, span: list[int],
                       where: tuple[int, int], hint: str, known_keys, obscure_keys: frozenset[str]) -> int:
    """How many tokens to pass over when a known name here is no place (0: it is one)."""
    start, end = where
    n = len(span)
    names = [tokens[j].text.lower() for j in span if not tokens[j].article]
    if n == 1 and tokens[span[0]].text in _ARABIC_KIND_WORDS and i + 1 < len(run):
        return n  # "مزرعة الرشيد" is the Rashid farm, not the village Mazraa
    if _foreign_kind_before(text, start):
        return n  # "the Iraqi town of Sinjar" is not Sinjar in Idlib
    if n == 1 and _is_acronym(text, tokens[span[0]].text, start):
        return n  # "ADRA" (an aid agency) is not Adra
    if n == 1 and i == 0 and len(run) == 2 and not is_arabic(tokens[run[0]].text) \
            and text[end:tokens[run[1]].start] == " " and _begins_unknown_name(tokens[run[1]], known_keys, obscure_keys):
        return len(run)  # "Baal Shamin" (a temple), "Hanaa Singer": not the village Baal
    if len(names) == 1 and not hint and _needs_cue(text, tokens, span, names[0], start):
        return n  # "Assad", "Has": a person or an English word unless the text says it is a place
    return 0


_DIRECTION_BEFORE = re.compile(r"\b(eastern|western|northern|southern)\s+$")


def _directed_mention(text: str, direction: re.Match, end: int, key: str, known_keys) -> PlaceMention | None:
    """'the eastern Ghouta': a gazetteer place whose name begins with the direction the text writes in
    lower case before the run ('eastern Aleppo' stays Aleppo: no such entry)."""
    directed = word_key(direction.group(1)) + key
    if directed not in known_keys:
        return None
    hint, text_end = _kind_hint(text, end, direction.start())
    return PlaceMention(text=text[direction.start():text_end], name=text[direction.start():end], key=directed,
                        start=direction.start(), end=text_end, cue="gazetteer", kind_hint=hint)


# A lower-case preposition or verb right before a name: "in Has", "near Has". Case-sensitive, so a
# title-case headline's "In Dam" is no cue.
_LOWER_CASE_CUE = re.compile(r"\b(?:in|near|at|into|towards?|around|outside|entered|captured|shelled|bombed|"
                             r"targeted|stormed|seized|(?:village|town|city)(?: of)?)\s+(?:the\s+)?$")


def _is_acronym(text: str, word: str, start: int) -> bool:
    """A short all-capitals word in text that is not itself in capitals (a shouted headline)."""
    if not (1 < len(word) <= 5 and word.isupper()):
        return False
    around = text[max(0, start - 40):start + 45]
    return sum(c.isupper() for c in around) < 0.5 * sum(c.isalpha() for c in around)


def _is_arabic_article(text: str, tok: _Token) -> bool:
    """An article token that is not the English "As", "At" or "An" of a title-case headline (the
    lower-case ones with a space never join a name run)."""
    if not tok.article:
        return False
    return tok.text[0].islower() or tok.text.lower() not in _ENGLISH_ARTICLES or text[tok.end:tok.end + 1] in "-'’"


def _has_arabic_article(text: str, tokens: list[_Token], span: list[int]) -> bool:
    return any(_is_arabic_article(text, tokens[i]) for i in span)


def _needs_cue(text: str, tokens: list[_Token], span: list[int], word: str, start: int) -> bool:
    """True when a one-word gazetteer match is a person's name ("al-Assad") or an English word
    ("Has"; with an Arabic article it is no English word) and nothing before it says it is a place."""
    if word in PERSON_NAMES:
        return not _STRONG_CUE.search(text[max(0, start - 40):start])
    if word in ENGLISH_WORD_NAMES and not _has_arabic_article(text, tokens, span):
        return not _cue_before(text, start)
    return False


def _uncued_obscure_name(text: str, m: PlaceMention, obscure_keys: frozenset[str], list_end: int) -> bool:
    """One word only an obscure village carries, with no cue, kind word or list before it ("Roman",
    "al-Baghdadi", "Jihad")."""
    if m.key not in obscure_keys or m.kind_hint or m.cue != "gazetteer" or len(
            [w for w in name_words(m.name) if w.lower() not in ARTICLES]) != 1:
        return False
    in_list = list_end >= 0 and bool(LIST_GAP.match(text[list_end:m.start]))
    return not (in_list or _cue_before(text, m.start))


def _cue_before(text: str, start: int) -> bool:
    """'the village of', or a lower-case 'in', 'near', 'captured' right before `start`."""
    before = text[max(0, start - 40):start]
    return bool(_STRONG_CUE.search(before) or _LOWER_CASE_CUE.search(before))


def _begins_unknown_name(tok: _Token, known_keys, obscure_keys: frozenset[str] = frozenset()) -> bool:
    """True when a word after a one-word gazetteer name makes the two one name the gazetteer lacks:
    a capitalised word that is no place (or only an obscure village's name: "Shamin" of the temple of
    Baal Shamin), kind word, title or word of English prose."""
    w = tok.text.lower()
    return not tok.article and not is_arabic(tok.text) and not tok.text.isupper() and len(tok.key) >= 3 \
        and (tok.key not in known_keys or tok.key in obscure_keys) and not _is_generic(tok) and w not in ENGLISH_WORDS \
        and w.rstrip(".") not in PERSON_TITLES and tok.key not in _QUALIFIER_KEYS \
        and w != "badia"  # "Homs Badia": the desert of Homs, so Homs it stays


def _is_generic(tok: _Token) -> bool:
    w = tok.text.lower()
    return w in GENERIC_TRAILING or w in COMMON_WORDS or w in NATIONALITIES


_QUALIFIER_KEYS = frozenset(word_key(w) for w in SPLIT_VILLAGE_QUALIFIERS)
# Keys, so every spelling the name normalisation folds together counts ("Kafer", "Kherbet", "Jebel").
_NAME_PREFIX_KEYS = frozenset(word_key(w) for w in NAME_PREFIX_WORDS)


def _inside_longer_name(text: str, tokens: list[_Token], run: list[int], i: int, n: int) -> bool:
    """True when a match is only part of a longer name: 'Sallaleh' of 'Sallaleh al-Kabireh' (the run
    goes on with an article), 'Kafr' or 'Nabl' of 'Kafr Nabl'."""
    before = [j for j in run[:i] if not tokens[j].article]
    if before and tokens[before[-1]].key in _NAME_PREFIX_KEYS:
        return True  # "Nabl" of "Kafr Nabl"
    if before and tokens[before[-1]].text.lower() in _SERVANT_OF:
        return True  # "Qader" of "Ahmad Sheikh Abdul-Qader", a person
    after = run[i + n:]
    if not after:
        return False
    if _is_arabic_article(text, tokens[after[0]]):
        return True  # but "Homs As Sarin Attack Seen" is a headline
    kind_after = _KIND_WORD_AFTER.match(text, tokens[run[-1]].end)
    if kind_after and not kind_after.group(1).startswith("neighbo"):
        # "Hamra Blassem village", "حمرة بلاسم Hamra Blassem village": the kind word follows the whole
        # name, not "Hamra" (a run may give a name in Arabic, then in Latin letters: each is one name).
        # A neighbourhood's name may begin with its city's ("Abu Kamal Sena'a neighbourhood").
        arabic = [is_arabic(tokens[j].text) for j in run]
        latin_from = arabic.index(False) if False in arabic else len(run)
        segment_end = latin_from if i < latin_from else len(run)
        if i in (0, latin_from) and i + n < segment_end and not any(arabic[latin_from:]) \
                and not any(_is_generic(tokens[j]) for j in run[i + n:segment_end]):
            return True
    return n == 1 and tokens[run[i]].key in _NAME_PREFIX_KEYS and not _is_generic(tokens[after[0]])


def _cued_unknown_name(text: str, tokens: list[_Token], run: list[int], foreign, list_end: int = -1) -> PlaceMention | None:
    """A name the gazetteer lacks, taken as a place only when the text says so: a cue before it ("the
    village of"), a kind word after it, a list of places it continues. Each veto below has the
    headline that asked for it."""
    span, kind_after = _name_span(text, tokens, run)
    if not span or len(span) > 5 or _is_excluded_name(tokens, span, foreign):
        return None
    words = [tokens[i].text for i in span if not tokens[i].article]
    arabic_article = _has_arabic_article(text, tokens, span)
    if _never_a_place_name(tokens, span, words, foreign, arabic_article):
        return None
    person = any(w.lower() in PERSON_NAMES for w in words)  # "John F", unless the text says it is a place
    start, end = tokens[span[0]].start, tokens[span[-1]].end
    if tokens[span[0]].article and start > 0 and text[start - 1].isalpha():
        return None
    window = max(0, start - 200)  # a bounded look back keeps huge paragraphs linear
    sentence_start = max(text.rfind(". ", window, start), text.rfind("; ", window, start), window - 1) + 1
    before = text[max(sentence_start, start - 60):start]
    strong = _STRONG_CUE.search(before)
    # (the first item may begin with a word that is no name: "Small Hermushiya")
    cue, by_kind_word = (strong.group(0).strip(), False) if strong else _weaker_cue(
        text, before, (sentence_start, tokens[run[0]].start, start), list_end, kind_after)
    if by_kind_word:
        # "(S1412a) الرقة al Badou neighbourhood": the Latin name is the one the kind word follows.
        latin = _latin_tail(tokens, span)
        if latin:
            span = latin
            start = tokens[span[0]].start
            words = [tokens[i].text for i in span if not tokens[i].article]
    if _vetoed_despite_cue(text, tokens, span, words, (start, end), cue, strong, kind_after, person,
                           arabic_article, before):
        return None
    hint, text_end = _kind_hint(text, end, start)
    if strong and not hint:
        kind = strong.group("kind").lower()
        hint = "populated" if kind.startswith(("village", "town", "cit")) else ""
    return PlaceMention(
        text=text[start:text_end], name=text[start:end], key=_span_key(tokens, span), start=start, end=text_end,
        cue=cue, kind_hint=hint, in_gazetteer=False,
    )


def _name_span(text: str, tokens: list[_Token], run: list[int]) -> tuple[list[int], re.Match[str] | None]:
    """The run without generic trailing words and leading common words, and the kind word after it
    (a Latin name after an Arabic one takes the kind word: "حمرة بلاسم Hamra Blassem village")."""
    span = list(run)
    while span and tokens[span[-1]].text.lower() in GENERIC_TRAILING:
        span.pop()
    while span and tokens[span[0]].text.lower() in COMMON_WORDS and not tokens[span[0]].article:
        span.pop(0)
    kind_after = _KIND_WORD_AFTER.match(text, tokens[span[-1]].end) if span else None
    if kind_after and not kind_after.group(1).startswith("neighbo"):
        span = _latin_tail(tokens, span) or span
    return span, kind_after


def _never_a_place_name(tokens: list[_Token], span: list[int], words: list[str], foreign, arabic_article: bool) -> bool:
    """Whatever the cue: acronyms, people's long names, English words, a foreign city beside a name."""
    if any(len(w) > 1 and w.isupper() for w in words):
        return True  # acronyms (ISIS, NDF, SANA) are not places
    if len(words) > 3:
        return True  # people: "Abu Mohammad al-Adnani"
    if not arabic_article and all(w.lower() in ENGLISH_WORDS for w in words):
        return True  # "Bomb Blast", "Continued" in a title-case headline; "al-Tank" is Arabic
    # "in Tehran Adnan Mahmoud": a foreign city, then a name; "in Rixos President Astana hotel"
    return any(not tokens[span[k]].article and not tokens[span[k - 1]].article and (
        _span_key(tokens, span[:k]) in foreign or _span_key(tokens, span[k:]) in foreign) for k in range(1, len(span)))


def _weaker_cue(text: str, before: str, where: tuple[int, int, int], list_end: int,
                kind_after: re.Match[str] | None) -> tuple[str, bool]:
    """Without a strong cue: a weak one, the list the name continues, a list after a colon, or the
    kind word after the name ('' when none); and whether the cue is that kind word.
    `where`: the sentence's start, the run's start and the name's start."""
    sentence_start, run_start, start = where
    weak = _WEAK_CUE.search(before)
    if weak:
        return weak.group(0).strip(), False
    if list_end >= 0 and LIST_GAP.match(text[list_end:start]):
        return "list", False
    if _LIST_AFTER_COLON.search(text, max(sentence_start, run_start - 120), run_start):
        return "list", False  # "SDF captured 4 villages in Deir-Ez-Zor countryside: Tal Kasrah, ..."
    return (kind_after.group(1), True) if kind_after else ("", False)


def _vetoed_despite_cue(text: str, tokens: list[_Token], span: list[int], words: list[str], where: tuple[int, int],
                        cue: str, strong: re.Match[str] | None, kind_after: re.Match[str] | None, person: bool,
                        arabic_article: bool, before: str) -> bool:
    start, end = where
    if person and not kind_after:
        return True  # but "Al Qastal Al Ghazi village" is a village
    if strong and _foreign_kind_before(text, start):
        return True  # "the Russian city of Leningrad"
    if len(words) == 1 and word_key(words[0]) in _NAME_PREFIX_KEYS and not any(tokens[i].article for i in span):
        return True  # "Shekh", "Kafr", "Jubb" alone: the rest of a name the text broke ("Khan al_Shekh")
    if not cue or len("".join(tokens[i].key for i in span)) < 3:
        return True
    if len(words) == 1 and words[0].lower() in ENGLISH_WORD_NAMES and not strong and cue != "list" \
            and not arabic_article and not _LOWER_CASE_CUE.search(before):
        return True  # "Clashes In Has": a title-case headline's word, not a cue
    # "Civilians Killed in Overnight Syria Airstrikes": capitals say nothing in a headline
    return not strong and cue != "list" and not kind_after and not arabic_article and _in_title_case(text, start, end)


# "the Iraqi town of", "the Turkish border town of": a foreign people's word before the kind word.
# Syria's own peoples' words say nothing ("the Kurdish town of Kobani", "the Palestinian camp").
_PEOPLE_KIND_OF = re.compile(
    r"\b([A-Z][a-z]+)\s+(?:border\s+)?(?:city|town|village|capital|port|province|region)\s+of\s+(?:the\s+)?$")
_SYRIAN_PEOPLES = frozenset(
    "syrian kurdish kurd arab arabic turkmen armenian assyrian palestinian circassian druze alawite".split())


def _foreign_kind_before(text: str, start: int) -> bool:
    m = _PEOPLE_KIND_OF.search(text, max(0, start - 45), start)
    return bool(m) and (w := m.group(1).lower()) in NATIONALITIES and w not in _SYRIAN_PEOPLES


_CLAUSE_BREAK = re.compile(r"[.;:!?|]")
_LONG_WORD = re.compile(r"[^\W\d_]{4,}")


def _in_title_case(text: str, start: int, end: int) -> bool:
    """True when the clause around a name writes its other long words capitalised, as headlines do
    (three such words at least, none in lower case)."""
    window_start = max(0, start - 120)
    breaks = [m.end() for m in _CLAUSE_BREAK.finditer(text, window_start, start)]
    clause_start = breaks[-1] if breaks else window_start
    after = _CLAUSE_BREAK.search(text, end, end + 120)
    clause_end = after.start() if after else min(len(text), end + 120)
    words = _LONG_WORD.findall(text, clause_start, start) + _LONG_WORD.findall(text, end, clause_end)
    return len(words) >= 3 and all(w[0].isupper() for w in words)


def _latin_tail(tokens: list[_Token], span: list[int]) -> list[int]:
    """The Latin words that end a name given first in Arabic ("الرقة al Badou"), else []."""
    latin = [i for i in span if not is_arabic(tokens[i].text)]
    return latin if latin and len(latin) < len(span) and span[-len(latin):] == latin else []


# A colon after a clause that counts settlements begins a list of them (the first item has no other cue).
_LIST_AFTER_COLON = re.compile(
    r"\b(?:villages|towns|cities|areas|localities|hamlets|farms|neighbou?rhoods)\b[^.;:]{0,80}:\s*(?:the\s+)?$", re.I)


# A settlement's kind word, lower-case, right after a name: SOHR's "bombardment on Kafruma town",
# "Rebels advance in Hendarat camp" (as a cue of its own: "on" cues nothing).
_KIND_WORD_AFTER = re.compile(r"[ -](town|village|city|camp|neighbou?rhood)\b")


_ARABIC_CUES = frozenset("قرية قرى مدينة بلدة بلدات منطقة مناطق حي أحياء ريف محافظة بلدتي قريتي".split())
# Words for a kind of site, written before its name: alone they may be a village's name (مزرعة,
# Mazraa), before a name they are the kind word ("farm", "roundabout", "school").
_ARABIC_KIND_WORDS = _ARABIC_CUES | frozenset(
    "مزرعة مزارع دوار شارع جسر مدرسة مسجد جامع مشفى مستشفى سوق فرن مركز مديرية معمل ساحة حديقة كنيسة "
    "حارة".split())  # (حارة, a town quarter: "حارة البدو" is Raqqa's al-Badu quarter, not the village Harah)


def _arabic_cued_names(text: str, tokens: list[_Token], run: list[int], found: list[PlaceMention]) -> list[PlaceMention]:
    """Arabic names the gazetteer lacks, after a cue word (قرية المقيرات: the village of al-Muqayrat)."""
    out = []
    taken = [(m.start, m.end) for m in found]
    for a, b in zip(run, run[1:]):
        if tokens[a].text in _ARABIC_CUES and not any(s <= tokens[b].start < e for s, e in taken):
            tok = tokens[b]
            if tok.text in _ARABIC_CUES or len(tok.key) < 3:
                continue
            out.append(PlaceMention(text=tok.text, name=tok.text, key=tok.key, start=tok.start, end=tok.end,
                                    cue=tokens[a].text, kind_hint="populated", in_gazetteer=False))
    return out


# What a paragraph's text says of its mentions, beyond each one: which sentence it stands in and
# which place the text puts it inside or beside. Read here once, from the text, for the geocoder.

# An Arabic name may stand between a text's words and the Latin name they lead to ("near دبسي عفنان
# Dibsi Afnan", "neighbourhood of الرقة Raqqa city"): the patterns below allow it before their end.
_ARABIC_WORDS = r"(?:[\u0600-\u06FF]+\s+)*"
# "Madaya town in Afrin", "Sheikh Saed in Aleppo", "al-Duwair village in the countryside of Homs":
# the text puts a place inside another. Lower-case words allowed between "in" and that place:
_INSIDE = re.compile(
    r"^\s+in\s+(?:the\s+)?(?:(?:(?:north|south)?-?(?:north|south|east|west)(?:ern)?|rural|countryside|outskirts|"
    r"suburbs?|vicinity|area|region|province|governorate|city|town|district|desert|cent(?:er|re)|heart|parts?|"
    r"besieged)\s+){0,3}(?:of\s+)?(?:the\s+)?" + _ARABIC_WORDS + "$")
# "Al Safsaf village near Tabaqa": beside another. ("Manbij northeast of Aleppo" is 80 km away: a
# direction from a city names its region, not its surroundings.)
_BESIDE = re.compile(r"^\s*,?\s+(?:near|close\s+to|outside)\s+(?:the\s+)?(?:(?:city|town|village)\s+of\s+)?"
                     + _ARABIC_WORDS + "$")


# "X neighbourhood of Y", and where in Y it lies ("west of Al-Raqqah city", "at the center of Homs
# city", "south of the capital Damascus"): a neighbourhood is inside its city, whatever the direction.
_NEIGHBOURHOOD_OF = re.compile(
    r"^\s+(?:(?:in|at|on)\s+the\s+)?(?:(?:(?:north|south)?-?(?:north|south|east|west)(?:ern)?|cent(?:er|re)|"
    r"outskirts|edge|heart|part|side)\s+){0,2}of\s+(?:the\s+)?(?:capital\s+)?" + _ARABIC_WORDS + "$")
# A comma (after a kind word the mention leaves out: "Al Hazzam area, Abu Kamal", "Fardous, and Bedo
# neighborhoods, Raqqa city", or a gloss: "al Hadika
# al Baidaa [the White Garden] area, Raqqah city"; before a direction: "Al Safsaf village, western Raqqa
# countryside", "Saif al Dawla Street, central Raqqa city"), or the space between a place's Arabic and
# Latin names ("البوكمال Abu Kamal"); Arabic words may come before the next part ("Raqqa سوق الهال Raqqa governorate").
_COMMA = re.compile(r"^\s*(?:\[[^\]]{0,40}\]\s*)?(?:(?:area|areas|farms?|market|school|street|road|"
                    r"neighbou?rhoods?)\s*){0,2},\s*"
                    r"(?:(?:(?:north|south|east|west)(?:ern)?(?:-?(?:east|west)(?:ern)?)?|central)\s+)?"
                    + _ARABIC_WORDS + r"$|^\s+" + _ARABIC_WORDS + "$", re.I)


# An address names a few levels at most (neighbourhood, city, district, governorate): looking no
# further keeps a paragraph listing thousands of villages by commas linear, and its villages apart.
_ADDRESS_MAX_PARTS = 4


def _address_tail(text: str, mentions: list[PlaceMention], i: int) -> list[int]:
    """"Ferdous neighbourhood, Raqqa city, Raqqa governorate, Syria": the mentions after `i`, joined
    by commas (`_COMMA`) alone, up to one the text calls a governorate; [] when the commas reach none."""
    tail: list[int] = []
    j = i
    while j + 1 < min(len(mentions), i + 1 + _ADDRESS_MAX_PARTS) and _COMMA.match(
            text[mentions[j].end:mentions[j + 1].start]):
        j += 1
        tail.append(j)
        if mentions[j].kind_hint == "governorate":
            return tail
    return []


def containing_mentions(text: str, mentions: list[PlaceMention]) -> dict[int, tuple[list[int], bool]]:
    """For each mention the text puts inside ("X in Y", "X and Z in the countryside of Y and W", an
    address "X, Y city, Y governorate", "X neighbourhood of Y") or beside ("X near Y") others: the
    indices of those others, and True for inside."""
    related: dict[int, tuple[list[int], bool]] = {}
    for i in range(len(mentions) - 1):
        gap = text[mentions[i].end:mentions[i + 1].start]
        others = _address_tail(text, mentions, i)
        inside = bool(others) or bool(_INSIDE.match(gap)) or (
            mentions[i].kind_hint == "neighbourhood" and bool(_NEIGHBOURHOOD_OF.match(gap)))
        if not inside and not _BESIDE.match(gap):
            continue
        others = others or [i + 1]
        while others[-1] + 1 < len(mentions) and LIST_GAP.match(
                text[mentions[others[-1]].end:mentions[others[-1] + 1].start]):
            others.append(others[-1] + 1)
        related.setdefault(i, (others, inside))
        j = i  # "Kafr Nabl and Anadan in the countryside of Idlib": both are inside
        while j > 0 and LIST_GAP.match(text[mentions[j - 1].end:mentions[j].start]):
            j -= 1
            related.setdefault(j, (others, inside))
    return related


# "al-Bab city northeast of Aleppo", "Manbij, 80 km northeast of Aleppo", "Tal Rifaat, located north of the
# city of Aleppo": a direction from a place locates another one (too far off to place it, see _BESIDE).
_DIRECTION_OF = re.compile(
    r"^\s*(?:(?:city|town|village|area|district|subdistrict)\s*)?,?\s*(?:(?:which\s+is|located|lying|situated)\s+)?"
    r"(?:(?:about|some|around|nearly|roughly|almost)\s+)?(?:\d+(?:\.\d+)?\s*(?:-\s*)?"
    r"(?:km|kms|kilometers?|kilometres?|miles?)\s+)?(?:to\s+the\s+)?"
    r"(?:north|south|east|west)(?:-?(?:east|west))?(?:ern)?\s+of\s+(?:the\s+)?"
    r"(?:(?:city|town|village|province|governorate|capital)\s+(?:of\s+)?)?" + _ARABIC_WORDS + "$", re.I)


def locating_mentions(text: str, mentions: list[PlaceMention], containers: dict[int, tuple[list[int], bool]]) -> frozenset[int]:
    """The mentions the text names only to locate another: the place a mention is in or beside
    (`containing_mentions`: "Kafr Nabl in the countryside of Idlib", "X, Raqqa city, Raqqa governorate")
    and the place a direction is taken from ("al-Bab city northeast of Aleppo"). Context for the
    mention they locate, not an event of their own."""
    located_by = {j for others, _ in containers.values() for j in others}
    located_by |= {i + 1 for i in range(len(mentions) - 1)
                   if _DIRECTION_OF.match(text[mentions[i].end:mentions[i + 1].start])}
    return frozenset(located_by)


_SENTENCE_BREAK = re.compile(r"[.!?;][\"'”’)]?\s+(?=[\"“(]?[A-Z\u0600-\u06FF])")


def mentions_by_sentence(text: str, mentions: list[PlaceMention]) -> list[list[PlaceMention]]:
    """The mentions of a paragraph grouped by the sentence they start in."""
    starts = [m.end() for m in _SENTENCE_BREAK.finditer(text)]
    groups: dict[int, list[PlaceMention]] = {}
    for m in mentions:
        groups.setdefault(bisect_right(starts, m.start), []).append(m)
    return list(groups.values())


@dataclass(frozen=True)
class MentionRelations:
    """A paragraph's mentions grouped by sentence, for each mention the text puts inside or beside
    others the indices of those (`containing_mentions`) and True for inside, and the mentions named only
    to locate another (`locating_mentions`)."""

    sentences: list[list[PlaceMention]]
    containers: dict[int, tuple[list[int], bool]]
    locators: frozenset[int] = frozenset()


NO_RELATIONS = MentionRelations([], {})


def relate_mentions(text: str, mentions: list[PlaceMention]) -> MentionRelations:
    """What the paragraph `text` says of its `mentions` (one mention is its own sentence's only one)."""
    if len(mentions) < 2:
        return MentionRelations([mentions], {})
    containers = containing_mentions(text, mentions)
    return MentionRelations(mentions_by_sentence(text, mentions), containers,
                            locating_mentions(text, mentions, containers))
