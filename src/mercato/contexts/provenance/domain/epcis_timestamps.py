"""EPCIS timestamps: xsd:dateTimeStamp, i.e. an RFC 3339 date-time that always carries its time zone.

The ratified JSON schema only says `format: date-time`, which jsonschema does not check without an optional
dependency; and a naive time is meaningless in a supply chain that spans time zones, so the zone is required here.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone

_DATE_TIME = re.compile(
    r"(?P<date>[0-9]{4}-[0-9]{2}-[0-9]{2})T(?P<time>[0-9]{2}:[0-9]{2}:[0-9]{2})(?P<fraction>\.[0-9]+)?"
    r"(?P<zone>Z|[+-][0-9]{2}:[0-9]{2})?"
)
_OFFSET = re.compile(r"(?P<sign>[+-])(?P<hours>[0-9]{2}):(?P<minutes>[0-9]{2})")
MAX_OFFSET = timedelta(hours=14)


def offset_problem(value: str) -> str | None:
    """Why a "+hh:mm"/"-hh:mm" offset is malformed or out of the -14:00..+14:00 range, or None."""
    match = _OFFSET.fullmatch(value)
    if not match:
        return "is not of the form +hh:mm or -hh:mm"
    hours, minutes = int(match["hours"]), int(match["minutes"])
    if minutes > 59 or timedelta(hours=hours, minutes=minutes) > MAX_OFFSET:
        return "is outside -14:00..+14:00"
    return None


def timestamp_problem(value: str) -> str | None:
    """Why `value` is no valid EPCIS timestamp, or None when it is one."""
    match = _DATE_TIME.fullmatch(value)
    if not match:
        return "is not an RFC 3339 date-time (YYYY-MM-DDThh:mm:ss[.fff] followed by Z or ±hh:mm)"
    if match["zone"] is None:
        return "has no time zone (append Z or an offset such as +01:00)"
    try:
        datetime.fromisoformat(f"{match['date']}T{match['time']}")
    except ValueError:
        return "is not a real calendar date and time"
    if match["zone"] != "Z":
        problem = offset_problem(match["zone"])
        if problem:
            return f"has an offset that {problem}"
    return None


def parse_timestamp(value: str) -> datetime:
    """An aware datetime for a valid EPCIS timestamp (digits beyond microseconds are dropped, not rounded)."""
    match = _DATE_TIME.fullmatch(value)
    problem = timestamp_problem(value)
    if match is None or problem:
        raise ValueError(f"{value!r} {problem}")
    fraction = (match["fraction"] or ".0")[1:7].ljust(6, "0")
    zone = UTC if match["zone"] == "Z" else _zone(match["zone"])
    return datetime.fromisoformat(f"{match['date']}T{match['time']}.{fraction}").replace(tzinfo=zone)


def _zone(offset: str) -> timezone:
    sign = -1 if offset[0] == "-" else 1
    return timezone(sign * timedelta(hours=int(offset[1:3]), minutes=int(offset[4:6])))
