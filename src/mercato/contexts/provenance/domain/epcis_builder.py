"""Small builders of EPCIS 2.0 JSON-LD events and documents, for the demo data, tests and merchants' tools.

Identifiers are GS1 Digital Link URIs on id.gs1.org; bizStep/disposition are bare CBV terms, which the EPCIS
2.0 context expands. Times are ISO 8601 with an offset.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

EPCIS_CONTEXT = "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"
GS1_ID = "https://id.gs1.org"


def lot_id(gtin14: str, lot: str) -> str:
    return f"{GS1_ID}/01/{gtin14}/10/{lot}"


def serial_id(gtin14: str, serial: str) -> str:
    return f"{GS1_ID}/01/{gtin14}/21/{serial}"


def sscc_id(sscc: str) -> str:
    return f"{GS1_ID}/00/{sscc}"


def location_id(gln: str) -> str:
    return f"{GS1_ID}/414/{gln}"


def _offset(moment: datetime) -> str:
    text = moment.strftime("%z") or "+0000"
    return f"{text[:3]}:{text[3:]}"


def _common(kind: str, moment: datetime, *, biz_step: str, disposition: str | None, location: str | None,
            extra: Mapping[str, Any] | None) -> dict[str, Any]:
    event: dict[str, Any] = {"type": kind, "eventTime": moment.isoformat(timespec="milliseconds"),
                             "eventTimeZoneOffset": _offset(moment), "bizStep": biz_step}
    if disposition:
        event["disposition"] = disposition
    if location:
        event["readPoint"] = {"id": location}
        event["bizLocation"] = {"id": location}
    event.update(extra or {})
    return event


def quantity(epc_class: str, amount: float | int, uom: str | None = None) -> dict[str, Any]:
    item: dict[str, Any] = {"epcClass": epc_class, "quantity": amount}
    if uom:
        item["uom"] = uom
    return item


def object_event(moment: datetime, *, action: str, biz_step: str, epcs: Sequence[str] = (),
                 quantities: Sequence[Mapping[str, Any]] = (), disposition: str | None = None,
                 location: str | None = None, extra: Mapping[str, Any] | None = None) -> dict[str, Any]:
    event = _common("ObjectEvent", moment, biz_step=biz_step, disposition=disposition, location=location, extra=None)
    event["action"] = action
    event["epcList"] = list(epcs)
    if quantities:
        event["quantityList"] = [dict(q) for q in quantities]
    event.update(extra or {})
    return event


def aggregation_event(moment: datetime, *, action: str, parent: str, children: Sequence[str] = (),
                      child_quantities: Sequence[Mapping[str, Any]] = (), biz_step: str = "packing",
                      disposition: str | None = "in_progress", location: str | None = None) -> dict[str, Any]:
    event = _common("AggregationEvent", moment, biz_step=biz_step, disposition=disposition, location=location,
                    extra=None)
    event.update(parentID=parent, action=action, childEPCs=list(children))
    if child_quantities:
        event["childQuantityList"] = [dict(q) for q in child_quantities]
    return event


def transformation_event(moment: datetime, *, inputs: Sequence[Mapping[str, Any]],
                         outputs: Sequence[Mapping[str, Any]], biz_step: str = "commissioning",
                         disposition: str | None = "active", location: str | None = None) -> dict[str, Any]:
    event = _common("TransformationEvent", moment, biz_step=biz_step, disposition=disposition, location=location,
                    extra=None)
    event.update(inputQuantityList=[dict(q) for q in inputs], outputQuantityList=[dict(q) for q in outputs])
    return event


def document(events: Sequence[Mapping[str, Any]], *, created: datetime,
             namespaces: Mapping[str, str] | None = None) -> dict[str, Any]:
    context: list[Any] = [EPCIS_CONTEXT]
    if namespaces:
        context.insert(0, dict(namespaces))
    return {"@context": context, "type": "EPCISDocument", "schemaVersion": "2.0",
            "creationDate": created.isoformat(timespec="milliseconds"),
            "epcisBody": {"eventList": [dict(event) for event in events]}}
