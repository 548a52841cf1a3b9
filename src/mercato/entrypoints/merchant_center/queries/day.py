"""The platform's calendar day (Asia/Shanghai by default) as a UTC interval."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from mercato.shared import clock


def local_day() -> tuple[datetime, datetime]:
    """[start, end) of today on the platform's calendar."""
    zone = clock.platform_zone()
    start = datetime.combine(clock.local_date(clock.now()), time.min, tzinfo=zone)
    return start, start + timedelta(days=1)
