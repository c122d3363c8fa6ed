#!/usr/bin/env bash
# Regenerate the .po catalogs after changing user-facing strings (needs GNU gettext).
# Each app keeps its own catalog (<app>/locale); templates/ and portal/ use locale/.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
export DJANGO_SETTINGS_MODULE=portal.settings DEBUG=true PYTHONPATH="$root"
admin="$root/.venv/bin/django-admin"
langs=(-l kk -l ru -l en)
for app in contacts guidance referrals; do
  if [ -d "$root/$app/locale" ]; then
    (cd "$root/$app" && "$admin" makemessages "${langs[@]}" --no-obsolete --no-location)
    if compgen -G "$root/$app/static/*/js/*.js" >/dev/null; then
      (cd "$root/$app" && "$admin" makemessages -d djangojs "${langs[@]}" --no-obsolete --no-location)
    fi
  fi
done
cd "$root"
"$admin" makemessages "${langs[@]}" --no-obsolete --no-location \
  --ignore='.venv/*' --ignore='staticfiles/*' --ignore='tests/*' --ignore='bench/*' \
  --ignore='contacts/*' --ignore='guidance/*' --ignore='referrals/*'
