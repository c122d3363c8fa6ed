"""Checks `manage.py check --deploy` runs on the production settings."""

from django.conf import settings
from django.core.checks import Error, Tags, register

# Backends whose counters live in one process (or one machine's disk): with several
# gunicorn workers or app servers every abuse limit would be multiplied by their number.
PER_PROCESS_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
    "django.core.cache.backends.filebased.FileBasedCache",
}


@register(Tags.security, Tags.caches, deploy=True)
def shared_cache(app_configs, **kwargs):
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if backend in PER_PROCESS_CACHES:
        return [
            Error(
                "The cache is not shared by the app's processes, so the abuse limits do not hold.",
                hint="Set REDIS_URL (README.md, Configuration).",
                id="portal.E001",
            )
        ]
    return []
