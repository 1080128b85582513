"""Django settings. Every value an operator may change comes from the
environment through the strict readers in :mod:`bipin.env`; `.env.example`
lists them all.
"""

from __future__ import annotations

from pathlib import Path

from bipin.env import (
    ConfigError,
    env_address,
    env_bool,
    env_choice,
    env_int,
    env_list,
    env_str,
    postgres_from_env,
)
from bipin.io.sheets import Limits

PACKAGE_DIR = Path(__file__).resolve().parent
# Where Bipin keeps its SQLite file, uploads and collected static files.
VAR_DIR = Path(env_str("BIPIN_VAR_DIR", str(Path.cwd() / "var"))).resolve()

MODE = env_choice("BIPIN_MODE", ("development", "demo", "production"), "development")
PRODUCTION = MODE == "production"

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if PRODUCTION:
        raise ConfigError("SECRET_KEY", "生产模式下必须设置", "is required when BIPIN_MODE=production")
    # Development and the demo run on one laptop; a fixed key keeps sessions
    # alive across restarts there and is refused in production above.
    SECRET_KEY = "bipin-development-only-not-secret"

DEBUG = env_bool("DEBUG", False)
if PRODUCTION and DEBUG:
    # Debug pages show settings and source code to anyone who meets an error.
    raise ConfigError("DEBUG", "生产模式下不能为 true(出错页面会向访问者显示设置和源代码)",
                      "must not be true when BIPIN_MODE=production "
                      "(error pages would show settings and source code to visitors)")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "[::1]", "testserver"])
if PRODUCTION and not ALLOWED_HOSTS:
    raise ConfigError("ALLOWED_HOSTS", "生产模式下必须设置(逗号分隔)",
                      "is required when BIPIN_MODE=production (comma separated)")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    # Background jobs: Django's task API (django.tasks from Django 6) and its
    # database queue, which needs nothing installed (docs/jobs.md).
    "django_tasks",
    "django_tasks_db",
    "bipin.accounts",
    "bipin.contests",
    "bipin.judging",
    "bipin.agreement",
    "bipin.exams",
    "bipin.evidence",
    "bipin.inspections",
    "bipin.rectification",
    "bipin.reporting",
    "bipin.supervision",
    "bipin.periodic",
    "bipin.results",
    "bipin.jobs",
    "bipin.objections",
    "bipin.certificates",
    "bipin.committees",
    "bipin.registration",
    "bipin.campaigns",
    # Last, so its links come last on the contest page.
    "bipin.audit",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "bipin.security.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "bipin.urls"
WSGI_APPLICATION = "bipin.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DB_KIND = env_choice("BIPIN_DB", ("sqlite", "postgres"), "sqlite")
if DB_KIND == "postgres":
    DATABASES = {"default": postgres_from_env()}
else:
    SQLITE_PATH = Path(env_str("BIPIN_SQLITE_PATH", str(VAR_DIR / "bipin.sqlite3")))
    DATABASES = {
        "default": {
            "ENGINE": "bipin.db.sqlite",
            "NAME": SQLITE_PATH,
            # Keep each server thread's connection (as for PostgreSQL): opening
            # one per request re-ran the PRAGMAs and was a third of a sheet's CPU.
            "CONN_MAX_AGE": env_int("BIPIN_DB_CONN_MAX_AGE", 60, minimum=0),
            "OPTIONS": {
                # WAL lets the big screen read while judges write; IMMEDIATE
                # takes the write lock at BEGIN so two writers queue on the busy
                # timeout instead of failing with "database is locked".
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
                "timeout": env_int("BIPIN_SQLITE_TIMEOUT", 20, minimum=1),
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "contests:home"
LOGOUT_REDIRECT_URL = "contests:home"
# A judge's one-time login link is printed on paper before the day.
LOGIN_LINK_HOURS = env_int("BIPIN_LOGIN_LINK_HOURS", 72, minimum=1)
# Reverse proxies in front of Bipin whose X-Forwarded-For is trusted (login throttling).
PROXY_COUNT = env_int("BIPIN_PROXY_COUNT", 0, minimum=0)

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = env_str("TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
# Only production collects static files; elsewhere WhiteNoise reads the apps' folders.
STATIC_ROOT = VAR_DIR / "static" if PRODUCTION else None
# Without a collectstatic step the demo and tests serve straight from the
# apps' static folders; production runs collectstatic and gets hashed names.
WHITENOISE_USE_FINDERS = not PRODUCTION
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
MEDIA_ROOT = VAR_DIR / "media"
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("BIPIN_UPLOAD_MAX_MB", 20, minimum=1) * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = DATA_UPLOAD_MAX_MEMORY_SIZE
# A department's grid is one form field per cell: 24 units × 60 indicators is
# 1,440 fields, past Django's default of 1,000 (which answers 400).
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
# One evidence file (a photo before it is re-encoded, a PDF) at most; see docs/evidence.md.
BIPIN_EVIDENCE_MAX_BYTES = env_int("BIPIN_EVIDENCE_MAX_MB", 10, minimum=1) * 1024 * 1024
# Django limits form fields, never files, to DATA_UPLOAD_MAX_MEMORY_SIZE; the
# first handler stops keeping a file's bytes past it and the upload form says so.
FILE_UPLOAD_HANDLERS = [
    "bipin.contests.uploads.LimitedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
# Rows, columns and unzipped size an import reads (BIPIN_IMPORT_MAX_*). bipin.io
# reads the same variables for the CLI too; read here so a bad value stops start-up.
IMPORT_LIMITS = Limits.from_env()
# A file larger than this is imported by a background job with a progress bar;
# a smaller one in the request, as before (docs/jobs.md).
BIPIN_BACKGROUND_IMPORT_BYTES = env_int("BIPIN_BACKGROUND_IMPORT_KB", 1024, minimum=0) * 1024
# A contest with more imported values than this is computed in the background.
BIPIN_BACKGROUND_COMPUTE_ROWS = env_int("BIPIN_BACKGROUND_COMPUTE_ROWS", 50_000, minimum=0)

# Background jobs (bipin.jobs): the queue is a table of Bipin's own database,
# so a job and its queue entry are saved together and nothing else is needed.
# A running job that has sent no heartbeat for this long is queued again (its
# worker stopped); a heartbeat goes every sixth of it.
BIPIN_JOB_STALL_SECONDS = env_int("BIPIN_JOB_STALL_SECONDS", 60, minimum=3)
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

SESSION_COOKIE_HTTPONLY = True
# Database sessions read by a fixed statement (bipin/accounts/sessions.py).
SESSION_ENGINE = "bipin.accounts.sessions"
# Django's ModelBackend reading the user by a fixed statement (bipin/accounts/backends.py).
# A session saved under another backend's path logs in again once.
AUTHENTICATION_BACKENDS = ["bipin.accounts.backends.ModelBackend"]
# Production is served over HTTPS unless the operator says otherwise (a venue's
# own network without certificates).
HTTPS = PRODUCTION and env_bool("BIPIN_HTTPS", True)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
# Browsers remember for this long to use HTTPS only (HSTS). Django sends it on
# HTTPS answers only; 0 turns it off.
_hsts_seconds = env_int("BIPIN_HSTS_SECONDS", 365 * 24 * 3600, minimum=0)
SECURE_HSTS_SECONDS = _hsts_seconds if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("BIPIN_HSTS_INCLUDE_SUBDOMAINS", False)
# The address of a reverse proxy that ends TLS: `bipin serve` believes its
# X-Forwarded-Proto (and no one else's), so HTTPS requests through it are secure.
TRUSTED_PROXY = env_address("BIPIN_TRUSTED_PROXY")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Sent in every mode, so a page that breaks it fails in development already.
# Scripts and styles come from Bipin's static files only: no page has inline
# script, event handlers or style attributes (bipin/tests/test_csp_templates.py).
# The same setting name and shape as Django 6.0's, see bipin/security.py.
SECURE_CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"no_traceback_below_500": {"()": "bipin.log_filters.NoTracebackBelow500"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("BIPIN_LOG_LEVEL", "WARNING").upper()},
    # A 403 or 404 is one line in the log, not a traceback (bipin/log_filters.py).
    "loggers": {"django.request": {"filters": ["no_traceback_below_500"]},
                "django.security": {"filters": ["no_traceback_below_500"]}},
}

