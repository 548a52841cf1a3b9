"""Dates in shopper language, English and Chinese, resolved to ISO dates against the caller's today.

Relative days (昨天, "the day before yesterday"), weekdays (上周五, "last Friday", 这周三, "next Monday") and
calendar dates (3月5日, 2026年3月5日, 5号 of the current month, "March 5", "5th of March", 2026-03-05, 3/5).
Conventions: 上周五 is Friday of the previous calendar week; "last Friday" is the latest Friday before today;
a bare weekday (周五, "Friday") and 这周/本周/"this" mean this calendar week's day; 下周 is next calendar week;
"next Friday" the first Friday after today.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Final

from .spans import Span

_ZH_RELATIVE: Final[dict[str, int]] = {
    "大前天": -3, "前天": -2, "昨天": -1, "昨日": -1, "今天": 0, "今日": 0, "明天": 1, "明日": 1,
    "后天": 2, "大后天": 3,
}
_EN_RELATIVE: Final[dict[str, int]] = {
    "the day before yesterday": -2, "day before yesterday": -2, "yesterday": -1, "today": 0, "tonight": 0,
    "tomorrow": 1, "the day after tomorrow": 2, "day after tomorrow": 2,
}
_ZH_WEEKDAY: Final[dict[str, int]] = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6,
                                      "1": 0, "2": 1, "3": 2, "4": 3, "5": 4, "6": 5, "7": 6}
_ZH_WEEK_SHIFT: Final[dict[str, int]] = {"上上": -2, "上": -1, "这": 0, "本": 0, "下": 1, "下下": 2, "": 0}
_EN_WEEKDAYS: Final[tuple[str, ...]] = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
                                        "sunday")
_EN_MONTHS: Final[tuple[str, ...]] = ("january", "february", "march", "april", "may", "june", "july", "august",
                                      "september", "october", "november", "december")

_ZH_RELATIVE_RE = re.compile("|".join(sorted(_ZH_RELATIVE, key=len, reverse=True)))
_EN_RELATIVE_RE = re.compile(r"\b(?:" + "|".join(sorted(_EN_RELATIVE, key=len, reverse=True)) + r")\b", re.I)
_ZH_WEEKDAY_RE = re.compile(r"(上上|下下|上|这|本|下)?(?:个)?(?:周|星期|礼拜)([一二三四五六日天1-7])")
_EN_WEEKDAY_RE = re.compile(
    r"\b(?:(last|this|next)\s+)?(" + "|".join(_EN_WEEKDAYS) + r"|mon|tue|tues|wed|thu|thur|thurs|fri)\b", re.I)
_ZH_CALENDAR_RE = re.compile(r"(?<!\d)(?:(\d{4})\s*年\s*)?(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]")
_ZH_DAY_OF_MONTH_RE = re.compile(r"(?<![\d月年])(\d{1,2})\s*[号日](?![楼线门床房码仓机位店窗车])")
_ISO_RE = re.compile(r"(?<!\d)(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)")
_SLASH_RE = re.compile(r"(?<![\d/.])(\d{1,2})/(\d{1,2})(?![\d/.])")
_MONTH_NAME = r"(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_EN_MONTH_DAY_RE = re.compile(_MONTH_NAME + r"\s+(\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s*(\d{4}))?", re.I)
_EN_DAY_MONTH_RE = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH_NAME + r"(?:,?\s*(\d{4}))?",
                              re.I)


def find_dates(text: str, today: date) -> Iterator[Span]:
    """Every date mention with its ISO value; invalid calendar dates (2月30日) are skipped."""
    for match in _ZH_RELATIVE_RE.finditer(text):
        yield _span(match, today + timedelta(days=_ZH_RELATIVE[match.group()]))
    for match in _EN_RELATIVE_RE.finditer(text):
        yield _span(match, today + timedelta(days=_EN_RELATIVE[match.group().lower()]))
    for match in _ZH_WEEKDAY_RE.finditer(text):
        monday = today - timedelta(days=today.weekday())
        week = _ZH_WEEK_SHIFT[match.group(1) or ""]
        yield _span(match, monday + timedelta(days=7 * week + _ZH_WEEKDAY[match.group(2)]))
    for match in _EN_WEEKDAY_RE.finditer(text):
        yield _span(match, _english_weekday(match.group(1), match.group(2), today))
    yield from _calendar_dates(text, today)


def _english_weekday(modifier: str | None, name: str, today: date) -> date:
    weekday = next(i for i, day in enumerate(_EN_WEEKDAYS) if day.startswith(name.lower()[:3]))
    modifier = (modifier or "").lower()
    if modifier == "last":
        return today - timedelta(days=(today.weekday() - weekday - 1) % 7 + 1)
    if modifier == "next":
        return today + timedelta(days=(weekday - today.weekday() - 1) % 7 + 1)
    return today - timedelta(days=today.weekday()) + timedelta(days=weekday)


def _calendar_dates(text: str, today: date) -> Iterator[Span]:
    for match in _ZH_CALENDAR_RE.finditer(text):
        found = _valid(match.group(1), match.group(2), match.group(3), today)
        if found:
            yield _span(match, found)
    for match in _ZH_DAY_OF_MONTH_RE.finditer(text):
        found = _valid(None, str(today.month), match.group(1), today)
        if found:
            yield _span(match, found)
    for match in _ISO_RE.finditer(text):
        found = _valid(match.group(1), match.group(2), match.group(3), today)
        if found:
            yield _span(match, found)
    for match in _SLASH_RE.finditer(text):
        found = _valid(None, match.group(1), match.group(2), today)
        if found:
            yield _span(match, found)
    for match in _EN_MONTH_DAY_RE.finditer(text):
        found = _valid(match.group(3), str(_month_number(match.group(1))), match.group(2), today)
        if found:
            yield _span(match, found)
    for match in _EN_DAY_MONTH_RE.finditer(text):
        found = _valid(match.group(3), str(_month_number(match.group(2))), match.group(1), today)
        if found:
            yield _span(match, found)


def _month_number(prefix: str) -> int:
    return next(i for i, month in enumerate(_EN_MONTHS, start=1) if month.startswith(prefix.lower()[:3]))


def _valid(year: str | None, month: str, day: str, today: date) -> date | None:
    try:
        return date(int(year) if year else today.year, int(month), int(day))
    except ValueError:
        return None


def _span(match: re.Match[str], value: date) -> Span:
    return Span("date", value.isoformat(), match.start(), match.end(), priority=4)
