"""What the in-process benches share: a scratch PostgreSQL database, Django set up on it, nearest-rank percentiles."""

from __future__ import annotations

import base64
import hashlib
import math
import os
import sys
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parents[1]
ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile, ``q`` in percent (50, 95, 99)."""
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, math.ceil(q / 100 * len(ordered)) - 1))]


def recreate_database(name: str, *, drop_only: bool = False) -> None:
    with psycopg.connect(ADMIN_URL, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        if not drop_only:
            conn.execute(f"CREATE DATABASE {name}")


def setup_django(name: str, *, purpose: str) -> None:
    """Production settings on the scratch database, no Redis (nothing shared with other runs), schema migrated;
    ``purpose`` seeds a fixed transparency key so runs are comparable."""
    os.environ.update(
        DATABASE_URL=f"postgres://postgres@127.0.0.1:5432/{name}",
        DJANGO_SETTINGS_MODULE="mercato.config.settings.production",
        MERCATO_SECRET_KEY="mercato-bench-only-secret-key-never-use-in-production-0123456789",
        MERCATO_TRANSPARENCY_KEY=base64.b64encode(hashlib.sha256(f"mercato {purpose}".encode()).digest()).decode(),
        MERCATO_ALLOWED_HOSTS="testserver,127.0.0.1",
    )
    os.environ.pop("REDIS_URL", None)
    sys.path[:0] = [str(ROOT / "src"), str(ROOT)]
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
