"""Test profile: SQLite in memory unless DATABASE_URL names PostgreSQL (CI runs both)."""

import os

from .base import *  # noqa: F403
from .base import database_from_url

SECRET_KEY = "test-secret-key-that-is-long-enough-for-hs256-0123456789"
DATABASES = {"default": database_from_url(os.environ.get("DATABASE_URL") or "sqlite://:memory:")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["TEST"] = {"NAME": ""}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MERCATO_RUN_SCHEDULER = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # the harness flushes with TRUNCATE; production connections never set this (migration transparency 0004)
    _options: dict[str, object] = dict(DATABASES["default"].get("OPTIONS") or {})  # type: ignore[call-overload]
    _options["options"] = "-c mercato.allow_log_truncate=on"
    DATABASES["default"]["OPTIONS"] = _options
