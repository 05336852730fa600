#!/usr/bin/env bash
# The API against its description: schemathesis generates requests from
# Sources/Server/Public/openapi.yaml (valid and invalid ones) and checks every answer against the
# document — status codes, content types, headers, response schemas, 405s, auth. Bounded (examples
# per operation and a time budget) and seeded, so that a CI run is repeatable; about a minute.
#
# serve runs on a free port with a fresh audit store, the sample raster as its WorldPop folder, and
# a DHIS2 URL where nothing listens: the fuzzing is of serve's HTTP layer, and the jobs it queues
# fail (as jobs may). schemathesis is installed once into .build/schemathesis (PyPI).
#
#   scripts/contract_fuzz.sh            # after `swift build` (BIN= another worldpop-dhis2)
#   SEED=7 EXAMPLES=50 scripts/contract_fuzz.sh
set -euo pipefail
cd "$(dirname "$0")/.."

BIN=${BIN:-.build/debug/worldpop-dhis2}
SEED=${SEED:-20261201}
EXAMPLES=${EXAMPLES:-20}
MAX_TIME=${MAX_TIME:-60}
VENV=${SCHEMATHESIS_VENV:-.build/schemathesis}
SCHEMATHESIS_VERSION=4.32.5
KEY=contract-fuzz-key-0123456789

[ -x "$BIN" ] || { echo "no $BIN: run swift build first (or set BIN=)"; exit 1; }
if ! "$VENV/bin/schemathesis" --version 2>/dev/null | grep -q "$SCHEMATHESIS_VERSION"; then
    echo "Installing schemathesis $SCHEMATHESIS_VERSION into $VENV…"
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install -q "schemathesis==$SCHEMATHESIS_VERSION"
fi

work=$(mktemp -d)
pid=
cleanup() {
    [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT

folder="$work/worldpop/GIS/Population/Global_2000_2020_Constrained/2020/BSGM/ABW"
mkdir -p "$folder"
cp Samples/abw_ppp_2020_UNadj_constrained.tif "$folder/"
cat > "$work/sync.yaml" <<YAML
dhis2:
  url: http://127.0.0.1:9
  token: d2pat_contractfuzz000000000000000000000
levels: 2
years: 2020
product: total
worldpop:
  product: g1-constrained-2020-100m
  folder: $work/worldpop
  cache: $work/cache
  offline: true
audit: $work/audit.sqlite
YAML

"$BIN" serve --config "$work/sync.yaml" --port 0 --access-key "$KEY" --work-dir "$work/jobs" > "$work/serve.out" 2>&1 &
pid=$!
url=
for _ in $(seq 100); do
    url=$(sed -nE 's#.*serving on (http://[0-9.]+:[0-9]+)/.*#\1#p' "$work/serve.out")
    [ -n "$url" ] && break
    kill -0 "$pid" 2>/dev/null || { cat "$work/serve.out"; exit 1; }
    sleep 0.1
done
[ -n "$url" ] || { echo "serve did not start:"; cat "$work/serve.out"; exit 1; }

# Every check but positive_data_acceptance: whether a well-formed job is accepted depends on the
# server's config (years its product covers, a product it can import), which the document cannot
# say; those refusals are documented 400s.
# From the scratch folder: schemathesis leaves a .schemathesis folder where it runs.
schema="$PWD/Sources/Server/Public/openapi.yaml"
schemathesis="$(cd "$(dirname "$VENV/bin/schemathesis")" && pwd)/schemathesis"
cd "$work"
"$schemathesis" run "$schema" --url "$url" \
    -H "X-Access-Key: $KEY" --checks all --exclude-checks positive_data_acceptance --seed "$SEED" --max-examples "$EXAMPLES" --max-time "$MAX_TIME" \
    --workers 1 --generation-database none --no-color --warnings off
