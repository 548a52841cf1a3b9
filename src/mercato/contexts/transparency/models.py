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
