"""EPCIS 2.0 capture validation: every reference document meant to be valid is accepted, every invalid one is
rejected at the offending field, and each conformance rule the JSON schema cannot express has a focused test."""

from __future__ import annotations

import copy
import hashlib
import json
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft7Validator

from mercato.contexts.provenance.domain.cbv_vocabulary import is_standard
from mercato.contexts.provenance.domain.epcis_identifiers import gs1_check_digit_ok
from mercato.contexts.provenance.domain.epcis_namespaces import EPCIS_CONTEXT
from mercato.contexts.provenance.domain.epcis_schema import SCHEMA_FILE, document_validator, epcis_schema
from mercato.contexts.provenance.domain.epcis_validation import (
    CaptureCheck,
    ValidationIssue,
    declared_namespaces,
    validate_capture,
    validate_event,
)
from mercato.contexts.provenance.tests.conftest import GS1_DATA, gs1_data_or_skip

OFFICIAL = ("epcis-gs1-official", "examples")
OPENEPCIS = ("epcis-openepcis-test-resources",)
SCHEMA_SHA256 = "0f46ff694efffd8d8ce840a33dfde84228add11b516b8b258f3200740ae210af"
EVENTS = "/epcisBody/eventList"

NOT_CAPTURE_DOCUMENTS = {
    "EPCISQueryDocument.jsonld": "an EPCISQueryDocument: a query result, which the capture interface does not take "
    "(its events are checked one by one with validate_event instead)",
}
"""Official examples that are not capture payloads, with the reason."""

INVALID_CAPTURES: dict[str, dict[str, str]] = {
    "Combination_of_events_with_missing_mandatory_fields.json": {
        f"{EVENTS}/0/action": "requires 'action'",
        f"{EVENTS}/1/action": "requires 'action'",
        f"{EVENTS}/1/eventTimeZoneOffset": "requires 'eventTimeZoneOffset'",
    },
    "Combination_of_multiple_invalid_fields.json": {
        f"{EVENTS}/0/bizStep": "'transforming' is not a CBV business step",
        f"{EVENTS}/1/disposition": "'in_transport' is not a CBV disposition",
        f"{EVENTS}/2/sourceList/0/type": "'place' is not a CBV source/destination type",
        f"{EVENTS}/3/ilmd/materialType": "'materialType' has no namespace prefix",
        f"{EVENTS}/4/eventTime": "'22-07-2026' is not an RFC 3339 date-time",
        f"{EVENTS}/4/action": "'CREATE' is not one of",
    },
    "Combination_of_non_standard_bizStep_and_disposition.json": {
        f"{EVENTS}/0/bizStep": "'transforming' is not a CBV business step",
        f"{EVENTS}/1/disposition": "'in_transport' is not a CBV disposition",
    },
    "EPCISDocument_without_context.json": {"/@context": "EPCISDocument requires '@context'"},
    "ObjectEvent_with_ilmd_field_without_namespace.json": {
        f"{EVENTS}/0/ilmd/materialType": "ilmd field 'materialType' has no namespace prefix declared in @context",
    },
    "ObjectEvent_with_invalid_action.json": {f"{EVENTS}/0/action": "'CREATE' is not one of"},
    "ObjectEvent_with_invalid_certificationInfo.json": {
        f"{EVENTS}/0/certificationInfo": "certificationInfo matches none of its allowed forms",
    },
    "ObjectEvent_with_invalid_eventTime_format.json": {f"{EVENTS}/0/eventTime": "is not an RFC 3339 date-time"},
    "ObjectEvent_with_non_standard_bizStep.json": {
        f"{EVENTS}/0/bizStep": "bizStep 'transforming' is not a CBV business step and has no declared namespace prefix",
    },
    "ObjectEvent_with_non_standard_bizStep_in_second_event.json": {
        f"{EVENTS}/1/bizStep": "'transforming' is not a CBV business step",
    },
    "ObjectEvent_with_non_standard_disposition.json": {f"{EVENTS}/0/disposition": "'in_transport' is not a CBV"},
    "ObjectEvent_with_quantity_as_text.json": {
        f"{EVENTS}/0/quantityList/0/quantity": "must be of type number, not string",
    },
    "ObjectEvent_with_unknown_field_in_quantityList.json": {
        f"{EVENTS}/0/quantityList/0/weight": "unexpected member 'weight'",
    },
    "ObjectEvent_without_action_and_eventTime.json": {
        f"{EVENTS}/0/action": "requires 'action'",
        f"{EVENTS}/0/eventTime": "requires 'eventTime'",
        f"{EVENTS}/0/eventTimeZoneOffset": "requires 'eventTimeZoneOffset'",
    },
    "ObjectEvent_without_identifier_list.json": {
        f"{EVENTS}/0": "ObjectEvent requires one of: 'epcList' | 'quantityList' | 'sensorElementList' + 'readPoint'",
    },
}
"""Capture/Invalid: the exact set of issue pointers each file must produce, with a part of each message."""

QUERY_RESULTS = "/epcisBody/queryResults/resultsBody/eventList"
INVALID_QUERY_DOCUMENTS = {
    "QueryDocument_with_invalid_action.json": {f"{QUERY_RESULTS}/0/action": "'INVALIDACTION' is not one of"},
    "QueryDocument_with_invalid_eventType.json": {
        f"{QUERY_RESULTS}/0/type": "event type 'ObjectEventInvalid' is not an EPCIS event type",
    },
}
"""Query/Invalid: EPCISQueryDocuments (not capture-shaped: capture rejects them at /type); their events are
capture-shaped and are checked with validate_event, which must flag the offending field."""

NOT_DOCUMENTS = {
    "Query_with_invalid_values.json": "a SimpleEventQuery parameter object (REST query input), not an EPCIS document "
    "or event: validating query parameters is the query interface's job",
    "Query_with_unknown_parameter.json": "a SimpleEventQuery parameter object (REST query input), not an EPCIS "
    "document or event: validating query parameters is the query interface's job",
}
"""Query/Queries/Invalid: not capture-shaped at all; named here, and capture refuses them (no 'type')."""


# --- reference data ---------------------------------------------------------------------------------------------


def _files(parts: tuple[str, ...], pattern: str, *, recursive: bool = False) -> list[Any]:
    """One param per file; a lone skipped case on a fresh clone without ../shared."""
    directory = GS1_DATA.joinpath(*parts)
    if not directory.is_dir():
        return [pytest.param(None, id="gs1-data-absent")]
    paths = sorted(directory.rglob(pattern) if recursive else directory.glob(pattern))
    return [pytest.param(path, id=str(path.relative_to(directory))) for path in paths]


def _load(path: Path | None) -> Any:
    if path is None:
        gs1_data_or_skip()
    assert path is not None
    return json.loads(path.read_text(encoding="utf-8"))


def _resolve(document: Any, pointer: str) -> Any:
    """RFC 6901 evaluation, to prove a pointer designates the value it blames."""
    node = document
    for token in pointer.split("/")[1:]:
        token = token.replace("~1", "/").replace("~0", "~")
        node = node[int(token)] if isinstance(node, list) else node[token]
    return node


def _pointers(issues: tuple[ValidationIssue, ...] | list[ValidationIssue]) -> set[str]:
    return {issue.pointer for issue in issues}


@pytest.mark.parametrize("path", _files(OFFICIAL, "*.jsonld", recursive=True))
def test_every_official_gs1_example_is_accepted(path: Path | None) -> None:
    document = _load(path)
    assert path is not None
    if path.name in NOT_CAPTURE_DOCUMENTS:
        check = validate_capture(document)
        assert _pointers(check.issues) == {"/type"}, NOT_CAPTURE_DOCUMENTS[path.name]
        return
    check = validate_capture(document)
    assert check.issues == ()
    assert check.ok and check.events == tuple(document["epcisBody"]["eventList"])
    assert check.context == document["@context"]


def test_the_events_of_the_official_query_document_are_valid() -> None:
    document = _load(gs1_data_or_skip(*OFFICIAL, "EPCISQueryDocument.jsonld"))
    namespaces = declared_namespaces(document["@context"])
    for index, event in enumerate(document["epcisBody"]["queryResults"]["resultsBody"]["eventList"]):
        assert validate_event(event, namespaces=namespaces, event_index=index) == []


@pytest.mark.parametrize("path", _files((*OPENEPCIS, "Capture", "Documents"), "*.json"))
def test_every_openepcis_capture_document_is_accepted(path: Path | None) -> None:
    document = _load(path)
    check = validate_capture(document)
    assert check.issues == ()
    assert len(check.events) == len(document["epcisBody"]["eventList"])


@pytest.mark.parametrize("path", _files((*OPENEPCIS, "Capture", "Events"), "*.json"))
def test_every_openepcis_single_event_capture_is_accepted_as_a_list_of_one(path: Path | None) -> None:
    event = _load(path)
    check = validate_capture(event)
    assert check.issues == ()
    assert check.events == (event,) and check.context == event["@context"]
    assert {"epcis", "cbv", "gs1"} <= set(check.namespaces)


@pytest.mark.parametrize("path", _files((*OPENEPCIS, "Capture", "Invalid"), "*.json"))
def test_every_openepcis_invalid_capture_is_rejected_at_the_offending_field(path: Path | None) -> None:
    document = _load(path)
    assert path is not None
    expected = INVALID_CAPTURES[path.name]
    check = validate_capture(document)
    assert _pointers(check.issues) == set(expected)
    for issue in check.issues:
        assert expected[issue.pointer] in issue.message
        if issue.pointer.startswith(EVENTS + "/"):
            assert issue.event_index == int(issue.pointer.split("/")[3])
        if "requires" not in issue.message:  # a missing member's pointer names where it belongs
            _resolve(document, issue.pointer)


@pytest.mark.parametrize("path", _files((*OPENEPCIS, "Query", "Invalid"), "*.json"))
def test_invalid_query_documents_are_refused_and_their_events_flagged(path: Path | None) -> None:
    document = _load(path)
    assert path is not None
    assert _pointers(validate_capture(document).issues) == {"/type"}
    namespaces = declared_namespaces(document["@context"])
    events = document["epcisBody"]["queryResults"]["resultsBody"]["eventList"]
    issues = [issue for index, event in enumerate(events)
              for issue in validate_event(event, namespaces=namespaces, pointer=f"{QUERY_RESULTS}/{index}")]
    expected = INVALID_QUERY_DOCUMENTS[path.name]
    assert _pointers(issues) == set(expected)
    assert all(expected[issue.pointer] in issue.message for issue in issues)


@pytest.mark.parametrize("path", _files((*OPENEPCIS, "Query", "Queries", "Invalid"), "*.json"))
def test_query_parameter_objects_are_not_capture_payloads(path: Path | None) -> None:
    payload = _load(path)
    assert path is not None and path.name in NOT_DOCUMENTS
    check = validate_capture(payload)
    assert [(issue.pointer, issue.event_index) for issue in check.issues] == [("/type", None)]
    assert check.events == ()


def test_the_reference_sets_are_complete() -> None:
    root = gs1_data_or_skip(*OPENEPCIS)
    official = gs1_data_or_skip(*OFFICIAL)
    assert len(list(official.rglob("*.jsonld"))) == 47
    assert set(NOT_CAPTURE_DOCUMENTS) <= {path.name for path in official.rglob("*.jsonld")}
    assert len(list((root / "Capture" / "Documents").glob("*.json"))) == 38
    assert len(list((root / "Capture" / "Events").glob("*.json"))) == 5
    assert {path.name for path in (root / "Capture" / "Invalid").glob("*.json")} == set(INVALID_CAPTURES)
    assert {path.name for path in (root / "Query" / "Invalid").glob("*.json")} == set(INVALID_QUERY_DOCUMENTS)
    assert {path.name for path in (root / "Query" / "Queries" / "Invalid").glob("*.json")} == set(NOT_DOCUMENTS)


@pytest.mark.parametrize("path", _files((*OPENEPCIS, "Query"), "*.json"))
def test_the_events_of_valid_query_documents_are_valid(path: Path | None) -> None:
    document = _load(path)
    namespaces = declared_namespaces(document["@context"])
    for event in document["epcisBody"]["queryResults"]["resultsBody"]["eventList"]:
        assert validate_event(event, namespaces=namespaces) == []


# --- the shipped schema and its one relaxation ------------------------------------------------------------------


def test_the_shipped_schema_is_the_ratified_file_byte_for_byte() -> None:
    shipped = Path(__file__).parents[1] / "domain" / "schema" / SCHEMA_FILE
    assert hashlib.sha256(shipped.read_bytes()).hexdigest() == SCHEMA_SHA256
    assert epcis_schema()["$id"] == "https://ref.gs1.org/standards/epcis/2.0.1/epcis-json-schema.json"
    reference = GS1_DATA / "epcis-2.0.1-schema-via-openepcis" / SCHEMA_FILE
    if reference.exists():
        assert shipped.read_bytes() == reference.read_bytes()


def test_the_schema_and_validators_are_built_once() -> None:
    assert epcis_schema() is epcis_schema()
    assert document_validator() is document_validator()


def test_exception_only_sensor_reports_fail_the_raw_schema_but_are_accepted() -> None:
    path = gs1_data_or_skip(*OPENEPCIS, "Capture", "Documents", "SensorData_with_combined_events.json")
    document = _load(path)
    raw = json.loads((Path(__file__).parents[1] / "domain" / "schema" / SCHEMA_FILE).read_text(encoding="utf-8"))
    raw_errors = {"/".join(map(str, error.absolute_path)) for error in Draft7Validator(raw).iter_errors(document)}
    assert raw_errors == {f"epcisBody/eventList/8/sensorElementList/0/sensorReport/{index}" for index in (0, 1)}
    assert validate_capture(document).ok


def test_a_sensor_report_with_neither_type_nor_exception_is_rejected() -> None:
    event = _event(sensorElementList=[{"sensorReport": [{"value": 4.5, "uom": "CEL"}]}])
    issues = validate_capture(_document(event)).issues
    assert [(issue.pointer, issue.message) for issue in issues] == [
        (f"{EVENTS}/0/sensorElementList/0/sensorReport/0", "requires one of: 'type' | 'exception'")]
    alert = _event(sensorElementList=[{"sensorReport": [{"exception": "ALARM_CONDITION", "booleanValue": True}]}])
    assert validate_capture(_document(alert)).ok


# --- focused rules ------------------------------------------------------------------------------------------------


def _event(**fields: Any) -> dict[str, Any]:
    event: dict[str, Any] = {
        "type": "ObjectEvent", "eventTime": "2024-03-01T10:00:00.000+01:00", "eventTimeZoneOffset": "+01:00",
        "epcList": ["urn:epc:id:sgtin:0614141.107346.2017", "https://id.gs1.org/01/09506000134352/21/12345"],
        "action": "OBSERVE", "bizStep": "shipping", "disposition": "in_transit",
        "readPoint": {"id": "urn:epc:id:sgln:0614141.07346.1234"},
    }
    event.update(fields)
    return {name: value for name, value in event.items() if value is not None}


def _document(*events: Any, **fields: Any) -> dict[str, Any]:
    document: dict[str, Any] = {
        "@context": [EPCIS_CONTEXT, {"ex": "https://example.com/epcis/"}], "type": "EPCISDocument",
        "schemaVersion": "2.0", "creationDate": "2024-03-01T09:00:00Z", "epcisBody": {"eventList": list(events)},
    }
    document.update(fields)
    return {name: value for name, value in document.items() if value is not None}


def _issues(event: dict[str, Any]) -> list[tuple[str, str]]:
    return [(issue.pointer.removeprefix(f"{EVENTS}/0"), issue.message)
            for issue in validate_capture(_document(event)).issues]


def _only(event: dict[str, Any], pointer: str, fragment: str) -> None:
    issues = _issues(event)
    assert [found for found, _ in issues] == [pointer], issues
    assert fragment in issues[0][1]


def test_a_conformant_document_is_accepted() -> None:
    check = validate_capture(_document(_event(), _event(bizStep="receiving")))
    assert check == CaptureCheck(check.events, check.context, (), check.namespaces)
    assert len(check.events) == 2 and check.namespaces["ex"] == "https://example.com/epcis/"


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        ("2020-02-30T10:00:00Z", "not a real calendar date"),
        ("2023-02-29T10:00:00+01:00", "not a real calendar date"),
        ("2024-03-01T24:00:00Z", "not a real calendar date"),
        ("2024-03-01T10:00:00", "has no time zone"),
        ("2024-03-01T10:00:00+15:00", "outside -14:00..+14:00"),
        ("2024-03-01 10:00:00Z", "not an RFC 3339 date-time"),
        ("01/03/2024", "not an RFC 3339 date-time"),
    ],
)
def test_event_times_must_be_real_and_zoned(value: str, fragment: str) -> None:
    _only(_event(eventTime=value), "/eventTime", fragment)
    assert _issues(_event(eventTime=value))[0][1].startswith(f"eventTime '{value}' ")


def test_other_timestamps_are_checked_too() -> None:
    event = _event(
        recordTime="2024-03-01T10:00:00",
        errorDeclaration={"declarationTime": "2024-13-01T10:00:00Z", "reason": "incorrect_data"},
        sensorElementList=[{"sensorMetadata": {"startTime": "2024-03-01"},
                            "sensorReport": [{"type": "Temperature", "value": 4.5, "uom": "CEL",
                                              "time": "2024-03-01T10:00:00.5"}]}],
    )
    assert [pointer for pointer, _ in _issues(event)] == [
        "/recordTime", "/errorDeclaration/declarationTime", "/sensorElementList/0/sensorMetadata/startTime",
        "/sensorElementList/0/sensorReport/0/time"]
    document = _document(_event(), creationDate="2024-03-01T09:00:00")
    assert [issue.pointer for issue in validate_capture(document).issues] == ["/creationDate"]


@pytest.mark.parametrize("offset", ["+1:00", "+15:00", "+14:30", "01:00", "+01:60", "Z"])
def test_event_time_zone_offsets_must_be_well_formed(offset: str) -> None:
    _only(_event(eventTimeZoneOffset=offset), "/eventTimeZoneOffset", "eventTimeZoneOffset")


def test_a_missing_time_zone_offset_is_reported_where_it_belongs() -> None:
    _only(_event(eventTimeZoneOffset=None), "/eventTimeZoneOffset", "ObjectEvent requires 'eventTimeZoneOffset'")


def test_a_bare_non_standard_biz_step_is_rejected() -> None:
    assert _issues(_event(bizStep="transforming")) == [
        ("/bizStep", "bizStep 'transforming' is not a CBV business step and has no declared namespace prefix")]


@pytest.mark.parametrize(
    "value",
    ["shipping", "https://ref.gs1.org/cbv/BizStep-shipping", "cbv:BizStep-shipping", "ex:transforming",
     "https://example.com/steps/transforming", "urn:example:steps:transforming"],
)
def test_standard_biz_steps_and_namespaced_extensions_are_accepted(value: str) -> None:
    assert _issues(_event(bizStep=value)) == []


def test_a_cbv_urn_is_refused_in_json_with_the_spellings_to_use() -> None:
    _only(_event(bizStep="urn:epcglobal:cbv:bizstep:shipping"), "/bizStep",
          "use 'shipping' or 'https://ref.gs1.org/cbv/BizStep-shipping'")


def test_an_unknown_term_in_the_cbv_namespace_is_no_extension() -> None:
    _only(_event(bizStep="https://ref.gs1.org/cbv/BizStep-transforming"), "/bizStep",
          "is in the GS1 namespace of CBV business steps but is not one of them")
    _only(_event(disposition="cbv:Disp-in_transport"), "/disposition", "is not one of them")


@pytest.mark.parametrize(
    ("fields", "pointer", "fragment"),
    [
        ({"disposition": "in_transport"}, "/disposition", "not a CBV disposition"),
        ({"persistentDisposition": {"set": ["completeness_verified"], "unset": ["gone"]}},
         "/persistentDisposition/unset/0", "persistentDisposition unset 'gone' is not a CBV disposition"),
        ({"bizTransactionList": [{"type": "order", "bizTransaction": "urn:epcglobal:cbv:bt:0614141073467:1"}]},
         "/bizTransactionList/0/type", "bizTransaction type 'order' is not a CBV business transaction type"),
        ({"destinationList": [{"type": "place", "destination": "urn:epc:id:sgln:0614141.00777.0"}]},
         "/destinationList/0/type", "destination type 'place' is not a CBV source/destination type"),
        ({"errorDeclaration": {"declarationTime": "2024-03-02T10:00:00Z", "reason": "typo"}},
         "/errorDeclaration/reason", "error reason 'typo' is not a CBV error reason"),
        ({"sensorElementList": [{"sensorReport": [{"exception": "ALARM", "booleanValue": True}]}]},
         "/sensorElementList/0/sensorReport/0/exception", "'ALARM' is not a GS1 sensor alert type"),
        ({"sensorElementList": [{"sensorReport": [{"type": "Length", "value": 1.0, "component": "w"}]}]},
         "/sensorElementList/0/sensorReport/0/component", "'w' is not a CBV sensor component"),
        ({"sensorElementList": [{"sensorReport": [{"type": "gs1:Temprature", "value": 1.0}]}]},
         "/sensorElementList/0/sensorReport/0/type", "is in the GS1 namespace of GS1 measurement types"),
    ],
)
def test_every_standard_vocabulary_field_is_checked(fields: dict[str, Any], pointer: str, fragment: str) -> None:
    _only(_event(**fields), pointer, fragment)


def test_measurement_types_tolerate_a_well_formed_bare_term() -> None:
    """The measurement-type list is the GS1 Web Vocabulary's (extended outside EPCIS releases); OpenEPCIS's valid
    documents use "Molar_concentration" and "EffectiveDoseRate"."""
    report = {"type": "Molar_concentration", "value": 0.18, "uom": "C35"}
    assert _issues(_event(sensorElementList=[{"sensorReport": [report]}])) == []
    report["type"] = "molar concentration"
    assert [pointer for pointer, _ in _issues(_event(sensorElementList=[{"sensorReport": [report]}]))] == [
        "/sensorElementList/0/sensorReport/0/type"]


def test_an_extension_field_with_an_undeclared_prefix_is_rejected() -> None:
    _only(_event(action="ADD", ilmd={"zz:lot": "L1", "ex:grade": "A"}), "/ilmd/zz:lot",
          "ilmd field 'zz:lot' uses the prefix 'zz', which no @context declares")
    _only(_event(**{"zz:note": "x"}), "/zz:note", "ObjectEvent field 'zz:note' uses the prefix 'zz'")


def test_prefixes_declared_by_the_event_or_the_gs1_context_count() -> None:
    event = _event(**{"@context": [{"zz": "https://zz.example/"}], "zz:note": "x", "cbvmda:lotNumber": "L1",
                      "https://example.com/full-iri-field": 1})
    assert _issues(event) == []


@pytest.mark.parametrize(
    ("fields", "pointer", "fragment"),
    [
        ({"note": "x"}, "/note", "ObjectEvent field 'note' has no namespace prefix declared in @context"),
        ({"readPoint": {"id": "urn:epc:id:sgln:0614141.07346.1234", "dock": 3}}, "/readPoint/dock", "readPoint"),
        ({"errorDeclaration": {"declarationTime": "2024-03-02T10:00:00Z", "why": "x"}}, "/errorDeclaration/why",
         "errorDeclaration field 'why'"),
        ({"sensorElementList": [{"sensorReport": [{"type": "Speed", "value": 1.0, "gain": 2}]}]},
         "/sensorElementList/0/sensorReport/0/gain", "sensorReport field 'gain'"),
        ({"sensorElementList": [{"sensorMetadata": {"vendor": "x"}, "sensorReport": [{"type": "Speed"}]}]},
         "/sensorElementList/0/sensorMetadata/vendor", "sensorMetadata field 'vendor'"),
        ({"action": "ADD", "ilmd": {"a/b~c": 1}}, "/ilmd/a~1b~0c", "ilmd field 'a/b~c'"),
        ({"ilmd": {"ex:lot": "L1"}}, "/ilmd", "only allowed in an ObjectEvent whose action is ADD, not OBSERVE"),
        ({"childEPCs": ["urn:epc:id:sgtin:0614141.107346.2018"]}, "/childEPCs", "'childEPCs' is not a field of"),
    ],
)
def test_bare_unknown_fields_are_rejected_wherever_extensions_may_go(fields: dict[str, Any], pointer: str,
                                                                     fragment: str) -> None:
    _only(_event(**fields), pointer, fragment)


@pytest.mark.parametrize(
    ("field", "value", "fragment"),
    [
        ("epcList", "https://id.gs1.org/01/09506000134353/21/12345", "GTIN '09506000134353' with a wrong check digit"),
        ("epcList", "https://id.gs1.org/00/106141412345678909", "SSCC '106141412345678909' with a wrong check digit"),
        ("epcList", "https://id.gs1.org/01/9506000134352/21/1", "malformed GTIN"),
        ("epcList", "https://id.gs1.org/01/0950600013435\u0662/21/1", "malformed GTIN"),
        ("epcList", "https://id.gs1.org/01/09506000134352", "GTIN without a serial number"),
        ("epcList", "urn:epc:id:sgtin:0614141.10734.2017", "should have 13 digits"),
        ("epcList", "urn:epc:id:sgtin:0614141.107346", "should have 3 '.'-separated components"),
        ("epcList", "urn:epc:id:sscc:0614141.12345678901", "should have 17 digits"),
        ("epcList", "urn:epc:id:sgtin:06141.1073460.2017", "5-digit GS1 company prefix"),
        ("epcList", "urn:epc:id:grai:4012345.55555.98 7", "contains characters not allowed"),
        ("epcList", "urn:epc:id:widget:1.2", "unknown EPC scheme 'widget'"),
        ("epcList", "urn:epc:class:lgtin:4012345.012345.998877", "class-level identifier"),
        ("epcList", "urn:epc:tag:sgtin-96:3.0614141.107346.2017", "not a pure-identity EPC URI"),
        ("epcList", "0614141.107346.2017", "not an absolute URI"),
    ],
)
def test_instance_identifiers_must_be_well_formed(field: str, value: str, fragment: str) -> None:
    _only(_event(**{field: [value]}), f"/{field}/0", fragment)


def test_location_and_party_identifiers_are_checked() -> None:
    _only(_event(bizLocation={"id": "https://id.gs1.org/414/9506000134306"}), "/bizLocation/id",
          "GLN '9506000134306' with a wrong check digit")
    _only(_event(sourceList=[{"type": "owning_party", "source": "urn:epc:id:pgln:0614141.0077"}]),
          "/sourceList/0/source", "should have 12 digits")


@pytest.mark.parametrize(
    ("element", "pointer", "fragment"),
    [
        ({"epcClass": "urn:epc:class:lgtin:4012345.012345.998877", "quantity": "twenty"}, "/quantity",
         "must be of type number, not string"),
        ({"epcClass": "urn:epc:class:lgtin:4012345.012345.998877", "quantity": True}, "/quantity", "not boolean"),
        ({"epcClass": "urn:epc:class:lgtin:4012345.012345.998877", "quantity": float("nan")}, "/quantity",
         "finite number"),
        ({"epcClass": "urn:epc:id:sgtin:4012345.012345.1", "quantity": 2}, "/epcClass", "instance-level EPC"),
        ({"epcClass": "https://id.gs1.org/01/09506000134352/21/1", "quantity": 2}, "/epcClass", "serialised GTIN"),
        ({"epcClass": "urn:epc:idpat:sgtin:4012345.*.1", "quantity": 2}, "/epcClass", "after a '*' wildcard"),
    ],
)
def test_quantity_elements_need_a_class_and_a_number(element: dict[str, Any], pointer: str, fragment: str) -> None:
    _only(_event(quantityList=[element]), f"/quantityList/0{pointer}", fragment)


@pytest.mark.parametrize(
    "epc_class",
    ["urn:epc:class:lgtin:4012345.012345.998877", "urn:epc:idpat:sgtin:4012345.012345.*",
     "urn:epc:idpat:sgtin:4012345.*.*", "https://id.gs1.org/01/09506000134352/10/LOT-1",
     "https://id.gs1.org/01/09506000134352", "https://example.com/classes/flour"],
)
def test_class_identifiers_are_accepted(epc_class: str) -> None:
    assert _issues(_event(quantityList=[{"epcClass": epc_class, "quantity": 12.5, "uom": "KGM"}])) == []


def test_event_ids_and_certificates_must_be_iris() -> None:
    _only(_event(eventID="not an id"), "/eventID", "contains characters not allowed")
    _only(_event(certificationInfo=["https://cert.example/1", "cert-2"]), "/certificationInfo/1",
          "not an absolute URI")


def test_an_unknown_event_type_needs_a_namespace() -> None:
    _only(_event(type="ShippingEvent"), "/type", "event type 'ShippingEvent' is not an EPCIS event type")
    assert _issues({**_event(type="ex:ShippingEvent"), "ex:carrier": "ACME"}) == []


# --- the document envelope and the two payload shapes ------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "pointer", "fragment"),
    [
        ({"@context": None}, "/@context", "EPCISDocument requires '@context'"),
        ({"@context": {"ex": "https://example.com/"}}, "/@context", "must include the GS1 EPCIS 2.0 JSON-LD context"),
        ({"schemaVersion": "1.2"}, "/schemaVersion", "not an EPCIS 2.x version"),
        ({"schemaVersion": None}, "/schemaVersion", "EPCISDocument requires 'schemaVersion'"),
        ({"creationDate": None}, "/creationDate", "EPCISDocument requires 'creationDate'"),
        ({"epcisBody": {}}, "/epcisBody/eventList", "requires 'eventList'"),
        ({"sender": "ACME"}, "/sender", "not an absolute URI"),
        ({"comment": "hi"}, "/comment", "EPCISDocument field 'comment' has no namespace prefix"),
    ],
)
def test_the_document_envelope_is_checked(fields: dict[str, Any], pointer: str, fragment: str) -> None:
    issues = validate_capture(_document(_event(), **fields)).issues
    assert [(issue.pointer, issue.event_index) for issue in issues] == [(pointer, None)], issues
    assert fragment in issues[0].message


def test_events_keep_their_index_and_issues_are_per_event() -> None:
    document = _document(_event(), _event(bizStep="teleporting"), 42, _event())
    check = validate_capture(document)
    assert len(check.events) == 4 and check.events[2] == {}
    assert check.document_issues == () and check.event_issues(0) == () and check.event_issues(3) == ()
    assert [issue.pointer for issue in check.event_issues(1)] == [f"{EVENTS}/1/bizStep"]
    assert [issue.pointer for issue in check.event_issues(2)] == [f"{EVENTS}/2"]


def test_a_single_event_is_captured_as_a_list_of_one() -> None:
    event = {"@context": EPCIS_CONTEXT, **_event()}
    check = validate_capture(event)
    assert check.ok and check.events == (event,) and check.context == EPCIS_CONTEXT
    del event["@context"]
    assert [(issue.pointer, issue.event_index) for issue in validate_capture(event).issues] == [("/@context", 0)]
    bad = {"@context": EPCIS_CONTEXT, **_event(disposition="lost")}
    assert [(issue.pointer, issue.event_index) for issue in validate_capture(bad).issues] == [("/disposition", 0)]


@pytest.mark.parametrize(
    ("payload", "pointer", "fragment"),
    [
        ([_event()], "", "must be a JSON object"),
        ("EPCISDocument", "", "must be a JSON object"),
        ({"type": "EPCISQueryDocument", "epcisBody": {}}, "/type", "query result, not a capture payload"),
        ({"epcisBody": {"eventList": []}}, "/type", "'type' is required"),
        ({"type": "Shipment"}, "/type", "neither EPCISDocument nor an EPCIS event type"),
    ],
)
def test_payloads_of_another_shape_are_refused(payload: Any, pointer: str, fragment: str) -> None:
    check = validate_capture(payload)
    assert [(issue.pointer, issue.event_index) for issue in check.issues] == [(pointer, None)]
    assert fragment in check.issues[0].message and check.events == ()


def test_validate_event_uses_the_given_namespaces_and_pointer() -> None:
    event = _event(bizStep="ex:packing")
    assert [issue.pointer for issue in validate_event(event, namespaces={})] == []
    event["ex:colour"] = "red"
    assert [issue.pointer for issue in validate_event(event, namespaces={})] == ["/ex:colour"]
    assert validate_event(event, namespaces={"ex": "https://example.com/"}) == []
    issues = validate_event(_event(action="CREATE"), namespaces={}, pointer="/events/7", event_index=7)
    assert [(issue.pointer, issue.event_index) for issue in issues] == [("/events/7/action", 7)]


def test_validation_does_not_modify_the_payload() -> None:
    document = _document(_event(), _event(bizStep="teleporting"))
    before = copy.deepcopy(document)
    validate_capture(document)
    assert document == before


# --- properties ---------------------------------------------------------------------------------------------------

_WORDS = st.from_regex(r"[a-z][a-z_]{0,15}", fullmatch=True).filter(lambda word: not is_standard("bizStep", word))


@settings(max_examples=75, deadline=None)
@given(word=_WORDS, index=st.integers(min_value=0, max_value=2))
def test_any_bare_non_standard_biz_step_is_rejected_exactly_there(word: str, index: int) -> None:
    document = _document(_event(), _event(bizStep="receiving"), _event(bizStep="storing"))
    document["epcisBody"]["eventList"][index]["bizStep"] = word
    issues = validate_capture(document).issues
    assert [(issue.pointer, issue.event_index) for issue in issues] == [(f"{EVENTS}/{index}/bizStep", index)]
    assert f"'{word}' is not a CBV business step" in issues[0].message


_MOMENTS = st.datetimes(min_value=datetime(1970, 1, 1), max_value=datetime(2100, 1, 1))
_OFFSETS = st.integers(min_value=-56, max_value=56).map(lambda quarters: timezone(timedelta(minutes=15 * quarters)))


@settings(max_examples=75, deadline=None)
@given(moment=_MOMENTS, zone=_OFFSETS)
def test_zoned_iso_timestamps_are_accepted_and_naive_ones_refused(moment: datetime, zone: timezone) -> None:
    assert _issues(_event(eventTime=moment.replace(tzinfo=zone).isoformat())) == []
    assert [pointer for pointer, _ in _issues(_event(eventTime=moment.isoformat()))] == ["/eventTime"]


@settings(max_examples=75, deadline=None)
@given(payload=st.from_regex(r"0[0-9]{12}", fullmatch=True), digit=st.integers(min_value=0, max_value=9))
def test_a_digital_link_gtin_is_accepted_exactly_when_its_check_digit_is_right(payload: str, digit: int) -> None:
    gtin = payload + str(digit)
    issues = _issues(_event(epcList=[f"https://id.gs1.org/01/{gtin}/21/SN1"]))
    if gs1_check_digit_ok(gtin):
        assert issues == []
    else:
        assert issues == [("/epcList/0", f"epcList 'https://id.gs1.org/01/{gtin}/21/SN1' has a GTIN '{gtin}' "
                                         "with a wrong check digit")]
