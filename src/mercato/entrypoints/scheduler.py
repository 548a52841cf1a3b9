"""The embedded profile's in-process scheduler: runs every registered job at its interval in a thread.

Production uses Celery beat instead (see config/celery.py); both call the same job functions.
"""

from __future__ import annotations

import logging
import threading
import time

from django.db import close_old_connections

from mercato.shared import jobs

log = logging.getLogger(__name__)
OUTBOX_EVERY_SECONDS = 5


def _loop(stop: threading.Event) -> None:
    last_run: dict[str, float] = {}
    while not stop.wait(1.0):
        now = time.monotonic()
        for job in jobs.all_jobs():
            if now - last_run.get(job.name, 0.0) < job.every_seconds:
                continue
            last_run[job.name] = now
            try:
                jobs.run_job(job.name)
            except Exception:  # a failing job must not stop the others
                log.exception("job %s failed", job.name)
            finally:
                close_old_connections()


def start_scheduler() -> threading.Event:
    stop = threading.Event()
    threading.Thread(target=_loop, args=(stop,), name="mercato-scheduler", daemon=True).start()
    return stop
