"""What a proof bundle's EPCIS entries disclose, checked offline: the event re-hashes to its leaf."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from .domain.event_hash import event_hash_id


def _event_rehashes(leaf_input: bytes, entry: Mapping[str, Any]) -> bool:
    record = entry.get("record")
    if not isinstance(record, Mapping) or not isinstance(record.get("event"), Mapping):
        return False
    namespaces = record.get("namespaces") if isinstance(record.get("namespaces"), Mapping) else None
    try:
        return event_hash_id(record["event"], context=namespaces) == leaf_input.decode()
    except (ValueError, TypeError, KeyError, UnicodeDecodeError):
        return False


CHECKS: Mapping[str, Callable[[bytes, Mapping[str, Any]], bool]] = {"epcis-event-hash": _event_rehashes}
