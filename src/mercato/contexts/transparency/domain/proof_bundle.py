"""Proof bundles: everything needed to check, offline, that some entries are in a log whose head the log signed.

A bundle is plain JSON (format "mercato-proof-bundle/1"): the log's public key, one signed tree head, and entries
with their leaf input, index and RFC 9162 audit path. Any RFC 6962 verifier can check it with the key alone.
Entries may also carry what their leaf commits to (a salted record, an EPCIS event), checked by a named rule.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .commerce_fact import fact_matches
from .merkle import leaf_hash
from .proofs import verify_inclusion
from .tree_head import verify_tree_head

FORMAT = "mercato-proof-bundle/1"
CommitmentCheck = Callable[[bytes, Mapping[str, Any]], bool]
"""(leaf_input, entry) → does the leaf commit to what the entry discloses?"""


def _salted_record(leaf_input: bytes, entry: Mapping[str, Any]) -> bool:
    salt = bytes.fromhex(str(entry.get("salt") or ""))
    record = entry.get("record")
    return isinstance(record, dict) and fact_matches(leaf_input, salt=salt, record=record)


BUILTIN_CHECKS: Mapping[str, CommitmentCheck] = {"salted-record": _salted_record}


@dataclass(frozen=True)
class BundleReport:
    tree_size: int
    verified: int
    pending: int
    problems: list[str] = field(default_factory=list)
    proven_entries: frozenset[int] = frozenset()
    """Positions of the entries proven in a correctly signed head."""

    @property
    def ok(self) -> bool:
        return not self.problems


def _check_entry(number: int, entry: Mapping[str, Any], *, tree_size: int, root: bytes,
                 checks: Mapping[str, CommitmentCheck]) -> str | None:
    """None when the entry is proven; else what is wrong with it."""
    label = f"entry {number} ({entry.get('kind', '?')})"
    try:
        leaf_input = bytes.fromhex(str(entry["leaf_input"]))
        index = int(entry["leaf_index"])
        path = [bytes.fromhex(str(h)) for h in entry.get("inclusion") or []]
    except (KeyError, ValueError, TypeError):
        return f"{label}: leaf_input, leaf_index and inclusion must be present (hex, integer, list of hex)"
    hashed = leaf_hash(leaf_input)
    if entry.get("leaf_hash") not in (None, hashed.hex()):
        return f"{label}: leaf_hash is not SHA-256(0x00 || leaf_input)"
    if not verify_inclusion(hashed, index, tree_size, path, root):
        return f"{label}: the inclusion proof of leaf {index} does not lead to the signed root"
    commitment = entry.get("commitment")
    if commitment:
        check = checks.get(str(commitment))
        if check is None:
            return f"{label}: unknown commitment rule {commitment!r}"
        if not check(leaf_input, entry):
            return f"{label}: the leaf does not commit to the disclosed {commitment}"
    return None


def verify_bundle(bundle: Mapping[str, Any], *, public_key: bytes | None = None,
                  checks: Mapping[str, CommitmentCheck] | None = None) -> BundleReport:
    """Check the head's signature (against `public_key` when given, which should come from the log's published
    key, not from the bundle), every entry's inclusion, and every disclosed commitment."""
    rules = {**BUILTIN_CHECKS, **(checks or {})}
    if bundle.get("format") != FORMAT:
        return BundleReport(0, 0, 0, [f"not a {FORMAT} document"])
    try:
        head = bundle["tree_head"]
        size, root = int(head["tree_size"]), bytes.fromhex(head["root_hash"])
        signature = base64.b64decode(head["signature"], validate=True)
        key = public_key or base64.b64decode(bundle["log"]["public_key"], validate=True)
        timestamp = int(head["timestamp"])
    except (KeyError, ValueError, TypeError, binascii.Error):
        return BundleReport(0, 0, 0, ["tree_head and log.public_key must be present and well-formed"])
    problems: list[str] = []
    if not verify_tree_head(public_key=key, timestamp_ms=timestamp, tree_size=size, root_hash=root,
                            signature=signature):
        problems.append(f"the tree head at size {size} is not signed by this key")
    head_ok = not problems
    pending, proven = 0, set()
    for number, entry in enumerate(bundle.get("entries") or []):
        if entry.get("leaf_index") is None:
            pending += 1
            continue
        problem = _check_entry(number, entry, tree_size=size, root=root, checks=rules)
        if problem:
            problems.append(problem)
        else:
            proven.add(number)
    return BundleReport(size, len(proven), pending, problems, frozenset(proven if head_ok else ()))
