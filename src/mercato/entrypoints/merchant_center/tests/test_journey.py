"""The merchant's whole journey through the pages: apply, get approved in the console, list a product with an
image, stock it, ship and deliver a shopper's order, and see the money move from escrow to available."""

from decimal import Decimal

import pytest
from django.test import override_settings

from conftest import buy, register
from mercato.contexts.catalog.models import ProductImage
from mercato.contexts.merchants.models import Merchant

from .support import browser, field_errors, product_form, tiny_png, upload

pytestmark = pytest.mark.django_db


def test_apply_approve_sell_ship_and_get_paid(world, tmp_path):
    register("shopkeeper@example.com", name="Shop Keeper")
    me = browser("shopkeeper@example.com")
    assert me.get("/merchant/").url == "/merchant/apply/"

    r = me.post("/merchant/apply/", {"name": "Gamma 茶叶", "contact_email": "tea@example.com",
                                     "business_license": "x"})
    assert r.status_code == 200 and field_errors(r, "business_license")
    r = me.post("/merchant/apply/", {"name": "Gamma 茶叶", "contact_email": "tea@example.com",
                                     "business_license": "91310000MA1KTEA"}, follow=True)
    assert b"Your application is being reviewed" in r.content
    assert me.get("/merchant/products/").url == "/merchant/apply/"
    merchant = Merchant.objects.get(name="Gamma 茶叶")

    ops = browser("ops@example.com")
    r = ops.get("/console/merchants/?status=pending")
    assert "Gamma 茶叶" in r.content.decode()
    r = ops.post(f"/console/merchants/{merchant.id}/status/", {"status": "active"}, follow=True)
    assert "Gamma 茶叶 is approved." in r.content.decode()

    assert me.get("/merchant/").status_code == 200
    r = me.post("/merchant/warehouses/", {"code": "HZ1", "name": "杭州仓", "country": "cn", "city": "杭州",
                                          "priority": "10"}, follow=True)
    assert "The warehouse was added." in r.content.decode() and "杭州仓" in r.content.decode()

    r = me.post("/merchant/products/new/", product_form(world.category, sku="TEA-LJ", price="128.00"))
    assert r.status_code == 302, r.context and r.context["form"].errors
    product_edit = r.url
    product_id = product_edit.rstrip("/").rsplit("/", 1)[-1]

    with override_settings(MEDIA_ROOT=tmp_path):
        r = me.post(f"{product_edit}images/", {"image": upload("leaf.png", tiny_png()), "alt_zh": "龙井茶叶",
                                                "alt_en": "Longjing tea leaves"})
        assert r.status_code == 302
        r = me.post(f"{product_edit}images/", {"image": upload("fake.png", b"just some text, not a picture")})
        assert r.status_code == 200
        assert field_errors(r, "image") == ["must be a JPEG, PNG or WebP image"]
        image = ProductImage.objects.get(product_id=product_id)
        assert image.alt == {"zh-Hans": "龙井茶叶", "en": "Longjing tea leaves"}
        assert image.file.name.endswith(".png") and (tmp_path / image.file.name).exists()
        page = me.get(product_edit).content.decode()
        assert image.file.url in page and 'alt="Longjing tea leaves"' in page

    variant_id = image.product.variants.get().id
    warehouse_id = me.get("/merchant/warehouses/").context["warehouses"][0].id
    r = me.post(f"/merchant/stock/{variant_id}/", {"warehouse": warehouse_id, "on_hand": "40"})
    assert r.status_code == 302

    shopper = register("buyer@example.com")
    checkout = buy(shopper, [(variant_id, 2)])
    order_id = checkout["orders"][0]["id"]

    r = me.get("/merchant/orders/?status=paid")
    assert order_id in r.content.decode()
    r = me.post(f"/merchant/orders/{order_id}/ship/", {"carrier": "顺丰", "tracking_number": "SF1234567"})
    assert r.status_code == 302
    r = me.post(f"/merchant/orders/{order_id}/deliver/", {"cod_outcome": "collected"}, follow=True)
    assert "The delivery was recorded." in r.content.decode()

    total = Decimal(checkout["orders"][0]["total"]["amount"])
    held = me.get("/merchant/balance/").context["balances"][0]
    assert held.held_in_escrow.amount == total and held.available.amount == 0

    assert shopper.post(f"/orders/{order_id}/confirm-receipt").status_code == 200
    r = me.get("/merchant/balance/")
    balance, commission = r.context["balances"][0], r.context["commission"][0]
    assert balance.held_in_escrow.amount == 0
    assert commission.amount == (total * Decimal("0.05")).quantize(Decimal("0.01"))
    assert balance.available.amount == total - commission.amount

    r = me.post("/merchant/balance/", {"amount": "1000000", "currency": "CNY"})
    assert field_errors(r, "__all__") or r.context["form"].non_field_errors()
    r = me.post("/merchant/balance/", {"amount": "100.00", "currency": "CNY"}, follow=True)
    assert "The payout was sent." in r.content.decode()
    balance = r.context["balances"][0]
    assert balance.paid_out.amount == Decimal("100.00")
    assert balance.available.amount == total - commission.amount - Decimal("100.00")
