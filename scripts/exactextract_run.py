#!/usr/bin/env python3
"""exactextract's `sum` for every band of every raster over a zones file, as one CSV:
the reference side of the benchmark and of the benchmark-data check.

Usage: exactextract_run.py OUT.csv ZONES.geojson ID_FIELD RASTER [RASTER ...]
Columns: id, then <stem> (single band) or <stem>_b<N> (multi-band), like `worldpop-dhis2 zonal`.
"""
import csv
import json
import os
import sys

import rasterio
from exactextract import exact_extract


def main():
    out, zones, id_field, rasters = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
    with open(zones) as f:
        features = json.load(f)["features"]
    for i, feat in enumerate(features):
        feat["id"] = feat.get("properties", {}).get(id_field, i)
    columns, sums = [], {}
    for path in rasters:
        stem = os.path.splitext(os.path.basename(path))[0]
        with rasterio.open(path) as src:
            names = [stem] if src.count == 1 else [f"{stem}_b{b}" for b in range(1, src.count + 1)]
            rows = exact_extract(src, features, ["sum"], include_cols=["id"])
        for row in rows:
            p = row["properties"]
            values = [p["sum"]] if src.count == 1 else [p[f"band_{b}_sum"] for b in range(1, src.count + 1)]
            sums.setdefault(str(row["id"]), []).extend(values)
        columns += names
    with open(out, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["id"] + columns)
        for fid, values in sums.items():
            w.writerow([fid] + [repr(v) for v in values])


if __name__ == "__main__":
    main()
