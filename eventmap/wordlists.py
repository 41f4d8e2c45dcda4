"""The word lists the text scanner and the geocoder read, loaded from `data/wordlists/`.

Each list is a text file there (`#` lines say what it is for and where it came from; the words are
separated by white space), so a newcomer finds and edits knowledge without reading code. Foreign
countries and cities come from GeoNames (built into `data/foreign_names.txt`); the lists here are
the words GeoNames has no file for: nationalities, common English words met capitalised in
headlines, the words that mark armed groups, people and institutions, and the words that say what
kind of place a name is. `data/gazetteer_build/` holds the lists only `eventmap gazetteer build` reads.
"""

from __future__ import annotations

import csv
from pathlib import Path

# Knowledge ships with the code (not with EVENTMAP_DATA, which holds the user's gazetteer).
WORDLISTS_DIR = Path(__file__).resolve().parent.parent / "data" / "wordlists"
GAZETTEER_BUILD_DIR = WORDLISTS_DIR.parent / "gazetteer_build"


def _content_lines(path: Path) -> list[str]:
    return [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip() and not line.startswith("#")]


def read_word_list(name: str, folder: Path = WORDLISTS_DIR) -> frozenset[str]:
    """The words of `folder/name.txt`."""
    return frozenset(word for line in _content_lines(folder / f"{name}.txt") for word in line.split())


def read_name_list(name: str, folder: Path = GAZETTEER_BUILD_DIR) -> list[str]:
    """The names of `folder/name.txt`, one per line (names hold spaces), in file order."""
    return [line.strip() for line in _content_lines(folder / f"{name}.txt")]


def read_pairs(name: str, folder: Path = WORDLISTS_DIR) -> list[tuple[str, str]]:
    """The rows of the two-column CSV `folder/name.csv`, header skipped, in file order."""
    rows = csv.reader(_content_lines(folder / f"{name}.csv"))
    next(rows)
    return [(a, b) for a, b in rows]


def read_grouped_pairs(name: str, folder: Path = GAZETTEER_BUILD_DIR) -> dict[str, tuple[str, ...]]:
    """The two-column CSV `folder/name.csv` as first column -> its second-column values, in file order."""
    grouped: dict[str, tuple[str, ...]] = {}
    for key, value in read_pairs(name, folder):
        grouped[key] = (*grouped.get(key, ()), value)
    return grouped


NATIONALITIES = read_word_list("nationalities")
WATER_NAMES = read_word_list("water_names")
COMMON_WORDS = read_word_list("common_words")
ORGANISATION_WORDS = read_word_list("organisation_words")
GROUP_PREFIXES = read_word_list("group_prefixes")
GROUP_NAMES = read_word_list("group_names")
NOT_PLACE_ALIASES = read_word_list("not_place_aliases")
PERSON_TITLES = read_word_list("person_titles")
PERSON_NAMES = read_word_list("person_names")
ENGLISH_WORD_NAMES = read_word_list("english_word_names")
SPEECH_VERBS = read_word_list("speech_verbs")
NAME_PREFIX_WORDS = read_word_list("name_prefix_words")
SPLIT_VILLAGE_QUALIFIERS = read_word_list("split_village_qualifiers")
GENERIC_TRAILING = read_word_list("generic_trailing")
SITE_WORDS = read_word_list("site_words")
FUZZY_PREFIX_KEYS = read_word_list("fuzzy_prefix_keys")
ENGLISH_WORDS = read_word_list("english_words")  # generated: scripts/make_english_words.py
SEATS_OF_GOVERNMENT = read_word_list("seats_of_government")
KIND_WORDS = dict(read_pairs("kind_words"))  # word after or before a name -> the kind of place it says
