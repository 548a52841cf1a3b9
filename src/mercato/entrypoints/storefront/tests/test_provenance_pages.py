"""Provenance and evidence pages: the Digital Link resolver and trace page (each step verified in the transparency
log once published), the product page's Digital Link, and an order's evidence for whoever may see the order."""

from __future__ import annotations

import json
import re
from urllib.parse import quote

import pytest
from django.test import Client

from conftest import Api
from mercato.contexts.provenance.bundle_checks import CHECKS
from mercato.contexts.transparency.public import log_publish, verify_bundle

from ..evidence_display import order_evidence
from .provenance_data import LOT, STEPS, TEA, captures, party_key, signature_header
from .shopping import buy_and_pay, product_url, signed_in, text

TRACE = f"/01/{TEA}/10/{LOT}"


def english() -> Client:
    return Client(HTTP_ACCEPT_LANGUAGE="en")


def capture_tea(api: Api, lot: str = LOT) -> None:
    """Each party registers its key and captures its part of the journey, signed."""
    for (name, role, gln), document in captures(lot):
        key, public = party_key()
        party = api.post("/provenance/parties", {"name": name, "role": role, "public_key": public, "gln": gln})
        assert party.status_code == 201, party.body
        header = signature_header(key, party.body["id"], document)
        r = api.call("POST", "/epcis/capture", document, headers={"Mercato-Signature": header})
        assert r.status_code == 202 and r.body["captured"], r.body


@pytest.fixture
def tea(world):
    world.a.add_product("A-TEA", "68.00", 50, category=world.category, gtin=TEA)
    capture_tea(world.a.api)
    return world


def test_the_resolver_shows_the_journey_pending_then_verified_in_the_log(tea):
    before = english().get(TRACE)
    assert before.status_code == 200
    assert text(before).count("Pending: not yet in a signed tree head") == STEPS
    assert "Verified in the transparency log" not in text(before)

    log_publish()
    r = english().get(TRACE)
    assert r.status_code == 200
    page = text(r)
    assert "<h1>Product A-TEA</h1>" in page and f"<code>{LOT}</code>" in page
    assert page.count("✓</span> Verified in the transparency log") == STEPS
    assert len(re.findall(r"leaf #\d+ of the signed tree of size \d+", page)) == STEPS
    titles = re.findall(r"<h3>([^<]+)</h3>", page)
    assert titles == ["Produced", "Processed", "Quality inspection", "Packed", "Packed", "Shipped", "Received"]
    for words in ("Cloud Mist Tea Garden · Farm", "Mingqian Tea Factory · GLN", "Passed", "In transit",
                  "2.1 – 6.4 °C", "made from batch H2604", "packed into shipping unit SSCC", "this batch × 400",
                  'class="signed"', "<svg", "verify-bundle provenance-proof-bundle.json"):
        assert words in page, words
    bundle_url = f"/api/v1/provenance/trace/bundle?id={quote(f'https://id.gs1.org{TRACE}', safe='')}"
    assert bundle_url in page.replace("&amp;", "&")
    bundle = Client().get(bundle_url).json()
    assert len(bundle["entries"]) == STEPS and verify_bundle(bundle, checks=CHECKS).ok


def test_the_trace_page_takes_an_epc_urn_and_speaks_chinese(tea):
    log_publish()
    urn = f"urn:epc:class:lgtin:6901234.056789.{LOT}"
    r = Client(HTTP_ACCEPT_LANGUAGE="zh-CN").get("/trace/", {"id": urn})
    assert r.status_code == 200, text(r)[:500]
    page = text(r)
    assert "商品 A-TEA" in page and page.count("✓</span> 已在透明日志中验证") == STEPS and "质量检验" in page


def test_a_wrong_check_digit_is_a_400_page_that_says_so(db):
    bad = f"/01/{TEA[:-1]}{(int(TEA[-1]) + 1) % 10}/10/{LOT}"
    r = english().get(bad)
    assert r.status_code == 400
    page = text(r)
    assert "Not a valid product code" in page and "A check digit is wrong" in page and "check digit is wrong" in page
    for nonsense in ("/01/123/10/X", "/01/" + TEA + "/99/X", "/414/1234"):
        assert english().get(nonsense).status_code == 400, nonsense
    assert english().get("/trace/", {"id": "hello"}).status_code == 400
    assert english().get("/trace/", {"id": "x" * 600}).status_code == 400
    lookup = english().get("/trace/")
    assert lookup.status_code == 200 and 'name="id"' in text(lookup)


def test_an_unknown_lot_has_no_events_yet(tea):
    r = english().get(f"/01/{TEA}/10/NOPE1")
    assert r.status_code == 200
    page = text(r)
    assert "No supply-chain events recorded yet." in page and "Product A-TEA" in page and 'href="/search"' in page


def test_a_bare_gtin_goes_to_its_product_page_or_lists_the_batches(tea):
    r = english().get(f"/01/{TEA}")
    assert r.status_code == 302 and r["Location"] == product_url(tea, "A-TEA")
    page = text(english().get("/trace/", {"id": f"https://id.gs1.org/01/{TEA}"}))
    assert "No supply-chain events recorded yet." in page and f"/01/{TEA}/10/{LOT}" in page
    batch = english().get("/trace/", {"gtin": TEA, "lot": LOT})
    assert batch.status_code == 302 and batch["Location"].endswith(TRACE)
    unknown = english().get("/01/06901234567885")  # a valid GTIN no shop sells
    assert unknown.status_code == 200 and "No supply-chain events recorded yet." in text(unknown)


def test_the_product_page_shows_its_digital_link_and_qr_code(tea):
    page = text(english().get(product_url(tea, "A-TEA")))
    assert f'href="http://testserver/01/{TEA}"' in page and "<svg" in page and "Trace this product" in page
    assert f"/trace/?id=http%3A%2F%2Ftestserver%2F01%2F{TEA}" in page
    assert "<svg" not in text(english().get(product_url(tea, "A-CASE")))  # no GTIN, no code


def test_the_order_page_lists_its_facts_in_the_log(world, django_assert_max_num_queries):
    client = signed_in()
    client.cookies.load({"django_language": "en"})
    (order_id,) = buy_and_pay(client, world, [("A-CASE", 1)])
    page = text(client.get(f"/orders/{order_id}"))
    assert "Evidence" in page and "Order placed" in page and "Payment received" in page
    assert 'class="proof proof--pending"' in page and "proof--verified" not in page
    log_publish()
    with django_assert_max_num_queries(15):  # the page budget (ADR 0008), however many facts are proven
        page = text(client.get(f"/orders/{order_id}"))
    assert page.count('<span aria-hidden="true">✓</span> proven') == 2
    assert re.search(r"Signed tree head: \d+ entries, signed", page)
    assert f'href="/orders/{order_id}/evidence.json"' in page


def test_the_evidence_bundle_is_for_the_orders_buyer_only(world):
    owner = signed_in("owner@example.com")
    (order_id,) = buy_and_pay(owner, world, [("A-CASE", 1)])
    log_publish()
    r = owner.get(f"/orders/{order_id}/evidence.json")
    assert r.status_code == 200 and r["Content-Type"] == "application/json"
    assert r["Content-Disposition"].startswith('attachment; filename="order-')
    bundle = json.loads(r.content)
    assert bundle["subject"] == order_id and [e["kind"] for e in bundle["entries"]] == ["order.placed", "order.paid"]
    assert verify_bundle(bundle).ok
    assert bundle["entries"] == world.a.api.get(f"/orders/{order_id}/evidence").body["entries"]
    shown = order_evidence(order_id)  # the order page's summary says what the bundle proves
    assert [(f.proven, f.leaf_index) for f in shown.facts] == [
        (e["status"] == "proven", e["leaf_index"]) for e in bundle["entries"]]
    assert shown.tree_size == bundle["tree_head"]["tree_size"]
    other = signed_in("other@example.com")
    assert other.get(f"/orders/{order_id}/evidence.json").status_code == 404
    assert Client().get(f"/orders/{order_id}/evidence.json").status_code == 404
