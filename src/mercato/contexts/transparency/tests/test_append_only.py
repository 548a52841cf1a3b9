"""The database refuses UPDATE and DELETE on the log; an owner who drops the triggers is caught by the proofs."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

from mercato.contexts.transparency import selectors
from mercato.contexts.transparency.domain import root
from mercato.contexts.transparency.models import Leaf, PerfectSubtree, SignedTreeHead
from mercato.contexts.transparency.public import leaves_append, tree_head_sign

pytestmark = pytest.mark.django_db

DATA = [f"fact-{i}".encode() for i in range(10)]


@pytest.fixture
def signed_log() -> SignedTreeHead:
    leaves_append(inputs=DATA)
    return tree_head_sign(at_ms=1_700_000_000_000)


@pytest.mark.parametrize("change", [
    lambda: Leaf.objects.filter(leaf_index=3).update(leaf_input=b"forged"),
    lambda: Leaf.objects.filter(leaf_index=3).delete(),
    lambda: Leaf.objects.get(leaf_index=3).delete(),
    lambda: PerfectSubtree.objects.filter(level=1).update(hash=bytes(32)),
    lambda: SignedTreeHead.objects.all().delete(),
    lambda: SignedTreeHead.objects.update(timestamp_ms=1),
])
def test_orm_update_or_delete_is_rejected_by_the_database(signed_log: SignedTreeHead, change) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(DatabaseError), transaction.atomic():  # IntegrityError is a DatabaseError
        change()


@pytest.mark.parametrize("sql", [
    "UPDATE transparency_leaf SET leaf_input = leaf_hash WHERE leaf_index = 2",
    "DELETE FROM transparency_leaf WHERE leaf_index = 9",
    "DELETE FROM transparency_perfectsubtree",
    "UPDATE transparency_signedtreehead SET tree_size = 11",
])
def test_raw_sql_update_or_delete_is_rejected_by_the_database(signed_log: SignedTreeHead, sql: str) -> None:
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql)


def _tamper_as_owner(sql: str, params: list[object]) -> None:
    """What a malicious operator can do: switch the guard off, rewrite a row."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE transparency_leaf DISABLE TRIGGER ALL")
        else:
            cursor.execute("DROP TRIGGER transparency_leaf_no_update")
        cursor.execute(sql, params)


def test_tampered_leaf_input_no_longer_matches_the_signed_root(signed_log: SignedTreeHead) -> None:
    assert selectors.find_first_tampered_leaf() is None
    _tamper_as_owner("UPDATE transparency_leaf SET leaf_input = %s WHERE leaf_index = 6", [b"fact-6 (edited)"])
    recomputed = root([bytes(leaf.leaf_input) for leaf in Leaf.objects.order_by("leaf_index")])
    assert recomputed != bytes(signed_log.root_hash)
    assert selectors.find_first_tampered_leaf() == 6


def test_rewriting_input_and_leaf_hash_together_is_still_caught_by_subtrees_and_the_signed_head(
    signed_log: SignedTreeHead,
) -> None:
    from mercato.contexts.transparency.domain import leaf_hash

    forged = b"fact-4 (rewritten)"
    _tamper_as_owner("UPDATE transparency_leaf SET leaf_input = %s, leaf_hash = %s WHERE leaf_index = 4",
                     [forged, leaf_hash(forged)])
    reasons = [finding.reason for finding in selectors.log_tampering()]
    assert any("perfect subtree 1/2" in reason for reason in reasons)
    assert any("signed head at 10" in reason for reason in reasons)
    assert selectors.find_first_tampered_leaf() == 4  # subtree 1/2 (leaves 4, 5) no longer hashes its children


@pytest.mark.skipif(connection.vendor != "postgresql", reason="TRUNCATE exists on PostgreSQL only")
def test_truncate_is_rejected_on_postgresql_unless_the_connection_opted_out(signed_log: SignedTreeHead) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SET mercato.allow_log_truncate = 'off'")  # what every production connection has
        try:
            for table in ("transparency_leaf", "transparency_signedtreehead"):
                with pytest.raises(DatabaseError, match="TRUNCATE rejected"), transaction.atomic():
                    cursor.execute(f"TRUNCATE {table} CASCADE")
        finally:
            cursor.execute("SET mercato.allow_log_truncate = 'on'")
    assert Leaf.objects.count() == 10
