"""Behaviour, the personalisation switch, precomputed candidates, training runs (persistence only)."""

from __future__ import annotations

from django.db import models

from mercato.shared.fields import ref_field


class BehaviourEvent(models.Model):
    """One thing a shopper did: viewed or carted a variant, bought it, searched. Profiling data: deleted when
    the shopper switches personalisation off, never recorded while it is off."""

    class Kind(models.TextChoices):
        VIEW = "view"
        CART = "cart"
        PURCHASE = "purchase"
        SEARCH = "search"

    id = models.BigAutoField(primary_key=True)
    kind = models.CharField(max_length=8, choices=Kind.choices)
    user_id = ref_field(null=True, blank=True)
    session_key = models.CharField(max_length=64, blank=True, default="",
                                   help_text="a digest of an anonymous visitor's session, never the key itself")
    variant_id = ref_field(blank=True, default="")
    product_id = ref_field(blank=True, default="")
    order_id = ref_field(blank=True, default="")
    query = models.CharField(max_length=200, blank=True, default="")
    at = models.DateTimeField()

    class Meta:
        indexes = [
            models.Index(fields=["user_id", "kind", "-at"], name="behaviour_user_idx"),
            models.Index(fields=["session_key", "kind", "-at"], name="behaviour_session_idx"),
            models.Index(fields=["kind", "at"], name="behaviour_kind_idx"),
            models.Index(fields=["order_id"], name="behaviour_order_idx"),
        ]


class PersonalisationChoice(models.Model):
    """A shopper's switch; no row means on (the default), ``enabled=False`` means off."""

    user_id = ref_field(primary_key=True)
    enabled = models.BooleanField(default=True)
    changed_at = models.DateTimeField()


class Candidate(models.Model):
    """What the training job precomputed for one key: ``[[variant_id, score, reason, because_of], ...]``,
    best first. Serving reads these rows and re-ranks; it never trains."""

    class Kind(models.TextChoices):
        USER = "user"  # key: a user id
        SIMILAR = "similar"  # key: a variant id
        TOGETHER = "together"  # key: a variant id
        POPULAR = "popular"  # key: ""
        DAILY = "daily"  # key: "<local day>|<user id>" ("<day>|" for everyone): drawn once, stable all day

    id = models.BigAutoField(primary_key=True)
    kind = models.CharField(max_length=8, choices=Kind.choices)
    key = models.CharField(max_length=64, blank=True, default="")
    items = models.JSONField(default=list)
    run = models.ForeignKey("TrainingRun", null=True, blank=True, on_delete=models.CASCADE, related_name="+",
                            help_text="the run that wrote it (none for daily picks, drawn at request time)")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "key"], name="candidate_kind_key_unique")]


class TrainingRun(models.Model):
    """One run of `train-recommendations`: when, on how much, with what outcome."""

    id = models.BigAutoField(primary_key=True)
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    as_of = models.DateTimeField()
    interactions = models.PositiveIntegerField(default=0)
    users = models.PositiveIntegerField(default=0)
    items = models.PositiveIntegerField(default=0)
    candidate_rows = models.PositiveIntegerField(default=0)
    seconds = models.FloatField(default=0, help_text="wall time (a measurement, not money)")

