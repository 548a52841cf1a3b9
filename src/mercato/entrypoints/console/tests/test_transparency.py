"""The transparency log in the console: operators only; its size, queue, heads and key; publish and verify."""

import base64
import json

import pytest
from django.db import connection

import shared_world
from conftest import log_guards_off, register
from mercato.contexts.transparency.models import Entry, SignedTreeHead
from mercato.contexts.transparency.signing import public_key_raw
from mercato.entrypoints.merchant_center.tests.support import browser
from mercato.entrypoints.storefront.tests.provenance_data import tea_chain

module_world, world = shared_world.module_world, shared_world.world  # one world per module, not per test

pytestmark = pytest.mark.django_db
PAGE = "/console/transparency/"
PUBLISH = "/console/transparency/publish/"
VERIFY = "/console/transparency/verify/"


def _upload(lot: str = "L2604A") -> None:
    r = browser("alpha@example.com").post("/merchant/provenance/captures/", {
        "text": json.dumps(tea_chain(lot=lot)), "error_behaviour": "rollback"})
    assert r.status_code == 302


def _publish(ops) -> None:
    assert ops.post(PUBLISH, follow=True).status_code == 200  # follows, so its message is read


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_anonymous_visitors_are_sent_to_sign_in(client):
    r = client.get(PAGE)
    assert r.status_code == 302 and r.url == f"/accounts/login/?next={PAGE}"
    assert client.post(PUBLISH).url == f"/accounts/login/?next={PUBLISH}"


def test_merchants_and_shoppers_get_the_403_page_and_cannot_publish_or_verify(world):
    register("shopper@example.com")
    _upload()
    for email in ("alpha@example.com", "shopper@example.com"):
        me = browser(email)
        for method, path in (("get", PAGE), ("post", PUBLISH), ("post", VERIFY)):
            r = getattr(me, method)(path)
            assert r.status_code == 403 and b"Operators only" in r.content, (email, path)
    assert not SignedTreeHead.objects.exists() and Entry.objects.filter(leaf_index__isnull=True).count() == 7


def test_the_page_shows_the_queue_the_heads_the_key_and_the_auditor_commands(world):
    _upload()
    ops = browser("ops@example.com")
    r = ops.get(PAGE)
    log = r.context["log"]
    assert (log.tree_size, log.queued, log.latest) == (0, 7, None)
    assert [(k.kind, k.total, k.queued) for k in log.kinds if k.kind == "epcis.event"] == [("epcis.event", 7, 7)]
    page = r.content.decode()
    key = base64.b64encode(public_key_raw()).decode()
    assert log.public_key == key and key in page
    assert "mercato transparency audit --url http://testserver" in page
    assert f"verify-bundle provenance-proof-bundle.json --public-key {key}" in page
    assert 'aria-current="page">Transparency log</a>' in page
    assert ops.get(PUBLISH).status_code == 405


def test_publish_now_appends_the_queue_and_signs_a_head(world):
    _upload()
    ops = browser("ops@example.com")
    queued = Entry.objects.filter(leaf_index__isnull=True).count()
    r = ops.post(PUBLISH, follow=True)
    assert r.redirect_chain[-1][0] == PAGE
    assert _messages(r) == [f"{queued} queued facts appended; the signed tree head is now at size {queued}."]
    log = r.context["log"]
    head = SignedTreeHead.objects.get()
    assert (log.tree_size, log.queued, log.latest.tree_size) == (queued, 0, queued)
    assert log.latest.root_hash == bytes(head.root_hash).hex()
    assert bytes(head.root_hash).hex()[:16] in r.content.decode()
    r = ops.post(PUBLISH, follow=True)
    assert _messages(r) == [f"Nothing was waiting; the signed tree head stays at size {queued}."]
    _upload("L2605A")  # the pallet's and case's events are the same as before: not captured twice
    _publish(ops)
    assert [h.tree_size for h in ops.get(PAGE).context["log"].heads] == [Entry.objects.count(), queued]


def test_verify_says_ok_on_an_honest_log(world):
    _upload()
    ops = browser("ops@example.com")
    _publish(ops)
    r = ops.post(VERIFY, follow=True)
    size = SignedTreeHead.objects.get().tree_size
    assert _messages(r) == [f"The log verifies: {size} leaves re-hashed, the tree re-derived, 1 signed heads "
                            "checked and consistent with each other."]
    assert "日志验证通过" in " ".join(_messages(browser("ops@example.com", language="zh-hans").post(
        VERIFY, follow=True)))


def test_verify_names_the_findings_and_the_first_tampered_leaf(world):
    _upload()
    ops = browser("ops@example.com")
    _publish(ops)
    forged = b"ni:///sha-256;rewritten?ver=CBV2.0"
    with connection.cursor() as cursor:  # a malicious owner: guards off, a leaf rewritten
        log_guards_off(cursor)
        cursor.execute("UPDATE transparency_leaf SET leaf_input = %s WHERE leaf_index = 3", [forged])
    r = ops.post(VERIFY, follow=True)
    said = _messages(r)
    assert said[0].startswith("The log does NOT verify:") and said[0].endswith("First tampered leaf: 3.")
    assert any("leaf 3: stored leaf_hash does not match its leaf_input" in m for m in said[1:])


def test_the_page_stays_within_the_query_budget(world, django_assert_max_num_queries):
    ops = browser("ops@example.com")
    for i in range(25):
        _upload(f"L{i:04d}A")
        _publish(ops)
    with django_assert_max_num_queries(15) as queries:
        r = ops.get(PAGE)
    assert r.status_code == 200 and len(r.context["log"].heads) == 20
    print(f"{PAGE}: {len(queries)} queries")
