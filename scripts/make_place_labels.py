"""Build data/boundaries/syria_place_labels.json: the names the offline map draws, from the gazetteer.

The map has no tiles offline (no internet at run time), so it names places itself: the fourteen
governorates from zoom 6, the cities from 7, the towns from 9, and the villages reports name (Who's
On First's and GeoNames' villages that a report source also lists) from 12. Each label is
[latitude, longitude, name, minimum zoom, kind]; names are the gazetteer's, without diacritics.
Rerun after `eventmap gazetteer build`: tests/test_event_map.py checks the file matches.
Usage: python scripts/make_place_labels.py
"""

from __future__ import annotations

import json
from pathlib import Path

from eventmap.gazetteer import GazetteerEntry, default_data_dir, read_gazetteer_tsv
from eventmap.names import strip_diacritics

OUT = Path(__file__).resolve().parent.parent / "data" / "boundaries" / "syria_place_labels.json"
# (feature, prominence) -> minimum zoom and kind; other entries get no label.
LABEL_ZOOM = {("governorate", 0): (6, "governorate"), ("city", 0): (7, "city"), ("town", 0): (9, "town"),
              ("village", 1): (12, "village")}


def place_labels(entries: list[GazetteerEntry]) -> list[list]:
    """The labels of the entries the map names, biggest first (so the biggest win where labels meet)."""
    chosen = [(e, LABEL_ZOOM[(e.feature, e.prominence)]) for e in entries if (e.feature, e.prominence) in LABEL_ZOOM]
    chosen.sort(key=lambda ez: (ez[1][0], -ez[0].population, ez[0].place_id))
    return [[round(e.latitude, 5), round(e.longitude, 5), strip_diacritics(e.name).replace("‘", "'").replace("’", "'"),
             zoom, kind] for e, (zoom, kind) in chosen]


def main() -> None:
    labels = place_labels(read_gazetteer_tsv(default_data_dir() / "gazetteer.tsv"))
    OUT.write_text(json.dumps(labels, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{len(labels)} labels written to {OUT}")


if __name__ == "__main__":
    main()
