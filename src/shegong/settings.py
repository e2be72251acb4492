"""Settings, read from the environment. Every variable is documented in docs/configuration.md.

Two modes:
- embedded (default): SQLite under ``var/``, a generated secret key, jobs inline, plain HTTP;
- production (``SHEGONG_PRODUCTION=1``): ``SECRET_KEY`` required, HTTPS-only cookies, HSTS,
  database connections kept open between requests.
"""

import os
import secrets
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "")
    return int(value) if value.strip() else default


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


PACKAGE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(os.environ.get("SHEGONG_VAR_DIR", Path.cwd() / "var")).resolve()
PRODUCTION = env_bool("SHEGONG_PRODUCTION")
DEBUG = env_bool("SHEGONG_DEBUG")
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("SHEGONG_DEBUG must be off when SHEGONG_PRODUCTION is on.")


def _secret_key() -> str:
    key = os.environ.get("SECRET_KEY", "")
    if key:
        return key
    if PRODUCTION:
        raise ImproperlyConfigured("SECRET_KEY must be set when SHEGONG_PRODUCTION is on.")
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_urlsafe(64))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "django_filters",
    "django_tables2",
    "django_htmx",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "csp",  # django-csp: its checks refuse pre-4.0 CSP_* settings (issue 10)
    # Shegong: the framework layer first, then the domain apps from the bottom up.
    "shegong.core",
    "shegong.areas",
    "shegong.organisations",
    "shegong.accounts",
    "shegong.people",
    "shegong.registry",
    "shegong.workforce",
    "shegong.education",
    "shegong.assessment",
    "shegong.incubation",
    "shegong.governance",
    "shegong.grading",
    "shegong.funding",
    "shegong.procurement",
    "shegong.inspections",
    "shegong.audits",
    "shegong.oversight",
    "shegong.portal",
    "shegong.reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Security headers (issue 10): CSP, Permissions-Policy, no-store for signed-in users. Inside
    # WhiteNoise (static files are left alone), outside the rest (e.g. Axes' lockout page).
    "csp.middleware.CSPMiddleware",
    "shegong.core.middleware.PermissionsPolicyMiddleware",
    "shegong.core.middleware.NoStoreForSignedInMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "shegong.core.middleware.SlidingSessionMiddleware",
    "shegong.core.middleware.NulCharacterMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "shegong.core.middleware.CorrelationIdMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "shegong.urls"
WSGI_APPLICATION = "shegong.wsgi.application"
AUTH_USER_MODEL = "accounts.User"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "shegong.core.context_processors.navigation",
            ],
        },
    },
]

#: Django's form renderer with inputs and selects written in Python (core/renderers.py, issue 13).
FORM_RENDERER = "shegong.core.renderers.FastRenderer"

# --- Database -----------------------------------------------------------------------------
DATABASE_URL = os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'shegong.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL,
        conn_max_age=env_int("CONN_MAX_AGE", 60 if PRODUCTION else 0),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Writers take the lock at BEGIN, so two requests never deadlock upgrading a read lock.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20}
    )
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Authentication, sessions and passwords ------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "shegong.accounts.validators.MinimumLengthValidator",
        "OPTIONS": {"min_length": env_int("PASSWORD_MIN_LENGTH", 10)},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "portal:home"
LOGOUT_REDIRECT_URL = "portal:home"
SESSION_COOKIE_AGE = env_int("SESSION_TIMEOUT_MINUTES", 30) * 60
# The timeout counts from the last request, not the sign-in: a request renews the session when
# it was last saved this many seconds ago or more (core.middleware.SlidingSessionMiddleware),
# not on every request, which cost a signed-in page a write and a transaction (issue 13).
SESSION_SAVE_EVERY_REQUEST = False
SESSION_RENEW_SECONDS = env_int("SESSION_RENEW_SECONDS", 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
API_TOKEN_DAYS = env_int("API_TOKEN_DAYS", 90)
# How long a password reset link works (issue 10; Django's setting is in seconds).
PASSWORD_RESET_TIMEOUT = env_int("PASSWORD_RESET_HOURS", 24) * 3600

AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("LOGIN_COOLOFF_MINUTES", 15) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# The locked-out page says how long the lock lasts and until when (accounts.lockout); every
# failure during the lock starts the cool-off again (axes's default, said here as the page
# relies on it).
AXES_LOCKOUT_CALLABLE = "shegong.accounts.views.locked_out"
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = True
AXES_VERBOSE = False

# --- Internationalisation --------------------------------------------------------------------
LANGUAGE_CODE = os.environ.get("LANGUAGE_CODE", "zh-hans")
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

# --- Static and uploaded files ---------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
if not PRODUCTION:
    # WhiteNoise warns at every start when the folder is missing; collectstatic fills it.
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
# Bootstrap's CSS and JS are vendored in core/static/vendor/ (no CDN; ADR 0033).
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # WhiteNoise's compressed manifest storage, each URL worked out once (core/staticfiles.py)
        "BACKEND": "shegong.core.staticfiles.StaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "media/"

# --- Cache ------------------------------------------------------------------------------------
# Rate limits (the public register, the API throttles) count in the cache, so production needs
# one cache shared by every worker: ``CACHE_URL=redis://...`` (Django's built-in RedisCache, with
# one Redis client a connection pool: core/cache.py).
# The default, a per-process memory cache, is right for the embedded mode only.
CACHE_URL = os.environ.get("CACHE_URL", "").strip()


def _caches(url: str) -> dict:
    if url.startswith(("redis://", "rediss://", "unix://")):
        backend = {"BACKEND": "shegong.core.cache.RedisCache", "LOCATION": url}
    elif url in ("", "locmem://"):
        backend = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    elif url == "dummy://":
        backend = {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    else:
        raise ImproperlyConfigured("CACHE_URL must be redis://..., locmem:// or dummy://.")
    return {"default": backend}


CACHES = _caches(CACHE_URL)

# --- Background jobs ---------------------------------------------------------------------------
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
# Without a broker a job runs in a background thread of the web process, and the request that
# starts it answers at once with its progress page (ADR 0043). Set to run it inside that
# request instead (the tests do, so that a job is done when start_job returns).
JOBS_RUN_IN_REQUEST = env_bool("JOBS_RUN_IN_REQUEST")
CELERY_TASK_IGNORE_RESULT = True  # job state lives in core.Job, not in a result backend
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# With `celery -A shegong beat`: daily upkeep of the register (embedded mode: cron calls
# `shegong expire_registrations` instead).
CELERY_BEAT_SCHEDULE = {
    "expire-registrations": {
        "task": "shegong.registry.expire_registrations",
        "schedule": crontab(hour=0, minute=5),
    },
    "cpd-reminders": {
        "task": "shegong.education.cpd_reminders",
        "schedule": crontab(hour=1, minute=15),
    },
    "audit-checkpoint": {
        "task": "shegong.core.audit_checkpoint",
        "schedule": crontab(minute=0),
    },
}
CELERY_TIMEZONE = TIME_ZONE

# --- Mail ---------------------------------------------------------------------------------------
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "shegong@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)

# --- REST API ------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "shegong.accounts.authentication.ExpiringTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["shegong.core.api.permissions.RestrictedAccess"],
    "DEFAULT_FILTER_BACKENDS": [
        # Filters and sorting on private fields need view_private (issue 10).
        "shegong.core.api.filters.FilterBackend",
        "shegong.core.api.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "shegong.core.api.pagination.Pagination",
    "DEFAULT_SCHEMA_CLASS": "shegong.core.api.schema.AutoSchema",
    "EXCEPTION_HANDLER": "shegong.core.api.exceptions.exception_handler",
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": os.environ.get("API_ANON_RATE", "600/minute"),
        "user": os.environ.get("API_USER_RATE", "6000/minute"),
        "public_register": os.environ.get("PUBLIC_REGISTER_RATE", "60/minute"),
        "public_verify": os.environ.get("PUBLIC_VERIFY_RATE", "10/minute"),
    },
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Shegong API",
    "DESCRIPTION": "The social work register, workforce and services of a city.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "ENUM_NAME_OVERRIDES": {
        "AreaLevelEnum": "shegong.areas.choices.AreaLevel",
        "QualificationLevelEnum": "shegong.registry.choices.Level",
        "AppealOutcomeEnum": "shegong.registry.choices.AppealOutcome",
        "EmploymentKindEnum": "shegong.workforce.choices.EmploymentKind",
        "AssessmentRatingEnum": "shegong.assessment.choices.Rating",
        "TrainingProviderKindEnum": "shegong.education.choices.ProviderKind",
        "CourseKindEnum": "shegong.education.choices.CourseKind",
        "ProcurementStatusEnum": "shegong.procurement.choices.ProcurementStatus",
        "ContractStatusEnum": "shegong.procurement.choices.ContractStatus",
        "IncubationOutcomeEnum": "shegong.incubation.choices.Outcome",
        "OversightRatingEnum": "shegong.oversight.choices.Rating",
        "VisitKindEnum": "shegong.oversight.choices.VisitKind",
        "EvaluationStageEnum": "shegong.oversight.choices.Stage",
        "OrganisationGradeEnum": "shegong.grading.choices.GradeValue",
        "GradingApplicationStatusEnum": "shegong.grading.choices.ApplicationStatus",
        "GradingAssignmentStatusEnum": "shegong.grading.choices.AssignmentStatus",
        "GradingAppealStatusEnum": "shegong.grading.choices.AppealStatus",
    },
}

# --- Shegong ------------------------------------------------------------------------------------
AUDIT_SHARDS = env_int("AUDIT_SHARDS", 4)
# Signed checkpoints of the audit chains' heads (docs/audit.md "Checkpoints"); empty: under VAR_DIR.
AUDIT_CHECKPOINT_FILE = os.environ.get("SHEGONG_AUDIT_CHECKPOINT_FILE", "")
AUDIT_CHECKPOINT_KEY_FILE = os.environ.get("SHEGONG_AUDIT_CHECKPOINT_KEY_FILE", "")
# Also send each checkpoint to syslog: "/dev/log" or "host:port" (UDP); empty: off.
AUDIT_CHECKPOINT_SYSLOG = os.environ.get("SHEGONG_AUDIT_CHECKPOINT_SYSLOG", "")
# Public complaint form: submissions per client address (portal/views/complaints.py).
COMPLAINTS_RATE = os.environ.get("COMPLAINTS_RATE", "5/hour")
# The portal's public address, printed in certificate QR codes (REG-2 verification links).
PUBLIC_URL = os.environ.get("SHEGONG_PUBLIC_URL", "")
LIST_PAGE_SIZE = env_int("LIST_PAGE_SIZE", 25)
# The public register (REG-5): lookups per client IP (pages and API), bulk verifications.
PUBLIC_REGISTER_RATE = REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["public_register"]
#: Seconds the public register page keeps a visitor's answer to a search (``portal/pagecache.py``,
#: issue 13); 0 turns it off. A change of what the register shows drops every kept answer at
#: once, so it is on only with a cache every worker shares (``CACHE_URL=redis://...``).
PUBLIC_REGISTER_PAGE_SECONDS = env_int(
    "PUBLIC_REGISTER_PAGE_SECONDS",
    300 if CACHES["default"]["BACKEND"].endswith("RedisCache") else 0,
)
PUBLIC_VERIFY_RATE = REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["public_verify"]
# Open contracting data (OCDS 1.1.5, ADR 0053): the ocid prefix (ocid = prefix-<procurement id>;
# register a prefix with the Open Contracting Partnership for production), the publisher's name
# and the licence of the published data.
OCDS_OCID_PREFIX = os.environ.get("OCDS_OCID_PREFIX", "ocds-shegong")
OCDS_PUBLISHER_NAME = os.environ.get("OCDS_PUBLISHER_NAME", "Shegong")
OCDS_LICENSE = os.environ.get("OCDS_LICENSE", "https://creativecommons.org/licenses/by/4.0/")
# Each worker counts rate-limited requests locally and settles with the cache in batches of
# this share of the limit, at most RATE_LIMIT_BATCH_MAX (portal/ratelimit.py, ADR 0047).
RATE_LIMIT_LOCAL_SHARE = float(os.environ.get("RATE_LIMIT_LOCAL_SHARE", "0.05"))
RATE_LIMIT_BATCH_MAX = env_int("RATE_LIMIT_BATCH_MAX", 100)
# Behind a reverse proxy the client's address is the last X-Forwarded-For entry it adds.
BEHIND_PROXY = env_bool("SHEGONG_BEHIND_PROXY")
# DRF's own throttles: trust only the one X-Forwarded-For entry our proxy adds.
REST_FRAMEWORK["NUM_PROXIES"] = 1 if BEHIND_PROXY else 0

# --- Limits on what a request may send (issue 10; core/limits.py) -------------------------------
# Uploads per kind, in MB, checked on the file's size before it is read.
SHEGONG_MAX_UPLOAD_MB = {
    "import": env_int("SHEGONG_MAX_IMPORT_UPLOAD_MB", 10),
    "public_verify": env_int("SHEGONG_MAX_VERIFY_UPLOAD_MB", 5),
    "evidence": env_int("SHEGONG_MAX_EVIDENCE_UPLOAD_MB", 10),
    "procurement": env_int("SHEGONG_MAX_PROCUREMENT_UPLOAD_MB", 20),
}
# An XLSX file unpacking to more than this (MB) is refused before it is read (zip bombs).
SHEGONG_MAX_XLSX_UNPACKED_MB = env_int("SHEGONG_MAX_XLSX_UNPACKED_MB", 100)
# JSON request bodies nested deeper than this are refused with a 400 (core/api/parsers.py).
SHEGONG_MAX_JSON_DEPTH = env_int("SHEGONG_MAX_JSON_DEPTH", 32)
# Django's own bounds: a request body other than files (form fields, JSON) larger than this is
# refused with a 400; uploaded files larger than FILE_UPLOAD_MAX_MEMORY_SIZE go to a temporary
# file instead of memory. The proxy's limit (nginx client_max_body_size) bounds the whole body.
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 2621440)
FILE_UPLOAD_MAX_MEMORY_SIZE = env_int("FILE_UPLOAD_MAX_MEMORY_SIZE", 2621440)
REST_FRAMEWORK["DEFAULT_PARSER_CLASSES"] = [
    "shegong.core.api.parsers.JSONParser",
    "rest_framework.parsers.FormParser",
    "rest_framework.parsers.MultiPartParser",
]

# --- Security ------------------------------------------------------------------------------------
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_HTTPONLY = True
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    # A load balancer's plain-HTTP health check must get 200, not 301 (issue 12, defect 11).
    SECURE_REDIRECT_EXEMPT = [r"^healthz/$"]
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
    if env_bool("SHEGONG_BEHIND_PROXY"):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]

# --- Security headers and production refusals (issue 10) ---------------------------------------
# Content-Security-Policy (django-csp 4.x, docs/decisions/0028-django-csp.md): no inline
# script, style or handler anywhere; every script and style sheet is a static file of ours.
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
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}
if os.environ.get("SHEGONG_CSP_REPORT_URI", "").strip():
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["report-uri"] = [
        os.environ["SHEGONG_CSP_REPORT_URI"].strip()
    ]
# Browser features no page of Shegong uses (core.middleware.PermissionsPolicyMiddleware).
PERMISSIONS_POLICY = dict.fromkeys(
    (
        "camera",
        "microphone",
        "geolocation",
        "payment",
        "usb",
        "serial",
        "hid",
        "magnetometer",
        "gyroscope",
        "accelerometer",
        "display-capture",
    ),
    (),
)
# The OpenAPI schema, Swagger UI and ReDoc: open in the embedded mode, signed-in users only in
# production unless SHEGONG_PUBLIC_API_DOCS=1 (core.api.docs).
PUBLIC_API_DOCS = env_bool("SHEGONG_PUBLIC_API_DOCS", not PRODUCTION)
if PRODUCTION:
    # Refuse to start rather than warn (Django's check --deploy only warns).
    if (
        len(SECRET_KEY) < 50
        or len(set(SECRET_KEY)) < 5
        or SECRET_KEY.startswith("django-insecure-")
    ):
        raise ImproperlyConfigured(
            "SECRET_KEY is too weak for production: set it to a random value of at least 50 "
            "characters, e.g. the output of "
            "python3 -c 'import secrets; print(secrets.token_urlsafe(64))'."
        )
    if any("*" in host for host in ALLOWED_HOSTS):
        raise ImproperlyConfigured(
            "ALLOWED_HOSTS must not contain '*' in production: set it to the host names the "
            "site is served under, comma-separated, e.g. ALLOWED_HOSTS=shegong.example.gov.cn."
        )
# --- End of security headers and production refusals -------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
