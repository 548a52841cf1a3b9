"""Group commit: purchases of one item admitted at the same moment in this process share one transaction.

Under a flash sale's load, request threads queue their admitted purchases; the first becomes the leader and
places everything queued (up to MAX_BATCH, one per buyer) with a fixed number of statements, hands each thread
its outcome, and repeats until its own purchase is done; then it passes the lead to the next waiting thread.
A quiet moment means a batch of one, so nobody waits for company. (ADR 0010)
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from mercato.shared.actor import Actor
from mercato.shared.errors import Conflict

from .contracts import ItemSnapshot, PurchaseResult

MAX_BATCH = 32
WAIT_SECONDS = 60.0


@dataclass
class Job:
    item: ItemSnapshot
    request: Any  # purchase.PurchaseRequest
    buyer: str
    actor: Actor
    token: str
    done: threading.Event = field(default_factory=threading.Event)
    lead: bool = False
    settled: bool = False  # its gate token was settled together with its group's
    outcome: PurchaseResult | BaseException | None = None


Runner = Callable[[Sequence[Job]], list[PurchaseResult | BaseException]]
_lock = threading.Lock()
_queues: dict[str, list[Job]] = {}
_leading: set[str] = set()


def place(job: Job, run: Runner) -> PurchaseResult:
    """Queue the purchase and return its result (or raise its refusal) once a leader has placed it."""
    item_id = job.item.id
    with _lock:
        _queues.setdefault(item_id, []).append(job)
        lead = item_id not in _leading
        _leading.add(item_id)
    if not lead and not job.done.wait(WAIT_SECONDS):
        raise Conflict("the purchase is taking too long; check your orders before trying again")
    if lead or job.lead:
        _lead(item_id, job, run)
    if isinstance(job.outcome, BaseException):
        raise job.outcome
    assert job.outcome is not None
    return job.outcome


def _lead(item_id: str, me: Job, run: Runner) -> None:
    try:
        while me.outcome is None:
            with _lock:
                batch = _take(item_id)
            if not batch:
                break
            try:
                outcomes = run(batch)
            except BaseException as exc:  # the runner answers per job; this is the last resort
                outcomes = [exc] * len(batch)
            for job, outcome in zip(batch, outcomes, strict=True):
                job.outcome = outcome
                if job is not me:
                    job.done.set()
    finally:
        with _lock:
            queue = _queues.get(item_id) or []
            if queue:
                queue[0].lead = True
                queue[0].done.set()
            else:
                _leading.discard(item_id)
                _queues.pop(item_id, None)


def _take(item_id: str) -> list[Job]:
    """Up to MAX_BATCH queued jobs, first come first served, at most one per buyer (a double tap waits)."""
    queue = _queues.get(item_id) or []
    batch: list[Job] = []
    buyers: set[str] = set()
    for job in list(queue):
        if len(batch) == MAX_BATCH:
            break
        if job.buyer in buyers:
            continue
        buyers.add(job.buyer)
        batch.append(job)
        queue.remove(job)
    return batch
