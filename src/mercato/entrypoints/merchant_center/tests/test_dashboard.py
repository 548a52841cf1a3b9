"""The dashboard counts the platform's calendar day (Asia/Shanghai), and pages show times in it."""

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from conftest import buy, register
from mercato.shared import clock

from .support import browser

pytestmark = pytest.mark.django_db


def test_today_is_the_local_day_and_times_are_local(world):
    shopper = register("night-owl@example.com")
    with clock.frozen_at(datetime(2026, 11, 10, 17, 30, tzinfo=UTC)):  # 01:30 on 11 November in Shanghai
        checkout = buy(shopper, [(world.a.variants["A-CASE"], 2)])
    me = browser("alpha@example.com", language="zh-hans")
    with clock.frozen_at(datetime(2026, 11, 11, 15, 0, tzinfo=UTC)):  # 23:00 on 11 November in Shanghai
        figures = me.get("/merchant/").context["figures"]
        assert figures.orders_today == 1 and figures.to_ship == 1
        assert figures.revenue_today[0].amount == Decimal(checkout["orders"][0]["total"]["amount"])
    with clock.frozen_at(datetime(2026, 11, 10, 15, 0, tzinfo=UTC)):  # 23:00 on 10 November in Shanghai
        assert me.get("/merchant/").context["figures"].orders_today == 0
    page = me.get("/merchant/orders/").content.decode()
    assert "2026年11月11日" in page or "2026/11/11" in page
    assert "¥99.80" in page
