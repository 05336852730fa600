# worldpop-dhis2 — the two set-up commands of the README are `make demo` and `make test`.
# Both install what they need on Debian/Ubuntu (GDAL's C library) and work offline afterwards.

SWIFT ?= swift
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
BIN := .build/release/worldpop-dhis2

.PHONY: deps test-deps build release test lint contract-fuzz demo bench bench-country bench-serve bench-facilities bench-geojson check-bench clean

# GDAL (headers + pkg-config for the CGDAL system library, and its tools), SQLite for GRDB,
# Leaflet for the map of `serve` (served locally, no CDN), libcurl for WorldPop downloads (FTP
# with resume, HTTPS), libarchive for WorldPop's zip and 7z packs, and pyftpdlib for the local FTP
# server of the download tests.
deps:
	@if ! pkg-config --exists gdal sqlite3 libcurl libarchive 2>/dev/null || ! command -v gdalinfo >/dev/null || [ ! -f /usr/share/javascript/leaflet/leaflet.js ] \
		|| ! /usr/bin/python3 -c "import pyftpdlib" 2>/dev/null; then \
		echo "Installing libgdal-dev, gdal-bin, libjs-leaflet, libcurl, libarchive and pyftpdlib with apt-get…"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq libgdal-dev gdal-bin libsqlite3-dev pkg-config libjs-leaflet libcurl4-openssl-dev libarchive-dev python3-pyftpdlib; \
	fi

build: deps
	$(SWIFT) build

# Swift's runtime and Foundation linked in (--static-swift-stdlib): loading them as shared libraries
# cost a small run about 25 ms of its start-up (README "Performance"); GDAL stays a shared library.
release: deps
	$(SWIFT) build -c release --static-swift-stdlib

# Headless Chromium renders the HTML report and the serve page in tests (skipped, with a note, when missing).
test-deps: deps
	@command -v chromium >/dev/null || { echo "Installing chromium (for the report screenshot test)…"; \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium; }

test: test-deps
	$(SWIFT) test

# The repository's format (.swift-format: 4-space indent, 140 columns), checked by swift-format, and
# no line longer than 140 characters (swift-format cannot break a long string literal), and Package.swift
# declaring exactly what each target imports.
lint:
	$(SWIFT) format lint --strict --recursive --parallel Sources Tests Package.swift
	@! LC_ALL=C.UTF-8 grep -nE '^.{141,}' Package.swift $$(find Sources Tests -name '*.swift') \
		|| { echo "lines longer than 140 characters (above)"; exit 1; }
	@command -v python3 >/dev/null || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq python3; }
	scripts/check_imports.py

# serve's API against openapi.yaml: schemathesis (from PyPI, installed once into .build/schemathesis)
# sends generated requests and checks every answer against the document; seeded, about a minute.
contract-fuzz: build
	scripts/contract_fuzz.sh

# The main job on the bundled sample, offline: sync into an in-process DHIS2 stand-in, then the
# report (out/demo/report.html), and the plain zonal table of the sample districts.
demo: release
	$(BIN) demo --output out/demo
	$(BIN) zonal --raster Samples/abw_ppp_2020_UNadj_constrained.tif \
		--zones Samples/aruba-districts.geojson --id-field name --details -q \
		--output out/demo/aruba-districts.csv
	@echo "Zonal table: out/demo/aruba-districts.csv"

# Timings against exactextract and GDAL's decode floor (README "Performance").
bench: release
	scripts/bench.sh
	scripts/bench_country.sh
	scripts/bench_serve.sh

# The country scale (README "Performance"): a DR-Congo-sized grid with nested zones against
# exactextract and the decode floor, 40 bands × 16 years, and the start-up of a small run.
bench-country: release
	scripts/bench_country.sh

# serve under load (wrk, 50 connections): status, the run list, a job's results page (README "Performance").
bench-serve: release
	scripts/bench_serve.sh

# Catchments and access for 1,500 random facilities on the benchmark grid (README "Catchments and access").
bench-facilities: release
	@[ -f bench-data/zones.geojson ] || scripts/check_bench_sums.sh
	$(BIN) bench-facilities

# Reading GeoJSON: our parser against Foundation's on the benchmark zones and a ~20 MB country (README "Performance").
bench-geojson: release
	@[ -f bench-data/zones.geojson ] || scripts/check_bench_sums.sh
	@[ -f bench-data/country.geojson ] || python3 scripts/make_country_geojson.py bench-data/country.geojson
	$(BIN) bench-geojson bench-data/zones.geojson bench-data/country.geojson

# Our sums against exactextract's on the benchmark data (generated once into bench-data/).
check-bench: release
	scripts/check_bench_sums.sh

clean:
	rm -rf .build out
