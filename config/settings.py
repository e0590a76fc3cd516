"""Lontar settings: one module, driven by environment variables with embedded defaults.

The defaults run a single-server install (SQLite and media under ``var/``). Production
differs only by environment: see README.md, "Production".
"""

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from config.content_policy import site_policy
from documents.limits import UPLOAD_BYTES

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("LONTAR_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", True)
# The development key is published in this repository: a production server (DEBUG off)
# refuses to start on it, or on none.
DEVELOPMENT_SECRET_KEY = "lontar-insecure-development-key-change-me"
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY or SECRET_KEY == DEVELOPMENT_SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set: with DJANGO_DEBUG=0 Lontar needs its own secret "
            "key (e.g. python3 -c 'import secrets; print(secrets.token_urlsafe(50))')."
        )
    SECRET_KEY = DEVELOPMENT_SECRET_KEY
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", "")

# A scan uploaded for a registration form that is never sent is deleted after this many
# days (manage.py staged_scans_sweep).
LONTAR_STAGED_SCAN_DAYS = int(os.environ.get("LONTAR_STAGED_SCAN_DAYS", "7"))

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "viewflow",
    "viewflow.workflow",
    "django_tasks",
    "config.apps.TasksDatabaseConfig",  # django_tasks_db, named in Indonesian
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_otp_webauthn",
    "organization",
    "audit",
    "documents",
    "records",
    "calendar_sync",
    "workflows",
    "intake",
    "reports",
    "axes",
    "notifications",
    "pwa",
    "rest_framework",
    "knox",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "csp",
    "api",
]

MIDDLEWARE = [
    "config.logs.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "config.middleware.SecurityHeadersMiddleware",
    # Content-Security-Policy on every answer (config/content_policy.py).
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "config.middleware.ChosenLanguageMiddleware",
    "organization.middleware.RegionTimeZoneMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # The request's user and address for the audit log (audit.context).
    "audit.context.AuditContextMiddleware",
    "pwa.middleware.ClearSiteDataOnLogoutMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # An idle session ends before anything else looks at the user.
    "organization.middleware.IdleSessionMiddleware",
    # Sets request.user.otp_device from the session; the next one holds a user who owes a
    # second factor on the verification and enrollment pages.
    "django_otp.middleware.OTPMiddleware",
    "organization.middleware.SecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "viewflow.middleware.SiteMiddleware",
    "viewflow.middleware.HotwireTurboMiddleware",
    # Opening a file while the object storage is down: a 503 page saying so, not a 500.
    "config.middleware.StorageUnavailableMiddleware",
    # Last: turns a locked-out login into the lockout page (429).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "organization.context_processors.region",
                "notifications.context_processors.unread_notifications",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'lontar.sqlite3'}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers go on while the worker writes; IMMEDIATE takes the write lock at
    # BEGIN so two writers queue instead of failing half-way with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    # First: refuses a user name locked out after too many failed logins (django-axes).
    "organization.backends.LoginThrottleBackend",
    # Django's ModelBackend, reading a user's permissions in one query.
    "organization.backends.PermissionBackend",
    # Per-leader permissions ("may dispose for this leader") derived from staff links.
    "organization.backends.LeaderDelegationBackend",
]

# BSSN 4/2021: at least 12 characters, not like the user's name, not a common password,
# not only digits, and of mixed characters.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "organization.passwords.MixedCharactersValidator"},
]

# Failed logins (django-axes): the same user name from the same address is locked out
# after LONTAR_LOGIN_FAILURES failures for LONTAR_LOGIN_LOCK_MINUTES; an administrator
# unlocks at once by deleting the attempt in the admin ("Access attempts") or with
# ``manage.py axes_reset_username NAME``.
# A signed-in session left idle this long ends (organization.middleware).
LONTAR_IDLE_MINUTES = int(os.environ.get("LONTAR_IDLE_MINUTES", "60"))
AXES_VERBOSE = False

AXES_FAILURE_LIMIT = min(int(os.environ.get("LONTAR_LOGIN_FAILURES", "10")), 10)
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("LONTAR_LOGIN_LOCK_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "organization.lockout.login_locked_out"
if env_bool("LONTAR_TRUST_X_FORWARDED_FOR", False):
    # The reverse proxy's X-Forwarded-For names the client, not the proxy's 127.0.0.1.
    AXES_IPWARE_PROXY_COUNT = 1
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/accounts/login/"

# Two-factor authentication (django-otp): TOTP apps and one-time recovery codes. Wrong
# codes slow the device down (1, 2, 4, 8 ... seconds between attempts, django-otp's
# throttle); the issuer names the account in the authenticator app.
OTP_TOTP_ISSUER = os.environ.get("LONTAR_OTP_ISSUER", "Lontar")
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1


def webauthn_origins(rp_id: str, trusted: list[str]) -> list[str]:
    """The origins a passkey may be used from: the trusted (CSRF) origins on the RP ID's
    host or its subdomains, and the development server when the RP ID is localhost."""
    found = []
    for origin in trusted:
        host = urlsplit(origin).hostname or ""
        if "*" not in origin and (host == rp_id or host.endswith("." + rp_id)):
            found.append(origin.rstrip("/"))
    if rp_id == "localhost":
        found += [o for o in ("http://localhost:8000",) if o not in found]
    return found


def webauthn_rp_id(trusted: list[str]) -> str:
    """The host of the first trusted origin (the site's public address), else localhost."""
    hosts = [urlsplit(origin).hostname for origin in trusted if "*" not in origin]
    return next((host for host in hosts if host), "localhost")


# Passkeys (django-otp-webauthn) as a second factor, never instead of the password. The
# RP ID is the site's host name, never an IP address (WebAuthn forbids one): in
# development the passkey pages work at http://localhost:8000, not at 127.0.0.1. A
# passkey is bound to its RP ID; changing it later means every passkey is enrolled again.
OTP_WEBAUTHN_RP_ID = os.environ.get("LONTAR_WEBAUTHN_RP_ID") or webauthn_rp_id(CSRF_TRUSTED_ORIGINS)
OTP_WEBAUTHN_RP_NAME = os.environ.get("LONTAR_WEBAUTHN_RP_NAME", "Lontar")
OTP_WEBAUTHN_ALLOWED_ORIGINS = env_list("LONTAR_WEBAUTHN_ORIGINS", "") or webauthn_origins(
    OTP_WEBAUTHN_RP_ID, CSRF_TRUSTED_ORIGINS
)
OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN = False
OTP_WEBAUTHN_HELPER_CLASS = "organization.passkeys.PasskeyHelper"

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
# Instants are stored in UTC; each event keeps its own zone (WIB/WITA/WIT) in a field.
USE_TZ = True
TIME_ZONE = os.environ.get("LONTAR_TIME_ZONE", "Asia/Makassar")

STATIC_URL = "/static/"
# Static files of the shared templates (templates/); an app's own are in <app>/static/.
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", VAR_DIR / "static"))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
WHITENOISE_USE_FINDERS = DEBUG
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", VAR_DIR / "media"))

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
if os.environ.get("AWS_STORAGE_BUCKET_NAME"):
    os.environ.setdefault("AWS_REQUEST_CHECKSUM_CALCULATION", "when_required")
    os.environ.setdefault("AWS_RESPONSE_CHECKSUM_VALIDATION", "when_required")
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["AWS_STORAGE_BUCKET_NAME"],
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            "file_overwrite": False,
            "querystring_expire": 300,
            # Presigned links in SigV4 (with X-Amz-Expires); S3-compatible servers such as
            # rclone or SeaweedFS reject boto3's default checksums on every request.
            "signature_version": "s3v4",
        },
    }

TASKS = {
    "default": {
        "BACKEND": os.environ.get("LONTAR_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

EMAIL_BACKEND = os.environ.get(
    "DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "127.0.0.1")
EMAIL_PORT = int(os.environ.get("DJANGO_EMAIL_PORT", "25"))
# A relay that stops answering must not hold a worker (or a notification) forever.
EMAIL_TIMEOUT = int(os.environ.get("DJANGO_EMAIL_TIMEOUT", "30"))
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "lontar@localhost")
# Agenda invitations (iTIP) name this organizer; CalDAV servers get this long to answer.
LONTAR_ITIP_ORGANIZER = os.environ.get("LONTAR_ITIP_ORGANIZER", "")
LONTAR_CALDAV_TIMEOUT = float(os.environ.get("LONTAR_CALDAV_TIMEOUT", "10"))
# Where the public reaches Lontar, for links in e-mails (e.g. https://lontar.palukota.go.id).
LONTAR_PUBLIC_URL = os.environ.get("LONTAR_PUBLIC_URL", "http://127.0.0.1:8000").rstrip("/")
# Public online requests: attempts allowed per address, "count/seconds" (every POST counts).
LONTAR_PUBLIC_REQUEST_RATE_IP = os.environ.get("LONTAR_PUBLIC_REQUEST_RATE_IP", "10/3600")
LONTAR_PUBLIC_REQUEST_RATE_EMAIL = os.environ.get("LONTAR_PUBLIC_REQUEST_RATE_EMAIL", "5/86400")
LONTAR_STATUS_LOOKUP_RATE_IP = os.environ.get("LONTAR_STATUS_LOOKUP_RATE_IP", "30/3600")
# Behind a reverse proxy: take the client's address from its X-Forwarded-For.
LONTAR_TRUST_X_FORWARDED_FOR = env_bool("LONTAR_TRUST_X_FORWARDED_FOR", False)

# Notifications (notifications/): the WhatsApp gateway, Web Push, the daily times.
# LONTAR_WHATSAPP_MODE: "" (off), "form" (Fonnte, Wablas: a token header and form fields
# named below) or "webhook" (signed JSON, see notifications/gateways.py).
LONTAR_WHATSAPP_MODE = os.environ.get("LONTAR_WHATSAPP_MODE", "").strip().lower()
LONTAR_WHATSAPP_URL = os.environ.get("LONTAR_WHATSAPP_URL", "")
LONTAR_WHATSAPP_TOKEN = os.environ.get("LONTAR_WHATSAPP_TOKEN", "")
LONTAR_WHATSAPP_TOKEN_HEADER = os.environ.get("LONTAR_WHATSAPP_TOKEN_HEADER", "Authorization")
LONTAR_WHATSAPP_TARGET_FIELD = os.environ.get("LONTAR_WHATSAPP_TARGET_FIELD", "target")
LONTAR_WHATSAPP_MESSAGE_FIELD = os.environ.get("LONTAR_WHATSAPP_MESSAGE_FIELD", "message")
LONTAR_WHATSAPP_WEBHOOK_SECRET = os.environ.get("LONTAR_WHATSAPP_WEBHOOK_SECRET", "")
LONTAR_WHATSAPP_TIMEOUT = float(os.environ.get("LONTAR_WHATSAPP_TIMEOUT", "10"))
# Gateways, webhooks and push services on private, loopback or link-local addresses are
# refused unless in these networks (comma-separated, e.g. "10.1.2.0/24,127.0.0.1").
LONTAR_OUTGOING_ALLOW_NETWORKS = env_list("LONTAR_OUTGOING_ALLOW_NETWORKS", "")
# Web Push: a VAPID key pair (`vapid --gen`, or py_vapid): the public key in URL-safe
# base64 (applicationServerKey), the private key as base64 DER or a PEM file's path.
LONTAR_VAPID_PUBLIC_KEY = os.environ.get("LONTAR_VAPID_PUBLIC_KEY", "")
LONTAR_VAPID_PRIVATE_KEY = os.environ.get("LONTAR_VAPID_PRIVATE_KEY", "")
LONTAR_VAPID_SUBJECT = os.environ.get("LONTAR_VAPID_SUBJECT", "mailto:lontar@localhost")
# Local times (the region's zone) of the daily e-mail digest and the next day's agenda.
LONTAR_EMAIL_DIGEST_TIME = os.environ.get("LONTAR_EMAIL_DIGEST_TIME", "07:00")
LONTAR_AGENDA_DIGEST_TIME = os.environ.get("LONTAR_AGENDA_DIGEST_TIME", "18:00")

# Upload limits: a scan larger than this is refused with a clear message (the default, and
# the other limits, are in documents/limits.py).
LONTAR_MAX_UPLOAD_BYTES = int(os.environ.get("LONTAR_MAX_UPLOAD_BYTES", UPLOAD_BYTES.default))
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Secure by default in production (DJANGO_DEBUG=0): HTTPS only, behind a reverse proxy that
# terminates it and sets X-Forwarded-Proto (and drops the client's own). A plain-HTTP
# intranet opts out with LONTAR_HTTPS=0.
LONTAR_HTTPS = env_bool("LONTAR_HTTPS", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", LONTAR_HTTPS)
# The REST API (api/, /api/v1/): device tokens (django-rest-knox, stored hashed) expire
# after LONTAR_API_TOKEN_DAYS; the browsable docs may use the session (CSRF enforced).
# Rates are "count/period" (period: second, minute, hour, day), counted per process in
# the default cache: anonymous callers per address, signed-in ones per user, logins per
# address (stricter).
LONTAR_API_TOKEN_DAYS = int(os.environ.get("LONTAR_API_TOKEN_DAYS", "30"))
LONTAR_API_RATES = {
    "anon": os.environ.get("LONTAR_API_RATE_ANON", "60/minute"),
    "user": os.environ.get("LONTAR_API_RATE_USER", "600/minute"),
    "login": os.environ.get("LONTAR_API_RATE_LOGIN", "10/minute"),
}
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "knox.auth.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttles.AnonThrottle", "api.throttles.UserThrottle"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [
        "rest_framework.parsers.JSONParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_SCHEMA_CLASS": "api.schema.LontarAutoSchema",
    "EXCEPTION_HANDLER": "api.errors.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
REST_KNOX = {
    "TOKEN_TTL": timedelta(days=LONTAR_API_TOKEN_DAYS),
    "AUTH_HEADER_PREFIX": "Token",
    "AUTO_REFRESH": False,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Lontar API",
    "DESCRIPTION": (
        "Surat undangan untuk pimpinan daerah: tugas, surat, disposisi, jadwal. "
        "Masuk dengan POST /api/v1/auth/login/, lalu kirim header "
        "`Authorization: Token <token>`."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": "/api/v1",
}

CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
if LONTAR_HTTPS:
    SECURE_SSL_REDIRECT = env_bool("LONTAR_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("LONTAR_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("LONTAR_HSTS_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("LONTAR_HSTS_PRELOAD", True)
    # The load balancer's health check may come over plain HTTP.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
# /healthz fails when a background task has waited longer than this for a worker.
LONTAR_HEALTHZ_QUEUE_SECONDS = int(os.environ.get("LONTAR_HEALTHZ_QUEUE_SECONDS", "600"))
# A task still running after this long lost its worker (killed) and is queued again by
# the timer round (manage.py tasks_requeue_stale; organization/queue.py).
LONTAR_TASK_LEASE_MINUTES = int(os.environ.get("LONTAR_TASK_LEASE_MINUTES", "30"))
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Browser features no page of Lontar uses are off (config.middleware.SecurityHeadersMiddleware).
LONTAR_PERMISSIONS_POLICY = (
    "camera=(self), microphone=(), geolocation=(), payment=(), usb=(), serial=(), "
    "bluetooth=(), magnetometer=(), gyroscope=(), accelerometer=(), interest-cohort=()"
)

# Content-Security-Policy (django-csp): strict on every page (config/content_policy.py).
CONTENT_SECURITY_POLICY = site_policy(https=LONTAR_HTTPS)

# LONTAR_LOG_FORMAT=json: one JSON line per record with the request id (config/logs.py).
_JSON_LOGS = os.environ.get("LONTAR_LOG_FORMAT", "text") == "json"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "config.logs.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "config.logs.JsonFormatter"},
        "text": {"format": "%(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": "json" if _JSON_LOGS else "text",
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LONTAR_LOG_LEVEL", "INFO")},
    # One line per request only where someone reads them as data (the dev server has its own).
    "loggers": {
        "lontar.requests": {"level": "INFO" if _JSON_LOGS else "WARNING"},
        # Every login, good or bad, is an INFO line of django-axes; failures stay recorded
        # in its tables (admin: Access attempts).
        "axes": {"level": "WARNING"},
        # WeasyPrint (the reports' PDF) logs each layout step at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
