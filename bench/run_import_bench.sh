#!/usr/bin/env bash
# The import benchmark on both engines: SQLite (a file in bench/.cache) and a throwaway PostgreSQL
# cluster with durable settings (fsync on, PostgreSQL's defaults but shared_buffers=512MB).
#   bench/run_import_bench.sh [--scale 1000000] [--naive 20000]
set -euo pipefail
cd "$(dirname "$0")/.."
env -u DATABASE_URL .venv/bin/python bench/import_rights.py "$@"
PG_DURABLE=1 scripts/with-postgres.sh .venv/bin/python bench/import_rights.py "$@"
