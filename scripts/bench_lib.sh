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
  median_of "$name"
}

# median_of NAME: the medians of $OUT/NAME.runs ("seconds kib" lines) into $OUT/NAME.
median_of() {
  local runs; runs=$(wc -l < "$OUT/$1.runs")
  local mid=$(( (runs + 1) / 2 ))
  echo "$(sort -n -k1 "$OUT/$1.runs" | sed -n "${mid}p" | cut -d' ' -f1) $(sort -n -k2 "$OUT/$1.runs" | sed -n "${mid}p" | cut -d' ' -f2)" > "$OUT/$1"
}

# measure_pair A B PAIRS: runs the commands in the arrays CMD_A and CMD_B in turn, A B A B …, PAIRS
# times; records each as `measure` does, and in $OUT/A_over_B the median of the ratios of their
# wall times pair by pair. This machine's speed drifts by a tenth from minute to minute: timed one
# after the other, two commands of a second each can differ by that much for no reason of theirs,
# and in a pair the drift cancels out.
measure_pair() {
  local a=$1 b=$2 pairs=$3
  : > "$OUT/$a.runs"
  : > "$OUT/$b.runs"
  : > "$OUT/${a}_over_$b.runs"
  for _ in $(seq "$pairs"); do
    /usr/bin/time -f "%e %M" -o "$OUT/$a.one" "${CMD_A[@]}" > /dev/null
    /usr/bin/time -f "%e %M" -o "$OUT/$b.one" "${CMD_B[@]}" > /dev/null
    cat "$OUT/$a.one" >> "$OUT/$a.runs"
    cat "$OUT/$b.one" >> "$OUT/$b.runs"
    awk -v x="$(cut -d' ' -f1 "$OUT/$a.one")" -v y="$(cut -d' ' -f1 "$OUT/$b.one")" 'BEGIN {printf "%.3f\n", x / y}' >> "$OUT/${a}_over_$b.runs"
  done
  median_of "$a"
  median_of "$b"
  sort -n "$OUT/${a}_over_$b.runs" | sed -n "$(( (pairs + 1) / 2 ))p" > "$OUT/${a}_over_$b"
}
