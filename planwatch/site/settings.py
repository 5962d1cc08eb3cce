"""Django settings for planwatch.

Configuration comes from the environment so that one code base serves the embedded demo (SQLite) and
production (PostgreSQL):

- ``DATABASE_URL``: e.g. ``postgres://user:pass@host:5432/planwatch``; default: SQLite in ``PLANWATCH_DATA_DIR``.
- ``PLANWATCH_DATA_DIR``: where the SQLite file, uploads and generated reports live (default ``./var``).
- ``PLANWATCH_REPORT_TIME_LIMIT``: seconds one report generation may take before it is stopped (default 600).
- ``PLANWATCH_SECRET_KEY``, ``PLANWATCH_DEBUG`` (1/0, default 0), ``PLANWATCH_ALLOWED_HOSTS`` (comma separated).
- ``PLANWATCH_HTTPS=1``: served over TLS (by a reverse proxy in front that sets ``X-Forwarded-Proto``):
  HTTPS redirect, secure cookies, HSTS (``PLANWATCH_HSTS_SECONDS``, default one year; ``PLANWATCH_HSTS_PRELOAD``,
  default 1). ``PLANWATCH_CSRF_TRUSTED_ORIGINS``: comma separated ``https://name`` the forms are posted from.
- ``PLANWATCH_SESSION_IDLE_MINUTES`` (default 30): logged out after this long without a request;
  ``PLANWATCH_SESSION_MAX_HOURS`` (default 12): a login lasts at most this long.

Without PLANWATCH_SECRET_KEY the development key below is used; ``planwatch serve`` refuses to start with it
(or with DEBUG on) unless given ``--debug`` (see planwatch/cli/_serving.py). Errors are logged to stderr and to
``PLANWATCH_DATA_DIR/logs/planwatch.log``.
"""

import importlib.util
import os
from datetime import timedelta
from pathlib import Path

import dj_database_url

from planwatch.site.defaults import DEVELOPMENT_SECRET_KEY
from planwatch.uploads import UploadLimits

BASE_DIR = Path(__file__).resolve().parent.parent  # the planwatch package
PROJECT_DIR = BASE_DIR.parent
DATA_DIR = Path(os.environ.get("PLANWATCH_DATA_DIR", PROJECT_DIR / "var")).resolve()

SECRET_KEY = os.environ.get("PLANWATCH_SECRET_KEY", "").strip() or DEVELOPMENT_SECRET_KEY
DEBUG = (
    os.environ.get("PLANWATCH_DEBUG", "0").strip() == "1"
)  # tracebacks are for developers, never the default
ALLOWED_HOSTS = [
    h for h in os.environ.get("PLANWATCH_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]").split(",") if h
]


def _env_flag(name: str, default: str = "0") -> bool:
    return os.environ.get(name, default).strip() == "1"


# Behind TLS (a reverse proxy terminates it and says so in X-Forwarded-Proto; it must overwrite any such
# header from the client): cookies only over HTTPS, plain HTTP redirected, browsers told to stay on HTTPS.
HTTPS = _env_flag("PLANWATCH_HTTPS")
if HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("PLANWATCH_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = _env_flag("PLANWATCH_HSTS_PRELOAD", "1")
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("PLANWATCH_CSRF_TRUSTED_ORIGINS", "").split(",") if o]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Sessions: an idle login ends after PLANWATCH_SESSION_IDLE_MINUTES (planwatch.apps.accounts.middleware),
# any login after PLANWATCH_SESSION_MAX_HOURS, and closing the browser ends it too.
SESSION_IDLE_SECONDS = int(float(os.environ.get("PLANWATCH_SESSION_IDLE_MINUTES", "30")) * 60)
SESSION_COOKIE_AGE = int(float(os.environ.get("PLANWATCH_SESSION_MAX_HOURS", "12")) * 3600)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    *([] if importlib.util.find_spec("django.tasks") else ["django_tasks"]),  # Django 5.2: the backport
    "django_tasks_db",
    "axes",
    "planwatch.apps.regions",
    "planwatch.apps.accounts",
    "planwatch.apps.plans",
    "planwatch.apps.dictionary",
    "planwatch.apps.reporting",
    "planwatch.apps.evaluation",
    "planwatch.apps.dashboard",
    "planwatch.apps.reports",
    "planwatch.apps.administration",
    "planwatch.apps.review",
    "planwatch.apps.portal",
    "planwatch.apps.web",
    "planwatch.apps.api",
    "planwatch.apps.audit",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "planwatch.apps.api.middleware.JsonErrorsMiddleware",  # outside the rest: sees every answer under /api/
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "planwatch.apps.administration.middleware.ForcePasswordChange",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "planwatch.apps.accounts.security.IdleSessionMiddleware",
    "planwatch.apps.audit.middleware.AuditContextMiddleware",
    "axes.middleware.AxesMiddleware",  # last: turns a locked-out login into the lock-out page
]

ROOT_URLCONF = "planwatch.site.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "planwatch.apps.reporting.context_processors.sample_data",
            ],
        },
    },
]

WSGI_APPLICATION = "planwatch.site.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{DATA_DIR / 'planwatch.sqlite3'}",
        conn_max_age=60,
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # Several workers (web + CLI) write to one file: wait for locks instead of failing at once.
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 30
    DATA_DIR.mkdir(parents=True, exist_ok=True)

# Login throttling (django-axes): after PLANWATCH_LOGIN_FAILURES wrong passwords for one user name from one
# address, that pair is locked for PLANWATCH_LOGIN_LOCKOUT_MINUTES (the office can unlock it in the admin,
# 访问尝试). The pair, not the name alone, so a stranger cannot lock colleagues out by guessing at their names.
AUTHENTICATION_BACKENDS = [
    "planwatch.apps.accounts.security.LockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("PLANWATCH_LOGIN_FAILURES", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=float(os.environ.get("PLANWATCH_LOGIN_LOCKOUT_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_DISABLE_ACCESS_LOG = True  # logins are recorded in the audit log (planwatch.apps.audit)
AXES_LOCKOUT_CALLABLE = "planwatch.apps.accounts.security.lockout_response"
AXES_CLIENT_IP_CALLABLE = "planwatch.apps.accounts.security.client_ip"
AXES_VERBOSE = False
TRUST_FORWARDED_FOR = _env_flag("PLANWATCH_TRUST_FORWARDED_FOR", "1" if HTTPS else "0")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
]

LANGUAGE_CODE = "zh-hans"
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(
    parents=True, exist_ok=True
)  # whitenoise looks here at start-up; `planwatch serve` fills it
MEDIA_URL = "media/"
MEDIA_ROOT = DATA_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Hashed names (cached for ever by browsers) and pre-compressed copies, written by collectstatic.
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = DEBUG

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/accounts/login/"

DATA_UPLOAD_MAX_MEMORY_SIZE = 50 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# Every uploaded or imported file is read within these (planwatch.uploads; PLANWATCH_UPLOAD_* variables).
PLANWATCH_UPLOAD_LIMITS = UploadLimits.from_env()

# 公众反馈 on the public portal: messages accepted per sender (IP address) and hour, instead of a captcha.
PLANWATCH_FEEDBACK_PER_HOUR = int(os.environ.get("PLANWATCH_FEEDBACK_PER_HOUR", "5"))
FILE_UPLOAD_HANDLERS = [
    "planwatch.apps.web.uploads.LimitedUploadHandler",  # stops reading a file beyond max_bytes
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

# Production 500s (and every other error Django logs) go to stderr and to a file under the data directory;
# the user sees the Chinese 500 page (planwatch/apps/web/templates/500.html).
LOG_DIR = DATA_DIR / "logs"
LOG_DIR.mkdir(parents=True, exist_ok=True)
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {
        "stderr": {"class": "logging.StreamHandler", "formatter": "plain", "level": "WARNING"},
        "file": {
            "class": "logging.handlers.RotatingFileHandler",
            "filename": str(LOG_DIR / "planwatch.log"),
            "maxBytes": 5 * 1024 * 1024,
            "backupCount": 3,
            "encoding": "utf-8",
            "delay": True,
            "formatter": "plain",
            "level": "WARNING",
        },
    },
    "root": {"handlers": ["stderr", "file"], "level": "WARNING"},
}

# Reports are generated in the background: jobs are queued in the database and run by `planwatch worker`
# (django-tasks-db's worker). Tests switch to the immediate backend (tests/reports/conftest.py).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
PLANWATCH_REPORT_TIME_LIMIT = float(os.environ.get("PLANWATCH_REPORT_TIME_LIMIT", "600"))
# Generated report files are deleted this many days after their job finished (published reports never are).
PLANWATCH_REPORT_RETENTION_DAYS = os.environ.get("PLANWATCH_REPORT_RETENTION_DAYS", "30").strip() or "30"
