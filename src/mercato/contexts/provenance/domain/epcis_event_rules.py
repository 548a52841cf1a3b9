"""The EPCIS 2.0 conformance rules the JSON schema cannot express, applied to one event.

The schema accepts any string where a CBV value, a timestamp or an identifier belongs, and any member name where
an extension may go. Here: vocabulary values must be standard or namespaced, extension names namespaced,
timestamps zoned and real, identifiers well-formed. Structural errors (types, required members) are the
schema's; these rules skip values of the wrong JSON type rather than report them twice.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from mercato.contexts.provenance.domain.cbv_vocabulary import (
    GS1_VOC_NAMESPACE,
    VOCABULARIES,
    CbvKind,
    in_standard_namespace,
    standard_term,
)
from mercato.contexts.provenance.domain.epcis_identifiers import IdentifierLevel, identifier_problem
from mercato.contexts.provenance.domain.epcis_issues import ValidationIssue, child
from mercato.contexts.provenance.domain.epcis_namespaces import declared_namespaces, expand, iri_problem, name_problem
from mercato.contexts.provenance.domain.epcis_timestamps import timestamp_problem

EVENT_TYPES = frozenset({"ObjectEvent", "AggregationEvent", "TransactionEvent", "TransformationEvent",
                         "AssociationEvent"})
COMMON_FIELDS = frozenset({"@context", "type", "eventTime", "recordTime", "eventTimeZoneOffset", "eventID",
                           "certificationInfo", "errorDeclaration"})
_WHERE_WHAT_WHY = frozenset({"bizStep", "disposition", "persistentDisposition", "readPoint", "bizLocation",
                             "bizTransactionList", "sourceList", "destinationList", "sensorElementList"})
_PARENT_CHILD = frozenset({"parentID", "childEPCs", "childQuantityList", "action"})
EVENT_FIELDS: Mapping[str, frozenset[str]] = {
    "ObjectEvent": _WHERE_WHAT_WHY | {"action", "epcList", "quantityList", "ilmd"},
    "AggregationEvent": _WHERE_WHAT_WHY | _PARENT_CHILD,
    "AssociationEvent": _WHERE_WHAT_WHY | _PARENT_CHILD,
    "TransactionEvent": _WHERE_WHAT_WHY | {"parentID", "epcList", "quantityList", "action"},
    "TransformationEvent": _WHERE_WHAT_WHY | {"inputEPCList", "inputQuantityList", "outputEPCList",
                                              "outputQuantityList", "transformationID", "ilmd"},
}
_ANY_EVENT_FIELD = frozenset().union(*EVENT_FIELDS.values())
_EPC_LISTS = ("epcList", "childEPCs", "inputEPCList", "outputEPCList")
_QUANTITY_LISTS = ("quantityList", "childQuantityList", "inputQuantityList", "outputQuantityList")
_METADATA_URIS = ("deviceID", "deviceMetadata", "rawData", "dataProcessingMethod", "bizRules")
_REPORT_URIS = (*_METADATA_URIS, "microorganism", "chemicalSubstance", "coordinateReferenceSystem", "uriValue")
_REPORT_NUMBERS = ("value", "minValue", "maxValue", "meanValue", "sDev", "percRank", "percValue")
_SENSOR_METADATA_FIELDS = frozenset({"time", "startTime", "endTime", *_METADATA_URIS})
_SENSOR_REPORT_FIELDS = frozenset({"type", "exception", "time", "component", "stringValue", "booleanValue",
                                   "hexBinaryValue", "uom", *_REPORT_URIS, *_REPORT_NUMBERS})
# Measurement types come from the GS1 Web Vocabulary code list, which GS1 extends outside EPCIS/CBV releases;
# a bare, well-formed term outside today's list is tolerated (see vocabulary_problem).
_OPEN_TERM = re.compile(r"[A-Za-z][A-Za-z0-9_]*")


def vocabulary_problem(kind: CbvKind, value: str, namespaces: Mapping[str, str]) -> str | None:
    """Why `value` is neither a standard value of the code list nor a namespaced extension, or None."""
    vocabulary = VOCABULARIES[kind]
    term = standard_term(kind, value)
    if term is not None:
        if vocabulary.urn_prefix and value.startswith(vocabulary.urn_prefix):
            canonical = vocabulary.web_prefix + term
            return f"is the CBV URN form, which EPCIS JSON does not allow: use '{term}' or '{canonical}'"
        if vocabulary.web_prefix == GS1_VOC_NAMESPACE and value.startswith(GS1_VOC_NAMESPACE):
            return f"is a full GS1 Web URI, which EPCIS JSON does not allow here: use '{term}' or 'gs1:{term}'"
        return None
    if ":" in value and iri_problem(value):
        return iri_problem(value)
    iri = expand(value, namespaces) or namespaces.get(value)
    if iri is None:
        if kind == "measurementType" and _OPEN_TERM.fullmatch(value):
            return None
        return f"is not a {vocabulary.label} and has no declared namespace prefix"
    if standard_term(kind, iri) is None and in_standard_namespace(kind, iri):
        return f"is in the GS1 namespace of {vocabulary.label}s but is not one of them"
    return None


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _items(value: Any) -> Iterable[tuple[int, Any]]:
    return enumerate(value) if isinstance(value, list) else ()


@dataclass
class EventRules:
    """Collects the issues of one event; `namespaces` already includes the event's own @context."""

    namespaces: Mapping[str, str]
    event_index: int | None
    issues: list[ValidationIssue] = field(default_factory=list)

    def report(self, pointer: str, message: str) -> None:
        self.issues.append(ValidationIssue(pointer, message, self.event_index))

    def names(self, node: Mapping[str, Any], pointer: str, allowed: frozenset[str], where: str) -> None:
        for name in node:
            if name in allowed:
                continue
            if where in EVENT_FIELDS and name in _ANY_EVENT_FIELD:
                self.report(child(pointer, name), f"'{name}' is not a field of {where}")
                continue
            problem = name_problem(str(name), self.namespaces)
            if problem:
                self.report(child(pointer, name), f"{where} field '{name}' {problem}")

    def timestamps(self, node: Mapping[str, Any], pointer: str, *keys: str) -> None:
        for key in keys:
            value = node.get(key)
            problem = timestamp_problem(value) if isinstance(value, str) else None
            if problem:
                self.report(child(pointer, key), f"{key} '{value}' {problem}")

    def iri(self, value: Any, pointer: str, label: str, level: IdentifierLevel | None = None) -> None:
        if not isinstance(value, str):
            return
        problem = iri_problem(value)
        if problem is None and level is not None:
            problem = identifier_problem(value, level)
        if problem:
            self.report(pointer, f"{label} '{value}' {problem}")

    def iris(self, node: Mapping[str, Any], pointer: str, keys: Iterable[str], level: IdentifierLevel | None) -> None:
        for key in keys:
            self.iri(node.get(key), child(pointer, key), key, level)

    def vocabulary(self, value: Any, pointer: str, kind: CbvKind, label: str) -> None:
        problem = vocabulary_problem(kind, value, self.namespaces) if isinstance(value, str) else None
        if problem:
            self.report(pointer, f"{label} '{value}' {problem}")

    def numbers(self, node: Mapping[str, Any], pointer: str, keys: Iterable[str]) -> None:
        for key in keys:
            value = node.get(key)
            if isinstance(value, float) and not math.isfinite(value):
                self.report(child(pointer, key), f"{key} must be a finite number, not {value}")


def check_event(event: Mapping[str, Any], namespaces: Mapping[str, str], pointer: str,
                event_index: int | None) -> list[ValidationIssue]:
    """The conformance issues of one event (its own @context extends `namespaces`)."""
    rules = EventRules(declared_namespaces(event.get("@context"), namespaces), event_index)
    kind = event.get("type")
    if isinstance(kind, str) and kind not in EVENT_TYPES:
        problem = name_problem(kind, rules.namespaces)
        if problem:
            standard = "" if ":" in kind else "is not an EPCIS event type and "
            rules.report(child(pointer, "type"), f"event type '{kind}' {standard}{problem}")
    where = kind if isinstance(kind, str) and kind in EVENT_TYPES else "extension event"
    rules.names(event, pointer, COMMON_FIELDS | EVENT_FIELDS.get(where, _ANY_EVENT_FIELD), where)
    rules.timestamps(event, pointer, "eventTime", "recordTime")
    _what(rules, event, pointer)
    _why(rules, event, pointer)
    _where(rules, event, pointer)
    _error_declaration(rules, _mapping(event.get("errorDeclaration")), child(pointer, "errorDeclaration"))
    for index, element in _items(event.get("sensorElementList")):
        _sensor_element(rules, _mapping(element), child(pointer, "sensorElementList", index))
    _ilmd(rules, event, pointer)
    return rules.issues


def _ilmd(rules: EventRules, event: Mapping[str, Any], pointer: str) -> None:
    """Instance/lot master data describes objects as they come into being: an ObjectEvent carries it only on ADD."""
    ilmd = event.get("ilmd")
    if not isinstance(ilmd, Mapping):
        return
    action = event.get("action")
    if event.get("type") == "ObjectEvent" and isinstance(action, str) and action != "ADD":
        message = f"ilmd is only allowed in an ObjectEvent whose action is ADD, not {action}"
        rules.report(child(pointer, "ilmd"), message)
    rules.names(ilmd, child(pointer, "ilmd"), frozenset(), "ilmd")


def _what(rules: EventRules, event: Mapping[str, Any], pointer: str) -> None:
    for key in _EPC_LISTS:
        for index, epc in _items(event.get(key)):
            rules.iri(epc, child(pointer, key, index), key, "instance")
    rules.iri(event.get("parentID"), child(pointer, "parentID"), "parentID", "instance")
    for key in _QUANTITY_LISTS:
        for index, element in _items(event.get(key)):
            element_pointer = child(pointer, key, index)
            rules.iri(_mapping(element).get("epcClass"), child(element_pointer, "epcClass"), "epcClass", "class")
            rules.numbers(_mapping(element), element_pointer, ("quantity",))
    rules.iri(event.get("transformationID"), child(pointer, "transformationID"), "transformationID", "any")
    rules.iri(event.get("eventID"), child(pointer, "eventID"), "eventID")
    certificates = event.get("certificationInfo")
    for index, certificate in _items(certificates):
        rules.iri(certificate, child(pointer, "certificationInfo", index), "certificationInfo")
    rules.iri(certificates, child(pointer, "certificationInfo"), "certificationInfo")


def _why(rules: EventRules, event: Mapping[str, Any], pointer: str) -> None:
    rules.vocabulary(event.get("bizStep"), child(pointer, "bizStep"), "bizStep", "bizStep")
    rules.vocabulary(event.get("disposition"), child(pointer, "disposition"), "disposition", "disposition")
    persistent = _mapping(event.get("persistentDisposition"))
    for key in ("set", "unset"):
        for index, value in _items(persistent.get(key)):
            rules.vocabulary(value, child(pointer, "persistentDisposition", key, index), "disposition",
                             f"persistentDisposition {key}")
    for index, transaction in _items(event.get("bizTransactionList")):
        transaction_pointer = child(pointer, "bizTransactionList", index)
        transaction = _mapping(transaction)
        rules.vocabulary(transaction.get("type"), child(transaction_pointer, "type"), "bizTransactionType",
                         "bizTransaction type")
        rules.iri(transaction.get("bizTransaction"), child(transaction_pointer, "bizTransaction"), "bizTransaction",
                  "any")


def _where(rules: EventRules, event: Mapping[str, Any], pointer: str) -> None:
    for key in ("readPoint", "bizLocation"):
        location = event.get(key)
        if isinstance(location, Mapping):
            rules.iri(location.get("id"), child(pointer, key, "id"), f"{key} id", "any")
            rules.names(location, child(pointer, key), frozenset({"id"}), key)
    for key, member in (("sourceList", "source"), ("destinationList", "destination")):
        for index, party in _items(event.get(key)):
            party_pointer = child(pointer, key, index)
            party = _mapping(party)
            rules.vocabulary(party.get("type"), child(party_pointer, "type"), "sourceDestType", f"{member} type")
            rules.iri(party.get(member), child(party_pointer, member), member, "any")


def _error_declaration(rules: EventRules, declaration: Mapping[str, Any], pointer: str) -> None:
    if not declaration:
        return
    rules.timestamps(declaration, pointer, "declarationTime")
    rules.vocabulary(declaration.get("reason"), child(pointer, "reason"), "errorReason", "error reason")
    for index, event_id in _items(declaration.get("correctiveEventIDs")):
        rules.iri(event_id, child(pointer, "correctiveEventIDs", index), "correctiveEventID")
    rules.names(declaration, pointer, frozenset({"declarationTime", "reason", "correctiveEventIDs"}),
                "errorDeclaration")


def _sensor_element(rules: EventRules, element: Mapping[str, Any], pointer: str) -> None:
    rules.names(element, pointer, frozenset({"sensorMetadata", "sensorReport"}), "sensorElement")
    metadata = element.get("sensorMetadata")
    if isinstance(metadata, Mapping):
        metadata_pointer = child(pointer, "sensorMetadata")
        rules.names(metadata, metadata_pointer, _SENSOR_METADATA_FIELDS, "sensorMetadata")
        rules.timestamps(metadata, metadata_pointer, "time", "startTime", "endTime")
        rules.iris(metadata, metadata_pointer, _METADATA_URIS, None)
    for index, report in _items(element.get("sensorReport")):
        if isinstance(report, Mapping):
            _sensor_report(rules, report, child(pointer, "sensorReport", index))


def _sensor_report(rules: EventRules, report: Mapping[str, Any], pointer: str) -> None:
    rules.names(report, pointer, _SENSOR_REPORT_FIELDS, "sensorReport")
    rules.timestamps(report, pointer, "time")
    rules.vocabulary(report.get("type"), child(pointer, "type"), "measurementType", "sensorReport type")
    rules.vocabulary(report.get("exception"), child(pointer, "exception"), "sensorAlertType", "sensorReport exception")
    rules.vocabulary(report.get("component"), child(pointer, "component"), "component", "sensorReport component")
    rules.iris(report, pointer, _REPORT_URIS, None)
    rules.numbers(report, pointer, _REPORT_NUMBERS)
