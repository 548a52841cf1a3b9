"""Campaign rules and the sale state machine, without a database."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mercato.contexts.flashsales.domain.campaign_rules import (
    ItemDraft,
    Offer,
    campaign_problems,
    is_admitting,
    seconds_until,
)
from mercato.contexts.flashsales.domain.sale_status import TRANSITIONS, SaleStatus, ensure_transition
from mercato.shared.errors import IllegalTransition

NOW = datetime(2026, 11, 10, 16, 0, tzinfo=UTC)
OFFERS = {"var_1": Offer(merchant_id="mer_a", list_price=Decimal("1999.00"), currency="CNY", sellable=True)}


def problems(**overrides: object) -> dict[str, str]:
    args: dict[str, object] = {
        "starts_at": NOW + timedelta(hours=1), "ends_at": NOW + timedelta(hours=2), "payment_minutes": 10,
        "now": NOW, "items": [ItemDraft("var_1", Decimal("999.00"), 50, 1)], "offers": OFFERS,
        "merchant_id": "mer_a"}
    args.update(overrides)
    return {p.field: p.message for p in campaign_problems(**args)}  # type: ignore[arg-type]


def test_a_sound_campaign_has_no_problems() -> None:
    assert problems() == {}


@pytest.mark.parametrize(("overrides", "field"), [
    ({"ends_at": NOW + timedelta(minutes=30)}, "ends_at"),
    ({"ends_at": NOW + timedelta(days=40)}, "ends_at"),
    ({"payment_minutes": 0}, "payment_minutes"),
    ({"items": []}, "items"),
    ({"items": [ItemDraft("var_1", Decimal("1999.00"), 5, 1)]}, "items.0.sale_price"),
    ({"items": [ItemDraft("var_1", Decimal("9.999"), 5, 1)]}, "items.0.sale_price"),
    ({"items": [ItemDraft("var_1", Decimal("0"), 5, 1)]}, "items.0.sale_price"),
    ({"items": [ItemDraft("var_1", Decimal("9.90"), 0, 1)]}, "items.0.units"),
    ({"items": [ItemDraft("var_1", Decimal("9.90"), 5, 100)]}, "items.0.per_buyer_limit"),
    ({"items": [ItemDraft("var_2", Decimal("9.90"), 5, 1)]}, "items.0.variant_id"),
    ({"merchant_id": "mer_b"}, "items.0.variant_id"),
    ({"items": [ItemDraft("var_1", Decimal("9.90"), 5, 1)] * 2}, "items.1.variant_id"),
])
def test_each_problem_names_its_field(overrides: dict[str, object], field: str) -> None:
    assert field in problems(**overrides)


def test_a_price_at_or_above_the_list_price_is_not_a_sale() -> None:
    assert "below the list price 1999.00 CNY" in problems(
        items=[ItemDraft("var_1", Decimal("2500.00"), 5, 1)])["items.0.sale_price"]


@given(st.integers(-7200, 7200))
def test_buyers_are_admitted_only_inside_a_live_window(offset: int) -> None:
    start, end = NOW, NOW + timedelta(hours=1)
    moment = NOW + timedelta(seconds=offset)
    assert is_admitting(status="live", starts_at=start, ends_at=end, now=moment) == (start <= moment < end)
    for status in ("scheduled", "ended", "cancelled"):
        assert not is_admitting(status=status, starts_at=start, ends_at=end, now=moment)


def test_the_countdown_never_goes_negative() -> None:
    assert seconds_until(NOW + timedelta(seconds=90), NOW) == 90
    assert seconds_until(NOW - timedelta(seconds=5), NOW) == 0


def test_ended_and_cancelled_sales_are_final() -> None:
    for final in (SaleStatus.ENDED, SaleStatus.CANCELLED):
        assert TRANSITIONS[final] == frozenset()
        with pytest.raises(IllegalTransition):
            ensure_transition(final, SaleStatus.LIVE)
    ensure_transition(SaleStatus.SCHEDULED, SaleStatus.LIVE)
    with pytest.raises(IllegalTransition):
        ensure_transition(SaleStatus.LIVE, SaleStatus.SCHEDULED)
