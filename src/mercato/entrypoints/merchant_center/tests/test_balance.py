"""The balance page: escrow, available, commission from the journal, payouts by the owner only."""

from decimal import Decimal

import pytest

from conftest import buy, register
from mercato.contexts.payments.models import Payout

from .support import browser, field_errors

pytestmark = pytest.mark.django_db


@pytest.fixture
def released(world):
    """One order of merchant a, delivered and confirmed: its money is available minus 5% commission."""
    shopper = register("shopper@example.com")
    order_id = buy(shopper, [(world.a.variants["A-CASE"], 2)])["orders"][0]["id"]
    me = browser("alpha@example.com")
    me.post(f"/merchant/orders/{order_id}/ship/", {"carrier": "顺丰", "tracking_number": "SF0003"})
    me.post(f"/merchant/orders/{order_id}/deliver/", {"cod_outcome": "collected"})
    assert shopper.post(f"/orders/{order_id}/confirm-receipt").status_code == 200
    return order_id


def test_commission_is_net_of_refunds_after_release(world, released):
    me = browser("alpha@example.com")
    assert me.get("/merchant/balance/").context["commission"][0].amount == Decimal("4.99")
    assert me.post(f"/merchant/orders/{released}/refund/", {
        "mode": "lines", "line": me.get(f"/merchant/orders/{released}/").context["order"].lines.get().id,
        "quantity": "1", "reason": "broken"}).status_code == 302
    r = me.get("/merchant/balance/")
    assert r.context["commission"][0].amount == Decimal("4.99") - Decimal("2.50")  # half given back
    assert r.context["balances"][0].available.amount == Decimal("99.80") - Decimal("4.99") - Decimal("47.40")


@pytest.mark.parametrize(("data", "field"), [
    ({"amount": "abc", "currency": "CNY"}, "amount"),
    ({"amount": "-10", "currency": "CNY"}, "amount"),
    ({"amount": "0", "currency": "CNY"}, "amount"),
    ({"amount": "1.001", "currency": "CNY"}, "amount"),
    ({"amount": "10", "currency": "USD"}, "currency"),
    ({"amount": "10", "currency": "\x00"}, "currency"),
])
def test_bad_payout_input_is_a_field_error(world, released, data, field):
    r = browser("alpha@example.com").post("/merchant/balance/", data)
    assert r.status_code == 200 and field_errors(r, field)
    assert not Payout.objects.exists()


def test_more_than_available_is_refused_in_the_readers_language(world, released):
    r = browser("alpha@example.com", language="zh-hans").post("/merchant/balance/", {"amount": "500",
                                                                                     "currency": "CNY"})
    assert "可用余额只有" in " ".join(r.context["form"].non_field_errors())


def test_only_the_owner_requests_payouts(world, released):
    register("clerk@example.com")
    assert world.a.api.post(f"/merchants/{world.a.merchant_id}/staff",
                            {"email": "clerk@example.com", "role": "staff"}).status_code == 201
    clerk = browser("clerk@example.com")
    page = clerk.get("/merchant/balance/")
    assert page.status_code == 200 and b"Only the shop's owner can request payouts." in page.content
    r = clerk.post("/merchant/balance/", {"amount": "10", "currency": "CNY"})
    assert "only the merchant's owner requests payouts" in " ".join(r.context["form"].non_field_errors())
    assert not Payout.objects.exists()
    assert clerk.get("/merchant/orders/?status=completed").context["orders"][0].id == released


def test_service_refusals_read_in_chinese(world, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    me = browser("alpha@example.com", language="zh-hans")
    from .support import upload

    r = me.post(f"/merchant/products/{world.a.products['A-PHONE']}/images/",
                {"image": upload("x.png", b"not an image")})
    assert field_errors(r, "image") == ["必须是 JPEG、PNG 或 WebP 图片"]
    order_id = buy(register("s@example.com"), [(world.a.variants["A-CASE"], 1)])["orders"][0]["id"]
    me.post(f"/merchant/orders/{order_id}/cancel/", {"reason": ""})
    r = me.post(f"/merchant/orders/{order_id}/ship/", {"carrier": "顺丰", "tracking_number": "SF0004"})
    assert "此订单当前为“已取消”，不能变为“已发货”" in " ".join(r.context["ship_form"].non_field_errors())
