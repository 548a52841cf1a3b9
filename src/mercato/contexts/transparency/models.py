"""Storage of the transparency log. Leaves, perfect subtrees and signed heads are append-only (database triggers)."""

from __future__ import annotations

from django.db import models


class LogHead(models.Model):
    """The single row every append locks: appends serialise on it and it holds the current tree size."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    size = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"log of {self.size} leaves"


class Leaf(models.Model):
    leaf_index = models.BigIntegerField(primary_key=True)
    leaf_input = models.BinaryField()
    leaf_hash = models.BinaryField(max_length=32)
    appended_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"leaf {self.leaf_index}"


class PerfectSubtree(models.Model):
    """MTH of the 2**level leaves from index * 2**level on, stored once the subtree is complete (level >= 1;
    level 0 is the leaf hash itself)."""

    level = models.PositiveSmallIntegerField()
    index = models.BigIntegerField()
    hash = models.BinaryField(max_length=32)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["level", "index"], name="transparency_subtree_unique")]

    def __str__(self) -> str:
        return f"subtree {self.level}/{self.index}"


class SignedTreeHead(models.Model):
    tree_size = models.BigIntegerField(unique=True)
    root_hash = models.BinaryField(max_length=32)
    timestamp_ms = models.BigIntegerField()
    signature = models.BinaryField(max_length=64)
    created_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"signed head at {self.tree_size}"


class Entry(models.Model):
    """A fact queued for the log, then bound to its leaf. Written in the business (or outbox) transaction, so a
    committed fact is never lost; appended in batches by `entries_append_pending`, so it is logged once.

    `record` and `salt` are private (shown only to the parties of the subject): the leaf commits to their digest.
    """

    key = models.CharField(max_length=96, unique=True, help_text="what makes the fact unique (never logged twice)")
    kind = models.CharField(max_length=40)
    subject = models.CharField(max_length=96, db_index=True, help_text="order id, EPCIS event hash id...")
    leaf_input = models.BinaryField()
    record = models.JSONField(null=True, blank=True)
    salt = models.BinaryField(max_length=16, null=True, blank=True)
    created_at = models.DateTimeField()
    leaf_index = models.BigIntegerField(null=True, blank=True, unique=True)

    class Meta:
        indexes = [models.Index(fields=["leaf_index", "id"], name="transparency_entry_pending")]

    def __str__(self) -> str:
        return f"{self.kind} {self.subject}"
