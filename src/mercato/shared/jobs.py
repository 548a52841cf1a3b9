"""Background jobs by name: contexts register them; Celery beat, the embedded scheduler and
`mercato jobs run <job> [--as-of]` all run the same functions."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Job:
    name: str
    run: Callable[[datetime], int]  # takes as_of, returns how many things it acted on
    every_seconds: int
    description: str


_JOBS: dict[str, Job] = {}


def register(name: str, *, every_seconds: int, description: str) -> Callable[
    [Callable[[datetime], int]], Callable[[datetime], int]
]:
    def decorate(fn: Callable[[datetime], int]) -> Callable[[datetime], int]:
        _JOBS[name] = Job(name=name, run=fn, every_seconds=every_seconds, description=description)
        return fn

    return decorate


def get(name: str) -> Job:
    if name not in _JOBS:
        raise KeyError(f"unknown job {name!r}; known: {', '.join(sorted(_JOBS))}")
    return _JOBS[name]


def all_jobs() -> list[Job]:
    return sorted(_JOBS.values(), key=lambda j: j.name)


def run_job(name: str, as_of: datetime | None = None) -> int:
    from . import clock

    job = get(name)
    if as_of is None:
        return job.run(clock.now())
    with clock.frozen_at(as_of):
        return job.run(as_of)
