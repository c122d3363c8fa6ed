"""Settings for the submission benchmark: production settings, served on loopback only.

Everything is as in production (DEBUG off, Argon2 for follow-up codes, the database task
queue) except what a benchmark from one loopback address must change: the per-client
submission limit, and static files served from the apps without collectstatic.
"""

from portal.settings import *  # noqa: F403

REFERRALS_SUBMISSIONS_PER_HOUR = 10**9
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"handlers": [], "level": "WARNING"}}
