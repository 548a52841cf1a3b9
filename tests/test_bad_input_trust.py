"""Bad input never earns a 500 on the trust endpoints (transparency log, EPCIS, provenance): each is a
problem+json 4xx, naming the field where there is one."""

from __future__ import annotations

import json
from typing import Any

import pytest

from conftest import Api, make_operator
from tests.test_bad_input import assert_problem

pytestmark = pytest.mark.django_db
DOC = {"@context": ["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"], "type": "EPCISDocument",
       "schemaVersion": "2.0", "creationDate": "2026-11-01T00:00:00Z", "epcisBody": {"eventList": [
           {"type": "ObjectEvent", "action": "OBSERVE", "eventTime": "2026-11-01T00:00:00Z",
            "eventTimeZoneOffset": "+00:00", "epcList": ["urn:epc:id:sgtin:0614141.107346.2017"],
            "bizStep": "shipping"}]}}


@pytest.fixture
def operator(db: Any) -> Api:
    return make_operator()


@pytest.mark.parametrize(("path", "status", "field"), [
    ("/transparency/leaves?start=a&end=1", 422, None),
    ("/transparency/leaves?start=5&end=1", 422, "end"),
    ("/transparency/leaves?start=0&end=5000", 422, "end"),
    ("/transparency/proof/inclusion?leaf_index=0", 422, None),
    ("/transparency/proof/consistency?first=x&second=2", 422, None),
    ("/epcis/events?perPage=abc", 422, "perPage"),
    ("/epcis/events?perPage=1000", 422, "perPage"),
    ("/epcis/events?eventType=Parcel", 422, "eventType"),
    ("/epcis/events?GE_eventTime=yesterday", 422, "GE_eventTime"),
    ("/epcis/events?LT_eventTime=2026-13-01T00:00:00Z", 422, "LT_eventTime"),
    ("/epcis/events?nextPageToken=!!!", 422, "nextPageToken"),
    ("/epcis/events?MATCH_everything=1", 422, "MATCH_everything"),
    ("/provenance/trace", 422, None),
    ("/provenance/trace?id=", 422, "id"),
    ("/provenance/trace?id=https://x.example/01/12345678901234", 422, "id"),
    ("/provenance/trace?id=urn:epc:id:sgtin:garbage", 422, "id"),
    ("/provenance/trace/bundle?id=%00", 422, "id"),
    ("/provenance/events/evt_nope/proof", 404, None),
    ("/provenance/variants/var_nope/digital-link", 404, None),
])
def test_bad_reads(db: Any, path: str, status: int, field: str | None) -> None:
    assert_problem(Api().get(path), status, field)


@pytest.mark.parametrize(("body", "headers", "field"), [
    (b"not json", {}, "body"),
    (b"[]", {}, "/"),
    (b"{}", {}, "/type"),
    (json.dumps({**DOC, "epcisBody": {"eventList": "no"}}).encode(), {}, None),
    (json.dumps(DOC).encode(), {"GS1-Capture-Error-Behaviour": "sometimes"}, "GS1-Capture-Error-Behaviour"),
    (json.dumps(DOC).encode(), {"Mercato-Signature": 'keyId="pty_nope", signature="AAAA"'}, "Mercato-Signature"),
    (json.dumps(DOC).encode(), {"Mercato-Signature": "garbage"}, "Mercato-Signature"),
])
def test_bad_captures(operator: Api, body: bytes, headers: dict[str, str], field: str | None) -> None:
    response = operator.client.post("/api/v1/epcis/capture", body, content_type="application/ld+json",
                                    headers={"Authorization": f"Bearer {operator.token}", **headers})
    assert_problem(response, 422, field)


@pytest.mark.parametrize(("body", "field"), [
    ({"name": "", "role": "farm", "public_key": "A" * 43 + "="}, "name"),
    ({"name": "x", "role": "wizard", "public_key": "A" * 43 + "="}, "role"),
    ({"name": "x", "role": "farm", "public_key": "not base64!"}, "public_key"),
    ({"name": "x", "role": "farm", "public_key": "AAAA"}, "public_key"),
    ({"name": "x", "role": "farm", "public_key": "A" * 43 + "=", "gln": "12"}, "gln"),
    ({"role": "farm", "public_key": "A" * 43 + "="}, "name"),
])
def test_bad_parties(operator: Api, body: dict[str, Any], field: str) -> None:
    assert_problem(operator.post("/provenance/parties", body), 422, field)


def test_not_found_and_not_allowed(operator: Api) -> None:
    assert_problem(operator.get("/epcis/capture/cap_nope"), 404)
    assert_problem(operator.get("/orders/ord_nope/evidence"), 404)
    assert_problem(Api().post("/epcis/capture", DOC), 401)
    assert_problem(Api().post("/provenance/parties", {}), 401)


def test_a_capture_over_the_body_limit_is_413(operator: Api) -> None:
    response = operator.client.post("/api/v1/epcis/capture", b"{" + b" " * 1_100_000 + b"}",
                                    content_type="application/ld+json",
                                    headers={"Authorization": f"Bearer {operator.token}"})
    assert_problem(response, 413)


def test_a_nul_character_is_refused_before_it_reaches_the_database(operator: Api) -> None:
    doc = json.loads(json.dumps(DOC))
    doc["epcisBody"]["eventList"][0]["bizStep"] = "ship\u0000ping"
    assert_problem(operator.post("/epcis/capture", doc), 422, "body")
