"""Both languages: the switch in the header, Chinese page strings, money with the right symbol."""

from __future__ import annotations

from django.test import Client

from .shopping import add, text


def test_language_switch_shows_chinese_and_yuan(world):
    client = Client()
    add(client, world, "A-CASE", 2)
    r = client.post("/i18n/setlang/", {"language": "en", "next": "/cart"})
    assert r.status_code == 302
    page = text(client.get("/cart"))
    assert "<h1>Your cart</h1>" in page and "CN¥99.80" in page
    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/cart"})
    page = text(client.get("/cart"))
    assert "<h1>购物车</h1>" in page and "¥99.80" in page and "CN¥" not in page
    assert 'lang="zh-Hans"' in page and "商品 A-CASE" in page


def test_error_pages_speak_the_readers_language(db):
    assert "页面不存在" in text(Client(HTTP_ACCEPT_LANGUAGE="zh-CN").get("/nope"))
    assert "Page not found" in text(Client(HTTP_ACCEPT_LANGUAGE="en").get("/nope"))


def test_dates_are_local(world):
    from .shopping import buy_and_pay

    client = Client(HTTP_ACCEPT_LANGUAGE="zh-CN")
    buy_and_pay(client, world, [("A-CASE", 1)], email="guest@example.com")
    page = text(client.get("/orders"))
    assert "年" in page and "月" in page


def test_times_are_shown_on_the_platform_calendar(settings):
    from datetime import UTC, datetime

    from django.template import Context, Template

    settings.MERCATO_TIME_ZONE = "Asia/Shanghai"
    template = Template('{% load storefront %}{{ at|platform_time|date:"Y-m-d H:i" }}')
    assert template.render(Context({"at": datetime(2026, 1, 1, 20, 30, tzinfo=UTC)})) == "2026-01-02 04:30"
