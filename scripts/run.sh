#!/usr/bin/env bash
# Serve the portal locally with its background worker; both stop on Ctrl+C.
set -euo pipefail
PORT="${PORT:-8000}"
PY=.venv/bin/python
$PY manage.py db_worker --interval 2 &
worker=$!
trap 'kill $worker 2>/dev/null || true' EXIT INT TERM
$PY manage.py runserver "127.0.0.1:${PORT}"
