"""Validation of an EPCIS 2.0 JSON/JSON-LD capture payload: the ratified schema plus the conformance rules it lacks.

`validate_capture` accepts what the EPCIS 2.0 capture interface accepts (an EPCISDocument, or one event on its
own) and normalises it to a list of events with per-event issues, so the API can honour the
`GS1-Capture-Error-Behaviour` header (reject all, or store the events that have no issue). `validate_event`
checks one event, e.g. to re-check an event on its own.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from mercato.contexts.provenance.domain.epcis_event_rules import EVENT_TYPES, EventRules, check_event
from mercato.contexts.provenance.domain.epcis_issues import ValidationIssue, child, merge_issues
from mercato.contexts.provenance.domain.epcis_namespaces import (
    EPCIS_CONTEXT,
    declared_namespaces,
    references_epcis_context,
)
from mercato.contexts.provenance.domain.epcis_schema import document_validator, event_validator, schema_issues

__all__ = ["CaptureCheck", "ValidationIssue", "declared_namespaces", "validate_capture", "validate_event"]

EVENT_LIST = "/epcisBody/eventList"
_DOCUMENT_FIELDS = frozenset({"@context", "id", "type", "schemaVersion", "creationDate", "instanceIdentifier",
                              "sender", "receiver", "epcisHeader", "epcisBody"})
_EMPTY_EVENT: Mapping[str, Any] = MappingProxyType({})


@dataclass(frozen=True)
class CaptureCheck:
    """The events of a capture payload (in order, one per eventList member) and everything wrong with it.

    `context` is the document's @context (a lone event's own, for single-event captures): events of a document
    rely on it. An eventList member that is not a JSON object is kept as an empty mapping so indexes line up.
    """

    events: tuple[Mapping[str, Any], ...]
    context: Any
    issues: tuple[ValidationIssue, ...]
    namespaces: Mapping[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.issues

    @property
    def document_issues(self) -> tuple[ValidationIssue, ...]:
        """Issues outside any event: they fail the whole capture whatever the error behaviour."""
        return tuple(issue for issue in self.issues if issue.event_index is None)

    def event_issues(self, index: int) -> tuple[ValidationIssue, ...]:
        return tuple(issue for issue in self.issues if issue.event_index == index)


def validate_event(event: Any, *, namespaces: Mapping[str, str], pointer: str = "",
                   event_index: int | None = None) -> list[ValidationIssue]:
    """Issues of one event: the conformance rules', then the schema's where no rule already names that field.

    `namespaces` are the prefixes in force around the event (see `declared_namespaces`); the event's own
    @context adds to them. `pointer` locates the event in the payload ("" when it is the payload).
    """
    rules = check_event(event, namespaces, pointer, event_index) if isinstance(event, Mapping) else []
    explained = {issue.pointer for issue in rules}
    return merge_issues(rules, schema_issues(event, event_validator(), pointer, event_index, explained))


def validate_capture(payload: Any) -> CaptureCheck:
    """Validate a capture body (already parsed JSON): an EPCISDocument or a single EPCIS event."""
    if not isinstance(payload, Mapping):
        return _rejected(payload, "", "a capture body must be a JSON object (an EPCISDocument or one EPCIS event)")
    kind = payload.get("type")
    if kind == "EPCISDocument":
        return _check_document(payload)
    if isinstance(kind, str) and (kind in EVENT_TYPES or (":" in kind and "eventTime" in payload)):
        return _check_single_event(payload)
    if kind == "EPCISQueryDocument":
        message = "an EPCISQueryDocument is a query result, not a capture payload: send an EPCISDocument or one event"
    elif kind is None:
        message = "'type' is required: EPCISDocument, or the type of a single event such as ObjectEvent"
    else:
        message = f"type {kind!r} is neither EPCISDocument nor an EPCIS event type"
    return _rejected(payload, "/type", message)


def _rejected(payload: Any, pointer: str, message: str) -> CaptureCheck:
    context = payload.get("@context") if isinstance(payload, Mapping) else None
    return CaptureCheck((), context, (ValidationIssue(pointer, message, None),))


def _context_issues(payload: Mapping[str, Any], event_index: int | None) -> list[ValidationIssue]:
    if "@context" not in payload:
        message = f"{payload.get('type')} requires '@context' (the JSON-LD context, which must include {EPCIS_CONTEXT})"
        return [ValidationIssue("/@context", message, event_index)]
    if not references_epcis_context(payload["@context"]):
        message = f"@context must include the GS1 EPCIS 2.0 JSON-LD context ({EPCIS_CONTEXT})"
        return [ValidationIssue("/@context", message, event_index)]
    return []


def _check_single_event(event: Mapping[str, Any]) -> CaptureCheck:
    context = event.get("@context")
    issues = merge_issues(_context_issues(event, 0), validate_event(event, namespaces={}, event_index=0))
    return CaptureCheck((event,), context, tuple(issues), declared_namespaces(context))


def _check_document(document: Mapping[str, Any]) -> CaptureCheck:
    context = document.get("@context")
    namespaces = declared_namespaces(context)
    body = document.get("epcisBody")
    event_list = body.get("eventList") if isinstance(body, Mapping) else None
    events = event_list if isinstance(event_list, list) else []
    issues = merge_issues(_context_issues(document, None), _envelope_issues(document, namespaces))
    for index, event in enumerate(events):
        issues.extend(validate_event(event, namespaces=namespaces, pointer=child(EVENT_LIST, index), event_index=index))
    normalised = tuple(event if isinstance(event, Mapping) else _EMPTY_EVENT for event in events)
    return CaptureCheck(normalised, context, tuple(issues), namespaces)


def _envelope_issues(document: Mapping[str, Any], namespaces: Mapping[str, str]) -> list[ValidationIssue]:
    """Everything but the events: the schema on a copy with an empty eventList, then the document's own rules."""
    envelope = dict(document)
    body = document.get("epcisBody")
    if isinstance(body, Mapping) and isinstance(body.get("eventList"), list):
        envelope["epcisBody"] = {**body, "eventList": []}
    rules = EventRules(namespaces, None)
    rules.timestamps(document, "", "creationDate")
    rules.iri(document.get("id"), "/id", "id")
    for key in ("sender", "receiver"):
        rules.iri(document.get(key), child("", key), key, "any")
    version = document.get("schemaVersion")
    if isinstance(version, str) and version.split(".")[0] != "2":
        rules.report("/schemaVersion", f"schemaVersion '{version}' is not an EPCIS 2.x version")
    rules.names(document, "", _DOCUMENT_FIELDS, "EPCISDocument")
    for key, allowed in (("epcisHeader", "epcisMasterData"), ("epcisBody", "eventList")):
        part = document.get(key)
        if isinstance(part, Mapping):
            rules.names(part, child("", key), frozenset({allowed}), key)
    return merge_issues(rules.issues, schema_issues(envelope, document_validator(), "", None))

