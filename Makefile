# A thin front door; the build itself is Meson + Ninja.
#
#   make run     install what is missing, build, create var/spor.db with
#                demo data if it is not there, and serve http://127.0.0.1:8080
#   make test    install what is missing and run every test suite
#   make bench   the benchmarks against their peers (nginx, the sqlite3 shell, …)
#                and the reports' (bench/report)
#   make bench-scale   spor at national scale (1 M citizens) on SQLite and
#                PostgreSQL against DuckDB, and two servers on one
#                PostgreSQL; long (about an hour), so not part of bench
#   make soak    ten minutes of mixed load: errors and memory over time
#   make fuzz    run every fuzz target (FUZZ_SECONDS each, default 60)
#   make clean   remove the build directories

FUZZ_SECONDS ?= 60

.PHONY: all build run test bench bench-scale soak fuzz clean

all: build

build:
	@scripts/build build

run:
	@scripts/run

test:
	@scripts/test

bench:
	@scripts/install-deps --bench
	@bench/http
	@bench/scoring
	@bench/report

soak:
	@scripts/install-deps --bench
	@bench/soak

bench-scale:
	@scripts/install-deps --bench
	@bench/scale

fuzz:
	@scripts/install-deps --test
	@scripts/fuzz $(FUZZ_SECONDS)

clean:
	rm -rf build build-asan build-fuzz
