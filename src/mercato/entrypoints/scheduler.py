"""The embedded profile's in-process scheduler: runs every registered job at its interval in a thread.

Production uses Celery beat instead (see config/celery.py); both call the same job functions.
"""

from __future__ import annotations

import logging
import threading
import time

from django.db import close_old_connections

from mercato.shared import clock, jobs

log = logging.getLogger(__name__)


def _loop(stop: threading.Event, only: list[jobs.Job] | None, tick: float) -> None:
    last_run: dict[str, float] = {}
    while not stop.wait(tick):
        now = time.monotonic()
        for job in only if only is not None else jobs.all_jobs():
            if now - last_run.get(job.name, 0.0) < job.every_seconds:
                continue
            last_run[job.name] = now
            try:
                job.run(clock.now())
            except Exception:  # a failing job must not stop the others
                log.exception("job %s failed", job.name)
            finally:
                close_old_connections()


def start_scheduler(only: list[jobs.Job] | None = None, tick: float = 1.0) -> threading.Event:
    """Run the jobs (all registered ones by default) at their intervals; set the returned event to stop."""
    stop = threading.Event()
    threading.Thread(target=_loop, args=(stop, only, tick), name="mercato-scheduler", daemon=True).start()
    return stop
