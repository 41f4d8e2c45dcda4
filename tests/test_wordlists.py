"""The word lists are data files: each says what it is for, and holds words the scanner can match."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventmap.wordlists import (
    GAZETTEER_BUILD_DIR,
    KIND_WORDS,
    WORDLISTS_DIR,
    read_grouped_pairs,
    read_name_list,
    read_word_list,
)

LIST_FILES = sorted(WORDLISTS_DIR.glob("*.txt")) + sorted(WORDLISTS_DIR.glob("*.csv")) + sorted(
    GAZETTEER_BUILD_DIR.iterdir())


@pytest.mark.parametrize("path", LIST_FILES, ids=lambda p: p.name)
def test_every_list_says_what_it_is_for(path: Path):
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# ") and len(first) > 30, f"{path.name} needs a '#' line saying what it is for"


@pytest.mark.parametrize("path", sorted(WORDLISTS_DIR.glob("*.txt")), ids=lambda p: p.name)
def test_words_are_lower_case_as_the_scanner_compares_them(path: Path):
    # The scanner lower-cases a word before it looks it up: a capitalised entry would never match.
    words = read_word_list(path.stem)
    assert words
    assert not [w for w in words if w != w.lower()]


def test_kind_words_name_the_kinds_the_geocoder_knows():
    assert KIND_WORDS["province"] == "governorate" and KIND_WORDS["camp"] == "populated"
    assert set(KIND_WORDS.values()) == {"governorate", "district", "subdistrict", "countryside", "populated",
                                        "area", "neighbourhood"}


def test_lists_read_from_another_folder(tmp_path: Path):
    (tmp_path / "x.txt").write_text("# what x is for\n\nalpha beta\ngamma\n", encoding="utf-8")
    (tmp_path / "names.txt").write_text("# names\nWest Bank\nGaza\n", encoding="utf-8")
    (tmp_path / "pairs.csv").write_text("# pairs\nplace,name\nEastern Ghouta,Ghouta\nEastern Ghouta,East Ghouta\n",
                                        encoding="utf-8")
    assert read_word_list("x", tmp_path) == {"alpha", "beta", "gamma"}
    assert read_name_list("names", tmp_path) == ["West Bank", "Gaza"]
    assert read_grouped_pairs("pairs", tmp_path) == {"Eastern Ghouta": ("Ghouta", "East Ghouta")}
