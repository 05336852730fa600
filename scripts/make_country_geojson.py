#!/usr/bin/env python3
"""A country boundary as national GeoJSON files come (geoBoundaries, GADM, a DHIS2 export): about
20 MB, for `worldpop-dhis2 bench-geojson`. One Feature, a MultiPolygon in WGS 84 on the benchmark
grid (-13.4..-8.4, 6.3..10.1): a mainland whose coastline wanders at every scale (320,000
vertices), 12 lakes as holes, and 3,000 offshore islands of 12-120 vertices; coordinates written
in full (17 significant digits), as GDAL and shapely write them. Deterministic (seed 20261127),
standard library only. Usage: make_country_geojson.py OUT.geojson"""
import json
import math
import random
import sys

SEED = 20261127
CX, CY = -10.9, 8.2          # centre of the mainland
MAINLAND_VERTICES = 320_000
LAKES = 12
ISLANDS = 3_000
XMIN, XMAX, YMIN, YMAX = -13.4, -8.4, 6.3, 10.1


def wander(rng, octaves):
    """A radius factor around 1 as a function of the angle: sines whose amplitude falls as 1/frequency
    (a coastline that is rough at every scale), never below 0.55, so the ring stays star-shaped and simple."""
    waves = [(f, 0.22 / f ** 0.9, rng.uniform(0, 2 * math.pi)) for f in range(2, octaves)]

    def radius(a):
        return max(0.55, 1 + sum(amp * math.sin(f * a + phase) for f, amp, phase in waves))
    return radius


def star_ring(rng, cx, cy, rx, ry, n, octaves, clockwise=False):
    radius = wander(rng, octaves)
    ring = []
    for i in range(n):
        a = 2 * math.pi * i / n * (-1 if clockwise else 1)
        r = radius(a) * (1 + rng.uniform(-0.004, 0.004))
        ring.append([cx + rx * r * math.cos(a), cy + ry * r * math.sin(a)])
    ring.append(ring[0])
    return ring


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    rng = random.Random(SEED)
    # The mainland: a smooth outline (the low octaves) plus fine noise per vertex; the fine
    # detail comes from the many vertices, as in a real coastline digitised at 30 m.
    mainland_radius = wander(rng, 60)
    outer = []
    for i in range(MAINLAND_VERTICES):
        a = 2 * math.pi * i / MAINLAND_VERTICES
        r = 1.45 * mainland_radius(a) * (1 + rng.uniform(-0.0015, 0.0015))
        outer.append([CX + 1.2 * r * math.cos(a), CY + 0.95 * r * math.sin(a)])
    outer.append(outer[0])

    # Lakes well inside the mainland (its radius never falls below 0.55 × 1.45).
    holes = []
    for _ in range(LAKES):
        a, d = rng.uniform(0, 2 * math.pi), rng.uniform(0, 0.45)
        holes.append(star_ring(rng, CX + 1.2 * d * math.cos(a), CY + 0.95 * d * math.sin(a), 0.03, 0.025,
                               rng.randint(200, 800), 12, clockwise=True))

    # Islands offshore, outside the mainland's outline and apart from each other.
    polygons = [[outer] + holes]
    placed = []
    while len(placed) < ISLANDS:
        x, y = rng.uniform(XMIN, XMAX), rng.uniform(YMIN, YMAX)
        a = math.atan2((y - CY) / 0.95, (x - CX) / 1.2)
        d = math.hypot((x - CX) / 1.2, (y - CY) / 0.95)
        size = rng.uniform(0.002, 0.02)
        if d < 1.45 * mainland_radius(a) * 1.01 + 2 * size / 0.95:
            continue
        if any((x - px) ** 2 + (y - py) ** 2 < (1.3 * (size + ps)) ** 2 for px, py, ps in placed):
            continue
        placed.append((x, y, size))
        polygons.append([star_ring(rng, x, y, size, size, rng.randint(12, 120), 6)])

    country = {"type": "FeatureCollection",
               "features": [{"type": "Feature", "id": "SYN",
                             "properties": {"id": "SYN", "name": "Synthetica", "level": 0, "source": "make_country_geojson.py"},
                             "geometry": {"type": "MultiPolygon", "coordinates": polygons}}]}
    with open(sys.argv[1], "w") as f:
        json.dump(country, f, separators=(",", ":"))
    vertices = sum(len(r) for p in polygons for r in p)
    print(f"{sys.argv[1]}: {len(polygons)} polygons, {len(holes)} holes, {vertices} vertices")


if __name__ == "__main__":
    main()
