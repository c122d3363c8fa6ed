#!/usr/bin/env bash
# What the test suite needs from Debian besides Python: Chromium for the browser journeys
# (Playwright cannot download its own browsers here) and GNU gettext for the check that the
# catalogs hold every string. Installs what is missing when we may; otherwise says what to do.
set -euo pipefail
missing=()
command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || missing+=(chromium)
command -v xgettext >/dev/null 2>&1 || missing+=(gettext)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing ${missing[*]} for the test suite (once per machine)..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${missing[@]}" >/dev/null
else
  echo "Missing: ${missing[*]}. Install with 'sudo apt-get install ${missing[*]}'; until then the" >&2
  echo "tests that need them are skipped." >&2
fi
