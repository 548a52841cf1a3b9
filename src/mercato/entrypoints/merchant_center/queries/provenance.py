"""Reads of one shop's provenance: its parties, the captures its staff made, and the events of one capture.

Provenance's selectors read across shops (`party_list()` lists every party, `capture_get()` any capture), so the
shop's own rows are read here; a capture belongs to the shop when one of its staff made it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlencode

from django.db.models import QuerySet
from django.urls import reverse

from mercato.contexts.merchants.models import Membership
from mercato.contexts.provenance.domain.cbv_vocabulary import standard_term
from mercato.contexts.provenance.models import Capture, Event, Party

RECENT_CAPTURES = 20
MAX_EVENTS_SHOWN = 200
GS1_GTIN = "https://id.gs1.org/01/"
TRACE_ROLES = ("epc", "quantity", "output", "output_quantity", "child", "child_quantity", "input", "input_quantity")


def fingerprint(public_key: bytes | memoryview) -> str:
    """What people compare to recognise a key: the first 16 hex digits of its SHA-256."""
    return hashlib.sha256(bytes(public_key)).hexdigest()[:16]


@dataclass(frozen=True)
class PartyRow:
    id: str
    name: str
    role: str
    gln: str
    fingerprint: str
    created_at: datetime


def own_parties(merchant_id: str) -> list[PartyRow]:
    rows = Party.objects.filter(merchant_id=merchant_id).order_by("name", "id")
    return [PartyRow(id=p.id, name=p.name, role=p.role, gln=p.gln, fingerprint=fingerprint(p.public_key),
                     created_at=p.created_at) for p in rows]


def _own_captures(merchant_id: str) -> QuerySet[Capture]:
    staff = Membership.objects.filter(merchant_id=merchant_id).values("user_id")
    return Capture.objects.filter(captured_by__in=staff)


def recent_captures(merchant_id: str) -> list[Capture]:
    """The latest captures by the shop's staff, newest first, with the party that signed them."""
    return list(_own_captures(merchant_id).select_related("party").order_by("-created_at", "-id")[:RECENT_CAPTURES])


def own_capture(merchant_id: str, capture_id: str) -> Capture | None:
    return _own_captures(merchant_id).select_related("party").filter(pk=capture_id).first()


@dataclass(frozen=True)
class EventRow:
    event_type: str
    event_time: datetime
    biz_step: str
    hash_id: str
    traced: str
    """The lot or serial Digital Link the trace follows ("" when the event names none)."""
    trace_url: str
    proof_url: str


def _lot_or_serial(event: Event) -> str:
    """The first lot (AI 10) or serial (AI 21) Digital Link the event names, what it is about before its inputs."""
    found = [(TRACE_ROLES.index(i.role), i.canonical) for i in event.identifiers.all()
             if i.role in TRACE_ROLES and i.canonical.startswith(GS1_GTIN)
             and ("/10/" in i.canonical or "/21/" in i.canonical)]
    return min(found)[1] if found else ""


def capture_events(capture: Capture) -> tuple[list[EventRow], int]:
    """The events this capture stored (at most MAX_EVENTS_SHOWN, oldest first), and how many it stored."""
    events = list(Event.objects.filter(capture=capture).prefetch_related("identifiers")
                  .order_by("event_time", "id")[:MAX_EVENTS_SHOWN])
    trace = reverse("storefront:trace")
    rows = []
    for event in events:
        traced = _lot_or_serial(event)
        rows.append(EventRow(
            event_type=event.event_type, event_time=event.event_time,
            biz_step=standard_term("bizStep", event.biz_step) or event.biz_step, hash_id=event.hash_id,
            traced=traced, trace_url=f"{trace}?{urlencode({'id': traced})}" if traced else "",
            proof_url=f"/api/v1/provenance/events/{event.id}/proof"))
    return rows, capture.captured
