#!/usr/bin/env bash
# Prepares the embedded profile: .venv, npm packages, database schema, translations, static files.
# Every step is skipped when its inputs did not change, so a second run takes seconds.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

export DJANGO_SETTINGS_MODULE="${DJANGO_SETTINGS_MODULE:-config.settings.local}"
mkdir -p var
# the freeze documents are PDFs in Chinese (WeasyPrint): they need the Noto CJK fonts
fc-list 2>/dev/null | grep -qi 'Noto Sans CJK' || apt_install fonts-noto-cjk fontconfig

ensure_venv
ensure_node_modules
say "migrating the database (var/ipcollab.sqlite3 unless DATABASE_URL is set)"
"$PY" manage.py migrate --noinput --verbosity 0
compile_messages
collect_static
