#!/usr/bin/env bash
# Browser journeys need Debian's Chromium (Playwright cannot download its own browsers
# here). Installs it when missing and we may; otherwise says what to do.
set -euo pipefail
if command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ]; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Chromium for the browser tests (once per machine)..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq chromium >/dev/null
else
  echo "Chromium is missing: install it with 'sudo apt-get install chromium' to run the browser tests;" >&2
  echo "until then they are skipped." >&2
fi
