#!/usr/bin/env bash
# Lighthouse (mobile) on the public pages UX.md names, against a running portal
# (`make run` in another terminal, or PORTAL_URL=...). Lighthouse is installed from the npm
# registry into .cache/ on first use and drives Debian's Chromium; nothing is fetched by the
# pages themselves. Prints the four category scores of each page.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
url="${PORTAL_URL:-http://127.0.0.1:${PORT:-8000}}"
tool="$root/.cache/lighthouse"
if [ ! -x "$tool/node_modules/.bin/lighthouse" ]; then
  mkdir -p "$tool"
  # 12.2.3: the last release whose lock installs cleanly on Node 20.
  (cd "$tool" && npm install --silent --no-save --no-audit --no-fund lighthouse@12.2.3)
fi
"$root/scripts/ensure-system-packages.sh"
out=$(mktemp -d)
for page in kk/ ru/contacts/ kk/guidance/witnesses/ ru/report/; do
  report="$out/$(echo "$page" | tr '/' '_').json"
  CHROME_PATH=/usr/bin/chromium "$tool/node_modules/.bin/lighthouse" "$url/$page" --quiet \
    --chrome-flags="--headless --no-sandbox --disable-gpu --disable-background-networking" \
    --only-categories=performance,accessibility,best-practices,seo --output=json --output-path="$report"
  python3 - "$page" "$report" <<'PY'
import json, sys
page, path = sys.argv[1], sys.argv[2]
categories = json.load(open(path))["categories"]
print(f"/{page:28}", "  ".join(f"{k} {round(v['score'] * 100)}" for k, v in categories.items()))
PY
done
rm -rf "$out"
