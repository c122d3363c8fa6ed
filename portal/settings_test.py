"""A thin layer over the real settings for the test suite: fast and self-contained."""

import os

os.environ.setdefault("SECRET_KEY", "test-secret-key-only-for-the-test-suite-0123456789abcdef")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
os.environ.setdefault("FIELD_ENCRYPTION_KEYS", "dGVzdC1rZXktb25seS1mb3ItdGhlLXRlc3Qtc3VpdGU=")
os.environ.setdefault("REFERRALS_FOLLOW_UP_CODE_KEY", "test-follow-up-code-key-only-for-the-test-suite-0123")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("SECURE_COOKIES", "false")

from portal.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "OPTIONS": {"MAX_ENTRIES": 5000}}}
# The suite runs in one process, whose memory every request and change of a test shares.
CONTENT_VERSION_IN_CACHE = True
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# No collected static files in tests: serve them from the apps' and project's folders.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# The test client's login() passes no request, which django-axes refuses; tests of
# throttling turn it back on with override_settings(AXES_ENABLED=True).
AXES_ENABLED = False
# The gazetteer's loader reads a sample of the classifier (16,264 rows would make every
# test that loads the manual's data slow); tests of the whole file name it themselves.
GAZETTEER_CLASSIFIER = BASE_DIR / "tests" / "referrals" / "kato_sample.csv"  # noqa: F405
