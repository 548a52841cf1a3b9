"""`mercato transparency audit --url`: a third party's view of a Mercato log, over HTTP only.

The auditor remembers the last head it verified (a small JSON file it owns). On each run it checks the log's key
is unchanged, the new signed head's signature, that the new head extends the remembered one (an RFC 9162
consistency proof), that every published head is signed and consistent with its successor, and that sampled
leaves are included in the new head. Any failure means the log forked or rewrote history; the remembered head is
then left untouched so the evidence stays.
"""

from __future__ import annotations

import base64
import json
import os
import random
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .domain import leaf_hash, verify_consistency, verify_inclusion
from .domain.tree_head import verify_tree_head


class AuditError(Exception):
    """The log could not be read (network, HTTP status, malformed JSON)."""


@dataclass(frozen=True)
class Head:
    tree_size: int
    root_hash: bytes
    timestamp: int
    signature: bytes

    @classmethod
    def of(cls, data: dict[str, Any]) -> Head:
        try:
            return cls(int(data["tree_size"]), bytes.fromhex(data["root_hash"]), int(data["timestamp"]),
                       base64.b64decode(data["signature"], validate=True))
        except (KeyError, ValueError, TypeError) as exc:
            raise AuditError(f"malformed tree head: {data!r:.200}") from exc

    def signed_by(self, key: bytes) -> bool:
        return verify_tree_head(public_key=key, timestamp_ms=self.timestamp, tree_size=self.tree_size,
                                root_hash=self.root_hash, signature=self.signature)


@dataclass
class AuditReport:
    url: str
    tree_size: int = 0
    checked: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures


class LogClient:
    def __init__(self, url: str, timeout: float = 30.0) -> None:
        self.base = url.rstrip("/")
        if not self.base.endswith("/api/v1"):
            self.base += "/api/v1"
        self.timeout = timeout

    def get(self, path: str, **params: int) -> dict[str, Any]:
        query = f"?{urllib.parse.urlencode(params)}" if params else ""
        try:
            with urllib.request.urlopen(f"{self.base}{path}{query}", timeout=self.timeout) as response:  # noqa: S310
                body: dict[str, Any] = json.loads(response.read())
                return body
        except urllib.error.HTTPError as exc:
            raise AuditError(f"GET {path}{query}: HTTP {exc.code}") from exc
        except (urllib.error.URLError, OSError, ValueError) as exc:
            raise AuditError(f"GET {path}{query}: {exc}") from exc


def _hashes(body: dict[str, Any]) -> list[bytes]:
    return [bytes.fromhex(h) for h in body.get("hashes", [])]


def _consistent(client: LogClient, older: Head, newer: Head) -> bool:
    if older.tree_size == 0:
        return True  # the empty tree is a prefix of every tree
    if older.tree_size == newer.tree_size:
        return older.root_hash == newer.root_hash
    proof = client.get("/transparency/proof/consistency", first=older.tree_size, second=newer.tree_size)
    return verify_consistency(older.tree_size, newer.tree_size, older.root_hash, newer.root_hash, _hashes(proof))


def _check_history(client: LogClient, key: bytes, latest: Head, report: AuditReport, *, since: int) -> None:
    """Heads published since the remembered one (all of them on a first audit): signed, pairwise consistent."""
    history = client.get("/transparency/sth/history", since=since).get("items", [])
    heads = [head for head in (Head.of(item) for item in history) if head.tree_size >= since]
    for head in heads:
        if not head.signed_by(key):
            report.failures.append(f"published head at {head.tree_size} is not signed by the log's key")
    for older, newer in zip(heads, heads[1:], strict=False):
        if not _consistent(client, older, newer):
            report.failures.append(f"published heads at {older.tree_size} and {newer.tree_size} are not consistent")
    if heads and heads[-1].tree_size > latest.tree_size:
        report.failures.append("the history holds a head newer than the latest head")
    report.checked.append(f"{len(heads)} published heads signed and pairwise consistent")


def _check_samples(client: LogClient, latest: Head, samples: int, report: AuditReport) -> None:
    rng = random.Random()
    for index in sorted({rng.randrange(latest.tree_size) for _ in range(min(samples, latest.tree_size))}):
        leaf = client.get("/transparency/leaves", start=index, end=index)["leaves"][0]
        proof = client.get("/transparency/proof/inclusion", leaf_index=index, tree_size=latest.tree_size)
        hashed = leaf_hash(bytes.fromhex(leaf["leaf_input"]))
        if not verify_inclusion(hashed, index, latest.tree_size, _hashes(proof), latest.root_hash):
            report.failures.append(f"leaf {index} as served is not in the signed tree of {latest.tree_size}")
    report.checked.append(f"{min(samples, latest.tree_size)} sampled leaves included in the latest head")


def audit(url: str, state_file: Path, *, samples: int = 8) -> AuditReport:
    """Audit the log at `url` against the head remembered in `state_file`; remember the new head when all holds."""
    client, report = LogClient(url), AuditReport(url=url)
    state = json.loads(state_file.read_text()) if state_file.exists() else None
    key = base64.b64decode(client.get("/transparency/public-key")["public_key"])
    if state and base64.b64decode(state["public_key"]) != key:
        report.failures.append("the log's public key changed since the last audit")
        return report
    latest = Head.of(client.get("/transparency/sth"))
    report.tree_size = latest.tree_size
    if not latest.signed_by(key):
        report.failures.append(f"the latest head (size {latest.tree_size}) is not signed by the log's key")
        return report
    since = 0
    if state:
        remembered = Head.of(state["head"])
        since = remembered.tree_size
        if latest.tree_size < remembered.tree_size:
            report.failures.append(f"ROLLBACK: the log shrank from {remembered.tree_size} to {latest.tree_size}")
        elif not _consistent(client, remembered, latest):
            report.failures.append(f"FORK: the head at {latest.tree_size} does not extend the head at "
                                   f"{remembered.tree_size} verified on a previous audit: history was rewritten")
        else:
            report.checked.append(f"head {latest.tree_size} extends the remembered head {remembered.tree_size}")
    _check_history(client, key, latest, report, since=since)
    if samples and latest.tree_size:
        _check_samples(client, latest, samples, report)
    if report.ok:
        _remember(state_file, url, key, latest)
    return report


def _remember(state_file: Path, url: str, key: bytes, head: Head) -> None:
    state = {"url": url, "public_key": base64.b64encode(key).decode(), "head": {
        "tree_size": head.tree_size, "root_hash": head.root_hash.hex(), "timestamp": head.timestamp,
        "signature": base64.b64encode(head.signature).decode()}}
    state_file.parent.mkdir(parents=True, exist_ok=True)
    temporary = state_file.with_suffix(".tmp")
    temporary.write_text(json.dumps(state, indent=2))
    os.replace(temporary, state_file)
