#!/usr/bin/env python3
"""Writes Tests/Fixtures/repair/: 150 irregular units tiling the bundled Aruba raster, five of them
broken as imported boundaries often are — three bow-ties, one spike, one ring not closed — and
exactextract's sums over the same units repaired by shapely's make_valid (GEOS, polygonal part).

Deterministic. Usage: python3 scripts/make_repair_fixture.py  (needs shapely, exactextract, rasterio)
"""
import csv
import json
import random

import rasterio
from exactextract import exact_extract
from shapely.geometry import MultiPolygon, Polygon, mapping, shape
from shapely.validation import make_valid

RASTER = "Samples/abw_ppp_2020_UNadj_constrained.tif"
OUT = "Tests/Fixtures/repair"
X0, Y0 = -70.063749705, 12.624583484
DX, DY = 0.000833333331933, 0.000833333329412
W, H = 238, 255
COLS, ROWS = 15, 10


def grid_point(i, j, rng):
    """A jittered grid node shared by the four units around it, so that the units tile."""
    x = X0 + (W * DX) * i / COLS
    y = Y0 - (H * DY) * j / ROWS
    if 0 < i < COLS and 0 < j < ROWS:
        x += rng.uniform(-0.2, 0.2) * W * DX / COLS
        y += rng.uniform(-0.2, 0.2) * H * DY / ROWS
    return (x, y)


def main():
    rng = random.Random(7)
    nodes = {(i, j): grid_point(i, j, rng) for i in range(COLS + 1) for j in range(ROWS + 1)}
    features = []
    for j in range(ROWS):
        for i in range(COLS):
            k = j * COLS + i
            a, b, c, d = nodes[(i, j)], nodes[(i + 1, j)], nodes[(i + 1, j + 1)], nodes[(i, j + 1)]
            ring = [a, d, c, b, a]  # counter-clockwise (y decreases with j)
            kind = "ok"
            if k in (17, 64, 111):
                ring = [a, c, b, d, a]  # a bow-tie: two edges cross in the middle
                kind = "bow-tie"
            elif k == 88:
                mid = ((a[0] + d[0]) / 2, (a[1] + d[1]) / 2)
                tip = (mid[0] - 0.3 * (b[0] - a[0]), mid[1])
                ring = [a, mid, tip, mid, d, c, b, a]  # a spike out and back along one line
                kind = "spike"
            coords = [list(p) for p in ring]
            if k == 130:
                coords = coords[:-1]  # the ring is not closed
                kind = "unclosed"
            features.append({"type": "Feature", "id": f"u{k:03d}",
                             "properties": {"id": f"u{k:03d}", "name": f"Unit {k}", "defect": kind},
                             "geometry": {"type": "Polygon", "coordinates": [coords]}})
    with open(f"{OUT}/units.geojson", "w") as f:
        json.dump({"type": "FeatureCollection", "features": features}, f)
    # The reference: the same repairs shapely makes (rings closed, make_valid, polygonal part).
    repaired = []
    for feat in features:
        ring = feat["geometry"]["coordinates"][0]
        if ring[0] != ring[-1]:
            ring = ring + [ring[0]]
        geom = make_valid(Polygon(ring))
        parts = [g for g in getattr(geom, "geoms", [geom]) if g.geom_type in ("Polygon", "MultiPolygon")]
        polys = [p for g in parts for p in getattr(g, "geoms", [g])]
        repaired.append({"type": "Feature", "id": feat["id"], "properties": {"id": feat["id"]},
                         "geometry": mapping(MultiPolygon(polys))})
    with rasterio.open(RASTER) as src:
        rows = exact_extract(src, repaired, ["sum"], include_cols=["id"])
    areas = {r["id"]: shape(r["geometry"]).area for r in repaired}
    with open(f"{OUT}/expected_exactextract.csv", "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["id", "sum", "area_deg2"])
        for r in rows:
            fid = str(r["id"])
            w.writerow([fid, repr(float(r["properties"]["sum"])), repr(areas[fid])])


if __name__ == "__main__":
    main()
