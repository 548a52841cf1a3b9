"""Flash sales in the merchant center: scheduling through the form (field errors in words, next to the fields),
the list with prices and units, a sale's reconciliation and history, and cancelling it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.test import override_settings

from conftest import World, register
from mercato.contexts.flashsales.models import FlashSale
from mercato.contexts.inventory.public import available_totals
from mercato.entrypoints.storefront.tests.flash_sale_support import flash_sales_on_the_database_path  # noqa: F401 (autouse)
from mercato.shared import clock

from .support import browser, field_errors

pytestmark = pytest.mark.django_db
PAGE = "/merchant/flash-sales/"


def local(moment: datetime) -> str:
    """What a datetime-local input sends, in the platform's time zone."""
    return moment.astimezone(clock.platform_zone()).strftime("%Y-%m-%dT%H:%M")


def sale_form(world: World, /, **overrides: Any) -> dict[str, Any]:
    start = clock.now() + timedelta(days=1)
    data = {"title_zh": "双十一秒杀", "title_en": "Singles' Day flash sale", "starts_at": local(start),
            "ends_at": local(start + timedelta(hours=2)), "payment_minutes": "10", "rows": "3",
            "item0_variant_id": world.a.variants["A-PHONE"], "item0_sale_price": "999.00", "item0_units": "3",
            "item0_per_buyer_limit": "1", "item1_per_buyer_limit": "1", "item2_per_buyer_limit": "1"}
    data.update(overrides)
    return data


def test_a_merchant_schedules_a_sale_through_the_form_and_it_appears(world):
    me = browser("alpha@example.com")
    form = sale_form(world, starts_at="2030-11-11T00:00", ends_at="2030-11-11T02:00", item1_variant_id=world.a.variants[
        "A-CASE"], item1_sale_price="19.90", item1_units="50", item1_per_buyer_limit="2")
    with override_settings(MERCATO_TIME_ZONE="Asia/Shanghai"):
        r = me.post(PAGE, form)
    sale = FlashSale.objects.get()
    assert r.status_code == 302 and r.url == f"/merchant/flash-sales/{sale.id}/"
    assert sale.title == {"zh-Hans": "双十一秒杀", "en": "Singles' Day flash sale"}
    assert sale.starts_at == datetime(2030, 11, 10, 16, 0, tzinfo=UTC)  # 00:00 in Shanghai
    assert sale.status == "scheduled" and sale.payment_minutes == 10
    items = {i.variant_id: i for i in sale.items.all()}
    assert (items[world.a.variants["A-CASE"]].sale_price, items[world.a.variants["A-CASE"]].per_buyer_limit) == (
        Decimal("19.90"), 2)
    page = browser("alpha@example.com").get(PAGE).content.decode()
    assert "Singles&#x27; Day flash sale" in page and "Scheduled" in page
    assert "<strong>CN¥999.00</strong>" in page and "<s>CN¥1,999.00</s>" in page and "A-CASE" in page
    detail = me.get(r.url).content.decode()
    assert "Nov. 11, 2030" in detail or "2030" in detail


def test_a_sale_starting_now_opens_at_once_and_sets_its_units_aside(world):
    variant = world.a.variants["A-PHONE"]
    before = available_totals([variant])[variant]
    now = clock.now()
    r = browser("alpha@example.com").post(PAGE, sale_form(world, starts_at=local(now - timedelta(minutes=1)),
                                                          ends_at=local(now + timedelta(hours=1))))
    assert r.status_code == 302
    assert FlashSale.objects.get().status == "live"
    assert available_totals([variant])[variant] == before - 3
    page = browser("alpha@example.com").get(r.url).content.decode()
    assert "Live" in page and "OK: the admission gate and the database agree" in page
    assert "Opened: units set aside" in page and "units set aside: A-PHONE: 3" in page


@pytest.mark.parametrize(("overrides", "field", "words"), [
    ({"item0_sale_price": "1999.00"}, "item0_sale_price", "must be below the list price 1999.00 CNY"),
    ({"item0_sale_price": "0"}, "item0_sale_price", None),
    ({"item0_sale_price": "abc"}, "item0_sale_price", None),
    ({"item0_units": "11"}, "item0_units", "only 10 units are in stock"),
    ({"item0_units": "0"}, "item0_units", None),
    ({"item0_per_buyer_limit": "100"}, "item0_per_buyer_limit", None),
    ({"item0_units": ""}, "item0_units", "This field is required."),
    ({"ends_at": "2020-01-01T00:00"}, "ends_at", "must be after the start"),
    ({"starts_at": "tomorrow"}, "starts_at", None),
    ({"payment_minutes": "0"}, "payment_minutes", None),
    ({"payment_minutes": "61"}, "payment_minutes", None),
    ({"title_zh": "", "title_en": ""}, "title_zh", "Give a title in at least one language."),
    ({"title_en": "two\nlines"}, "title_en", None),
    ({"item0_variant_id": "", "item0_sale_price": "", "item0_units": ""}, "item0_variant_id",
     "Choose at least one variant for the sale."),
    ({"item0_variant_id": "var_notmine"}, "item0_variant_id", None),
    ({"item1_variant_id": "@A-PHONE", "item1_sale_price": "990.00", "item1_units": "1"}, "item1_variant_id",
     "appears twice in this sale"),
])
def test_bad_input_shows_field_errors_and_creates_no_sale(world, overrides, field, words):
    if overrides.get("item1_variant_id") == "@A-PHONE":
        overrides = {**overrides, "item1_variant_id": world.a.variants["A-PHONE"]}
    r = browser("alpha@example.com").post(PAGE, sale_form(world, **overrides))
    assert r.status_code == 200
    errors = field_errors(r, field)
    assert errors, r.context["form"].errors
    if words:
        assert words in errors
    assert not FlashSale.objects.exists()


def test_another_shops_variant_is_not_a_choice(world):
    r = browser("alpha@example.com").post(PAGE, sale_form(world, item0_variant_id=world.b.variants["B-LAMP"]))
    assert field_errors(r, "item0_variant_id") and not FlashSale.objects.exists()


def test_an_error_lands_on_the_row_that_caused_it_when_rows_are_skipped(world):
    r = browser("alpha@example.com").post(PAGE, sale_form(
        world, item0_variant_id="", item0_sale_price="", item0_units="",
        item2_variant_id=world.a.variants["A-CASE"], item2_sale_price="60.00", item2_units="5"))
    assert field_errors(r, "item2_sale_price") == ["must be below the list price 49.90 CNY"]
    assert not FlashSale.objects.exists()


def test_chinese_readers_get_the_services_refusals_in_chinese(world):
    r = browser("alpha@example.com", language="zh-hans").post(PAGE, sale_form(world, item0_sale_price="2500"))
    assert field_errors(r, "item0_sale_price") == ["必须低于标价 1999.00 CNY"]
    assert "必须低于标价 1999.00 CNY" in r.content.decode()


def test_another_variant_row_keeps_what_was_typed(world):
    r = browser("alpha@example.com").post(PAGE, sale_form(world, title_en="Keep me", add_row="1"))
    assert r.status_code == 200 and not r.context["form"].errors
    assert r.context["form"].row_count == 4
    page = r.content.decode()
    assert 'value="Keep me"' in page and 'name="item3_variant_id"' in page
    assert not FlashSale.objects.exists()


def _live_sale(world: World) -> FlashSale:
    now = clock.now()
    r = browser("alpha@example.com").post(PAGE, sale_form(world, starts_at=local(now - timedelta(minutes=1)),
                                                          ends_at=local(now + timedelta(hours=1))))
    assert r.status_code == 302
    return FlashSale.objects.get()


def test_an_owner_cancels_a_sale_and_the_units_go_back(world):
    variant = world.a.variants["A-PHONE"]
    before = available_totals([variant])[variant]
    sale = _live_sale(world)
    me = browser("alpha@example.com")
    r = me.post(f"{PAGE}{sale.id}/cancel/", {"reason": "priced wrong"})
    assert r.status_code == 302 and r.url == f"{PAGE}{sale.id}/"
    sale.refresh_from_db()
    assert sale.status == "cancelled"
    assert available_totals([variant])[variant] == before
    page = me.get(r.url).content.decode()
    assert "Cancelled: unsold units back on the shelf" in page and "priced wrong" in page
    assert "Cancel the flash sale</button>" not in page
    again = me.post(f"{PAGE}{sale.id}/cancel/", {})
    assert again.status_code == 409 and "the flash sale is already cancelled" in again.content.decode()


def test_staff_may_not_cancel_and_are_told_why(world):
    sale = _live_sale(world)
    register("colleague@example.com")
    assert world.a.api.post(f"/merchants/{world.a.merchant_id}/staff",
                            {"email": "colleague@example.com", "role": "staff"}).status_code == 201
    r = browser("colleague@example.com").post(f"{PAGE}{sale.id}/cancel/", {"reason": ""})
    assert r.status_code == 403
    assert "only the shop&#x27;s owners and managers may cancel a flash sale" in r.content.decode()
    sale.refresh_from_db()
    assert sale.status == "live"


def test_another_shops_sale_is_not_found(world):
    sale = _live_sale(world)
    beta = browser("beta@example.com")
    assert beta.get(f"{PAGE}{sale.id}/").status_code == 404
    assert beta.post(f"{PAGE}{sale.id}/cancel/", {}).status_code == 404
    assert "Singles" not in beta.get(PAGE).content.decode()
    assert browser("alpha@example.com").get(f"{PAGE}{sale.id}/cancel/").status_code == 405


def test_pages_render_in_both_languages(world):
    sale = _live_sale(world)
    for language, words in (("en", ["Flash sales", "New flash sale", "Reconciliation"]),
                            ("zh-hans", ["限时秒杀", "新建秒杀活动", "对账"])):
        me = browser("alpha@example.com", language=language)
        page = me.get(PAGE).content.decode() + me.get(f"{PAGE}{sale.id}/").content.decode()
        for word in words:
            assert word in page, (language, word)


def test_pages_stay_within_the_query_budget(world, django_assert_max_num_queries):
    """The list is constant; the detail's reconciliation reads each item's pool, purchases and tallies (three
    queries an item, in the flashsales context), the rest of the page is constant."""
    now = clock.now()
    me = browser("alpha@example.com")
    r = me.post(PAGE, sale_form(world, starts_at=local(now - timedelta(minutes=1)), ends_at=local(now + timedelta(
        hours=1)), item1_variant_id=world.a.variants["A-CASE"], item1_sale_price="19.90", item1_units="5"))
    assert r.status_code == 302
    me.post(PAGE, sale_form(world))  # a second, later sale of the phone
    with django_assert_max_num_queries(15):
        assert me.get(PAGE).status_code == 200
    with django_assert_max_num_queries(13 + 3 * 2):
        assert me.get(r.url).status_code == 200
