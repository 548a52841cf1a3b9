"""Persistence of the shared kernel: the transactional outbox and idempotency records."""

from __future__ import annotations

from django.db import models


class OutboxMessage(models.Model):
    """A domain event written in the same transaction as the fact it announces.

    A dispatcher delivers it to the registered handlers after commit; rows still pending after a crash are
    picked up by the `dispatch-outbox` job, so no event is lost and each handler sees it once.
    """

    topic = models.CharField(max_length=100, db_index=True)
    payload = models.JSONField()
    created_at = models.DateTimeField()
    dispatched_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True, default="")

    class Meta:
        indexes = [models.Index(fields=["dispatched_at", "id"], name="outbox_pending_idx")]


class IdempotencyRecord(models.Model):
    """The stored answer to a POST made with an Idempotency-Key, for replaying it."""

    scope = models.CharField(max_length=200)
    key = models.CharField(max_length=200)
    request_hash = models.CharField(max_length=64)
    status_code = models.PositiveSmallIntegerField()
    response_body = models.JSONField()
    created_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["scope", "key"], name="idempotency_scope_key_unique")]
