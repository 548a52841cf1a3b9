"""Embedded profile: one process on a laptop. SQLite (WAL), local-memory cache, in-process jobs."""

import secrets

from .base import *  # noqa: F403
from .base import HOME, SECRET_KEY

HOME.mkdir(parents=True, exist_ok=True)
if not SECRET_KEY:
    _key_file = HOME / "secret_key"
    if not _key_file.exists():
        _key_file.write_text(secrets.token_urlsafe(48))
    SECRET_KEY = _key_file.read_text().strip()
MERCATO_RUN_SCHEDULER = True
if not REDIS_URL:  # noqa: F405
    # Several worker processes serve the API: the token denylist must be seen by all of them.
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                          "LOCATION": str(HOME / "cache")}}
