"""Time: one place to ask for "now", and the platform time zone for deadlines."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings

_frozen: datetime | None = None


def now() -> datetime:
    """The current UTC time (or the frozen one, in tests and `--as-of` job runs)."""
    return _frozen if _frozen is not None else datetime.now(UTC)


@contextlib.contextmanager
def frozen_at(moment: datetime) -> Iterator[None]:
    global _frozen
    previous, _frozen = _frozen, moment.astimezone(UTC)
    try:
        yield
    finally:
        _frozen = previous


def platform_zone() -> ZoneInfo:
    return ZoneInfo(getattr(settings, "MERCATO_TIME_ZONE", "Asia/Shanghai"))


def local_date(moment: datetime) -> date:
    return moment.astimezone(platform_zone()).date()


def end_of_local_day_after(moment: datetime, days: int) -> datetime:
    """The instant the N-th local calendar day after ``moment``'s local date ends, in UTC.

    "Return within 7 days of delivery" means until the end of the 7th day after the delivery date,
    counted on the platform's calendar, whatever the time of delivery.
    """
    last_day = local_date(moment) + timedelta(days=days)
    start_next = datetime.combine(last_day + timedelta(days=1), time.min, tzinfo=platform_zone())
    return start_next.astimezone(UTC)
