"""EPCIS 2.0 capture and query, parties, and traces. Capture needs merchant staff or an operator; reads are public
(supply-chain events hold no personal data)."""

from __future__ import annotations

import base64
import json
from typing import Any
from urllib.parse import quote

from django.http import HttpRequest, HttpResponse
from ninja import Router, Schema, Status
from pydantic import Field

from mercato.shared.api_auth import user_auth
from mercato.shared.errors import ValidationFailed

from . import selectors, services
from .digital_links import variant_link
from .models import Capture, Event, Party
from .trace import bundle_of, trace_bundle, trace_of

router = Router(tags=["provenance"])
MERCATO_CONTEXT = {"mercato": "https://mercato.dev/ns/"}


class PartyIn(Schema):
    name: str = Field(min_length=1, max_length=120)
    role: str = Field(max_length=16)
    public_key: str = Field(max_length=64)
    gln: str = Field("", max_length=13)


class PartyOut(Schema):
    id: str
    name: str
    role: str
    gln: str
    public_key: str

    @classmethod
    def of(cls, party: Party) -> PartyOut:
        return cls(id=party.id, name=party.name, role=party.role, gln=party.gln,
                   public_key=base64.b64encode(bytes(party.public_key)).decode())


def capture_json(capture: Capture) -> dict[str, Any]:
    """The standard's capture job shape (captureID, running, success, errors) plus counts."""
    return {"captureID": capture.id, "createdAt": capture.created_at.isoformat(), "finishedAt":
            capture.created_at.isoformat(), "running": False, "success": capture.success,
            "captureErrorBehaviour": capture.error_behaviour, "captured": capture.captured,
            "duplicates": capture.duplicates, "errors": capture.errors,
            "party": capture.party_id}


def _signature_header(request: HttpRequest) -> tuple[str | None, str | None]:
    """`Mercato-Signature: keyId="pty_…", signature="<base64 Ed25519 over the event hash ids>"`."""
    header = request.headers.get("Mercato-Signature", "")
    if not header:
        return None, None
    parts = dict(item.strip().split("=", 1) for item in header.split(",") if "=" in item)
    key_id, signature = parts.get("keyId", "").strip('"'), parts.get("signature", "").strip('"')
    if not key_id or not signature:
        raise ValidationFailed.on("Mercato-Signature", 'expected keyId="<party id>", signature="<base64>"')
    return key_id, signature


CAPTURE_OPENAPI = {
    "requestBody": {"required": True, "content": {media: {"schema": {
        "type": "object", "description": "an EPCIS 2.0 EPCISDocument (JSON-LD), or one EPCIS event"}}
        for media in ("application/ld+json", "application/json")}},
    "parameters": [
        {"in": "header", "name": "GS1-Capture-Error-Behaviour", "required": False,
         "schema": {"type": "string", "enum": ["rollback", "proceed"], "default": "rollback"}},
        {"in": "header", "name": "Mercato-Signature", "required": False, "schema": {"type": "string"},
         "description": 'keyId="<party id>", signature="<base64 Ed25519 over the event hash ids, one per line>"'},
    ],
}


@router.post("/epcis/capture", auth=user_auth, response={202: dict}, openapi_extra=CAPTURE_OPENAPI)
def capture(request: HttpRequest, response: HttpResponse) -> Status[dict[str, Any]]:
    try:
        payload = json.loads(request.body)
    except (ValueError, UnicodeDecodeError) as exc:
        raise ValidationFailed.on("body", f"not JSON: {exc}") from exc
    party_id, signature = _signature_header(request)
    outcome = services.epcis_capture(
        payload=payload, actor=request.auth,  # type: ignore[attr-defined]
        error_behaviour=request.headers.get("GS1-Capture-Error-Behaviour", "rollback").lower(),
        party_id=party_id, signature=signature)
    response["Location"] = f"/api/v1/epcis/capture/{outcome.capture.id}"
    return Status(202, {**capture_json(outcome.capture), "eventIDs": outcome.hash_ids})


@router.get("/epcis/capture/{capture_id}", auth=user_auth, response=dict)
def capture_status(request: HttpRequest, capture_id: str) -> dict[str, Any]:
    return capture_json(selectors.capture_get(capture_id))


def event_json(event: Event) -> dict[str, Any]:
    """The event as captured, with a namespaced reference to its leaf in the transparency log."""
    return {**event.body, "mercato:eventHashID": event.hash_id,
            "mercato:proof": f"/api/v1/provenance/events/{event.id}/proof"}


@router.get("/epcis/events", response=dict)
def events(request: HttpRequest, response: HttpResponse) -> dict[str, Any]:
    params = {key: request.GET[key] for key in request.GET}
    page = selectors.events_page(params)
    if page.next_page_token:
        query = {**params, "nextPageToken": page.next_page_token}
        link = "&".join(f"{k}={v}" for k, v in query.items())
        response["Link"] = f'</api/v1/epcis/events?{link}>; rel="next"'
    return {
        "@context": ["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld", MERCATO_CONTEXT],
        "type": "EPCISQueryDocument", "schemaVersion": "2.0",
        "epcisBody": {"queryResults": {"queryName": "SimpleEventQuery", "resultsBody": {
            "eventList": [event_json(event) for event in page.events]}}},
        "nextPageToken": page.next_page_token,
    }


@router.get("/provenance/events/{event_id}/proof", response=dict)
def event_proof(request: HttpRequest, event_id: str) -> dict[str, Any]:
    """The event's proof bundle: its leaf, audit path and the signed head it leads to."""
    event = selectors.event_get(event_id)
    return bundle_of([event], event.hash_id)


@router.post("/provenance/parties", auth=user_auth, response={201: PartyOut})
def party_create(request: HttpRequest, payload: PartyIn) -> Status[PartyOut]:
    party = services.party_register(name=payload.name, role=payload.role, public_key=payload.public_key,
                                    gln=payload.gln, actor=request.auth)  # type: ignore[attr-defined]
    return Status(201, PartyOut.of(party))


@router.get("/provenance/parties", response=list[PartyOut])
def parties(request: HttpRequest) -> list[PartyOut]:
    return [PartyOut.of(party) for party in selectors.party_list()]


def step_json(step: Any) -> dict[str, Any]:
    event = step.event
    return {"event_id": event.id, "event_hash_id": event.hash_id, "event_type": event.event_type,
            "event_time": event.event_time.isoformat(), "biz_step": event.biz_step, "disposition": event.disposition,
            "action": event.action, "read_point": event.read_point, "biz_location": event.biz_location,
            "attested_by": PartyOut.of(event.party).dict() if event.party else None,
            "verified": step.verified, "log_status": step.status, "leaf_index": step.leaf_index}


@router.get("/provenance/trace", response=dict)
def trace(request: HttpRequest, id: str) -> dict[str, Any]:  # noqa: A002  (the parameter the resolver passes)
    result = trace_of(id)
    return {"subject": result.subject, "elements": result.elements, "related": result.related,
            "tree_head": result.tree_head, "steps": [step_json(step) for step in result.steps],
            "bundle": f"/api/v1/provenance/trace/bundle?id={quote(result.subject, safe='')}"}


@router.get("/provenance/trace/bundle", response=dict)
def trace_bundle_download(request: HttpRequest, response: HttpResponse, id: str) -> dict[str, Any]:  # noqa: A002
    response["Content-Disposition"] = 'attachment; filename="provenance-proof-bundle.json"'
    return trace_bundle(id)


class DigitalLinkOut(Schema):
    variant_id: str
    gtin: str
    digital_link: str
    qr_svg: str


@router.get("/provenance/variants/{variant_id}/digital-link", response=DigitalLinkOut)
def variant_digital_link(request: HttpRequest, variant_id: str, lot: str | None = None,
                         serial: str | None = None) -> DigitalLinkOut:
    """The variant's GS1 Digital Link on this host (`/01/<gtin14>[/10/<lot>][/21/<serial>]`) and its QR code (SVG);
    the storefront resolves the link to the product's trace."""
    if lot is not None and not 1 <= len(lot) <= 20:
        raise ValidationFailed.on("lot", "a lot (AI 10) is 1 to 20 characters")
    if serial is not None and not 1 <= len(serial) <= 20:
        raise ValidationFailed.on("serial", "a serial (AI 21) is 1 to 20 characters")
    link = variant_link(variant_id, host=request.get_host(), lot=lot, serial=serial)
    return DigitalLinkOut(variant_id=link.variant_id, gtin=link.gtin, digital_link=link.uri, qr_svg=link.qr_svg)
