#!/usr/bin/env python3
"""Compares two zonal CSVs (ours and exactextract's) cell by cell.

Usage: compare_sums.py OURS.csv REFERENCE.csv [TOLERANCE]
Relative difference, absolute where the reference is below 1 (the issue's 1e-6 rule). Exits 1
and names the worst cell when any difference exceeds the tolerance (default 1e-6).
"""
import csv
import sys


def load(path):
    with open(path) as f:
        rows = list(csv.reader(f))
    header = rows[0][1:]
    return header, {r[0]: [float(x) for x in r[1:]] for r in rows[1:]}


def main():
    ours_cols, ours = load(sys.argv[1])
    ref_cols, ref = load(sys.argv[2])
    tol = float(sys.argv[3]) if len(sys.argv) > 3 else 1e-6
    if ours_cols != ref_cols or set(ours) != set(ref):
        sys.exit(f"columns or ids differ: {ours_cols[:3]}… vs {ref_cols[:3]}…, {len(ours)} vs {len(ref)} ids")
    worst = (0.0, None)
    for fid, values in ref.items():
        for c, (r, o) in enumerate(zip(values, ours[fid])):
            d = abs(o - r) if abs(r) < 1 else abs(o - r) / abs(r)
            if d > worst[0]:
                worst = (d, f"{fid}/{ref_cols[c]}: ours {o} vs {r}")
    cells = sum(len(v) for v in ref.values())
    print(f"{cells} sums compared, largest difference {worst[0]:.3g}" + (f" ({worst[1]})" if worst[1] else ""))
    if worst[0] > tol:
        sys.exit(f"difference above {tol}")


if __name__ == "__main__":
    main()
