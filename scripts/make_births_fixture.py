#!/usr/bin/env python3
"""Births and pregnancies grids for Aruba, laid out like WorldPop's 2015 v2 1 km grids
(`ABW_births_pp_v2_2015.tif`, `ABW_pregs_pp_v2_2015.tif`: people per 1 km cell, float32, nodata
-99999), on a 30 arc-second grid of their own (not the 100 m population grid), and exactextract's sums
of each over the sample districts, with the population's.

Synthetic: WorldPop publishes no births for Aruba (a high-income country). The births follow the
population (about 1.2 % a year, with noise), the pregnancies are 1.3 times the births.

Usage: python3 scripts/make_births_fixture.py   (needs numpy, rasterio, exactextract)
"""
import json
import pathlib

import numpy as np
import rasterio
from exactextract import exact_extract
from rasterio.transform import from_origin

root = pathlib.Path(__file__).resolve().parent.parent
population = root / "Samples/abw_ppp_2020_UNadj_constrained.tif"
zones = root / "Samples/aruba-districts.geojson"
out = root / "Tests/Fixtures/births"

cell = 1 / 120
transform = from_origin(-70.0625, 12.625, cell, cell)
shape = (24, 22)
with rasterio.open(population) as src:
    pop = src.read(1, masked=True)
    # Population per 1 km cell (its 100 m cells' centres), for births that follow people.
    rows, cols = np.nonzero(~pop.mask)
    xs, ys = rasterio.transform.xy(src.transform, rows, cols)
people = np.zeros(shape)
for x, y, v in zip(xs, ys, pop.compressed()):
    r, c = int((12.625 - y) / cell), int((x + 70.0625) / cell)
    if 0 <= r < shape[0] and 0 <= c < shape[1]:
        people[r, c] += v
rng = np.random.default_rng(2015)
births = np.where(people > 0, people * 0.012 * rng.uniform(0.8, 1.2, shape), -99999).astype("float32")
pregnancies = np.where(people > 0, births * 1.3, -99999).astype("float32")
profile = dict(driver="GTiff", width=shape[1], height=shape[0], count=1, dtype="float32", crs="EPSG:4326",
               transform=transform, nodata=-99999, compress="deflate")
for name, grid in [("ABW_births_pp_v2_2015.tif", births), ("ABW_pregs_pp_v2_2015.tif", pregnancies)]:
    with rasterio.open(out / name, "w", **profile) as dst:
        dst.write(grid, 1)

with open(zones) as f:
    features = json.load(f)["features"]
rows = {}
for key, path in [("births", out / "ABW_births_pp_v2_2015.tif"), ("pregnancies", out / "ABW_pregs_pp_v2_2015.tif"),
                  ("population", population)]:
    with rasterio.open(path) as src:
        for row in exact_extract(src, features, ["sum"], include_cols=["id"]):
            rows.setdefault(row["id"], {})[key] = row["properties"]["sum"]
with open(out / "expected_exactextract.csv", "w") as f:
    f.write("id,births,pregnancies,population\n")
    for fid in sorted(rows):
        r = rows[fid]
        f.write(f"{fid},{r['births']!r},{r['pregnancies']!r},{r['population']!r}\n")
