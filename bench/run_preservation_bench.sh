#!/usr/bin/env bash
# The freeze benchmark (issue 5) on both engines: SQLite (a file in bench/.cache; the imported
# register is cached there after the first run) and a throwaway PostgreSQL cluster with durable
# settings (fsync on, PostgreSQL's defaults but shared_buffers=512MB).
#   bench/run_preservation_bench.sh [--scale 1000000] [--freezes 50000] [...]
set -euo pipefail
cd "$(dirname "$0")/.."
env -u DATABASE_URL .venv/bin/python bench/preservation_bench.py "$@"
PG_DURABLE=1 scripts/with-postgres.sh .venv/bin/python bench/preservation_bench.py "$@"
