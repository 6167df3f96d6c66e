# IP Collab — the two commands of the README, plus a few helpers.
SHELL := /bin/bash

.PHONY: help run test setup lint

help:
	@echo "make run    set up (first time: a few minutes) and start the web server and a task worker on 127.0.0.1:\$${PORT:-8000}"
	@echo "make test   install what is missing, then lint, import layers, pytest on SQLite and PostgreSQL, browser and contract tests"
	@echo "make setup  only create/update .venv, node_modules, the database, translations and static files"
	@echo "make lint   ruff and the import-layer check"

run:
	@scripts/run.sh

test:
	@scripts/test.sh

setup:
	@scripts/setup.sh

lint:
	@.venv/bin/ruff check . && .venv/bin/lint-imports
