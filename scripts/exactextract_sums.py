#!/usr/bin/env python3
"""Reference sums from exactextract, for the test fixtures and the benchmark comparison.

Usage: exactextract_sums.py RASTER ZONES.geojson ID_FIELD > expected.csv
Writes `id,sum,count` with full double precision (repr), one row per feature, using
exactextract's Python package (pip install exactextract rasterio) on the same files our tests use.
"""
import json
import sys

import rasterio
from exactextract import exact_extract


def main():
    raster, zones, id_field = sys.argv[1], sys.argv[2], sys.argv[3]
    with open(zones) as f:
        features = json.load(f)["features"]
    for i, feat in enumerate(features):  # exactextract's JSON source reads the id from "id"
        feat["id"] = feat.get("properties", {}).get(id_field, i)
    with rasterio.open(raster) as src:
        rows = exact_extract(src, features, ["sum", "count"], include_cols=["id"])
    print("id,sum,count")
    for row in rows:
        p = row["properties"]
        print(f"{row['id']},{p['sum']!r},{p['count']!r}")


if __name__ == "__main__":
    main()
