"""Build data/boundaries/syria_rivers.geojson: the rivers the offline map draws.

From Natural Earth's 1:10m rivers and lake centrelines (public domain; the GeoJSON conversion of
github.com/martynafford/natural-earth-geojson, CC0, file 10m/physical/ne_10m_rivers_lake_centerlines):
the lines that cross Syria's bounding box (with a margin), cut to it, coordinates rounded to 4 decimals
(~10 m), with each river's name. Reports locate fighting by them ("east of the Euphrates").
Usage: python scripts/make_syria_rivers.py PATH/TO/ne_10m_rivers_lake_centerlines.json
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from eventmap.gazetteer import SYRIA_BOX

OUT = Path(__file__).resolve().parent.parent / "data" / "boundaries" / "syria_rivers.geojson"


def inside(point: list[float]) -> bool:
    south, north, west, east = SYRIA_BOX
    return west <= point[0] <= east and south <= point[1] <= north


def cut_to_box(line: list[list[float]]) -> list[list[list[float]]]:
    """The runs of a line's points inside the box (a run needs two points)."""
    runs, current = [], []
    for point in line:
        if inside(point):
            current.append([round(point[0], 4), round(point[1], 4)])
        elif current:
            runs.append(current)
            current = []
    runs.append(current)
    return [r for r in runs if len(r) > 1]


def main(source: str) -> None:
    features = json.loads(Path(source).read_text(encoding="utf-8"))["features"]
    out = []
    for f in features:
        geometry = f["geometry"]
        if not geometry:
            continue
        lines = [geometry["coordinates"]] if geometry["type"] == "LineString" else geometry["coordinates"]
        runs = [run for line in lines for run in cut_to_box(line)]
        if runs:
            name = f["properties"].get("name_en") or f["properties"].get("name") or ""
            out.append({"type": "Feature", "properties": {"name": name},
                        "geometry": {"type": "MultiLineString", "coordinates": runs}})
    OUT.write_text(json.dumps({"type": "FeatureCollection", "features": out}, ensure_ascii=False,
                              separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{len(out)} rivers written to {OUT}: {', '.join(sorted({f['properties']['name'] for f in out}))}")


if __name__ == "__main__":
    main(sys.argv[1])
