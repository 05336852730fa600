#!/usr/bin/env bash
# Checks our sums against exactextract on the synthetic benchmark data (150 polygons, 145k
# vertices, 6000×4560 cells; 1 band tiled and striped, and the 40-band file): every sum within
# 1e-6. Generates the data first when it is missing, and leaves exactextract's sums beside it
# (exactextract_<file>.csv) for the sync tests that use the benchmark grid. Used by CI.
set -euo pipefail
cd "$(dirname "$0")/.."
DATA=${ZONAL_BENCH_DATA:-bench-data}
GEN=${BENCH_GENERATOR:-bench/make_data.py}
BIN=.build/release/worldpop-dhis2
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
python3 -c "import exactextract, rasterio, shapely, scipy" 2>/dev/null || pip install -q exactextract rasterio shapely scipy numpy
[ -x "$BIN" ] || swift build -c release --static-swift-stdlib
[ -f "$DATA/agesex_40band.tif" ] || ZONAL_OUT="$DATA" python3 "$GEN" > "$OUT/gen.log"
for f in pop_tiled_deflate pop_striped_lzw_p2 agesex_40band; do
  "$BIN" zonal -q --zones "$DATA/zones.geojson" --id-field id --raster "$DATA/$f.tif" -o "$OUT/ours.csv"
  [ -f "$DATA/exactextract_$f.csv" ] || python3 scripts/exactextract_run.py "$DATA/exactextract_$f.csv" "$DATA/zones.geojson" id "$DATA/$f.tif"
  printf '%s: ' "$f"
  python3 scripts/compare_sums.py "$OUT/ours.csv" "$DATA/exactextract_$f.csv" 1e-6
done
