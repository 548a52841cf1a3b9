"""Storage of captured EPCIS events, the parties that attest them, and the identifiers they mention.

An event is stored as captured (its JSON and the namespaces of its document) under its CBV 2.0 event hash id,
which is also its leaf in the transparency log; the indexed columns only serve queries.
"""

from __future__ import annotations

from django.db import models

from mercato.shared.fields import id_field, ref_field


class Party(models.Model):
    """A supply-chain actor (brand, farm, factory, lab, carrier...) that signs what it captures with Ed25519."""

    id = id_field("pty")
    name = models.CharField(max_length=120)
    role = models.CharField(max_length=16)
    gln = models.CharField(max_length=13, blank=True, default="")
    public_key = models.BinaryField(max_length=32)
    registered_by = ref_field(help_text="user id of whoever registered the party")
    merchant_id = ref_field(null=True, blank=True, db_index=True)
    created_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.name} ({self.role})"


class Capture(models.Model):
    """One POST to /epcis/capture: its outcome, and the party signature over its event hash ids."""

    id = id_field("cap")
    captured_by = ref_field()
    party = models.ForeignKey(Party, null=True, blank=True, on_delete=models.PROTECT, related_name="captures")
    signature = models.BinaryField(max_length=64, null=True, blank=True)
    error_behaviour = models.CharField(max_length=8, default="rollback")
    success = models.BooleanField(default=True)
    captured = models.PositiveIntegerField(default=0)
    duplicates = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list)
    created_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"capture {self.id}"


class Event(models.Model):
    id = id_field("evt")
    hash_id = models.CharField(max_length=100, unique=True)
    capture = models.ForeignKey(Capture, on_delete=models.PROTECT, related_name="events")
    party = models.ForeignKey(Party, null=True, blank=True, on_delete=models.PROTECT, related_name="events")
    event_type = models.CharField(max_length=24, db_index=True)
    event_time = models.DateTimeField(db_index=True)
    event_time_zone_offset = models.CharField(max_length=6)
    record_time = models.DateTimeField()
    action = models.CharField(max_length=8, blank=True, default="")
    biz_step = models.CharField(max_length=200, blank=True, default="", db_index=True)
    disposition = models.CharField(max_length=200, blank=True, default="")
    read_point = models.CharField(max_length=200, blank=True, default="")
    biz_location = models.CharField(max_length=200, blank=True, default="", db_index=True)
    body = models.JSONField(help_text="the event as captured")
    namespaces = models.JSONField(default=dict, help_text="prefix → IRI declared by its document")

    class Meta:
        indexes = [models.Index(fields=["event_time", "id"], name="provenance_event_time_id")]

    def __str__(self) -> str:
        return f"{self.event_type} {self.hash_id}"


class EventIdentifier(models.Model):
    """An identifier the event mentions, in the role the EPCIS query parameters distinguish."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="identifiers")
    role = models.CharField(max_length=16)
    value = models.CharField(max_length=200, help_text="as captured")
    canonical = models.CharField(max_length=200, db_index=True, help_text="GS1 Digital Link form when it has one")

    class Meta:
        indexes = [models.Index(fields=["value"], name="provenance_identifier_value")]

    def __str__(self) -> str:
        return f"{self.role} {self.value}"
