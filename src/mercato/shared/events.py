"""Domain events through a transactional outbox.

`publish()` writes the event in the caller's transaction. After commit (and at the end of every API request)
the messages written by this thread are dispatched to their handlers; each message is handled in its own
transaction together with marking it dispatched, so a handler's database effects happen exactly once.
Messages left behind by a crash are delivered by the `dispatch-outbox` job.
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import threading
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any, ClassVar

from django.db import connection, transaction
from django.db.models import F

from . import clock
from .bulk_insert import insert_rows

log = logging.getLogger(__name__)


@dataclasses.dataclass(frozen=True)
class DomainEvent:
    """A fact. Fields are JSON-native (str, int, bool, lists, dicts); money as decimal strings."""

    topic: ClassVar[str] = ""


Handler = Callable[[Any], None]
MAX_ATTEMPTS = 10  # after this many failures a message waits for an operator (last_error says why)
_EVENT_TYPES: dict[str, type[DomainEvent]] = {}
_HANDLERS: dict[str, list[Handler]] = defaultdict(list)
_local = threading.local()


def event_type(cls: type[DomainEvent]) -> type[DomainEvent]:
    """Class decorator registering an event type under its topic."""
    if not cls.topic:
        raise TypeError(f"{cls.__name__} has no topic")
    _EVENT_TYPES[cls.topic] = cls
    return cls


def subscribe(handlers: Mapping[Any, Sequence[Callable[..., None]]]) -> None:
    """Register handlers explicitly (each context's handlers.HANDLERS, wired at app start)."""
    for cls, fns in handlers.items():
        for fn in fns:
            if fn not in _HANDLERS[cls.topic]:
                _HANDLERS[cls.topic].append(fn)


def publish(event: DomainEvent) -> None:
    publish_many([event])


_SCALARS = (str, int, float, bool, type(None))


def payload_of(event: DomainEvent) -> dict[str, Any]:
    """The event's fields as JSON-ready data: a shallow copy when they are scalars and lists of scalars (nearly
    always, and far cheaper than `dataclasses.asdict`'s deep copy), `asdict` otherwise."""
    payload: dict[str, Any] = {}
    for field in dataclasses.fields(event):
        name, value = field.name, getattr(event, field.name)
        if isinstance(value, list | tuple) and all(isinstance(v, _SCALARS) for v in value):
            value = list(value)
        elif not isinstance(value, _SCALARS):
            return dataclasses.asdict(event)
        payload[name] = value
    return payload


def publish_many(published: Sequence[DomainEvent]) -> None:
    """Write several events to the outbox in one statement (same delivery as `publish`)."""
    from .models import OutboxMessage

    now = clock.now()
    messages = [OutboxMessage(topic=e.topic, payload=payload_of(e), created_at=now) for e in published]
    if getattr(_local, "deferred", False):  # the dispatch job finds them: no ids needed, the fast insert will do
        insert_rows(OutboxMessage, messages)
        return
    OutboxMessage.objects.bulk_create(messages)
    if not messages:
        return
    pending: list[int] = getattr(_local, "pending", None) or []
    pending.extend(m.pk for m in messages)
    _local.pending = pending
    if not connection.in_atomic_block:
        dispatch_published()
    else:
        transaction.on_commit(dispatch_published)


@contextlib.contextmanager
def delivered_by_worker() -> Iterator[None]:
    """Messages published inside are not delivered inline: the `dispatch-outbox` job (every 5 s) delivers them.

    For hot paths under load (a flash sale's purchases), where answering fast matters more than running the
    handlers before the answer. The messages are in the outbox, committed with the caller's transaction.
    """
    _local.deferred = True
    try:
        yield
    finally:
        _local.deferred = False


def dispatch_published() -> int:
    """Deliver the messages this thread published; called after commit and after each request."""
    delivered = 0
    for _ in range(10):  # handlers may publish follow-up events; deliver those too (bounded)
        ids: list[int] = getattr(_local, "pending", None) or []
        if not ids:
            break
        _local.pending = []
        delivered += sum(_dispatch_one(pk) for pk in ids)
    return delivered


def dispatch_pending(limit: int = 500) -> int:
    """Deliver every message still pending (the recovery job)."""
    from .models import OutboxMessage

    ids = list(
        OutboxMessage.objects.filter(dispatched_at__isnull=True, attempts__lt=MAX_ATTEMPTS)
        .order_by("id").values_list("id", flat=True)[:limit]
    )
    return sum(_dispatch_one(pk) for pk in ids)


def _dispatch_one(pk: int) -> int:
    from .models import OutboxMessage

    try:
        with transaction.atomic():
            qs = OutboxMessage.objects.filter(pk=pk, dispatched_at__isnull=True)
            if connection.features.has_select_for_update_skip_locked:
                qs = qs.select_for_update(skip_locked=True)
            message = qs.first()
            if message is None:
                return 0
            event = _EVENT_TYPES[message.topic](**message.payload)
            for handler in _HANDLERS.get(message.topic, []):
                handler(event)
            message.dispatched_at = clock.now()
            message.attempts += 1
            message.save(update_fields=["dispatched_at", "attempts"])
            return 1
    except Exception as exc:  # a failing handler must not lose the message: it stays pending
        log.exception("outbox message %s failed", pk)
        OutboxMessage.objects.filter(pk=pk).update(last_error=repr(exc)[:2000], attempts=F("attempts") + 1)
        return 0


def topics() -> Iterable[str]:
    return _EVENT_TYPES.keys()
