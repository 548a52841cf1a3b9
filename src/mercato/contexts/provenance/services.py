"""Commands of provenance: register a party, capture EPCIS events (validated, hashed, logged in one transaction)."""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from django.db import IntegrityError, transaction

from mercato.contexts.merchants import public as merchants
from mercato.contexts.transparency import public as transparency
from mercato.shared import clock
from mercato.shared.actor import Actor
from mercato.shared.errors import FieldError, Forbidden, ValidationFailed

from .domain.epc_identifiers import canonical_gs1_identifier
from .domain.epcis_timestamps import parse_timestamp
from .domain.epcis_validation import CaptureCheck, ValidationIssue, validate_capture
from .domain.event_hash import event_hash_id
from .models import Capture, Event, EventIdentifier, Party
from .selectors import stored_vocabulary

PARTY_ROLES = ("brand", "farm", "factory", "lab", "carrier", "distributor", "retailer", "platform")
ERROR_BEHAVIOURS = ("rollback", "proceed")
IDENTIFIER_ROLES: Mapping[str, str] = {
    "epcList": "epc", "childEPCs": "child", "inputEPCList": "input", "outputEPCList": "output",
}
QUANTITY_ROLES: Mapping[str, str] = {
    "quantityList": "quantity", "childQuantityList": "child_quantity", "inputQuantityList": "input_quantity",
    "outputQuantityList": "output_quantity",
}


@dataclass(frozen=True)
class CaptureOutcome:
    capture: Capture
    hash_ids: list[str]
    issues: list[ValidationIssue] = field(default_factory=list)


def _can_capture(actor: Actor) -> str | None:
    """The actor's merchant id (None for an operator, or the system); anyone else is refused."""
    if actor.system or actor.is_operator:
        return None
    membership = merchants.membership_for(actor.user_id) if actor.user_id else None
    if membership is None:
        raise Forbidden("only merchant staff and operators capture supply-chain events")
    return membership.merchant_id


def _public_key(text: str) -> bytes:
    try:
        raw = base64.b64decode(text, validate=True)
        Ed25519PublicKey.from_public_bytes(raw)
    except (binascii.Error, ValueError) as exc:
        raise ValidationFailed.on("public_key", "must be base64 of a raw 32-byte Ed25519 public key") from exc
    return raw


@transaction.atomic
def party_register(*, name: str, role: str, public_key: str, gln: str = "", actor: Actor) -> Party:
    merchant_id = _can_capture(actor)
    if role not in PARTY_ROLES:
        raise ValidationFailed.on("role", f"must be one of {', '.join(PARTY_ROLES)}")
    if gln and not (len(gln) == 13 and gln.isdigit()):
        raise ValidationFailed.on("gln", "a GLN is 13 digits")
    return Party.objects.create(name=name, role=role, gln=gln, public_key=_public_key(public_key),
                                registered_by=actor.user_id or actor.label, merchant_id=merchant_id,
                                created_at=clock.now())


def signed_message(hash_ids: Sequence[str]) -> bytes:
    """What a party signs for a capture: its events' hash ids in document order, one per line."""
    return "\n".join(hash_ids).encode()


def _verify_signature(party_id: str | None, signature: str | None, hash_ids: Sequence[str]) -> tuple[
    Party | None, bytes | None
]:
    if not party_id and not signature:
        return None, None
    party = Party.objects.filter(pk=party_id).first() if party_id else None
    if party is None:
        raise ValidationFailed.on("Mercato-Signature", f"unknown party {party_id!r}")
    try:
        raw = base64.b64decode(signature or "", validate=True)
        Ed25519PublicKey.from_public_bytes(bytes(party.public_key)).verify(raw, signed_message(hash_ids))
    except (binascii.Error, ValueError, InvalidSignature) as exc:
        raise ValidationFailed.on("Mercato-Signature", f"not a valid signature by {party.name} over the "
                                                       "event hash ids of this capture") from exc
    return party, raw


def _identifiers(event: Mapping[str, Any]) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    if isinstance(event.get("parentID"), str):
        found.append(("parent", event["parentID"]))
    for key, role in IDENTIFIER_ROLES.items():
        found += [(role, value) for value in event.get(key) or [] if isinstance(value, str)]
    for key, role in QUANTITY_ROLES.items():
        found += [(role, q["epcClass"]) for q in event.get(key) or []
                  if isinstance(q, Mapping) and isinstance(q.get("epcClass"), str)]
    return found


def _event_row(event: Mapping[str, Any], hash_id: str, namespaces: Mapping[str, str], capture: Capture,
               party: Party | None) -> Event:
    return Event(
        hash_id=hash_id, capture=capture, party=party, event_type=str(event["type"]),
        event_time=parse_timestamp(event["eventTime"]), event_time_zone_offset=event["eventTimeZoneOffset"],
        record_time=capture.created_at, action=str(event.get("action", "")),
        biz_step=stored_vocabulary("bizStep", str(event.get("bizStep", "")))[:200],
        disposition=stored_vocabulary("disposition", str(event.get("disposition", "")))[:200],
        read_point=str((event.get("readPoint") or {}).get("id", ""))[:200],
        biz_location=str((event.get("bizLocation") or {}).get("id", ""))[:200],
        body=dict(event), namespaces=dict(namespaces),
    )


def _store_events(items: Sequence[tuple[Mapping[str, Any], str]], namespaces: Mapping[str, str],
                  capture: Capture, party: Party | None) -> None:
    """Events, their identifiers and their log entries, in bulk (three inserts for the whole capture)."""
    rows = Event.objects.bulk_create([_event_row(event, hash_id, namespaces, capture, party)
                                      for event, hash_id in items])
    EventIdentifier.objects.bulk_create([
        EventIdentifier(event=row, role=role, value=value[:200], canonical=canonical_gs1_identifier(value)[:200])
        for row, (event, _) in zip(rows, items, strict=True) for role, value in _identifiers(event)
    ])
    transparency.entries_record([
        transparency.EntryDraft(key=f"epcis:{hash_id}", kind="epcis.event", subject=hash_id,
                                leaf_input=hash_id.encode())
        for _, hash_id in items
    ])


def _hash_id(event: Mapping[str, Any], namespaces: Mapping[str, str], index: int) -> str:
    """The event's CBV 2.0 hash id; an event too malformed to hash (only stored under `proceed`: never) gets a
    placeholder so the signed message still has one line per event."""
    try:
        return event_hash_id(event, context=namespaces)
    except (ValueError, TypeError, KeyError, AttributeError):
        return f"invalid-event:{index}"


def _accepted(check: CaptureCheck, behaviour: str) -> list[int]:
    """Indexes of the events to store, or ValidationFailed naming every offending field (rollback)."""
    problems = check.document_issues if behaviour == "proceed" else check.issues
    if problems:
        first = problems[0]
        raise ValidationFailed(f"{first.pointer or '/'}: {first.message}" + (
            f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""),
            errors=[FieldError(issue.pointer or "/", issue.message) for issue in problems])
    return [i for i in range(len(check.events)) if not check.event_issues(i)]


@transaction.atomic
def epcis_capture(*, payload: Any, actor: Actor, error_behaviour: str = "rollback", party_id: str | None = None,
                  signature: str | None = None) -> CaptureOutcome:
    """Validate, hash, store and queue for the log every event of a capture, in one transaction.

    `rollback` (the standard's default) stores nothing when any event is invalid; `proceed` stores the valid
    ones and reports the others. Events already captured (same hash id) are not stored twice.
    """
    _can_capture(actor)
    if error_behaviour not in ERROR_BEHAVIOURS:
        raise ValidationFailed.on("GS1-Capture-Error-Behaviour", "must be rollback or proceed")
    if "\\u0000" in json.dumps(payload):
        raise ValidationFailed.on("body", "text containing the NUL character (\\u0000) cannot be stored")
    check = validate_capture(payload)
    accepted = _accepted(check, error_behaviour)
    hash_ids = [_hash_id(event, check.namespaces, index) for index, event in enumerate(check.events)]
    party, raw_signature = _verify_signature(party_id, signature, hash_ids)
    skipped = [issue for issue in check.issues if issue.event_index is not None]
    capture = Capture.objects.create(
        captured_by=actor.user_id or actor.label, party=party, signature=raw_signature, error_behaviour=error_behaviour,
        success=not skipped, errors=[{"pointer": i.pointer, "message": i.message} for i in skipped],
        created_at=clock.now())
    for attempt in (1, 2):
        existing = set(Event.objects.filter(hash_id__in=hash_ids).values_list("hash_id", flat=True))
        fresh = {hash_ids[i]: check.events[i] for i in accepted if hash_ids[i] not in existing}
        try:
            with transaction.atomic():  # a concurrent capture of the same events wins the unique hash id
                _store_events([(event, hash_id) for hash_id, event in fresh.items()], check.namespaces, capture,
                              party)
            break
        except IntegrityError:
            if attempt == 2:
                raise
    capture.captured = len(fresh)
    capture.duplicates = len(accepted) - len(fresh)
    capture.save(update_fields=["captured", "duplicates"])
    return CaptureOutcome(capture=capture, hash_ids=hash_ids, issues=skipped)
