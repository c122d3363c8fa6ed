"""Settings for the portal, driven by environment variables.

One file for every environment. Values are parsed strictly: a malformed value stops the
portal at start-up instead of falling back to a default nobody chose. With DEBUG off the
portal refuses to start without a real secret key and allowed hosts.
"""

import os
from pathlib import Path

from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be one of {sorted(_TRUE | _FALSE)}, not {raw!r}")


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}") from None
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, not {value}")
    return value


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return list(default or [])
    return [item.strip() for item in raw.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    # Only for a developer's machine: sessions signed with it are worthless elsewhere.
    SECRET_KEY = "insecure-development-key-never-used-in-production-0123456789"  # noqa: S105

# Keys that encrypt witnesses' free text and contact details at rest (portal/crypto.py).
FIELD_ENCRYPTION_KEYS = env_list("FIELD_ENCRYPTION_KEYS")
if not FIELD_ENCRYPTION_KEYS:
    if not DEBUG:
        raise ImproperlyConfigured("FIELD_ENCRYPTION_KEYS must be set when DEBUG is off.")
    FIELD_ENCRYPTION_KEYS = ["ZGV2ZWxvcG1lbnQta2V5LW5vdC1mb3ItcmVhbC1kYXQ="]

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set when DEBUG is off.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# The public address of the portal, used in links sent to staff by e-mail.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    # modeltranslation must come before the admin so its fields get language tabs.
    "modeltranslation",
    "portal.admin_apps.PortalAdminConfig",  # django.contrib.admin with a second factor for referral staff
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "csp",
    "import_export",
    "simple_history",
    "django_tasks",
    "django_tasks_db",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "portal",
    "contacts",
    "guidance",
    "referrals",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before the session and CSRF middleware: it must see the cookies they add.
    "portal.middleware.PrivateWhenSettingCookiesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Renews the session on the report's, the office's and the admin's pages only.
    "portal.middleware.KeepVisitAliveMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Marks a session verified once the second factor was given (request.user.is_verified()).
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "portal.middleware.PrivacyHeadersMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: turns a locked-out login into its lockout response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------
# Without DATABASE_URL: an embedded SQLite file, so `make run` needs no server.
# With it: PostgreSQL through psycopg 3, the database of record in production.
DATABASE_URL = env_str("DATABASE_URL")
# A new authenticated connection per request costs ~5x on a one-query view.
DATABASE_CONN_MAX_AGE = env_int("DATABASE_CONN_MAX_AGE", 60, minimum=0)
if DATABASE_URL:
    import dj_database_url

    if not DATABASE_URL.startswith(("postgres://", "postgresql://")):
        raise ImproperlyConfigured("DATABASE_URL must be a postgres:// or postgresql:// URL.")
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL,
            conn_max_age=DATABASE_CONN_MAX_AGE,
            conn_health_checks=True,
        )
    }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": env_str("SQLITE_PATH", str(BASE_DIR / "db.sqlite3")),
            # Several witnesses may write at once; wait for the lock instead of failing.
            "OPTIONS": {"timeout": 20, "transaction_mode": "IMMEDIATE"},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache and sessions ---------------------------------------------------------------
# Nothing a second app server needs lives in process memory: sessions are in the
# database and the cache (rate limits, throttles) goes to Redis when REDIS_URL is set.
# The abuse limits' counters must be shared by every process, so production needs Redis:
# `check --deploy` reports an error without it (portal/checks.py). Without REDIS_URL (a
# developer's machine, one process) the cache is in process memory.
REDIS_URL = env_str("REDIS_URL")
CACHE_KEY_PREFIX = env_str("CACHE_KEY_PREFIX")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "portal.redis_cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": CACHE_KEY_PREFIX,
        }
    }
else:
    # Room for every public page in every language (portal/page_cache.py) besides the counters.
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "OPTIONS": {"MAX_ENTRIES": 5000}}}
# Where the version of cached public pages lives (portal/content_version.py): in the cache
# when every process that serves or changes pages shares it, else in the database.
CONTENT_VERSION_IN_CACHE = bool(REDIS_URL)

SESSION_ENGINE = "django.contrib.sessions.backends.db"
# A visit's session (and so a half-filled report) lasts a working evening, not for ever.
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 2 * 60 * 60, minimum=300)
# Saved only when changed: with every request saving, a request that had read the session
# before a step's answers were stored (the place step's type-ahead, a page in another tab)
# wrote its older copy back over them. The report's, the office's and the admin's pages
# keep the visit alive (portal/middleware.py, KeepVisitAliveMiddleware).
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# The CSRF token lives in the session, not in a cookie of its own that would outlive quick
# exit (which flushes the session and so deletes the only cookie).
CSRF_USE_SESSIONS = True
CSRF_FAILURE_VIEW = "portal.errors.csrf_failure"

# --- Passwords ------------------------------------------------------------------------
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Failed staff logins are recorded and throttled (django-axes) by account and address
# (portal/sign_in.py says what is kept and why).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 30, minimum=1) / 60  # hours
# Per account and address together: a stranger's failures lock out the stranger's address only.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# The client's address through the trusted proxies (REFERRALS_PROXY_HOPS, read below), not the proxy's.
AXES_CLIENT_IP_CALLABLE = "portal.sign_in.client_ip"
AXES_HANDLER = "portal.sign_in.StaffSignInHandler"
# The log names the account, address and page only: no user agent.
AXES_VERBOSE = False
AXES_RESET_ON_SUCCESS = True
# How long staff sign-in records are kept (purged by `manage.py purge_sign_in_records`).
STAFF_SIGN_IN_RECORD_DAYS = env_int("STAFF_SIGN_IN_RECORD_DAYS", 30, minimum=1)
AXES_LOCKOUT_TEMPLATE = "referrals/office/locked_out.html"
OTP_TOTP_ISSUER = "Child protection portal"
LOGIN_URL = "office:login"

# --- Languages ------------------------------------------------------------------------
LANGUAGE_CODE = "kk"
LANGUAGES = [
    ("kk", _("Kazakh")),
    ("ru", _("Russian")),
    ("en", _("English")),
]
# The project's own strings, then its Kazakh catalog for the admin and the libraries staff
# use there (Django's kk catalog is thin; import-export ships Kazakh under the wrong code).
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale" / "third_party"]
USE_I18N = True
TIME_ZONE = "Asia/Almaty"
USE_TZ = True

MODELTRANSLATION_DEFAULT_LANGUAGE = "kk"
# The one list of the portal's languages is LANGUAGES above; code uses this tuple of codes.
MODELTRANSLATION_LANGUAGES = tuple(code for code, _name in LANGUAGES)
MODELTRANSLATION_FALLBACK_LANGUAGES = ("kk",)
# Served from the portal itself: the admin must not fetch anything from a third party.
JQUERY_UI_URL = "/static/vendor/jquery-ui/jquery-ui.min.js"

# --- Static files ---------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# --- Security headers -----------------------------------------------------------------
# Nothing is loaded from another origin and no inline script or style is allowed.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
    }
}
SECURE_CONTENT_TYPE_NOSNIFF = True
# `no-referrer` makes Chromium send `Origin: null` and every form fails the CSRF check.
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_COOKIE_HTTPONLY = True

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
BEHIND_TLS_PROXY = env_bool("BEHIND_TLS_PROXY", False)
if BEHIND_TLS_PROXY:
    # Only when a trusted load balancer terminates TLS and sets this header.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Witnesses' reports are small; a larger body is refused before it reaches a view.
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 2_621_440, minimum=65_536)
DATA_UPLOAD_MAX_NUMBER_FIELDS = 500

# --- E-mail ---------------------------------------------------------------------------
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10, minimum=1)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "portal@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Background tasks -----------------------------------------------------------------
# Notifications and scheduled jobs run through Django's tasks API (backport) on the
# database queue; `manage.py db_worker` works the queue.
TASKS = {
    "default": {
        "BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

# --- import-export --------------------------------------------------------------------
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_SKIP_ADMIN_LOG = False
IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = True
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "change"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"

# --- Portal ---------------------------------------------------------------------------
# Where quick exit sends the visitor: a neutral, everyday site.
QUICK_EXIT_URL = env_str("QUICK_EXIT_URL", "https://www.google.com/")

# Officials' casework: a referral not acknowledged within this many hours is escalated
# to the national coordinator (referrals/escalation.py).
REFERRAL_ACKNOWLEDGE_HOURS = env_int("REFERRAL_ACKNOWLEDGE_HOURS", 48, minimum=1)
# Closed referrals are anonymised this many days after closing; the office is warned
# REFERRAL_RETENTION_WARNING_DAYS before. The manual sets no period: this is a policy choice.
REFERRAL_RETENTION_DAYS = env_int("REFERRAL_RETENTION_DAYS", 730, minimum=1)
REFERRAL_RETENTION_WARNING_DAYS = env_int("REFERRAL_RETENTION_WARNING_DAYS", 14, minimum=0)
# The witness's side (referrals/witness/views.py, referrals/limits.py). Reports sent from
# one visit (session) in an hour: a real witness sends one, perhaps two.
REFERRALS_SUBMISSIONS_PER_VISIT = env_int("REFERRALS_SUBMISSIONS_PER_VISIT", 5, minimum=1)
# Reports per client address and hour: only a ceiling against floods, set high because
# schools, shelters, workplaces and mobile carriers put many witnesses behind one address.
REFERRALS_SUBMISSIONS_PER_ADDRESS = env_int("REFERRALS_SUBMISSIONS_PER_ADDRESS", 300, minimum=1)
# Wrong follow-up codes allowed per reference in a quarter of an hour (never per address).
REFERRALS_FOLLOW_UP_ATTEMPTS = env_int("REFERRALS_FOLLOW_UP_ATTEMPTS", 5, minimum=1)
# The key of the follow-up codes' keyed hash (referrals/codes.py): separate from SECRET_KEY,
# so rotating the signing key does not lock every witness out of their report.
REFERRALS_FOLLOW_UP_CODE_KEY = env_str("REFERRALS_FOLLOW_UP_CODE_KEY")
if not REFERRALS_FOLLOW_UP_CODE_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("REFERRALS_FOLLOW_UP_CODE_KEY must be set when DEBUG is off.")
    REFERRALS_FOLLOW_UP_CODE_KEY = "insecure-development-follow-up-code-key"
if len(REFERRALS_FOLLOW_UP_CODE_KEY) < 32 and not DEBUG:
    raise ImproperlyConfigured("REFERRALS_FOLLOW_UP_CODE_KEY must be at least 32 characters long.")
# A report is a few kilobytes of text; a far larger body is not a witness typing.
REFERRALS_MAX_POST_BYTES = env_int("REFERRALS_MAX_POST_BYTES", 64 * 1024, minimum=4096)
# Behind the TLS proxy every request comes from the proxy: the client's address is this many
# X-Forwarded-For entries from the right. One setting for both readers of it: the witness's
# counters above and the staff sign-in throttling (AXES_CLIENT_IP_CALLABLE).
REFERRALS_PROXY_HOPS = env_int("REFERRALS_PROXY_HOPS", 1 if BEHIND_TLS_PROXY else 0, minimum=0)
# Large exports are built by a background task, kept (encrypted) in the database and
# served only to their requester until the link expires.
EXPORT_LINK_HOURS = env_int("EXPORT_LINK_HOURS", 24, minimum=1)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # The request logger would write client addresses and paths of witnesses' visits.
    "loggers": {"django.server": {"handlers": [], "level": "ERROR", "propagate": False}},
}
