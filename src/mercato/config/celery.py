"""The Celery app: one task runs any registered job; beat schedules each at its interval."""

from __future__ import annotations

import os

import django
from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mercato.config.settings.production")
django.setup()  # the job registry fills as the contexts load

app = Celery("mercato")
app.config_from_object("django.conf:settings", namespace="CELERY")


@app.task(name="mercato.run_job")
def run_job(name: str) -> int:
    from mercato.shared import jobs

    return jobs.run_job(name)


@app.on_after_finalize.connect
def schedule_jobs(sender: Celery, **_: object) -> None:
    from mercato.shared import jobs

    for job in jobs.all_jobs():
        sender.add_periodic_task(job.every_seconds, run_job.s(job.name), name=job.name)
