#!/usr/bin/env python3
"""Writes Samples/aruba-districts.geojson: six made-up "districts" tiling the extent of the
bundled Aruba raster, with jagged shared borders (the same vertices on both sides), a hole
(an enclave) and a two-part MultiPolygon. They are NOT official boundaries: they exist so that
`make demo` has realistic-looking input, and so that the parts sum to the raster total.

Deterministic: python3 scripts/make_sample_districts.py
"""
import json
import math
import random

X0, Y0 = -70.063749705, 12.624583484
DX, DY = 0.000833333331933, 0.000833333329412
W, H = 238, 255
XMIN, XMAX, YMIN, YMAX = X0, X0 + W * DX, Y0 - H * DY, Y0

rng = random.Random(2020)
NX, NY = 3, 2  # columns x rows of districts
xs = [XMIN + (XMAX - XMIN) * i / NX for i in range(NX + 1)]
ys = [YMAX - (YMAX - YMIN) * j / NY for j in range(NY + 1)]
# interior grid nodes are jittered; nodes on the extent stay on it
node = {}
for i in range(NX + 1):
    for j in range(NY + 1):
        jx = 0 if i in (0, NX) else rng.uniform(-0.012, 0.012)
        jy = 0 if j in (0, NY) else rng.uniform(-0.012, 0.012)
        node[i, j] = (xs[i] + jx, ys[j] + jy)


def jagged(a, b, key, on_edge):
    """A wiggly line from a to b, cached so neighbours share it exactly."""
    if key in jagged.cache:
        return jagged.cache[key]
    n = 24
    pts = [a]
    for k in range(1, n):
        t = k / n
        x, y = a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])
        if not on_edge:
            nx, ny = -(b[1] - a[1]), b[0] - a[0]
            ln = math.hypot(nx, ny)
            w = 0.004 * math.sin(3 * math.pi * t + rng.uniform(-0.5, 0.5)) + rng.uniform(-0.0012, 0.0012)
            x, y = x + w * nx / ln, y + w * ny / ln
        pts.append((x, y))
    pts.append(b)
    jagged.cache[key] = pts
    return pts


jagged.cache = {}


def side(p, q):
    """Side from node p to node q, in that direction."""
    key = tuple(sorted([p, q]))
    on_edge = (p[0] == q[0] and p[0] in (0, NX)) or (p[1] == q[1] and p[1] in (0, NY))
    pts = jagged(node[key[0]], node[key[1]], key, on_edge)
    return pts if key[0] == p else list(reversed(pts))


names = [["North-West", "North", "North-East"], ["South-West", "South", "South-East"]]
features = []
for j in range(NY):
    for i in range(NX):
        corners = [(i, j + 1), (i + 1, j + 1), (i + 1, j), (i, j)]  # SW, SE, NE, NW (CCW)
        ring = []
        for k in range(4):
            ring += side(corners[k], corners[(k + 1) % 4])[:-1]
        ring.append(ring[0])
        features.append({"type": "Feature", "id": f"D{j * NX + i + 1:02d}",
                         "properties": {"name": f"{names[j][i]} (sample)", "code": f"ABW-{j * NX + i + 1:02d}"},
                         "geometry": {"type": "Polygon", "coordinates": [[list(p) for p in ring]]}})

# An enclave: a small district cut out of South-West as a hole, present as its own feature.
cx, cy = node[1, 1][0] - 0.02, node[1, 1][1] - 0.015
enclave = [(cx + 0.012 * math.cos(a * math.pi / 8), cy + 0.009 * math.sin(a * math.pi / 8)) for a in range(16)]
enclave.append(enclave[0])
south_west = features[3]
south_west["geometry"]["coordinates"].append([list(p) for p in reversed(enclave)])
features.append({"type": "Feature", "id": "D07", "properties": {"name": "Enclave (sample)", "code": "ABW-07"},
                 "geometry": {"type": "Polygon", "coordinates": [[list(p) for p in enclave]]}})

with open("Samples/aruba-districts.geojson", "w") as f:
    json.dump({"type": "FeatureCollection", "features": features}, f, indent=None)
print(f"{len(features)} districts written")
