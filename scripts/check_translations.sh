#!/usr/bin/env bash
# Checks that the English catalogue is complete: regenerates it from the current sources (Python and
# templates) in a temporary copy of the tree, so the working tree is never touched, and fails when any
# message is untranslated or fuzzy, or when msgfmt rejects the catalogue (e.g. a placeholder mismatch).
#
#   scripts/check_translations.sh            check locale/en (exit 1 and list the offending msgids)
#   LANGS="en" scripts/check_translations.sh  the languages to check (zh-hans is the source language)
#
# To fix a failure: run
#   .venv/bin/python manage.py makemessages -l en --ignore=.venv --ignore=node_modules --ignore=var --no-obsolete
# translate the listed entries in locale/en/LC_MESSAGES/django.po, remove their "#, fuzzy" flags and commit
# the .po (the .mo is built by `make run` / `make test` and is not committed).
set -euo pipefail
source "$(dirname "$0")/lib.sh"

ensure_gettext
LANGS="${LANGS:-en}"
export DJANGO_SETTINGS_MODULE="${DJANGO_SETTINGS_MODULE:-config.settings.test}"

TMP="$(mktemp -d "${TMPDIR:-/tmp}/ipcollab-i18n.XXXXXX")"
trap 'rm -rf "$TMP"' EXIT INT TERM

# The tree as git sees it (tracked files plus new, not ignored ones), without .venv, node_modules and var.
git -C "$ROOT" ls-files -z --cached --others --exclude-standard |
    while IFS= read -r -d '' f; do [ -f "$ROOT/$f" ] && printf '%s\0' "$f"; done |
    tar -C "$ROOT" --null -T - -cf - | tar -C "$TMP" -xf -

failed=0
for lang in $LANGS; do
    po="$TMP/locale/$lang/LC_MESSAGES/django.po"
    (cd "$TMP" && "$PY" manage.py makemessages -l "$lang" --verbosity 0 --no-obsolete \
        --ignore=.venv --ignore=node_modules --ignore=var)
    [ -f "$po" ] || die "makemessages did not write $po"

    # msgattrib prints nothing when no entry matches; otherwise the header followed by the entries.
    untranslated="$(msgattrib --untranslated --no-wrap "$po" | awk 'BEGIN { RS = ""; ORS = "\n\n" } !/(^|\n)msgid ""\nmsgstr/')"
    fuzzy="$(msgattrib --only-fuzzy --no-wrap "$po" | awk 'BEGIN { RS = ""; ORS = "\n\n" } !/(^|\n)msgid ""\nmsgstr/')"
    if [ -n "$untranslated" ]; then
        warn "locale/$lang: $(grep -c '^msgid ' <<<"$untranslated") untranslated message(s):"
        printf '%s\n' "$untranslated" >&2
        failed=1
    fi
    if [ -n "$fuzzy" ]; then
        warn "locale/$lang: $(grep -c '^msgid ' <<<"$fuzzy") fuzzy message(s) (source text changed; check and remove the flag):"
        printf '%s\n' "$fuzzy" >&2
        failed=1
    fi
    if ! msgfmt --check --output-file=/dev/null "$po"; then
        warn "locale/$lang: msgfmt --check failed (placeholders or plural forms)"
        failed=1
    fi
    # The committed catalogue must compile as well (it is what `make run` and `make test` use).
    if ! msgfmt --check --output-file=/dev/null "$ROOT/locale/$lang/LC_MESSAGES/django.po"; then
        warn "locale/$lang/LC_MESSAGES/django.po: msgfmt --check failed"
        failed=1
    fi
done

if [ "$failed" -ne 0 ]; then
    die "translations incomplete: run makemessages (see the top of scripts/check_translations.sh) and translate the entries above"
fi
say "translations complete for: $LANGS"
