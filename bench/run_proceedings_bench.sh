#!/usr/bin/env bash
# The proceedings benchmark (issue 6) on both engines: SQLite (a file in bench/.cache; the register
# and the loaded proceedings are cached there after the first run) and a throwaway PostgreSQL
# cluster with durable settings (fsync on, PostgreSQL's defaults but shared_buffers=512MB).
#   bench/run_proceedings_bench.sh [--scale 1000000] [--proceedings 3000000] [--new 100000] [...]
set -euo pipefail
cd "$(dirname "$0")/.."
env -u DATABASE_URL .venv/bin/python bench/proceedings_bench.py "$@"
PG_DURABLE=1 scripts/with-postgres.sh .venv/bin/python bench/proceedings_bench.py "$@"
