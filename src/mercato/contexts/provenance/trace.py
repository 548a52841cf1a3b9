"""The provenance of a batch or a serial: every event about it, about the cases and pallets it travelled in, and
about the inputs it was made from, oldest first, each with who attested it and whether the log proves it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from mercato.contexts.transparency import public as transparency
from mercato.shared.errors import ValidationFailed

from .bundle_checks import CHECKS
from .domain.digital_link import DigitalLinkError, parse_digital_link
from .domain.epc_identifiers import canonical_gs1_identifier
from .models import Event, EventIdentifier

MAX_ROUNDS = 6
MAX_EVENTS = 500
COMMITMENT = "epcis-event-hash"


@dataclass(frozen=True)
class TraceStep:
    event: Event
    verified: bool
    leaf_index: int | None
    status: str


@dataclass(frozen=True)
class Trace:
    subject: str
    elements: dict[str, str]
    steps: list[TraceStep]
    related: list[str]
    tree_head: dict[str, Any] | None


def subject_of(identifier: str) -> tuple[str, dict[str, str]]:
    """The canonical Digital Link of what to trace, and its GS1 elements (01 GTIN, 10 lot, 21 serial...)."""
    canonical = canonical_gs1_identifier(identifier.strip())
    if not canonical.startswith("https://id.gs1.org/"):
        raise ValidationFailed.on("id", "give a GS1 Digital Link URI (https://…/01/<gtin>/10/<lot>) or an EPC URN")
    try:
        link = parse_digital_link(canonical)
    except DigitalLinkError as exc:
        raise ValidationFailed.on("id", str(exc)) from exc
    return canonical, dict(link.path)


def _expand(frontier: set[str], seen_events: set[str]) -> set[str]:
    """One round on identifier rows only: the events mentioning the frontier (added to `seen_events`), and what
    to follow from them: containers upward (AggregationEvent parents), inputs backward (TransformationEvent)."""
    event_ids = set(EventIdentifier.objects.filter(canonical__in=frontier).values_list("event_id", flat=True))
    event_ids = set(sorted(event_ids - seen_events)[:MAX_EVENTS - len(seen_events)])
    seen_events |= event_ids
    by_event: dict[str, list[tuple[str, str]]] = {}
    for event_id, role, canonical in EventIdentifier.objects.filter(event_id__in=event_ids).values_list(
            "event_id", "role", "canonical"):
        by_event.setdefault(event_id, []).append((role, canonical))
    found: set[str] = set()
    for identifiers in by_event.values():
        mentioned = {role for role, canonical in identifiers if canonical in frontier}
        if mentioned & {"child", "child_quantity"}:
            found |= {canonical for role, canonical in identifiers if role == "parent"}
        if mentioned & {"output", "output_quantity"}:
            found |= {canonical for role, canonical in identifiers if role in ("input", "input_quantity")}
    return found


def trace_events(subject: str) -> tuple[list[Event], list[str]]:
    seen, frontier = {subject}, {subject}
    event_ids: set[str] = set()
    for _ in range(MAX_ROUNDS):
        found = _expand(frontier, event_ids) - seen
        if not found or len(event_ids) >= MAX_EVENTS:
            break
        seen |= found
        frontier = found
    ordered = list(Event.objects.filter(id__in=event_ids).select_related("party").order_by("event_time", "id"))
    return ordered, sorted(seen - {subject})


def bundle_of(events: Iterable[Event], subject: str) -> dict[str, Any]:
    by_hash = {event.hash_id: event for event in events}
    bundle = transparency.evidence_bundle(subjects=list(by_hash), extra={"subject": subject})
    for entry in bundle["entries"]:
        event = by_hash[entry["subject"]]
        entry.update(commitment=COMMITMENT, record={"event": event.body, "namespaces": event.namespaces})
    return bundle


def trace_bundle(identifier: str) -> dict[str, Any]:
    """A proof bundle of every event of the trace (`mercato transparency verify-bundle`)."""
    subject, _ = subject_of(identifier)
    events, _ = trace_events(subject)
    return bundle_of(events, subject)


def trace_of(identifier: str) -> Trace:
    subject, elements = subject_of(identifier)
    events, related = trace_events(subject)
    bundle = bundle_of(events, subject)
    report = transparency.verify_bundle(bundle, checks=CHECKS)
    steps = []
    by_hash = {entry["subject"]: (number, entry) for number, entry in enumerate(bundle["entries"])}
    for event in events:
        number, entry = by_hash.get(event.hash_id, (-1, None))
        steps.append(TraceStep(event=event, verified=number in report.proven_entries,
                               leaf_index=entry["leaf_index"] if entry else None,
                               status=entry["status"] if entry else "missing"))
    return Trace(subject=subject, elements=elements, steps=steps, related=related, tree_head=bundle["tree_head"])
