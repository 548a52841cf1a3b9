"""When people shop: weekly and yearly seasonality, promotions, and the hour of the day (Asia/Shanghai)."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from .scale import SHANGHAI

SPRING_FESTIVAL = {2023: date(2023, 1, 22), 2024: date(2024, 2, 10), 2025: date(2025, 1, 29),
                   2026: date(2026, 2, 17), 2027: date(2027, 2, 6), 2028: date(2028, 1, 26),
                   2029: date(2029, 2, 13), 2030: date(2030, 2, 3)}
WEEKDAY_LIFT = (0.92, 0.9, 0.94, 0.97, 1.06, 1.32, 1.27)  # Monday first: weekends are busier
HOUR_WEIGHTS = (2.0, 1.0, 0.5, 0.3, 0.2, 0.3, 0.6, 1.2, 2.0, 3.0, 4.0, 4.0, 3.5, 3.0, 3.0, 3.0, 3.0, 3.5, 4.0, 4.5,
                5.0, 5.5, 4.5, 3.0)
MIDNIGHT_RUSH = 12.0  # weight of 00:00-01:00 on 618 and Singles' Day, when the big sales open


@dataclass(frozen=True)
class Promotion:
    """A period with more orders; ``target`` (a root category or merchant slug) sells ``boost`` times more."""

    name: str
    start: date
    end: date  # inclusive
    lift: float
    target: str | None = None
    boost: float = 1.0


def festival_lift(day: date) -> float:
    """618 and Singles' Day peaks (with their pre-sales), Double 12, and the Spring Festival dip."""
    lift = 1.0
    y = day.year
    if date(y, 6, 1) <= day < date(y, 6, 18):
        lift *= 1.35
    elif day == date(y, 6, 18):
        lift *= 3.2
    elif date(y, 10, 20) <= day < date(y, 11, 1):
        lift *= 1.3
    elif date(y, 11, 1) <= day < date(y, 11, 11):
        lift *= 1.55
    elif day == date(y, 11, 11):
        lift *= 5.5
    elif day in (date(y, 11, 12), date(y, 12, 12)):
        lift *= 1.8
    delta = (day - SPRING_FESTIVAL[y]).days
    if -8 <= delta <= 6:
        lift *= 0.45  # couriers and shoppers are home for the New Year
    elif 7 <= delta <= 12:
        lift *= 0.8
    return lift


def promotions(first: date, last: date, merchant_anniversaries: dict[str, date]) -> list[Promotion]:
    """Yearly campaigns by category, and each shop's anniversary sale."""
    promos = []
    for y in range(first.year, last.year + 1):
        cny = SPRING_FESTIVAL[y]
        promos += [
            Promotion("年货节 New Year goods festival", cny - timedelta(days=24), cny - timedelta(days=9), 1.25,
                      "food", 3.0),
            Promotion("女王节 Queen's Day", date(y, 3, 1), date(y, 3, 8), 1.1, "beauty", 2.5),
            Promotion("618 年中大促 mid-year sale", date(y, 6, 1), date(y, 6, 18), 1.0, "digital", 1.6),
            Promotion("开学季 back to school", date(y, 8, 20), date(y, 9, 5), 1.08, "computers", 2.0),
            Promotion("国庆出游 Golden Week outdoors", date(y, 9, 25), date(y, 10, 7), 1.05, "sports", 2.0),
            Promotion("双11 Singles' Day", date(y, 10, 20), date(y, 11, 11), 1.0, "appliances", 1.5),
        ]
        for slug, joined in merchant_anniversaries.items():
            start = joined.replace(year=y)
            if start > joined:
                promos.append(Promotion(f"{slug} 店庆 anniversary", start, start + timedelta(days=2), 1.05, slug, 3.0))
    return [p for p in promos if p.end >= first and p.start <= last]


def active(promos: list[Promotion], day: date) -> list[Promotion]:
    return [p for p in promos if p.start <= day <= p.end]


def day_weight(day: date, first: date, span: int, promos: list[Promotion]) -> float:
    """Relative order volume of a day: growth trend x weekday x festivals x promotions."""
    trend = 0.7 + 0.6 * (day - first).days / span
    weight = trend * WEEKDAY_LIFT[day.weekday()] * festival_lift(day)
    for p in active(promos, day):
        weight *= p.lift
    return weight


def largest_remainder(total: int, weights: list[float]) -> list[int]:
    """Whole counts proportional to weights that add up to total exactly."""
    scale = total / sum(weights)
    raw = [w * scale for w in weights]
    counts = [int(r) for r in raw]
    order = sorted(range(len(raw)), key=lambda i: (raw[i] - counts[i], -i), reverse=True)
    for i in order[: total - sum(counts)]:
        counts[i] += 1
    return counts


def moment_on(day: date, rng: random.Random) -> datetime:
    """A local time of day for an order, with the midnight rush on the two big festivals."""
    weights = list(HOUR_WEIGHTS)
    if (day.month, day.day) in ((6, 18), (11, 11)):
        weights[0] = MIDNIGHT_RUSH
    hour = rng.choices(range(24), weights)[0]
    local = datetime.combine(day, time(hour, rng.randrange(60), rng.randrange(60)), tzinfo=SHANGHAI)
    return local
