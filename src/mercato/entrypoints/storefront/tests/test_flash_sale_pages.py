"""Flash sales on the storefront: the list with countdowns, buying on a sale's page and paying as after any
checkout, every refusal a readable message beside what the shopper typed, the product page's banner."""

from __future__ import annotations

import itertools
import re
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client, override_settings

from conftest import ADDRESS
from mercato.contexts.orders.models import Order
from mercato.shared import clock, jobs

from .flash_sale_support import flash_sales_on_the_database_path, schedule  # noqa: F401 (autouse)
from .shopping import pay_card, product_url, signed_in, text

pytestmark = pytest.mark.django_db
ATTEMPTS = itertools.count()


def sale_path(sale: dict[str, Any]) -> str:
    return f"/flash-sales/{sale['id']}/"


def buy(client: Client, sale: dict[str, Any], **changes: Any) -> Any:
    data = {"item_id": sale["items"][0]["id"], "quantity": "1", **ADDRESS, "shipping_method": "standard",
            "attempt": f"try-{next(ATTEMPTS)}", **changes}
    return client.post(sale_path(sale), data)


def alert(response: Any) -> str:
    found = re.search(r'<div class="msg msg--error" role="alert"><p>(.*?)</p>', text(response), re.S)
    assert found, text(response)[:3000]
    return found[1]


def test_a_shopper_buys_at_the_sale_price_and_lands_on_the_payment_page(world):
    sale = schedule(world, units=3)
    shopper = signed_in()
    r = buy(shopper, sale)
    assert r.status_code == 302 and r["Location"].startswith("/pay/pay_"), text(r)[:2000]
    payment_id = r["Location"].rsplit("/", 1)[1]
    order = Order.objects.get(payment_id=payment_id)
    assert (order.status, order.total) == ("pending_payment", Decimal("999.00"))
    assert order.lines.get().unit_price == Decimal("999.00")
    pay_page = text(shopper.get(r["Location"]))
    assert "CN¥999.00" in pay_page or "¥999.00" in pay_page
    assert "2 left" in text(Client(HTTP_ACCEPT_LANGUAGE="en").get(sale_path(sale)))
    paid = pay_card(shopper, r["Location"])
    assert paid.status_code == 302 and paid["Location"].endswith("/done")
    order.refresh_from_db()
    assert order.status == "paid"


def test_the_payment_page_says_how_long_the_shopper_has(world):
    sale = schedule(world)
    shopper = signed_in()
    shopper.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    page = text(shopper.get(buy(shopper, sale)["Location"]))
    assert "It is yours at the sale price. Pay within 10 minutes" in page


def test_a_double_submit_places_one_order(world):
    sale = schedule(world, units=3, limit=2)
    shopper = signed_in()
    first = buy(shopper, sale, attempt="same-key")
    second = buy(shopper, sale, attempt="same-key")
    assert first["Location"] == second["Location"]
    assert Order.objects.count() == 1


def test_the_same_page_sent_again_with_other_details_is_explained(world):
    sale = schedule(world, units=3, limit=2)
    shopper = signed_in()
    shopper.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    assert buy(shopper, sale, attempt="page-1").status_code == 302
    r = buy(shopper, sale, attempt="page-1", name="李四")
    assert r.status_code == 422 and alert(r).startswith("This form was already sent with other details.")
    assert Order.objects.count() == 1


def test_a_purchase_sent_as_the_sale_ends_is_refused_in_words(world):
    sale = schedule(world)
    shopper = signed_in()
    shopper.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    jobs.run_job("flash-sales-open-and-end", as_of=clock.now() + timedelta(hours=2))
    r = buy(shopper, sale)
    assert r.status_code == 409 and alert(r) == "This sale is over."


def test_a_second_attempt_shows_the_limit_and_keeps_what_was_typed(world):
    sale = schedule(world, units=5, limit=1)
    shopper = signed_in()
    shopper.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    assert buy(shopper, sale).status_code == 302
    again = buy(shopper, sale, name="李四", line1="人民路 8 号")
    assert again.status_code == 409
    assert alert(again) == "You already bought your limit on this offer (1 per shopper)."
    assert 'value="李四"' in text(again) and 'value="人民路 8 号"' in text(again)
    assert Order.objects.count() == 1


def test_sold_out_shows_the_sold_out_message(world):
    sale = schedule(world, units=1)
    assert buy(signed_in("first@example.com"), sale).status_code == 302
    late = signed_in("late@example.com")
    late.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    r = buy(late, sale)
    assert r.status_code == 409 and alert(r).startswith("Sold out: every unit on offer has been taken.")
    assert "Sold out" in text(late.get(sale_path(sale)))


def test_before_the_start_the_page_counts_down_and_refuses_readably(world):
    sale = schedule(world, starts_in=timedelta(hours=2))
    visitor = Client(HTTP_ACCEPT_LANGUAGE="en")
    listing = text(visitor.get("/flash-sales/"))
    coming = listing[listing.index("Coming up"):]
    assert "Singles&#x27; Day flash sale" in coming and "Starts in" in coming and "3 units on offer" in coming
    assert re.search(r"01:59:\d\d", coming)
    shopper = signed_in()
    shopper.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    r = buy(shopper, sale)
    assert r.status_code == 409
    assert re.fullmatch(r"This sale has not started yet\. It starts in 01:59:\d\d\.", alert(r))


def test_an_ended_sale_shows_that_it_is_over_without_a_form(world):
    sale = schedule(world)
    jobs.run_job("flash-sales-open-and-end", as_of=clock.now() + timedelta(hours=2))
    page = text(Client(HTTP_ACCEPT_LANGUAGE="en").get(sale_path(sale)))
    assert "This sale is over." in page and "Buy now" not in page
    assert f'id="flash-sale-live-{sale["id"]}" class="flash-live">' in page  # the countdown no longer polls
    assert "Singles" not in text(Client().get("/flash-sales/"))


def test_visitors_see_the_sale_and_are_sent_to_log_in_to_buy(world):
    sale = schedule(world)
    page = text(Client(HTTP_ACCEPT_LANGUAGE="en").get(sale_path(sale)))
    assert f'href="/accounts/login/?next=/flash-sales/{sale["id"]}/"' in page and "Log in to buy" in page
    r = buy(Client(), sale)
    assert r.status_code == 302 and r["Location"] == f"/accounts/login/?next=/flash-sales/{sale['id']}/"


@pytest.mark.parametrize(("changes", "field"), [
    ({"quantity": "2"}, "quantity"),
    ({"quantity": "0"}, "quantity"),
    ({"quantity": "many"}, "quantity"),
    ({"phone": ""}, "phone"),
    ({"country": "China"}, "country"),
    ({"name": "坏\x07名字"}, "name"),
    ({"shipping_method": "teleport"}, "shipping_method"),
])
def test_bad_input_is_shown_beside_the_field_never_a_500(world, changes, field):
    sale = schedule(world)
    r = buy(signed_in(), sale, **changes)
    assert r.status_code == 400
    assert field in r.context["forms"][0][1].errors
    assert Order.objects.count() == 0


def test_unknown_sales_and_items_are_not_found(world):
    sale = schedule(world)
    shopper = signed_in()
    assert shopper.get("/flash-sales/fls_00000000000000000000000000/").status_code == 404
    assert buy(shopper, sale, item_id="fsi_00000000000000000000000000").status_code == 404


@override_settings(MERCATO_FLASH_RATE_PER_ACCOUNT=1)
def test_too_many_attempts_say_when_to_try_again(world):
    sale = schedule(world, units=5, limit=1)
    shopper = signed_in()
    shopper.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    answers = [buy(shopper, sale, attempt=f"k{i}") for i in range(3)]
    refused = [a for a in answers if a.status_code == 429]
    assert refused, [a.status_code for a in answers]
    assert re.fullmatch(r"Too many attempts\. Try again in \d+ seconds?\.", alert(refused[0]))


def test_the_product_page_shows_the_banner(world):
    sale = schedule(world, starts_in=timedelta(minutes=30))
    visitor = Client(HTTP_ACCEPT_LANGUAGE="en")
    page = text(visitor.get(product_url(world, "A-PHONE")))
    assert "Flash sale coming: Singles&#x27; Day flash sale" in page and "Starts in" in page
    assert "CN¥999.00" in page and "3 units on offer" in page and f'href="{sale_path(sale)}"' in page
    assert "flash-banner" not in text(visitor.get(product_url(world, "B-LAMP")))
    later = clock.now() + timedelta(minutes=31)
    jobs.run_job("flash-sales-open-and-end", as_of=later)
    with clock.frozen_at(later):
        page = text(visitor.get(product_url(world, "A-PHONE")))
    assert "Flash sale now" in page and "Ends in" in page and "3 left" in page


def test_the_poll_refreshes_the_countdown_and_units_left_only(world):
    sale = schedule(world)
    fragment = text(Client(HTTP_ACCEPT_LANGUAGE="en").get(sale_path(sale), HTTP_HX_REQUEST="true"))
    assert "<html" not in fragment and 'hx-trigger="every 5s"' in fragment and "Ends in" in fragment
    assert f'id="left-{sale["items"][0]["id"]}" class="units-left" hx-swap-oob="true"' in fragment
    listing = text(Client().get("/flash-sales/", HTTP_HX_REQUEST="true"))
    assert listing.startswith('<div id="flash-sales-list"') and "<html" not in listing


def test_pages_render_in_both_languages(world):
    sale = schedule(world)
    for language, words in (("en", ["Flash sales", "Live now", "Buy now", "Ends in", "at most 1 per shopper"]),
                            ("zh-hans", ["限时秒杀", "正在秒杀", "立即抢购", "距结束", "每人限购 1 件"])):
        shopper = signed_in(f"{language}@example.com")
        shopper.defaults["HTTP_ACCEPT_LANGUAGE"] = language
        page = text(shopper.get("/flash-sales/")) + text(shopper.get(sale_path(sale)))
        for word in words:
            assert word in page, (language, word)
    home = text(Client(HTTP_ACCEPT_LANGUAGE="zh-hans").get("/"))
    assert 'href="/flash-sales/"' in home


def test_pages_stay_within_the_query_budget(world, django_assert_max_num_queries):
    sale = schedule(world)
    shopper = signed_in()
    for path in ("/flash-sales/", sale_path(sale), product_url(world, "A-PHONE")):
        with django_assert_max_num_queries(15):
            assert shopper.get(path).status_code == 200
