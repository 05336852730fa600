#!/usr/bin/env python3
"""A third opinion on one zone's sum, for the benchmark: the zone cut against every cell of its bounding
box by GEOS (shapely's intersection area ÷ cell area), times the cell's value, added up — slow, but
with no coverage algorithm of its own. Usage: cell_by_cell_sum.py ZONES.geojson RASTER ID"""
import json
import sys

import numpy as np
import rasterio
import shapely


def main():
    zones, raster, fid = sys.argv[1], sys.argv[2], sys.argv[3]
    with open(zones) as f:
        features = json.load(f)["features"]
    g = next(shapely.geometry.shape(f["geometry"]) for f in features if str(f["properties"].get("id")) == fid)
    with rasterio.open(raster) as src:
        t = src.transform
        minx, miny, maxx, maxy = g.bounds
        c0, c1 = int((minx - t.c) / t.a), int((maxx - t.c) / t.a) + 1
        r0, r1 = int((t.f - maxy) / -t.e), int((t.f - miny) / -t.e) + 1
        a = src.read(1, window=rasterio.windows.Window(c0, r0, c1 - c0, r1 - r0)).astype(np.float64)
        nd = src.nodata
    total = 0.0
    for r in range(r1 - r0):
        for c in range(c1 - c0):
            if a[r, c] == nd:
                continue
            x0, y1 = t.c + (c0 + c) * t.a, t.f + (r0 + r) * t.e
            cell = shapely.box(x0, y1 + t.e, x0 + t.a, y1)
            if g.intersects(cell):
                total += a[r, c] * g.intersection(cell).area / cell.area
    print(repr(float(total)))


if __name__ == "__main__":
    main()
