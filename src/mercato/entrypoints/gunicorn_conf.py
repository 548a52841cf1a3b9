"""Gunicorn hooks: the embedded profile runs the job scheduler in the master process."""

from __future__ import annotations

import os
from typing import Any


def when_ready(server: Any) -> None:
    if os.environ.get("MERCATO_SCHEDULER") == "1":
        import django

        django.setup()
        from mercato.entrypoints.scheduler import start_scheduler

        start_scheduler()
