"""Settings shared by every profile. Configuration comes from the environment (12-factor)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import dj_database_url

HOME = Path(os.environ.get("MERCATO_HOME", Path.home() / ".mercato")).expanduser()
BASE_DIR = Path(__file__).resolve().parents[2]

SECRET_KEY = os.environ.get("MERCATO_SECRET_KEY", "")
DEBUG = os.environ.get("MERCATO_DEBUG", "") == "1"
ALLOWED_HOSTS = [h for h in os.environ.get("MERCATO_ALLOWED_HOSTS", "*").split(",") if h]

CONTEXT_APPS = [
    "mercato.contexts.identity",
    "mercato.contexts.merchants",
    "mercato.contexts.catalog",
    "mercato.contexts.inventory",
    "mercato.contexts.payments",
    "mercato.contexts.orders",
    "mercato.contexts.checkout",
    "mercato.contexts.transparency",
    "mercato.contexts.provenance",
    "mercato.contexts.flashsales",
    "mercato.contexts.search",
    "mercato.contexts.recommendations",
    "mercato.contexts.assistant",
]
INSTALLED_APPS = [
    # The page apps come first: their translations take precedence over Django's own for shared words.
    "mercato.entrypoints.storefront",
    "mercato.entrypoints.merchant_center",
    "mercato.entrypoints.console",
    "mercato.entrypoints.web",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "ninja",  # serves its Swagger UI files locally (no CDN)
    "mercato.shared",
    *CONTEXT_APPS,
]
AUTH_USER_MODEL = "identity.User"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "mercato.entrypoints.middleware.ProblemJsonMiddleware",
    "mercato.entrypoints.middleware.FlashSaleSoldOutMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "mercato.entrypoints.middleware.OutboxDispatchMiddleware",
]
ROOT_URLCONF = "mercato.config.urls"
WSGI_APPLICATION = "mercato.config.wsgi.application"
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
                "mercato.entrypoints.web.context.site",
            ]
        },
    }
]


def database_from_url(url: str) -> dict[str, object]:
    config: dict[str, object] = dict(dj_database_url.parse(url, conn_max_age=60))
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["OPTIONS"] = {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=15000;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
        config["CONN_MAX_AGE"] = 0
    else:
        config["CONN_HEALTH_CHECKS"] = True
    return config


DATABASE_URL = os.environ.get("DATABASE_URL") or f"sqlite:///{HOME / 'mercato.sqlite3'}"
DATABASES = {"default": database_from_url(DATABASE_URL)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Flash sales (ADR 0010): the admission gate's Redis (none: the database path) and the attempt limits per
# 10-second window, per client address and per account.
MERCATO_FLASH_GATE_URL = os.environ.get("MERCATO_FLASH_GATE_URL", REDIS_URL)
MERCATO_FLASH_RATE_WINDOW = 10
MERCATO_FLASH_RATE_PER_IP = int(os.environ.get("MERCATO_FLASH_RATE_PER_IP", "100"))
MERCATO_FLASH_RATE_PER_ACCOUNT = int(os.environ.get("MERCATO_FLASH_RATE_PER_ACCOUNT", "10"))
# How many proxies (load balancers) sit in front of Mercato: rate limits then read the client's address from
# X-Forwarded-For (mercato.shared.client_address).
MERCATO_TRUSTED_PROXIES = int(os.environ.get("MERCATO_TRUSTED_PROXIES", "0"))
MERCATO_BENCH_ENDPOINTS = os.environ.get("MERCATO_BENCH_ENDPOINTS") == "1"

# The customer-service assistant (ADR 0015): idle transcripts are deleted after this many days
# (job `assistant-transcripts-expire`); an OpenAI-compatible endpoint is used only when its URL is set.
MERCATO_ASSISTANT_RETENTION_DAYS = int(os.environ.get("MERCATO_ASSISTANT_RETENTION_DAYS", "180"))

CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", REDIS_URL or "memory://")
CELERY_TASK_ALWAYS_EAGER = not os.environ.get("CELERY_BROKER_URL")

LANGUAGE_CODE = "zh-hans"
LOCALE_PATHS = [BASE_DIR / "locale"]
LOGIN_URL = "/accounts/login/"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True
STATIC_URL = "static/"
WHITENOISE_USE_FINDERS = True  # static files straight from the installed apps: no collectstatic step
STATIC_ROOT = None  # served from the apps by WhiteNoise (WHITENOISE_USE_FINDERS)
MEDIA_ROOT = HOME / "media"
# Uploaded images: a local folder by default; in production any Django storage backend, e.g.
# MERCATO_MEDIA_STORAGE=storages.backends.s3.S3Storage MERCATO_MEDIA_OPTIONS='{"bucket_name": "..."}'.
STORAGES = {
    "default": {
        "BACKEND": os.environ.get("MERCATO_MEDIA_STORAGE", "django.core.files.storage.FileSystemStorage"),
        "OPTIONS": json.loads(os.environ.get("MERCATO_MEDIA_OPTIONS", "{}")),
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_URL = os.environ.get("MERCATO_MEDIA_URL", "/media/")
DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024  # bodies over 1 MiB get 413

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("MERCATO_LOG_LEVEL", "WARNING")},
}

# Platform policy (ADR 0002, 0003).
MERCATO_TIME_ZONE = os.environ.get("MERCATO_TIME_ZONE", "Asia/Shanghai")
MERCATO_CURRENCY = "CNY"
MERCATO_RESERVATION_MINUTES = int(os.environ.get("MERCATO_RESERVATION_MINUTES", "15"))
MERCATO_RETURN_WINDOW_DAYS = 7
MERCATO_AUTO_CONFIRM_DAYS = int(os.environ.get("MERCATO_AUTO_CONFIRM_DAYS", "10"))
MERCATO_DEFAULT_COMMISSION = "0.05"
MERCATO_ACCESS_TOKEN_MINUTES = 15
MERCATO_REFRESH_TOKEN_DAYS = 30
MERCATO_RUN_SCHEDULER = False
if MERCATO_AUTO_CONFIRM_DAYS <= MERCATO_RETURN_WINDOW_DAYS:
    raise RuntimeError("MERCATO_AUTO_CONFIRM_DAYS must be later than the 7-day return window")
