"""The operator console: operators only; merchants admitted and suspended; orders, payments, refunds read."""

import pytest

import shared_world
from conftest import buy, register
from mercato.contexts.merchants.models import Merchant
from mercato.entrypoints.merchant_center.tests.support import browser

module_world, world = shared_world.module_world, shared_world.world  # one world per module, not per test

pytestmark = pytest.mark.django_db

PAGES = ["/console/", "/console/merchants/", "/console/orders/", "/console/payments/", "/console/refunds/"]


@pytest.mark.parametrize("path", PAGES)
def test_anonymous_visitors_are_sent_to_sign_in(client, path):
    r = client.get(path)
    assert r.status_code == 302 and r.url == f"/accounts/login/?next={path}"


@pytest.mark.parametrize("path", PAGES)
def test_everyone_but_operators_gets_a_403_page(world, path):
    for email in ("alpha@example.com", None):
        if email is None:
            register("shopper@example.com")
            email = "shopper@example.com"
        r = browser(email).get(path)
        assert r.status_code == 403 and b"Operators only" in r.content


def test_a_merchant_cannot_approve_itself(world):
    register("new@example.com")
    me = browser("new@example.com")
    me.post("/merchant/apply/", {"name": "Self", "contact_email": "s@example.com", "business_license": "ABC12345"})
    merchant = Merchant.objects.get(name="Self")
    assert browser("alpha@example.com").post(f"/console/merchants/{merchant.id}/status/",
                                              {"status": "active"}).status_code == 403
    assert Merchant.objects.get(pk=merchant.id).status == "pending"


def test_operators_approve_and_suspend_merchants(world):
    ops = browser("ops@example.com")
    r = ops.get("/console/merchants/?status=active")
    assert {m.name for m in r.context["merchants"]} == {"Alpha 数码", "Beta 家居"}
    url = f"/console/merchants/{world.b.merchant_id}/status/"
    r = ops.post(url, {"status": "suspended", "next": "/console/merchants/?status=active"}, follow=True)
    assert r.redirect_chain[-1][0] == "/console/merchants/?status=active"
    assert "Beta 家居 is suspended." in r.content.decode()
    r = ops.post(url, {"status": "suspended"}, follow=True)
    assert "suspended; it cannot become suspended" in r.content.decode()
    r = ops.post(url, {"status": "closed"}, follow=True)
    assert "Choose approve or suspend." in r.content.decode()
    assert ops.post(url, {"status": "active", "next": "//evil.example/x"}).url == "/console/merchants/"
    assert Merchant.objects.get(pk=world.b.merchant_id).status == "active"
    assert ops.post("/console/merchants/mer_00000000000000000000000000/status/",
                    {"status": "active"}).status_code == 404
    assert ops.get(url).status_code == 405


def test_filters_take_bad_values_without_failing(world):
    ops = browser("ops@example.com")
    for path in ("/console/merchants/?status=%00", "/console/orders/?status=nope&merchant=%00&cursor=@@",
                 "/console/payments/?status=x&method=y", "/console/refunds/?source=%00"):
        r = ops.get(path)
        assert r.status_code == 200, path


def test_orders_across_merchants_with_filters_and_a_read_only_detail(world):
    shopper = register("shopper@example.com")
    checkout = buy(shopper, [(world.a.variants["A-CASE"], 1), (world.b.variants["B-LAMP"], 1)])
    a_order, b_order = sorted(checkout["orders"], key=lambda o: o["merchant_id"] != world.a.merchant_id)
    ops = browser("ops@example.com")
    listed = ops.get("/console/orders/").context["orders"]
    assert {o.id for o, _name in listed} == {a_order["id"], b_order["id"]}
    r = ops.get(f"/console/orders/?merchant={world.a.merchant_id}&status=paid")
    assert [(o.id, name) for o, name in r.context["orders"]] == [(a_order["id"], "Alpha 数码")]
    assert ops.get("/console/orders/?status=shipped").context["orders"] == []
    browser("alpha@example.com").post(f"/merchant/orders/{a_order['id']}/cancel/", {"reason": "缺货"})
    page = ops.get(f"/console/orders/{a_order['id']}/").content.decode()
    assert "缺货" in page and "Cancelled" in page and "Alpha 数码" in page
    assert "<form" not in page.split('id="main"')[1].split("</main>")[0]
    assert ops.get("/console/orders/ord_00000000000000000000000000/").status_code == 404


def test_payments_and_refunds(world):
    shopper = register("shopper@example.com")
    checkout = buy(shopper, [(world.a.variants["A-CASE"], 1)])
    order_id = checkout["orders"][0]["id"]
    browser("alpha@example.com").post(f"/merchant/orders/{order_id}/refund/",
                                      {"mode": "amount", "amount": "9.90", "reason": "划痕"})
    ops = browser("ops@example.com")
    payments = ops.get("/console/payments/?method=card").context["payments"]
    assert [(p.id, p.attempt_count) for p in payments] == [(checkout["payment"]["id"], 1)]
    refunds = ops.get("/console/refunds/?source=escrow").context["refunds"]
    assert [(r.order_ref, str(r.amount)) for r in refunds] == [(order_id, "9.90")]
    assert ops.get("/console/refunds/?source=merchant_balance").context["refunds"] == []


def test_overview_counts_today_and_escrow(world):
    register("new@example.com")
    browser("new@example.com").post("/merchant/apply/", {"name": "Waiting", "contact_email": "w@example.com",
                                                         "business_license": "ABC12345"})
    shopper = register("shopper@example.com")
    checkout = buy(shopper, [(world.a.variants["A-CASE"], 2)])
    figures = browser("ops@example.com", language="zh-hans").get("/console/").context["figures"]
    assert figures.applications_waiting == 1 and figures.orders_today == 1
    assert [str(m.amount) for m in figures.escrow_held] == [checkout["orders"][0]["total"]["amount"]]
    page = browser("ops@example.com", language="zh-hans").get("/console/").content.decode()
    assert "待审核申请" in page and 'href="/admin/"' in page
