"""Settings for the BIN Kenniscentrum portal, read from the environment.

Every value that differs between a laptop and production comes from an environment variable
(see `.env.example`). Convenient defaults exist only when DEBUG is on; with DEBUG off a missing
SECRET_KEY or DATABASE_URL stops start-up with one line that names the variable.
"""

import sys
from importlib.util import find_spec
from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

from kenniscentrum.lib.objectstore import upload_storages
from kenniscentrum.lib.sharedcache import cache_config, is_shared

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)


def required(name, debug_default):
    """A value production must set; in DEBUG a local default keeps set-up to zero."""
    if name in env.ENVIRON:
        return env.str(name)
    if DEBUG:
        return debug_default
    # One clear line instead of a traceback: this is an operator's mistake, not a bug.
    sys.exit(
        f"Configuration error: set the {name} environment variable (required when DEBUG is off)."
    )


SECRET_KEY = required("SECRET_KEY", "django-insecure-local-development-only")
DATABASES = {"default": env.db_url_config(required("DATABASE_URL", "postgres:///kenniscentrum"))}
# PostgreSQL, telling the page cache which tables each statement reads and writes
# (kenniscentrum/pagecache/tables.py).
DATABASES["default"]["ENGINE"] = "kenniscentrum.pagecache.postgresql"
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES["default"].setdefault("OPTIONS", {})
DATABASES["default"]["OPTIONS"].setdefault("connect_timeout", 5)

ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "members",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django.contrib.sitemaps",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "crispy_forms",
    "crispy_bootstrap5",
    "csp",
    "django_prose_editor",
    "events",
    "knowledgebase",
    "training",
    "kenniscentrum.newsletter",
    "django_tasks",
    "django_tasks_db",
    "kenniscentrum.outbox",
    # Last, so that its post_migrate hook sees the permissions of every other app.
    "kenniscentrum",
]
# The load-test tooling (scale data, benchmark, soak, outage drill) is for development only: the
# production image does not even contain it.
if (DEBUG or "pytest" in sys.modules) and find_spec("kenniscentrum.loadtest"):
    INSTALLED_APPS.insert(INSTALLED_APPS.index("kenniscentrum"), "kenniscentrum.loadtest")

MIDDLEWARE = [
    # First: every answer, a redirect to HTTPS included, carries a request id and is logged.
    "kenniscentrum.middleware.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Before anything reads the request: refuses oversized bodies and NUL characters.
    "kenniscentrum.middleware.RequestGuardMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "kenniscentrum.middleware.StaffMFARequiredMiddleware",
    # Last: every middleware above still runs for a page served from the cache.
    "kenniscentrum.pagecache.middleware.AnonymousPageCacheMiddleware",
]

ROOT_URLCONF = "kenniscentrum.urls"
WSGI_APPLICATION = "kenniscentrum.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "csp.context_processors.nonce",
                "kenniscentrum.context_processors.language_links",
                "kenniscentrum.context_processors.seo",
            ],
        },
    },
]

AUTH_USER_MODEL = "members.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"

# Accounts: the e-mail address is the login and must be verified before first use.
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "members.account_forms.SignupForm"
ACCOUNT_FORMS = {"login": "members.account_forms.LoginForm"}
ACCOUNT_ADAPTER = "members.adapter.AccountAdapter"
# A password reset for an address without an account sends nothing (the page answers the same):
# otherwise anyone could have the site mail any address.
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[BIN Kenniscentrum] "
# Logins are limited per account only (five failures in five minutes): any limit per address would
# let one person lock everyone who shares that address (an office, a municipality, a proxy) out.
ACCOUNT_RATE_LIMITS = {
    "login": "",
    "login_failed": "5/5m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "BIN Kenniscentrum"

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Languages: Dutch is the default; every page lives under /nl/ or /fr/.
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands")), ("fr", _("Français"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Europe/Brussels"
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
# Uploads that are not public (charters, members-only documents, training materials). Outside
# MEDIA_ROOT, so that no spelling of a /media/ URL can reach them; only views that check
# permission read them (kenniscentrum/lib/storage.py).
PRIVATE_MEDIA_ROOT = env.path("PRIVATE_MEDIA_ROOT", default=BASE_DIR / "private_media")
# Django serves /media/ itself only in development; a production web server serves it (README).
# Read here, not from DEBUG in the URLconf, because the test runner turns DEBUG off and the tests
# must reach this route to prove what it serves.
SERVE_MEDIA = DEBUG or "pytest" in sys.modules
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# --- object storage for uploads (S3 API) ---
# Public uploads go to S3_MEDIA_BUCKET and private ones to S3_PRIVATE_BUCKET when these are set;
# otherwise to MEDIA_ROOT and PRIVATE_MEDIA_ROOT (make run, the tests). Every private file field
# uses the storage "private" (kenniscentrum/lib/storage.py), whose files are handed out only by
# views that check permission, by PRIVATE_FILES_DELIVERY: "stream" (Django sends the bytes; the
# default on the file system), "signed" (a redirect to a presigned URL valid
# PRIVATE_FILES_URL_SECONDS; the default with S3) or "accel" (X-Accel-Redirect to the proxy's
# internal PRIVATE_FILES_ACCEL_LOCATION; see the README for its nginx location).
S3_MEDIA_BUCKET = env.str("S3_MEDIA_BUCKET", default="")
S3_PRIVATE_BUCKET = env.str("S3_PRIVATE_BUCKET", default="")
PRIVATE_FILES_DELIVERY = env.str(
    "PRIVATE_FILES_DELIVERY", default="signed" if S3_PRIVATE_BUCKET else "stream"
)
PRIVATE_FILES_URL_SECONDS = env.int("PRIVATE_FILES_URL_SECONDS", default=60)
PRIVATE_FILES_ACCEL_LOCATION = env.str("PRIVATE_FILES_ACCEL_LOCATION", default="/_private/")
STORAGES |= upload_storages(
    media_bucket=S3_MEDIA_BUCKET,
    private_bucket=S3_PRIVATE_BUCKET,
    endpoint_url=env.str("S3_ENDPOINT_URL", default=""),
    access_key=env.str("S3_ACCESS_KEY_ID", default=""),
    secret_key=env.str("S3_SECRET_ACCESS_KEY", default=""),
    region=env.str("S3_REGION_NAME", default=""),
    media_prefix=env.str("S3_MEDIA_PREFIX", default=None),
    media_url=env.str("S3_MEDIA_URL", default=""),
    private_prefix=env.str("S3_PRIVATE_PREFIX", default="private/"),
    url_seconds=PRIVATE_FILES_URL_SECONDS,
)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Request bodies are capped before they are parsed. The largest upload is 20 MB
# (kenniscentrum/lib/uploads.py); a body beyond the upload plus its form gets 413 at once
# (kenniscentrum.middleware.RequestGuardMiddleware), so nobody can make a worker read or store
# more.
REQUEST_BODY_MAX_BYTES = env.int("REQUEST_BODY_MAX_BYTES", default=25 * 1024 * 1024)
# Form fields without the files: the longest text anyone sends is an article body.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
# The admin's largest form is an event with its registrations inline, two fields per row: this
# leaves room for a study day of 900 people.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000
# No form takes more than a few files; an admin page with inline rows sends one part per row.
DATA_UPLOAD_MAX_NUMBER_FILES = 50
# Uploads above this go to a temporary file instead of memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

CACHES = {"default": cache_config(env.str("CACHE_URL", default="locmemcache://"))}
# Public pages are cached whole for anonymous visitors, at most this long (0 turns the cache off);
# any change to content makes them out of date at once (kenniscentrum/pagecache/). Off in the
# tests, whose pinned query counts measure the pages themselves; the cache's own tests turn it on.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=0 if "pytest" in sys.modules else 600)

# --- shared cache ---
# CACHE_URL=redis://host:6379/1 shares the cache between every web process: pages, rate limits
# and sessions. A dead Redis costs milliseconds and no errors (kenniscentrum/lib/sharedcache.py).
# With a shared cache a logged-in request reads its session from the cache, not from PostgreSQL;
# PostgreSQL still holds every session, so nobody is logged out when the cache is emptied or down.
if is_shared(CACHES["default"]):
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

EMAIL_CONFIG = env.email_url(
    "EMAIL_URL", default="consolemail://" if DEBUG else "smtp://localhost:25"
)
vars().update(EMAIL_CONFIG)
# Absolute links in e-mails sent outside a request (reminders, newsletters).
SITE_URL = env.str(
    "SITE_URL",
    default="http://127.0.0.1:8000"
    if DEBUG
    else f"https://{ALLOWED_HOSTS[0]}"
    if ALLOWED_HOSTS
    else "",
)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="BIN Kenniscentrum <noreply@localhost>")
SERVER_EMAIL = env.str("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)
ADMINS = [("Beheer", a) for a in env.list("ADMINS", default=[])]

# --- e-mail as background work ---
# Every e-mail of every origin (the site's, allauth's, Django's error mails) is stored in the
# outbox in the transaction of the change behind it (kenniscentrum/outbox/); the worker
# (`manage.py db_worker`) delivers it through EMAIL_URL's backend. No request waits for a mail
# server. Django's test runner still swaps in its in-memory backend for the tests.
EMAIL_DELIVERY_BACKEND = EMAIL_CONFIG["EMAIL_BACKEND"]
EMAIL_BACKEND = "kenniscentrum.outbox.backend.QueueEmailBackend"
# Seconds the worker waits for the mail server before it retries later.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# Messages sent over one connection; attempts before a message is marked failed; the first wait
# before a retry, doubled at each attempt (60 s, 2 min, 4 min ... about 4 hours in all).
OUTBOX_BATCH_SIZE = env.int("OUTBOX_BATCH_SIZE", default=100)
OUTBOX_MAX_ATTEMPTS = env.int("OUTBOX_MAX_ATTEMPTS", default=8)
OUTBOX_RETRY_SECONDS = env.int("OUTBOX_RETRY_SECONDS", default=60)
# Days a sent e-mail stays in the outbox (for the admin); failed ones stay three times as long.
OUTBOX_KEEP_DAYS = env.int("OUTBOX_KEEP_DAYS", default=30)
# What `manage.py scheduler` runs: (name, command and arguments, every N minutes, at "HH:MM"
# local time for daily jobs). Periods are aligned on the clock; each runs once per period.
SCHEDULER_JOBS = [
    ("enqueue_outbox", ["enqueue_outbox"], 5),
    ("send_newsletter", ["send_newsletter"], 5),
    ("send_event_reminders", ["send_event_reminders"], 60),
    # The page-cache hit rate and the queues' depth in the log, for sites without a scraper.
    ("log_metrics", ["log_metrics"], 1),
    ("anonymise_past_registrations", ["anonymise_past_registrations"], 24 * 60, "02:00"),
    ("anonymise_contact_messages", ["anonymise_contact_messages"], 24 * 60, "02:10"),
    ("purge_expired_requests", ["purge_expired_requests"], 24 * 60, "02:20"),
    ("prune_outbox", ["prune_outbox"], 24 * 60, "02:30"),
    ("prune_db_task_results", ["prune_db_task_results", "--min-age-days", "14"], 24 * 60, "02:40"),
]

# Security headers. Cookies are Secure only where the site runs over HTTPS (DEBUG off).
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# How many reverse proxies in front of the site append to X-Forwarded-For; the client's address
# is the entry that many places from the right (kenniscentrum/lib/client.py). 0: no proxy, the
# header is ignored. Rate limits, consent records and allauth all read the address this way.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^livez$", r"^healthz$"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SECURE = not DEBUG
LANGUAGE_COOKIE_HTTPONLY = True

# Content-Security-Policy: no inline script anywhere; scripts and styles come from our own origin.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

# --- observing the site: logs, errors, metrics; a connection pooler ---
# Logs go to the console (the process manager keeps them). LOG_FORMAT=json writes one JSON object
# per line with the request id, and adds one access line per request (logger
# kenniscentrum.access); plain text leaves the access log to gunicorn. Every record of a request
# carries its id (kenniscentrum/lib/logs.py). Errors go to Sentry when SENTRY_DSN is set, else
# to the ADMINS by e-mail; an unreachable database is logged as a warning and mailed to nobody,
# since it would otherwise send one e-mail per request of the outage.
LOG_FORMAT = env.str("LOG_FORMAT", default="plain")
SENTRY_DSN = env.str("SENTRY_DSN", default="")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "kenniscentrum.lib.logs.RequestIdFilter"},
        "database_outage": {"()": "kenniscentrum.lib.logs.DatabaseOutageFilter"},
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
    },
    "formatters": {"json": {"()": "kenniscentrum.lib.logs.JsonFormatter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            **({"formatter": "json"} if LOG_FORMAT == "json" else {}),
        },
        "mail_admins": {
            "class": "django.utils.log.AdminEmailHandler",
            "level": "ERROR",
            "filters": ["require_debug_false", "request_id"],
        },
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        # Replaces Django's default for this logger, which mails every error to the ADMINS.
        "django": {"handlers": [] if SENTRY_DSN else ["mail_admins"], "level": "INFO"},
        "django.request": {"filters": ["database_outage"]},
        "kenniscentrum.access": {"level": "INFO" if LOG_FORMAT == "json" else "WARNING"},
    },
}
# /metrics answers only a request with "Authorization: Bearer <METRICS_TOKEN>"; unset, it is 404.
METRICS_TOKEN = env.str("METRICS_TOKEN", default="")
# Behind PgBouncer in transaction mode a server-side cursor (QuerySet.iterator()) can land on
# another server connection between two fetches: such a pooler needs them off.
DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = env.bool(
    "DISABLE_SERVER_SIDE_CURSORS", default=False
)
if SENTRY_DSN:
    import sentry_sdk
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        integrations=[DjangoIntegration()],
        environment=env.str("SENTRY_ENVIRONMENT", default="production"),
        release=env.str("SENTRY_RELEASE", default="") or None,
        # No addresses, cookies, user names or form bodies: only what the code did.
        send_default_pii=False,
        max_request_body_size="never",
        traces_sample_rate=env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0),
    )

# Events: reminders go out this many days before an event; participants' names and e-mail
# addresses are removed this many days after their event (the counts and certificates stay).
EVENTS_REMINDER_DAYS_BEFORE = env.int("EVENTS_REMINDER_DAYS_BEFORE", default=2)
EVENTS_ANONYMISE_AFTER_DAYS = env.int("EVENTS_ANONYMISE_AFTER_DAYS", default=365)

# Contact messages: names, addresses and texts are removed this many days after they came in.
CONTACT_MESSAGES_KEEP_DAYS = env.int("CONTACT_MESSAGES_KEEP_DAYS", default=730)

# Requests to start a BIN are deleted this many days after they came in; newsletter subscriptions
# nobody confirmed, this many days after they were last asked for (`purge_expired_requests`).
START_REQUESTS_KEEP_DAYS = env.int("START_REQUESTS_KEEP_DAYS", default=730)
NEWSLETTER_UNCONFIRMED_KEEP_DAYS = env.int("NEWSLETTER_UNCONFIRMED_KEEP_DAYS", default=30)

# --- knowledge base ---
# An article's "read also" is stored when it is saved; nightly, every article's list takes in the
# articles published since.
SCHEDULER_JOBS += [("refresh_related_articles", ["refresh_related_articles"], 24 * 60, "02:50")]
