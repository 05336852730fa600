#!/usr/bin/env python3
"""A degree-of-urbanisation grid for Aruba, laid out like WorldPop's DUG (L1 classes 3 urban centre,
2 urban cluster, 1 rural), on the grid of the bundled Aruba population raster, and exactextract's
sums of the population masked by each class over the sample districts.

Synthetic: WorldPop publishes no DUG file we could fetch here. The classes follow the population
(dense cells urban), with a band of nodata cells (unclassified) so that "no class" is exercised.

Usage: python3 scripts/make_urbanisation_fixture.py   (needs numpy, rasterio, exactextract)
Writes Tests/Fixtures/urbanisation/ABW_DUG_2020_GRID_L1_R2025A_v1.tif and expected_exactextract.csv.
"""
import json
import pathlib

import numpy as np
import rasterio
from exactextract import exact_extract

root = pathlib.Path(__file__).resolve().parent.parent
population = root / "Samples/abw_ppp_2020_UNadj_constrained.tif"
zones = root / "Samples/aruba-districts.geojson"
out = root / "Tests/Fixtures/urbanisation"
grid_path = out / "ABW_DUG_2020_GRID_L1_R2025A_v1.tif"

with rasterio.open(population) as src:
    pop = src.read(1)
    profile = src.profile
    nodata = src.nodata
valid = pop != nodata
classes = np.full(pop.shape, 1, dtype=np.uint8)
classes[valid & (pop >= 8)] = 2
classes[valid & (pop >= 20)] = 3
classes[100:104, :] = 255  # a band of cells with no class
profile.update(dtype="uint8", nodata=255, compress="deflate", predictor=1)
with rasterio.open(grid_path, "w", **profile) as dst:
    dst.write(classes, 1)

with open(zones) as f:
    features = json.load(f)["features"]
rows = {}
for value, key in [(3, "urban-centre"), (2, "urban-cluster"), (1, "rural")]:
    masked = np.where(classes == value, pop, nodata).astype(pop.dtype)
    profile_pop = dict(profile, dtype=pop.dtype, nodata=nodata)
    path = out / f"masked_{key}.tif"
    with rasterio.open(path, "w", **profile_pop) as dst:
        dst.write(masked, 1)
    with rasterio.open(path) as src:
        for row in exact_extract(src, features, ["sum"], include_cols=["id"]):
            rows.setdefault(row["id"], {})[key] = row["properties"]["sum"]
    path.unlink()
with rasterio.open(population) as src:
    for row in exact_extract(src, features, ["sum"], include_cols=["id"]):
        rows[row["id"]]["total"] = row["properties"]["sum"]
with open(out / "expected_exactextract.csv", "w") as f:
    f.write("id,urban-centre,urban-cluster,rural,total\n")
    for fid in sorted(rows):
        r = rows[fid]
        f.write(f"{fid},{r['urban-centre']!r},{r['urban-cluster']!r},{r['rural']!r},{r['total']!r}\n")
