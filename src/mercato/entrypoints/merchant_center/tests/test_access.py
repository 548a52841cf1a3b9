"""Who sees what in the merchant center: sign-in first, then the application, then the shop's pages."""

import pytest

from conftest import register
from mercato.contexts.merchants.models import Merchant

from .support import browser, field_errors

pytestmark = pytest.mark.django_db

PAGES = ["/merchant/", "/merchant/products/", "/merchant/products/new/", "/merchant/stock/",
         "/merchant/warehouses/", "/merchant/orders/", "/merchant/returns/", "/merchant/balance/"]


@pytest.mark.parametrize("path", [*PAGES, "/merchant/apply/"])
def test_anonymous_visitors_are_sent_to_sign_in(client, path):
    r = client.get(path)
    assert r.status_code == 302 and r.url.startswith("/accounts/login/?next=/merchant/")


@pytest.mark.parametrize("path", PAGES)
def test_a_user_without_a_shop_gets_the_application_form(db, path):
    register("nobody@example.com")
    r = browser("nobody@example.com").get(path, follow=True)
    assert r.redirect_chain[-1][0] == "/merchant/apply/"
    assert b"Sell on Mercato" in r.content and b'name="business_license"' in r.content


def test_application_fields_are_checked_and_explained(db):
    register("nobody@example.com")
    r = browser("nobody@example.com").post("/merchant/apply/", {
        "name": "Bad\x00Name", "contact_email": "not-an-email", "business_license": "汉字-licence"})
    assert r.status_code == 200
    assert field_errors(r, "name") and field_errors(r, "contact_email") and field_errors(r, "business_license")
    assert not Merchant.objects.exists()


def test_field_errors_read_in_chinese_for_chinese_readers(db):
    register("nobody@example.com")
    r = browser("nobody@example.com", language="zh-hans").post("/merchant/apply/", {"name": ""})
    assert "这个字段是必填项。" in field_errors(r, "name")
    assert "申请" in r.content.decode()


def test_staff_of_an_active_shop_skip_the_application(world):
    assert browser("alpha@example.com").get("/merchant/apply/").url == "/merchant/"


def test_a_suspended_shop_sees_a_notice_and_cannot_list_products(world):
    world.operator.post(f"/merchants/{world.a.merchant_id}/suspend")
    me = browser("alpha@example.com")
    assert b"Your shop is suspended" in me.get("/merchant/apply/").content
    r = me.get("/merchant/")
    assert r.status_code == 200 and b"suspended by the platform" in r.content
    r = me.post("/merchant/products/new/", {"title_zh": "新品", "category": world.category, "sku": "NEW-1",
                                            "price": "10", "currency": "CNY", "weight_grams": "0"})
    assert r.status_code == 200
    assert "only active shops can sell" in " ".join(r.context["form"].non_field_errors())


def test_a_second_application_is_refused_with_a_message(world):
    me = browser("alpha@example.com")
    assert me.post("/merchant/apply/", {"name": "Again", "contact_email": "a@example.com",
                                        "business_license": "ABCDEF1"}).status_code == 302
    assert Merchant.objects.filter(name="Again").count() == 0


def test_forms_refuse_posts_without_the_csrf_token(world):
    from django.test import Client

    from mercato.contexts.identity.models import User

    client = Client(enforce_csrf_checks=True)
    client.force_login(User.objects.get(email="alpha@example.com"))
    assert client.post("/merchant/warehouses/", {"code": "X1", "name": "x", "country": "CN", "city": "x",
                                                 "priority": "0"}).status_code == 403
    page = client.get("/merchant/warehouses/")
    assert b'name="csrfmiddlewaretoken"' in page.content
