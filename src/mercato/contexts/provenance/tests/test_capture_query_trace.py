"""Capture validates, hashes and logs in one transaction; queries speak the standard's parameters; a trace follows
a lot into its case and pallet and back to its inputs, each step proven by the transparency log."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime, timedelta, timezone
from urllib.parse import quote, urlencode

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from conftest import Api
from mercato.contexts.provenance.bundle_checks import CHECKS
from mercato.contexts.provenance.domain import epcis_builder as b
from mercato.contexts.provenance.domain.check_digits import mod10_check_digit
from mercato.contexts.provenance.domain.event_hash import document_event_hash_ids
from mercato.contexts.provenance.models import Event
from mercato.contexts.transparency.public import log_publish, verify_bundle

pytestmark = pytest.mark.django_db
CST = timezone(timedelta(hours=8))
T0 = datetime(2026, 4, 2, 9, 30, tzinfo=CST)


def _gs1(body: str) -> str:
    return body + mod10_check_digit(body)


TEA, LEAF, OTHER = _gs1("0690123456789"), _gs1("0690123456780"), _gs1("0690123456788")
FARM, FACTORY, WAREHOUSE = _gs1("690123400001"), _gs1("690123400002"), _gs1("690123400003")
CASE, PALLET = _gs1("06901234000000001"), _gs1("06901234000000002")


def _capture(api: Api, doc: dict, **headers: str):
    return api.call("POST", "/epcis/capture", doc, headers=headers or None)


def _tea_chain() -> dict:
    events = [
        b.object_event(T0, action="ADD", biz_step="commissioning", location=b.location_id(FARM),
                       quantities=[b.quantity(b.lot_id(LEAF, "H2604"), 120, "KGM")], disposition="active"),
        b.transformation_event(T0 + timedelta(days=1), location=b.location_id(FACTORY),
                               inputs=[b.quantity(b.lot_id(LEAF, "H2604"), 120, "KGM")],
                               outputs=[b.quantity(b.lot_id(TEA, "L2604A"), 400)]),
        b.object_event(T0 + timedelta(days=2), action="OBSERVE", biz_step="inspecting",
                       location=b.location_id(FACTORY), quantities=[b.quantity(b.lot_id(TEA, "L2604A"), 400)],
                       disposition="conformant"),
        b.aggregation_event(T0 + timedelta(days=3), action="ADD", parent=b.sscc_id(CASE),
                            child_quantities=[b.quantity(b.lot_id(TEA, "L2604A"), 40)],
                            location=b.location_id(FACTORY)),
        b.aggregation_event(T0 + timedelta(days=3, hours=2), action="ADD", parent=b.sscc_id(PALLET),
                            children=[b.sscc_id(CASE)], location=b.location_id(FACTORY)),
        b.object_event(T0 + timedelta(days=4), action="OBSERVE", biz_step="shipping",
                       epcs=[b.sscc_id(PALLET)], disposition="in_transit", location=b.location_id(FACTORY)),
        b.object_event(T0 + timedelta(days=6), action="OBSERVE", biz_step="receiving",
                       epcs=[b.sscc_id(PALLET)], disposition="in_progress", location=b.location_id(WAREHOUSE)),
        b.object_event(T0 + timedelta(days=1), action="ADD", biz_step="commissioning",  # another product: not traced
                       quantities=[b.quantity(b.lot_id(OTHER, "X1"), 5)]),
    ]
    return b.document(events, created=T0 + timedelta(days=7))


def test_capture_stores_hashes_and_queues_every_event_for_the_log(world) -> None:
    doc = _tea_chain()
    r = _capture(world.a.api, doc)
    assert r.status_code == 202, r.body
    assert r.body["success"] is True and r.body["captured"] == 8 and r.headers["Location"].endswith(
        r.body["captureID"])
    assert r.body["eventIDs"] == document_event_hash_ids(doc)
    assert sorted(Event.objects.values_list("hash_id", flat=True)) == sorted(r.body["eventIDs"])
    bundle = Api().get(f"/provenance/events/{Event.objects.first().id}/proof").body
    assert bundle["entries"][0]["status"] == "queued"  # in the capture transaction, appended by the publish job
    assert bytes.fromhex(bundle["entries"][0]["leaf_input"]).decode() == bundle["entries"][0]["subject"]
    again = _capture(world.a.api, doc)
    assert again.status_code == 202 and again.body["captured"] == 0 and again.body["duplicates"] == 8
    assert log_publish() == 8


def test_an_invalid_event_rolls_back_the_capture_unless_the_caller_asks_to_proceed(world) -> None:
    doc = _tea_chain()
    doc["epcisBody"]["eventList"][2]["bizStep"] = "tasting"  # a bare non-standard term
    r = _capture(world.a.api, doc)
    assert r.status_code == 422
    assert r.body["errors"][0]["field"] == "/epcisBody/eventList/2/bizStep"
    assert Event.objects.count() == 0 and log_publish() == 0
    r = _capture(world.a.api, doc, **{"GS1-Capture-Error-Behaviour": "proceed"})
    assert r.status_code == 202 and r.body["success"] is False and r.body["captured"] == 7
    assert r.body["errors"][0]["pointer"] == "/epcisBody/eventList/2/bizStep"
    assert world.a.api.get(f"/epcis/capture/{r.body['captureID']}").body["captured"] == 7
    assert _capture(world.a.api, doc, **{"GS1-Capture-Error-Behaviour": "maybe"}).status_code == 422


def test_capture_needs_merchant_staff_and_json(world) -> None:
    from conftest import register

    assert _capture(Api(), _tea_chain()).status_code == 401
    assert _capture(register("shopper@example.com"), _tea_chain()).status_code == 403
    r = world.a.api.call("POST", "/epcis/capture", None, headers={"Content-Type": "application/json"})
    assert r.status_code == 422


def test_a_party_signs_its_capture_and_a_forged_signature_is_refused(world) -> None:
    key = Ed25519PrivateKey.generate()
    public = base64.b64encode(key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)).decode()
    party = world.a.api.post("/provenance/parties", {"name": "云雾茶园", "role": "farm", "public_key": public,
                                                     "gln": FARM})
    assert party.status_code == 201, party.body
    doc = _tea_chain()
    message = "\n".join(document_event_hash_ids(doc)).encode()
    forged = base64.b64encode(Ed25519PrivateKey.generate().sign(message)).decode()
    header = f'keyId="{party.body["id"]}", signature="{forged}"'
    r = _capture(world.a.api, doc, **{"Mercato-Signature": header})
    assert r.status_code == 422 and r.body["errors"][0]["field"] == "Mercato-Signature"
    good = base64.b64encode(key.sign(message)).decode()
    r = _capture(world.a.api, doc, **{"Mercato-Signature": f'keyId="{party.body["id"]}", signature="{good}"'})
    assert r.status_code == 202, r.body
    assert set(Event.objects.values_list("party__name", flat=True)) == {"云雾茶园"}
    bad = world.a.api.post("/provenance/parties", {"name": "x", "role": "farm", "public_key": "bm90IGEga2V5"})
    assert bad.status_code == 422 and bad.body["errors"][0]["field"] == "public_key"


def test_query_with_standard_parameters_and_pages(world) -> None:
    assert _capture(world.a.api, _tea_chain()).status_code == 202
    api = Api()

    def ids(**params: str) -> list[str]:
        r = api.get("/epcis/events?" + urlencode(params))
        assert r.status_code == 200, r.body
        return [e["type"] for e in r.body["epcisBody"]["queryResults"]["resultsBody"]["eventList"]]

    assert ids(eventType="AggregationEvent") == ["AggregationEvent"] * 2
    assert len(ids(EQ_bizStep="shipping")) == 1
    assert len(ids(EQ_bizStep="https://ref.gs1.org/cbv/BizStep-shipping")) == 1
    assert ids(MATCH_epc=b.sscc_id(PALLET)) == ["ObjectEvent", "ObjectEvent"]
    assert ids(MATCH_anyEPC=b.sscc_id(PALLET)) == ["AggregationEvent", "ObjectEvent", "ObjectEvent"]
    assert ids(MATCH_anyEPC="urn:epc:id:sscc:6901234.0000000002") == ["AggregationEvent", "ObjectEvent",
                                                                        "ObjectEvent"]
    assert len(ids(GE_eventTime="2026-04-05T00:00:00+08:00")) == 4
    assert ids(GE_eventTime="2026-04-05T00:00:00+08:00", LT_eventTime="2026-04-06T09:30:00+08:00") == [
        "AggregationEvent", "AggregationEvent"]
    assert len(ids(EQ_disposition="conformant")) == 1
    first = api.get("/epcis/events?perPage=3").body
    assert len(first["epcisBody"]["queryResults"]["resultsBody"]["eventList"]) == 3 and first["nextPageToken"]
    seen = 3
    token = first["nextPageToken"]
    while token:
        page = api.get(f"/epcis/events?perPage=3&nextPageToken={quote(token)}").body
        seen += len(page["epcisBody"]["queryResults"]["resultsBody"]["eventList"])
        token = page["nextPageToken"]
    assert seen == 8
    for bad in ("eventType=Nope", "perPage=0", "GE_eventTime=2026-02-30T00:00:00Z", "nextPageToken=%25%25",
                "colour=red"):
        assert api.get(f"/epcis/events?{bad}").status_code == 422, bad


def test_a_trace_follows_the_lot_through_case_and_pallet_and_back_to_its_leaves(world) -> None:
    hash_ids = _capture(world.a.api, _tea_chain()).body["eventIDs"]
    api = Api()
    pending = api.get(f"/provenance/trace?id={quote(b.lot_id(TEA, 'L2604A'))}").body
    assert [s["verified"] for s in pending["steps"]] == [False] * 7
    log_publish()
    trace = api.get(f"/provenance/trace?id=https://shop.example/01/{TEA}/10/L2604A").body
    assert trace["subject"] == b.lot_id(TEA, "L2604A") and trace["elements"] == {"01": TEA, "10": "L2604A"}
    assert [s["event_hash_id"] for s in trace["steps"]] == hash_ids[:7]  # the other product's lot is not in it
    assert [s["verified"] for s in trace["steps"]] == [True] * 7
    assert set(trace["related"]) == {b.sscc_id(CASE), b.sscc_id(PALLET), b.lot_id(LEAF, "H2604")}

    bundle = api.get(trace["bundle"].removeprefix("/api/v1")).body
    assert verify_bundle(bundle, checks=CHECKS).ok
    bundle["entries"][2]["record"]["event"]["disposition"] = "non_conformant"  # rewrite the QC result
    report = verify_bundle(bundle, checks=CHECKS)
    assert not report.ok and "entry 2" in report.problems[0]
    assert api.get("/provenance/trace?id=https://shop.example/01/06901234567899/10/X").status_code == 422
    assert api.get("/provenance/trace?id=hello").status_code == 422


def test_each_event_in_a_query_links_to_its_proof(world) -> None:
    _capture(world.a.api, _tea_chain())
    log_publish()
    api = Api()
    event = api.get("/epcis/events?perPage=1").body["epcisBody"]["queryResults"]["resultsBody"]["eventList"][0]
    proof = api.get(event["mercato:proof"].removeprefix("/api/v1")).body
    assert proof["entries"][0]["subject"] == event["mercato:eventHashID"]
    assert verify_bundle(proof, checks=CHECKS).ok
    assert json.dumps(proof)  # plain JSON
    assert datetime.now(UTC)
