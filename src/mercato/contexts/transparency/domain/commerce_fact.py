"""Leaf inputs for commerce facts: canonical JSON that commits to a salted digest of the record, never the record.

The log is public, so a leaf must not reveal personal data nor let anyone guess an order's contents by hashing
candidates: the digest is SHA-256(salt || canonical record) with a random 16-byte salt that only the parties of
the order see. Revealing salt + record later proves exactly what was committed at that moment.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any

LEAF_VERSION = 1
SALT_SIZE = 16


def canonical_json(value: Any) -> bytes:
    """Sorted keys, no insignificant whitespace, UTF-8: the same value always gives the same bytes."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False).encode()


def salted_digest(salt: bytes, record: Mapping[str, Any]) -> str:
    if len(salt) != SALT_SIZE:
        raise ValueError(f"a salt is {SALT_SIZE} bytes, not {len(salt)}")
    return hashlib.sha256(salt + canonical_json(record)).hexdigest()


def fact_leaf_input(*, fact: str, subject: str, at: str, salt: bytes, record: Mapping[str, Any]) -> bytes:
    """The canonical bytes logged for one fact about one subject (an order id) at one moment."""
    return canonical_json({"v": LEAF_VERSION, "fact": fact, "subject": subject, "at": at,
                           "digest": "sha256:" + salted_digest(salt, record)})


def fact_matches(leaf_input: bytes, *, salt: bytes, record: Mapping[str, Any]) -> bool:
    """Does this leaf commit to exactly this record under this salt? (What a dispute reviewer checks.)"""
    try:
        committed = json.loads(leaf_input)
    except (ValueError, UnicodeDecodeError):
        return False
    if not isinstance(committed, dict):
        return False
    return bool(committed.get("digest") == "sha256:" + salted_digest(salt, record))
