#!/usr/bin/env python3
"""Two stress zones for the benchmark, on the benchmark grid (bbox -13.4..-8.4, 6.3..10.1):
a country-sized polygon with 100,000 vertices (a wobbly outline and a hole), and a MultiPolygon
of 2,000 small islands. Usage: make_big_zones.py OUT.geojson"""
import json
import math
import random
import sys

rng = random.Random(7)
cx, cy = -10.9, 8.2
n = 100_000
outer = []
for i in range(n):
    a = 2 * math.pi * i / n
    r = 1.7 + 0.15 * math.sin(9 * a) + 0.05 * math.sin(137 * a) + rng.uniform(-0.002, 0.002)
    outer.append([cx + 1.4 * r * math.cos(a), cy + r * math.sin(a)])
outer.append(outer[0])
hole = [[cx + 0.3 * math.cos(-2 * math.pi * i / 500), cy + 0.2 * math.sin(-2 * math.pi * i / 500)] for i in range(500)]
hole.append(hole[0])
islands = []
centres = []
while len(islands) < 2000:
    x, y = rng.uniform(-13.35, -8.45), rng.uniform(6.35, 10.05)
    r = rng.uniform(0.001, 0.01)
    # a valid MultiPolygon: islands never overlap
    if any((x - a) ** 2 + (y - b) ** 2 < (r + c + 1e-4) ** 2 for a, b, c in centres):
        continue
    centres.append((x, y, r))
    ring = [[x + r * math.cos(2 * math.pi * i / 12), y + r * math.sin(2 * math.pi * i / 12)] for i in range(12)]
    ring.append(ring[0])
    islands.append([ring])
features = [
    {"type": "Feature", "properties": {"id": "country_100k_vertices"}, "geometry": {"type": "Polygon", "coordinates": [outer, hole]}},
    {"type": "Feature", "properties": {"id": "islands_2000"}, "geometry": {"type": "MultiPolygon", "coordinates": islands}},
]
with open(sys.argv[1], "w") as f:
    json.dump({"type": "FeatureCollection", "features": features}, f)
