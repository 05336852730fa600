#!/usr/bin/env bash
# The country-scale benchmark: worldpop-dhis2 `zonal` on a DR-Congo-sized grid (24000×20000 Float32,
# DEFLATE 512² tiles) with 573 nested zones (country, 26 provinces, 546 health zones; ~580k vertices)
# from bench/make_country_data.py, against exactextract (Python) and against the decode floor:
# `bench-decode` (every block decoded once, same strips and threads as zonal, no zone) and
# `gdalinfo -checksum` (GDAL on one thread). Then 40 age/sex bands × 16 years on one grid (the
# 40-band benchmark file once per year), and the start-up of a `zonal` call on the tiny Aruba sample.
# Prints medians of BENCH_RUNS runs (default 3; ours and the floor on the country in BENCH_PAIRS pairs,
# default 9, with the median ratio of each pair; exactextract's country run BENCH_EE_RUNS, default 1:
# it takes minutes) and checks every sum against exactextract (1e-8) and 1 thread against all.
#
# Usage: scripts/bench_country.sh   (data in $ZONAL_BENCH_DATA, default ./bench-data; made if missing)
set -euo pipefail
cd "$(dirname "$0")/.."
DATA=${ZONAL_BENCH_DATA:-bench-data}
RUNS=${BENCH_RUNS:-3}
PAIRS=${BENCH_PAIRS:-9}
EE_RUNS=${BENCH_EE_RUNS:-1}
BIN=.build/release/worldpop-dhis2
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT

. scripts/bench_lib.sh
bench_tools
if [ ! -f "$DATA/country_pop.tif" ]; then
  echo "generating the country-scale data in $DATA (once, about a minute)…"
  ZONAL_OUT="$DATA" python3 bench/make_country_data.py > "$OUT/gen.log"
fi
[ -f "$DATA/agesex_40band.tif" ] || ZONAL_OUT="$DATA" python3 bench/make_data.py > "$OUT/gen.log"

seconds() { cut -d' ' -f1 "$OUT/$1"; }
mib() { awk '{printf "%.0f", $2 / 1024}' "$OUT/$1"; }
ratio() { awk -v a="$(seconds "$1")" -v b="$(seconds "$2")" 'BEGIN {printf "%.2f", a / b}'; }

CORES=$(nproc)
RASTER="$DATA/country_pop.tif"
ZONES="$DATA/country_zones.geojson"
echo "runs per case: $RUNS (ours and the decode floor: $PAIRS pairs; exactextract on the country: $EE_RUNS); machine: $CORES cores, $(free -g | awk '/Mem/ {print $2}') GiB"

# Ours and the floor in turn, pair by pair (see measure_pair), on both thread counts.
CMD_A=("$BIN" zonal -q --full-precision --zones "$ZONES" --id-field id --raster "$RASTER" -o "$OUT/ours.csv")
CMD_B=("$BIN" bench-decode --raster "$RASTER")
measure_pair ours decode "$PAIRS"
CMD_A=("$BIN" zonal -q --full-precision --threads 1 --zones "$ZONES" --id-field id --raster "$RASTER" -o "$OUT/ours1.csv")
CMD_B=("$BIN" bench-decode --threads 1 --raster "$RASTER")
measure_pair ours1 decode1 "$PAIRS"
measure gdal $RUNS gdalinfo -checksum "$RASTER"
measure ee "$EE_RUNS" python3 scripts/exactextract_run.py "$OUT/ee.csv" "$ZONES" id "$RASTER"

echo
echo "| country scale (24000×20000, 573 nested zones) | wall | peak RSS |"
echo "|---|---|---|"
echo "| ours, $CORES threads | $(seconds ours) s | $(mib ours) MiB |"
echo "| ours, 1 thread | $(seconds ours1) s | $(mib ours1) MiB |"
echo "| decode floor (bench-decode), $CORES threads | $(seconds decode) s | $(mib decode) MiB |"
echo "| decode floor (bench-decode), 1 thread | $(seconds decode1) s | $(mib decode1) MiB |"
echo "| gdalinfo -checksum (GDAL, 1 thread) | $(seconds gdal) s | $(mib gdal) MiB |"
echo "| exactextract 0.3 (Python) | $(seconds ee) s | $(mib ee) MiB |"
echo
echo "ours ÷ decode floor, median of $PAIRS pairs: $(cat "$OUT/ours_over_decode") ($CORES threads), $(cat "$OUT/ours1_over_decode1") (1 thread);" \
  "ratio of the medians $(ratio ours decode) and $(ratio ours1 decode1); exactextract ÷ ours: $(ratio ee ours)"
# The worst zone against exactextract gets a third opinion (GEOS, cell by cell): where the two differ
# by more than 1e-8, it says which is right. The run fails only above 1e-6.
printf 'agreement with exactextract: '
python3 scripts/compare_sums.py "$OUT/ours.csv" "$OUT/ee.csv" 1e-6 | tee "$OUT/agreement"
WORST=$(sed -n 's/.*largest difference [^ ]* (\([^/]*\)\/.*/\1/p' "$OUT/agreement")
if [ -n "$WORST" ]; then
  awk -F, -v id="$WORST" '$1 == id {print "zone " id ": ours " $2}' "$OUT/ours.csv"
  awk -F, -v id="$WORST" '$1 == id {print "zone " id ": exactextract " $2}' "$OUT/ee.csv"
  echo "zone $WORST: GEOS cell by cell $(python3 scripts/cell_by_cell_sum.py "$ZONES" "$RASTER" "$WORST")"
fi
cmp -s "$OUT/ours.csv" "$OUT/ours1.csv" && echo "1 thread and $CORES threads give identical output" \
  || { echo "thread counts disagree"; exit 1; }

# 40 bands × 16 years: the 40-band file once per year (links, so that every year is decoded on its own).
mkdir -p "$OUT/yearfiles"
YEARS=()
for y in $(seq 2015 2030); do
  ln -s "$(realpath "$DATA/agesex_40band.tif")" "$OUT/yearfiles/agesex_$y.tif"
  YEARS+=(--raster "$OUT/yearfiles/agesex_$y.tif")
done
measure years $RUNS "$BIN" zonal -q --zones "$DATA/zones.geojson" --id-field id "${YEARS[@]}" -o "$OUT/years.csv"
measure years_decode $RUNS "$BIN" bench-decode "${YEARS[@]}"
CELLS=$(gdalinfo "$DATA/agesex_40band.tif" | awk '/^Size is/ {gsub(",", ""); print $3 * $4 * 40 * 16}')
echo
echo "40 bands × 16 years (640 bands of 6000×4560, 150 zones): ours $(seconds years) s, $(mib years) MiB;" \
  "decode floor $(seconds years_decode) s; ours ÷ floor $(ratio years years_decode);" \
  "$(awk -v c="$CELLS" -v s="$(seconds years)" -v n="$CORES" 'BEGIN {printf "%.0f", c / s / n / 1e6}') million cells/s per core"

# Start-up: a zonal call on the tiny sample (the Aruba districts on 238×255 cells), median of 21.
TINY=("$BIN" zonal -q --raster Samples/abw_ppp_2020_UNadj_constrained.tif --zones Samples/aruba-districts.geojson --id-field name -o "$OUT/tiny.csv")
measure tiny 21 "${TINY[@]}"
measure version 21 "$BIN" --version
measure gdal_version 21 gdalinfo --version
echo
echo "start-up: zonal on the Aruba sample $(seconds tiny) s; --version $(seconds version) s;" \
  "gdalinfo --version (loading GDAL's libraries alone) $(seconds gdal_version) s"
