"""Settings for the submission benchmark: production settings, served on loopback only.

Everything is as in production (DEBUG off, the keyed hash of follow-up codes, the shared
cache in Redis, the database task queue) except what a benchmark from one loopback address
must change: the per-address ceiling, static files served from the apps without
collectstatic, and a bare view for the baseline (bench/urls.py).
"""

from portal.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
REFERRALS_SUBMISSIONS_PER_ADDRESS = 10**9
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"handlers": [], "level": "WARNING"}}
