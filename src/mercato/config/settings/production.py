"""Production profile: PostgreSQL, Redis, Celery workers and beat. Every secret comes from the environment."""

from .base import *  # noqa: F403

if not SECRET_KEY:  # noqa: F405
    raise RuntimeError("MERCATO_SECRET_KEY must be set in production")
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = True
MERCATO_RUN_SCHEDULER = False
