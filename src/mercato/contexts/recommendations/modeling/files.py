"""Reading the evaluation contract's files: `user_id,item_id,timestamp[,weight]` and `item_id,text`.

Plain CSV with a header; .gz and .xz are read transparently. Extra columns are ignored; a missing one is named.
"""

from __future__ import annotations

import csv
import gzip
import lzma
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import IO

from .table import InteractionTable, epoch_days

INTERACTION_COLUMNS = ("user_id", "item_id", "timestamp")
ITEM_COLUMNS = ("item_id", "text")


class BadInputFile(ValueError):
    """The file does not follow the contract; the message says where and what."""


def open_text(path: Path) -> IO[str]:
    if path.suffix == ".xz":
        return lzma.open(path, "rt", encoding="utf-8", newline="")
    if path.suffix == ".gz":
        return gzip.open(path, "rt", encoding="utf-8", newline="")
    return path.open(encoding="utf-8", newline="")


def _rows(path: Path, required: tuple[str, ...]) -> Iterator[tuple[int, dict[str, str]]]:
    with open_text(path) as handle:
        reader = csv.DictReader(handle)
        header = [name.strip() for name in reader.fieldnames or []]
        missing = [name for name in required if name not in header]
        if missing:
            raise BadInputFile(f"{path}: missing column {', '.join(repr(m) for m in missing)} "
                               f"(expected {','.join(required)}; found {','.join(header) or 'no header'})")
        reader.fieldnames = header
        yield from enumerate(reader, start=2)


def parse_day(value: str, where: str) -> float:
    """An ISO 8601 moment or date, as epoch days."""
    try:
        return epoch_days(datetime.fromisoformat(value.strip()))
    except ValueError:
        raise BadInputFile(f"{where}: timestamp {value!r} is not ISO 8601 (e.g. 2011-11-01 or "
                           "2011-11-01T08:26:00)") from None


def read_interactions(path: Path) -> InteractionTable:
    users, items, days, weights = [], [], [], []
    seen: dict[str, float] = {}
    for line, row in _rows(path, INTERACTION_COLUMNS):
        stamp = row["timestamp"] or ""
        day = seen.get(stamp)
        if day is None:
            day = seen[stamp] = parse_day(stamp, f"{path}:{line}")
        raw_weight = (row.get("weight") or "").strip()
        try:
            weight = float(raw_weight) if raw_weight else 1.0
        except ValueError:
            raise BadInputFile(f"{path}:{line}: weight {raw_weight!r} is not a number") from None
        if not (row["user_id"] or "").strip() or not (row["item_id"] or "").strip():
            raise BadInputFile(f"{path}:{line}: user_id and item_id must not be empty")
        users.append(row["user_id"].strip())
        items.append(row["item_id"].strip())
        days.append(day)
        weights.append(weight)
    return InteractionTable.from_columns(users, items, days, weights)


def read_item_texts(path: Path) -> dict[str, str]:
    return {row["item_id"].strip(): (row["text"] or "").strip() for _, row in _rows(path, ITEM_COLUMNS)}
