#!/usr/bin/env bash
# The benchmark: worldpop-dhis2 `zonal` against exactextract (Python) and GDAL's decode floor
# (`gdalinfo -checksum`) on the synthetic Sierra-Leone-sized data of bench/make_data.py (a copy of shared/bench/make_data.py).
# Prints medians of BENCH_RUNS runs (default 3) of wall time and peak RSS, then the ratios, and
# checks that every sum agrees with exactextract (1e-6) and that 1 and N threads agree exactly.
#
# Usage: scripts/bench.sh            (data in $ZONAL_BENCH_DATA, default ./bench-data; made if missing)
set -euo pipefail
cd "$(dirname "$0")/.."
DATA=${ZONAL_BENCH_DATA:-bench-data}
RUNS=${BENCH_RUNS:-3}
BIN=.build/release/worldpop-dhis2
GEN=${BENCH_GENERATOR:-bench/make_data.py}
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT

. scripts/bench_lib.sh
bench_tools
if [ ! -f "$DATA/agesex_40band.tif" ]; then
  echo "generating benchmark data in $DATA (once)…"
  ZONAL_OUT="$DATA" python3 "$GEN" > "$OUT/gen.log"
fi
ZONES="$DATA/zones.geojson"
AGESEX_FILES=$(for i in $(seq -w 1 40); do printf '%s ' "$DATA/agesex/b$i.tif"; done)

OURS=("$BIN" zonal -q --zones "$ZONES" --id-field id)
EE=(python3 scripts/exactextract_run.py)

echo "runs per case: $RUNS; machine: $(nproc) cores, $(free -g | awk '/Mem/ {print $2}') GiB"
# 1 band, tiled 512×512 DEFLATE and striped LZW+predictor (WorldPop's own layout)
for f in pop_tiled_deflate pop_striped_lzw_p2; do
  measure "ours_$f" "$RUNS" "${OURS[@]}" --raster "$DATA/$f.tif" -o "$OUT/ours_$f.csv"
  measure "ours1_$f" "$RUNS" "${OURS[@]}" --threads 1 --raster "$DATA/$f.tif" -o "$OUT/ours1_$f.csv"
  measure "ee_$f" "$RUNS" "${EE[@]}" "$OUT/ee_$f.csv" "$ZONES" id "$DATA/$f.tif"
  measure "floor_$f" "$RUNS" gdalinfo -checksum "$DATA/$f.tif"
done
# 40 bands: one 40-band file, and 40 single-band files
measure ours_40band "$RUNS" "${OURS[@]}" --raster "$DATA/agesex_40band.tif" -o "$OUT/ours_40band.csv"
measure ours1_40band "$RUNS" "${OURS[@]}" --threads 1 --raster "$DATA/agesex_40band.tif" -o "$OUT/ours1_40band.csv"
measure ee_40band "$RUNS" "${EE[@]}" "$OUT/ee_40band.csv" "$ZONES" id "$DATA/agesex_40band.tif"
measure floor_40band "$RUNS" gdalinfo -checksum "$DATA/agesex_40band.tif"
# shellcheck disable=SC2086
measure ours_40files "$RUNS" "${OURS[@]}" $(for f in $AGESEX_FILES; do printf -- '--raster %s ' "$f"; done) -o "$OUT/ours_40files.csv"
# shellcheck disable=SC2086
measure ee_40files "$RUNS" "${EE[@]}" "$OUT/ee_40files.csv" "$ZONES" id $AGESEX_FILES
# shellcheck disable=SC2086
measure floor_40files "$RUNS" sh -c "for f in $AGESEX_FILES; do gdalinfo -checksum \$f; done"

# Stress zones: a 100,000-vertex country with a hole, and 2,000 islands in one MultiPolygon.
python3 scripts/make_big_zones.py "$OUT/big.geojson"
measure ours_big "$RUNS" "$BIN" zonal -q --zones "$OUT/big.geojson" --id-field id --raster "$DATA/pop_tiled_deflate.tif" -o "$OUT/ours_big.csv"
measure ee_big "$RUNS" "${EE[@]}" "$OUT/ee_big.csv" "$OUT/big.geojson" id "$DATA/pop_tiled_deflate.tif"

row() {  # label ours ours1 ee floor
  read -r ot om < "$OUT/$2"; read -r et em < "$OUT/$4"; read -r ft _ < "$OUT/$5"
  local o1=""; if [ -n "$3" ]; then read -r o1t _ < "$OUT/$3"; o1="${o1t}"; else o1="–"; fi
  awk -v l="$1" -v ot="$ot" -v om="$om" -v o1="$o1" -v et="$et" -v em="$em" -v ft="$ft" 'BEGIN {
    printf "| %-26s | %6.2f s | %6.0f MiB | %6s s | %7.2f s | %6.0f MiB | %6.2f s | %5.1f× | %5.2f× |\n",
      l, ot, om / 1024, o1, et, em / 1024, ft, et / ot, ot / ft }'
}
echo
echo "| case (150 zones, 6000×4560) | ours | ours RSS | ours 1 thread | exactextract | exactextract RSS | gdalinfo -checksum | ee ÷ ours | ours ÷ floor |"
echo "|---|---|---|---|---|---|---|---|---|"
row "1 band, tiled DEFLATE" ours_pop_tiled_deflate ours1_pop_tiled_deflate ee_pop_tiled_deflate floor_pop_tiled_deflate
row "1 band, striped LZW+pred" ours_pop_striped_lzw_p2 ours1_pop_striped_lzw_p2 ee_pop_striped_lzw_p2 floor_pop_striped_lzw_p2
row "40 bands, one file" ours_40band ours1_40band ee_40band floor_40band
row "40 bands, 40 files" ours_40files "" ee_40files floor_40files
row "10⁵-vertex country + 2,000 islands" ours_big "" ee_big floor_pop_tiled_deflate
echo
echo "agreement with exactextract (relative, absolute below 1; 6-decimal CSV):"
for c in pop_tiled_deflate pop_striped_lzw_p2 40band 40files big; do
  python3 scripts/compare_sums.py "$OUT/ours_$c.csv" "$OUT/ee_$c.csv" 1e-6
done
for c in pop_tiled_deflate pop_striped_lzw_p2 40band; do
  cmp -s "$OUT/ours_$c.csv" "$OUT/ours1_$c.csv" && echo "$c: 1 thread and $(nproc) threads give identical output" \
    || { echo "$c: thread counts disagree"; exit 1; }
done
