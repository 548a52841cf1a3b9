"""Warehouses and counted stock through the pages."""

import pytest

import shared_world
from conftest import buy, register
from mercato.contexts.inventory.models import StockLevel, StockLot, Warehouse

from .support import browser, field_errors

module_world, world = shared_world.module_world, shared_world.world  # one world per module, not per test

pytestmark = pytest.mark.django_db


def test_warehouses_are_listed_and_added_with_checked_fields(world):
    me = browser("alpha@example.com")
    r = me.post("/merchant/warehouses/", {"code": "BJ 1", "name": "", "country": "China", "city": "北京",
                                          "priority": "5000"})
    assert r.status_code == 200
    for field in ("code", "name", "country", "priority"):
        assert field_errors(r, field), field
    r = me.post("/merchant/warehouses/", {"code": "SH1", "name": "又一个", "country": "CN", "city": "上海",
                                          "priority": "0"})
    assert r.status_code == 200 and "SH1" in " ".join(r.context["form"].non_field_errors())
    r = me.post("/merchant/warehouses/", {"code": "BJ1", "name": "北京仓", "country": "CN", "city": "北京",
                                          "priority": "5"}, follow=True)
    assert [w.code for w in r.context["warehouses"]] == ["BJ1", "SH1"]
    assert Warehouse.objects.filter(merchant_id=world.b.merchant_id).count() == 1


def test_setting_stock_with_and_without_a_lot(world):
    me = browser("alpha@example.com")
    variant = world.a.variants["A-PHONE"]
    url = f"/merchant/stock/{variant}/"
    assert me.post(url, {"warehouse": world.a.warehouse_id, "on_hand": "3"}).status_code == 302
    level = StockLevel.objects.get(variant_id=variant)
    assert level.on_hand == 3
    page = me.get("/merchant/stock/?low=1").content.decode()
    assert "A-PHONE" in page and "A-CASE" not in page
    r = me.post(url, {"warehouse": world.a.warehouse_id, "on_hand": "2", "lot_code": "L-2026-11",
                      "lot_expires_on": "2027-05-31"})
    assert r.status_code == 302
    lot = StockLot.objects.get(level=level)
    assert (lot.code, lot.on_hand, str(lot.expires_on)) == ("L-2026-11", 2, "2027-05-31")
    assert "L-2026-11" in me.get(url).content.decode()


@pytest.mark.parametrize(("data", "field"), [
    ({"on_hand": "-1"}, "on_hand"),
    ({"on_hand": "abc"}, "on_hand"),
    ({"on_hand": "1.5"}, "on_hand"),
    ({"on_hand": "1000000000000"}, "on_hand"),
    ({"on_hand": ""}, "on_hand"),
    ({"on_hand": "5", "warehouse": "wh_01m8bcdcv378yd19er6hvfy8h3"}, "warehouse"),
    ({"on_hand": "5", "lot_code": "lot with spaces"}, "lot_code"),
    ({"on_hand": "5", "lot_expires_on": "2027-02-30"}, "lot_expires_on"),
    ({"on_hand": "5", "lot_expires_on": "2027-01-01"}, "lot_code"),
])
def test_bad_stock_input_is_a_field_error(world, data, field):
    me = browser("alpha@example.com")
    variant = world.a.variants["A-PHONE"]
    r = me.post(f"/merchant/stock/{variant}/", {"warehouse": world.a.warehouse_id, **data})
    assert r.status_code == 200 and field_errors(r, field), r.context["form"].errors
    assert StockLevel.objects.get(variant_id=variant).on_hand == 10


def test_stock_held_for_orders_cannot_be_counted_away(world):
    variant = world.a.variants["A-PHONE"]
    buy(register("shopper@example.com"), [(variant, 4)])
    r = browser("alpha@example.com").post(f"/merchant/stock/{variant}/", {
        "warehouse": world.a.warehouse_id, "on_hand": "1"})
    assert r.status_code == 200
    assert "held for orders" in " ".join(r.context["form"].non_field_errors())


def test_another_merchants_variant_is_not_found(world):
    me = browser("beta@example.com")
    url = f"/merchant/stock/{world.a.variants['A-PHONE']}/"
    assert me.get(url).status_code == 404
    assert me.post(url, {"warehouse": world.b.warehouse_id, "on_hand": "0"}).status_code == 404
    r = me.post(f"/merchant/stock/{world.b.variants['B-LAMP']}/", {"warehouse": world.a.warehouse_id,
                                                                   "on_hand": "1"})
    assert r.status_code == 200 and field_errors(r, "warehouse")


def test_stock_list_survives_a_bad_page_number(world):
    me = browser("alpha@example.com")
    for page in ("abc", "-1", "99999", "1%00"):
        assert me.get(f"/merchant/stock/?page={page}").status_code == 200
        assert me.get(f"/merchant/products/?page={page}&status=weird&q=%00").status_code == 200
