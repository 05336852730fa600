# Sourced by the zonal benchmark scripts, from the repository's root, after they set BIN and OUT:
# the tools they need, and the one way a case is timed.

# GNU time, exactextract's Python packages and the release build, each installed or built once.
bench_tools() {
  command -v /usr/bin/time >/dev/null || { echo "installing GNU time"; (apt-get install -y -qq time || sudo apt-get install -y -qq time) >/dev/null; }
  python3 -c "import exactextract, rasterio, shapely, scipy" 2>/dev/null || pip install -q exactextract rasterio shapely scipy numpy
  [ -x "$BIN" ] || swift build -c release --static-swift-stdlib
}

# measure NAME RUNS COMMAND…: runs COMMAND RUNS times (its output thrown away) and records
# "median_seconds median_kib" (wall time and peak RSS, GNU time) in $OUT/NAME.
measure() {
  local name=$1 runs=$2; shift 2
  : > "$OUT/$name.runs"
  for _ in $(seq "$runs"); do
    /usr/bin/time -f "%e %M" -o "$OUT/$name.one" "$@" > /dev/null
    cat "$OUT/$name.one" >> "$OUT/$name.runs"
  done
  local mid=$(( (runs + 1) / 2 ))
  echo "$(sort -n -k1 "$OUT/$name.runs" | sed -n "${mid}p" | cut -d' ' -f1) $(sort -n -k2 "$OUT/$name.runs" | sed -n "${mid}p" | cut -d' ' -f2)" > "$OUT/$name"
}
