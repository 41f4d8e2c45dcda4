"""`eventmap gazetteer import`: GeoNames dumps (SY.txt, SY.zip, allCountries.zip) or a simple CSV.

Imported entries go to `data/user_gazetteer.tsv`, apart from the shipped gazetteer, so an upgrade
that replaces the shipped file keeps them. Importing the same file twice replaces, not duplicates.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator
from pathlib import Path

from eventmap.gazetteer import (
    GEONAMES_LICENCE,
    GazetteerEntry,
    latin_or_arabic,
    read_gazetteer_tsv,
    write_gazetteer_tsv,
)

GEONAMES_COLUMNS = 19
# GeoNames feature classes worth geocoding war reports to: populated places, admin units,
# terrain (mountains, plains), water (rivers, dams), areas and spots (airports, bases).
KEPT_CLASSES = frozenset("PATHLS")
ADMIN_CODES = {"ADM1": "governorate", "ADM2": "district", "ADM3": "subdistrict"}
CSV_REQUIRED = ("name", "latitude", "longitude")


def _feature(feature_class: str, feature_code: str, population: int) -> str:
    if feature_class == "A":
        return ADMIN_CODES.get(feature_code, "district")
    if feature_class == "P":
        if feature_code in ("PPLC", "PPLA") or population >= 100_000:
            return "city"
        return "town" if population >= 10_000 or feature_code == "PPLA2" else "village"
    return "place"


# GeoNames admin1 codes of Syria -> the governorate names the shipped gazetteer uses (OpenSyria's).
GEONAMES_ADMIN1 = {
    "01": "Al-Hasakah", "02": "Latakia", "03": "Quneitra", "04": "Raqqa", "05": "As-Suwayda", "06": "Daraa",
    "07": "Deir ez-Zor", "08": "Rif Dimashq", "09": "Aleppo", "10": "Hama", "11": "Homs", "12": "Idlib",
    "13": "Damascus", "14": "Tartus",
}


def _geonames_lines(path: Path) -> Iterator[tuple[int, str]]:
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as zf:
            members = [n for n in zf.namelist() if n.endswith(".txt") and not n.lower().startswith("readme")]
            if not members:
                raise ValueError(f"{path}: no .txt dump inside the zip")
            with zf.open(members[0]) as raw:
                yield from enumerate(io.TextIOWrapper(raw, encoding="utf-8"), start=1)
        return
    with open(path, encoding="utf-8") as fh:
        yield from enumerate(fh, start=1)


def read_geonames_dump(path: Path, country: str = "SY") -> list[GazetteerEntry]:
    """Syrian rows of a 19-column GeoNames dump, as gazetteer entries."""
    admin1 = GEONAMES_ADMIN1
    entries = []
    for lineno, line in _geonames_lines(path):
        cols = line.rstrip("\n").split("\t")
        if len(cols) != GEONAMES_COLUMNS:
            raise ValueError(f"{path}:{lineno}: expected {GEONAMES_COLUMNS} tab-separated GeoNames columns, found {len(cols)}")
        if cols[8] != country or cols[6] not in KEPT_CLASSES:
            continue
        try:
            lat, lon = float(cols[4]), float(cols[5])
            population = int(cols[14] or 0)
        except ValueError as exc:
            raise ValueError(f"{path}:{lineno}: bad number ({exc})") from exc
        alternates = [n for n in cols[3].split(",") if n]
        entries.append(GazetteerEntry(
            place_id=f"geonames:{cols[0]}", name=cols[1], latitude=lat, longitude=lon,
            admin1=admin1.get(cols[10], ""), feature=_feature(cols[6], cols[7], population),
            population=population, source="user", licence=GEONAMES_LICENCE,
            alt_names=tuple(latin_or_arabic([cols[2], *alternates])),
        ))
    return entries


def read_simple_csv(path: Path) -> list[GazetteerEntry]:
    """name, alternate_names (';' or '|'), latitude, longitude, admin1, feature, population."""
    entries = []
    with open(path, encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        columns = [c.strip().lower() for c in reader.fieldnames or []]
        missing = [c for c in CSV_REQUIRED if c not in columns]
        if missing:
            raise ValueError(f"{path}: missing column(s) {', '.join(missing)} (found {', '.join(columns) or 'none'})")
        for lineno, row in enumerate(reader, start=2):
            row = {k.strip().lower(): (v or "").strip() for k, v in row.items() if k}
            try:
                lat, lon = float(row["latitude"]), float(row["longitude"])
                population = int(float(row.get("population") or 0))
            except ValueError as exc:
                raise ValueError(f"{path}:{lineno}: bad number ({exc})") from exc
            if not row["name"]:
                continue
            alternates = [a.strip() for a in row.get("alternate_names", "").replace("|", ";").split(";") if a.strip()]
            feature = row.get("feature") or "village"
            entries.append(GazetteerEntry(
                place_id=f"user:{row['name'].lower()}:{lat:.4f},{lon:.4f}", name=row["name"], latitude=lat,
                longitude=lon, admin1=row.get("admin1", ""), feature=feature, population=population,
                source="user", licence=f"imported from {path.name}", alt_names=tuple(alternates),
            ))
    return entries


def import_gazetteer_file(path: Path, data_dir: Path) -> tuple[int, int]:
    """Add a file's entries to data/user_gazetteer.tsv (same place id: replaced); return (added, total)."""
    if path.suffix.lower() == ".csv":
        new = read_simple_csv(path)
    else:
        new = read_geonames_dump(path)
    if not new:
        raise ValueError(f"{path}: no Syrian entries found")
    user_file = data_dir / "user_gazetteer.tsv"
    existing = read_gazetteer_tsv(user_file) if user_file.exists() else []
    merged = {e.place_id: e for e in existing}
    merged.update({e.place_id: e for e in new})
    write_gazetteer_tsv(merged.values(), user_file)
    return len(new), len(merged)
