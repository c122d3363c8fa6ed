#!/usr/bin/env bash
# What the test suite needs from Debian besides Python: Chromium for the browser journeys
# (Playwright cannot download its own browsers here) and GNU gettext for the check that the
# catalogs hold every string. Installs what is missing when we may; otherwise says what to do.
# With arguments, only those packages: `scripts/ensure-system-packages.sh wrk` for
# `make bench-pages`.
set -euo pipefail
missing=()
if [ $# -gt 0 ]; then
  for package in "$@"; do command -v "$package" >/dev/null 2>&1 || missing+=("$package"); done
else
  command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || missing+=(chromium)
  command -v xgettext >/dev/null 2>&1 || missing+=(gettext)
fi
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing ${missing[*]} (once per machine)..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${missing[@]}" >/dev/null
else
  echo "Missing: ${missing[*]}. Install with 'sudo apt-get install ${missing[*]}'; until then the" >&2
  echo "tests that need them are skipped (and the benchmark that needs wrk does not run)." >&2
fi
