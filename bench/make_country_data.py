#!/usr/bin/env python3
"""Country-scale benchmark data (ours; deterministic): a DR-Congo-sized population grid and its
nested boundaries, for the country rows of `make bench`.

Raster: EPSG:4326, 3 arc-second cells (1/1200 deg), 24000 x 20000 cells (20.0 x 16.7 deg), Float32,
        nodata -99999 outside the country, DEFLATE, tiled 512 x 512 (WorldPop's R2025A layout);
        unsettled land 0, settlements lognormal around smooth clusters; about 100 million people.
Zones:  the country (a coastline that wanders at every scale), 26 provinces and 546 health zones,
        nested exactly: a zone's boundary is its province's boundary where they meet, and the
        provinces tile the country; about half a million vertices in all (written in full precision).
Files written to $ZONAL_OUT (default ./bench-data/):
  country_pop.tif      the raster (about 0.5 GB; made in strips of 512 rows, so memory stays small)
  country_zones.geojson  573 features: id, name, level (1 country, 2 province, 3 health zone), parent
Needs numpy, scipy, rasterio, shapely (as bench/make_data.py). Usage: make_country_data.py
"""
import json
import math
import os

import numpy as np
import rasterio
import shapely
from rasterio.features import rasterize
from rasterio.transform import from_origin
from scipy import ndimage

SEED = 20261201
OUT = os.environ.get("ZONAL_OUT", "bench-data")
RES = 1.0 / 1200.0
X0, Y0 = 12.0, 5.4
W, H = 24000, 20000
NODATA = -99999.0
TOTAL_POP = 1.0e8
PROVINCES, ZONES = 26, 546
COAST_VERTICES = 60_000
BLOCK = 512
XMIN, XMAX, YMIN, YMAX = X0, X0 + W * RES, Y0 - H * RES, Y0


def country(rng):
    """A star-shaped outline around the centre whose radius wanders at every scale (amplitude ~ 1/f)."""
    cx, cy = (XMIN + XMAX) / 2, (YMIN + YMAX) / 2
    a = np.linspace(0, 2 * np.pi, COAST_VERTICES, endpoint=False)
    r = np.ones_like(a)
    for f in range(2, 400):
        r += 0.18 / f ** 0.95 * np.sin(f * a + rng.uniform(0, 2 * np.pi))
    r = np.maximum(r, 0.6)
    rx, ry = 0.47 * (XMAX - XMIN) / r.max(), 0.47 * (YMAX - YMIN) / r.max()
    ring = np.column_stack([cx + rx * r * np.cos(a), cy + ry * r * np.sin(a)])
    shape = shapely.make_valid(shapely.Polygon(ring))
    return max(getattr(shape, "geoms", [shape]), key=lambda g: g.area)


def wiggle(line, rng, seg, rough):
    """Midpoint displacement of a straight chain: one shared, self-avoiding boundary for both sides."""
    pts = np.asarray(line.coords)
    out = [pts[0]]
    for p, q in zip(pts[:-1], pts[1:]):
        chain = np.array([p, q])
        while np.hypot(*(chain[1] - chain[0])) > seg:
            d = chain[1:] - chain[:-1]
            n = np.column_stack([-d[:, 1], d[:, 0]])
            mid = (chain[:-1] + chain[1:]) / 2 + n * rough * rng.uniform(-1, 1, (len(d), 1))
            nxt = np.empty((2 * len(chain) - 1, 2))
            nxt[0::2], nxt[1::2] = chain, mid
            chain = nxt
        out.extend(chain[1:])
    return shapely.LineString(out)


def health_zones(rng, land):
    """546 Voronoi cells with wiggled edges, polygonized (so neighbours share every vertex), cut to the land."""
    minx, miny, maxx, maxy = land.bounds
    box = shapely.box(minx - 0.01, miny - 0.01, maxx + 0.01, maxy + 0.01)
    seeds = []
    while len(seeds) < ZONES:
        p = shapely.Point(rng.uniform(minx, maxx), rng.uniform(miny, maxy))
        if land.contains(p):
            seeds.append(p)
    edges = shapely.voronoi_polygons(shapely.MultiPoint(seeds), extend_to=box, only_edges=True)
    chains = shapely.line_merge(shapely.union_all([edges.intersection(box), box.boundary]))
    for rough in (0.12, 0.06, 0.0):
        wiggled = [wiggle(c, rng, 0.005, rough) for c in chains.geoms]
        if shapely.union_all(wiggled).is_simple or rough == 0:
            break
    cells = list(shapely.polygonize(list(shapely.union_all(wiggled).geoms)).geoms)
    zones = []
    for cell in cells:
        part = shapely.make_valid(cell.intersection(land))
        if part.area > 0:
            zones.append(part)
    return zones


def nested(rng):
    land = country(rng)
    zones = health_zones(rng, land)
    centres = np.array([[z.centroid.x, z.centroid.y] for z in zones])
    heads = centres[rng.choice(len(zones), PROVINCES, replace=False)]
    province_of = np.argmin(((centres[:, None, :] - heads[None, :, :]) ** 2).sum(-1), axis=1)
    provinces = [shapely.union_all([z for z, p in zip(zones, province_of) if p == k]) for k in range(PROVINCES)]
    features = [("COD", "Country", 1, None, land)]
    features += [(f"P{k:02d}", f"Province {k:02d}", 2, "COD", g) for k, g in enumerate(provinces) if not g.is_empty]
    features += [(f"Z{i:03d}", f"Health zone {i:03d}", 3, f"P{province_of[i]:02d}", z) for i, z in enumerate(zones)]
    return land, features


def write_raster(rng, land):
    coarse = ndimage.gaussian_filter(rng.standard_normal((H // 40, W // 40)), 2.5)
    towns = np.zeros_like(coarse)
    idx = rng.choice(towns.size, 400, replace=False)
    towns.flat[idx] = rng.lognormal(4.0, 1.0, 400)
    towns = ndimage.gaussian_filter(towns, 1.5)
    field = np.exp(1.2 * coarse).astype(np.float32) + towns.astype(np.float32)
    threshold = np.quantile(field, 0.55)
    profile = dict(driver="GTiff", dtype="float32", nodata=NODATA, width=W, height=H, count=1, crs="EPSG:4326",
                   transform=from_origin(X0, Y0, RES, RES), compress="deflate", tiled=True,
                   blockxsize=BLOCK, blockysize=BLOCK, BIGTIFF="IF_SAFER")
    # Each strip has its own seed, so the strips can be drawn twice: once for the total, once scaled to TOTAL_POP.
    def strip(r0, rows, transform):
        inside = rasterize([land], out_shape=(rows, W), transform=transform, fill=0, default_value=1, dtype="uint8").astype(bool)
        f = np.repeat(np.repeat(field[r0 // 40:(r0 + rows + 39) // 40], 40, axis=0)[r0 % 40:r0 % 40 + rows], 40, axis=1)
        f = f * np.random.default_rng([SEED, r0]).lognormal(0.0, 0.6, (rows, W)).astype(np.float32)
        return np.where(f > threshold, f - threshold, 0).astype(np.float32), inside

    path = f"{OUT}/country_pop.tif"
    transform = from_origin(X0, Y0, RES, RES)
    windows = [rasterio.windows.Window(0, r0, W, min(BLOCK, H - r0)) for r0 in range(0, H, BLOCK)]
    total = 0.0
    for w in windows:
        values, inside = strip(w.row_off, w.height, rasterio.windows.transform(w, transform))
        total += float(values[inside].sum(dtype=np.float64))
    scale = np.float32(TOTAL_POP / total)
    with rasterio.open(path, "w", **profile) as dst:
        for w in windows:
            values, inside = strip(w.row_off, w.height, rasterio.windows.transform(w, transform))
            values *= scale
            values[~inside] = NODATA
            dst.write(values, 1, window=w)
    return path


def main():
    os.makedirs(OUT, exist_ok=True)
    rng = np.random.default_rng(SEED)
    land, features = nested(rng)
    vertices = sum(shapely.get_num_coordinates(g) for *_, g in features)
    print(f"features={len(features)} vertices={vertices}")
    fc = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"id": fid, "name": name, "level": level, "parent": parent},
         "geometry": shapely.geometry.mapping(g)} for fid, name, level, parent, g in features]}
    with open(f"{OUT}/country_zones.geojson", "w") as f:
        json.dump(fc, f)
    print("raster:", write_raster(rng, land))


if __name__ == "__main__":
    main()
