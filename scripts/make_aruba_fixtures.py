#!/usr/bin/env python3
"""Writes Tests/Fixtures/aruba/zones.geojson: hand-made polygons over the bundled Aruba raster
covering the cases the engine must get right, then (with --expected) the exactextract sums.

Cases: holes, a MultiPolygon, a polygon crossing the raster edge, one outside it, one smaller
than a cell, a ring exactly on cell edges, the same shape clockwise and counter-clockwise, an
irregular star, and four siblings tiling a rectangle plus that rectangle (the parent).
Deterministic. Usage: python3 scripts/make_aruba_fixtures.py
"""
import json
import math
import random

X0, Y0 = -70.063749705, 12.624583484
DX, DY = 0.000833333331933, 0.000833333329412
W, H = 238, 255


def cx(col):
    return X0 + col * DX


def cy(row):
    return Y0 - row * DY


def ring(points, clockwise=False):
    pts = list(points)
    area = sum(a[0] * b[1] - b[0] * a[1] for a, b in zip(pts, pts[1:] + pts[:1])) / 2
    if (area < 0) != clockwise:
        pts.reverse()
    return [list(p) for p in pts] + [list(pts[0])]


def box(x0, y0, x1, y1):
    return [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]


def star(x, y, r0, r1, n, rng):
    """A star-shaped ring: one random radius per angle, so it never crosses itself."""
    pts = []
    for i in range(n):
        r, a = rng.uniform(r0, r1), 2 * math.pi * i / n
        pts.append((x + r * math.cos(a), y + r * math.sin(a)))
    return pts


rng = random.Random(42)
features = []


def add(fid, geometry):
    features.append({"type": "Feature", "properties": {"id": fid}, "geometry": geometry})


# Oranjestad-ish area with population: columns 40..120, rows 80..170
add("holes", {"type": "Polygon", "coordinates": [
    ring(box(cx(40.3), cy(160.7), cx(110.6), cy(90.2))),
    ring(box(cx(60.5), cy(140.5), cx(80.25), cy(120.75)), clockwise=True),
    ring(star(cx(95), cy(105), 5 * DX, 9 * DX, 11, rng), clockwise=True)]})
add("multipolygon", {"type": "MultiPolygon", "coordinates": [
    [ring(star(cx(30), cy(60), 8 * DX, 20 * DX, 17, rng))],
    [ring(star(cx(150), cy(200), 10 * DX, 25 * DX, 23, rng))],
    [ring(box(cx(200.1), cy(240.9), cx(230.7), cy(220.3)))]]})
add("crosses_west_and_north_edges", {"type": "Polygon", "coordinates": [
    ring([(cx(-30.5), cy(-20.2)), (cx(60.3), cy(-10.9)), (cx(50.7), cy(70.4)), (cx(-15.1), cy(90.6))])]})
add("crosses_south_east_corner", {"type": "Polygon", "coordinates": [
    ring(star(cx(W), cy(H), 20 * DX, 40 * DX, 31, rng))]})
add("outside", {"type": "Polygon", "coordinates": [ring(box(cx(300), cy(10), cx(320), cy(-5)))]})
add("smaller_than_a_cell", {"type": "Polygon", "coordinates": [
    ring([(cx(70.2), cy(130.3)), (cx(70.7), cy(130.1)), (cx(70.5), cy(130.8))])]})
add("on_cell_edges", {"type": "Polygon", "coordinates": [ring(box(cx(50), cy(150), cx(90), cy(100)))]})
shape = star(cx(120), cy(150), 10 * DX, 30 * DX, 41, rng)
add("ccw", {"type": "Polygon", "coordinates": [ring(shape)]})
add("cw", {"type": "Polygon", "coordinates": [ring(shape, clockwise=True)]})
add("irregular_star", {"type": "Polygon", "coordinates": [ring(star(cx(100), cy(60), 3 * DX, 45 * DX, 250, rng))]})

# Four siblings tiling a rectangle, meeting at a jagged cross; shared borders use the same vertices.
px0, py0, px1, py1 = cx(20.37), cy(230.61), cx(180.83), cy(40.29)
mx, my = cx(101.3), cy(137.7)


def jag(a, b, n, horizontal):
    pts = []
    for i in range(n + 1):
        t = i / n
        x, y = a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])
        if 0 < i < n:
            w = rng.uniform(-6, 6)
            if horizontal:
                y += w * DY
            else:
                x += w * DX
        pts.append((x, y))
    return pts


c = (mx, my)
to_w = jag(c, (px0, my), 37, True)
to_e = jag(c, (px1, my), 41, True)
to_n = jag(c, (mx, py1), 29, False)
to_s = jag(c, (mx, py0), 31, False)
quads = {
    "sibling_nw": to_n + [(px0, py1)] + to_w[::-1],
    "sibling_ne": to_e + [(px1, py1)] + to_n[::-1],
    "sibling_se": to_s + [(px1, py0)] + to_e[::-1],
    "sibling_sw": to_w + [(px0, py0)] + to_s[::-1],
}
for name, pts in quads.items():
    pts = pts[:-1] if pts[0] == pts[-1] else pts
    add(name, {"type": "Polygon", "coordinates": [ring(pts)]})
add("siblings_parent", {"type": "Polygon", "coordinates": [ring(box(px0, py0, px1, py1))]})

# A bow-tie is kept out of this file: it must be refused, which the Swift tests check.
with open("Tests/Fixtures/aruba/zones.geojson", "w") as f:
    json.dump({"type": "FeatureCollection", "features": features}, f)
print(f"{len(features)} features")
