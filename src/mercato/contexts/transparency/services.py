"""Commands of the transparency log: append leaves, sign the tree head. Both serialise on the LogHead row."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, connection, models, transaction

from mercato.shared import clock
from mercato.shared.errors import ValidationFailed

from .domain import leaf_hash, node_hash
from .models import Entry, Leaf, LogHead, PerfectSubtree, SignedTreeHead
from .selectors import perfect_hashes, root_at
from .signing import sign_tree_head

_BATCH = 1000


def _locked_head() -> LogHead:
    head, _ = LogHead.objects.select_for_update().get_or_create(pk=1, defaults={"size": 0})
    return head


def _frontier_keys(size: int) -> list[tuple[int, int]]:
    """The perfect subtrees covering leaves [0, size): one per set bit of size, largest first."""
    keys, offset = [], 0
    for level in range(size.bit_length() - 1, -1, -1):
        if size >> level & 1:
            keys.append((level, offset >> level))
            offset += 1 << level
    return keys


def _insert(model: type[models.Model], columns: list[str], rows: Sequence[Any]) -> None:
    """PostgreSQL: one COPY (several times faster than multi-row INSERTs, whose parameters psycopg parses on the
    client); elsewhere bulk_create. Both inside the caller's transaction, under the log-head lock."""
    if connection.vendor != "postgresql":
        model._default_manager.bulk_create(rows, batch_size=_BATCH)
        return
    names = ", ".join(f'"{column}"' for column in columns)
    with connection.cursor() as cursor, cursor.cursor.copy(f"COPY {model._meta.db_table} ({names}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row([getattr(row, column) for column in columns])


@transaction.atomic
def leaves_append(*, inputs: Sequence[bytes]) -> int:
    """Append `inputs` as consecutive leaves in one transaction and return the new tree size.

    The first appended leaf's index is the returned size minus len(inputs). Every perfect subtree the batch
    completes is stored, so later proofs and roots read O(log n) stored hashes.
    """
    head = _locked_head()
    if not inputs:
        return head.size
    start = head.size
    known = perfect_hashes(_frontier_keys(start))
    now = clock.now()
    new_leaves: list[Leaf] = []
    new_subtrees: list[PerfectSubtree] = []
    for offset, data in enumerate(inputs):
        index = start + offset
        hashed = leaf_hash(bytes(data))
        new_leaves.append(Leaf(leaf_index=index, leaf_input=bytes(data), leaf_hash=hashed, appended_at=now))
        known[(0, index)] = hashed
        level, position = 0, index
        while position & 1:  # a right child completes its parent
            parent = node_hash(known[(level, position - 1)], known[(level, position)])
            level, position = level + 1, position >> 1
            known[(level, position)] = parent
            new_subtrees.append(PerfectSubtree(level=level, index=position, hash=parent))
    _insert(Leaf, ["leaf_index", "leaf_input", "leaf_hash", "appended_at"], new_leaves)
    _insert(PerfectSubtree, ["level", "index", "hash"], new_subtrees)
    head.size = start + len(inputs)
    head.save(update_fields=["size"])
    return head.size


@transaction.atomic
def tree_head_sign(*, at_ms: int | None = None) -> SignedTreeHead:
    """Sign the current size and root (RFC 6962 §3.5). A size already signed returns its existing head."""
    head = _locked_head()
    existing = SignedTreeHead.objects.filter(tree_size=head.size).first()
    if existing is not None:
        return existing
    now = clock.now()
    latest = SignedTreeHead.objects.order_by("-tree_size").first()
    timestamp_ms = at_ms if at_ms is not None else int(now.timestamp() * 1000)
    if at_ms is None and latest is not None:  # a clock set back (or a job run --as-of) never un-orders heads
        timestamp_ms = max(timestamp_ms, latest.timestamp_ms)
    if latest is not None and timestamp_ms < latest.timestamp_ms:
        raise ValidationFailed.on("at_ms", f"must not be earlier than the latest signed head ({latest.timestamp_ms})")
    if timestamp_ms < 0:
        raise ValidationFailed.on("at_ms", "must be 0 or more")
    root = root_at(head.size)
    signature = sign_tree_head(timestamp_ms=timestamp_ms, tree_size=head.size, root_hash=root)
    return SignedTreeHead.objects.create(
        tree_size=head.size, root_hash=root, timestamp_ms=timestamp_ms, signature=signature, created_at=now
    )


@dataclass(frozen=True)
class EntryDraft:
    """A fact to queue for the log (see entry_record)."""

    key: str
    kind: str
    subject: str
    leaf_input: bytes


def entries_record(drafts: Sequence[EntryDraft]) -> int:
    """Queue many facts in the caller's transaction with one insert; keys already queued are skipped."""
    keys = [draft.key for draft in drafts]
    known = set(Entry.objects.filter(key__in=keys).values_list("key", flat=True))
    now = clock.now()
    rows = [Entry(key=d.key, kind=d.kind, subject=d.subject, leaf_input=bytes(d.leaf_input), created_at=now)
            for d in {d.key: d for d in drafts if d.key not in known}.values()]
    Entry.objects.bulk_create(rows, batch_size=_BATCH)
    return len(rows)


def entry_record(*, key: str, kind: str, subject: str, leaf_input: bytes,
                 record: Mapping[str, Any] | None = None, salt: bytes | None = None) -> bool:
    """Queue one fact for the log in the caller's transaction. False when a fact with this key is already queued
    or logged: a redelivered event is never logged twice."""
    now = clock.now()
    payload = dict(record) if record is not None else None
    if connection.vendor == "postgresql":  # one statement on the hot path (every logged fact of every order)
        with connection.cursor() as cursor:
            cursor.execute(_INSERT_ENTRY_POSTGRESQL, [key, kind, subject, bytes(leaf_input),
                                                      json.dumps(payload) if payload is not None else None, salt,
                                                      now])
            return cursor.fetchone() is not None
    try:
        with transaction.atomic():  # a savepoint: a twin (redelivery, concurrent handler) loses on the unique key
            Entry.objects.create(key=key, kind=kind, subject=subject, leaf_input=bytes(leaf_input), record=payload,
                                 salt=salt, created_at=now)
    except IntegrityError:
        return False
    return True


_INSERT_ENTRY_POSTGRESQL = """
INSERT INTO transparency_entry (key, kind, subject, leaf_input, record, salt, created_at)
VALUES (%s, %s, %s, %s, %s::jsonb, %s, %s) ON CONFLICT (key) DO NOTHING RETURNING id
"""


@transaction.atomic
def entries_append_pending(*, limit: int = 20_000) -> int:
    """Append queued facts as one batch of leaves, oldest first, and bind each to its leaf index.

    Runs under the LogHead lock, so concurrent publishers take turns and an entry is appended exactly once.
    """
    _locked_head()
    pending = list(Entry.objects.filter(leaf_index__isnull=True).order_by("id").values_list("id", "leaf_input")[:limit])
    if not pending:
        return 0
    size = leaves_append(inputs=[bytes(leaf_input) for _, leaf_input in pending])
    start = size - len(pending)
    _bind_to_leaves([entry_id for entry_id, _ in pending], start)
    return len(pending)


_BIND_POSTGRESQL = """
UPDATE transparency_entry AS entry SET leaf_index = numbered.leaf_index
FROM (SELECT id, %s + ROW_NUMBER() OVER (ORDER BY id) - 1 AS leaf_index
      FROM transparency_entry WHERE id = ANY(%s)) AS numbered
WHERE entry.id = numbered.id
"""


def _bind_to_leaves(entry_ids: list[int], start: int) -> None:
    """Entry i of `entry_ids` (ascending) gets leaf start + i: one statement on PostgreSQL, bulk_update elsewhere."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(_BIND_POSTGRESQL, [start, entry_ids])
        return
    rows = [Entry(pk=pk, leaf_index=start + offset) for offset, pk in enumerate(entry_ids)]
    Entry.objects.bulk_update(rows, ["leaf_index"], batch_size=_BATCH)


def log_publish(*, limit: int = 20_000) -> int:
    """Append everything queued, then sign the new head (the periodic job, and `mercato transparency publish`)."""
    appended = 0
    while True:
        batch = entries_append_pending(limit=limit)
        appended += batch
        if batch < limit:
            break
    if appended or not SignedTreeHead.objects.exists():
        tree_head_sign()
    return appended
