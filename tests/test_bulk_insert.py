"""The hot path's bulk insert (COPY on PostgreSQL, bulk_create elsewhere) stores rows exactly as bulk_create."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest
from django.db import IntegrityError, connection, transaction

from mercato.contexts.identity.models import Address, User
from mercato.contexts.orders.domain.order_status import OrderStatus
from mercato.contexts.orders.models import Order, OrderTransition
from mercato.shared.bulk_insert import insert_rows
from mercato.shared.models import OutboxMessage

pytestmark = pytest.mark.django_db


def _order(number: str) -> Order:
    at = datetime(2026, 11, 11, 0, 0, 1, 123456, tzinfo=UTC)
    return Order(number=number, checkout_ref="chk_1", merchant_id="mer_1", buyer_user_id=None,
                 shipping_address_id="adr_1", shipping_method="standard", payment_id="pay_1", currency="CNY",
                 subtotal=Decimal("199.00"), discount=Decimal("0"), shipping=Decimal("0.00"), tax=Decimal("22.89"),
                 total=Decimal("199.00"), commission_total=Decimal("9.95"), status=OrderStatus.PENDING_PAYMENT,
                 placed_at=at, reserved_until=at)


def test_rows_read_back_as_given_with_enums_decimals_and_times() -> None:
    orders = [_order(f"M{i:05d}") for i in range(3)]
    insert_rows(Order, orders)
    stored = {o.id: o for o in Order.objects.filter(pk__in=[o.id for o in orders])}
    assert set(stored) == {o.id for o in orders}
    for given in orders:
        got = stored[given.id]
        assert (got.number, got.status, got.total, got.tax, got.placed_at) == (
            given.number, "pending_payment", Decimal("199.00"), Decimal("22.89"), given.placed_at)
        assert got.buyer_user_id is None
    assert all(not o._state.adding for o in orders)


def test_auto_now_add_fields_get_the_time_of_the_insert_and_text_keeps_tabs_and_newlines() -> None:
    user = User.objects.create(email="copy@example.com", name="Copy", password="!")
    before = datetime.now(UTC)
    odd = "line\tone\nline two \\ 上海市"
    insert_rows(Address, [Address(user_id=user.id, name="张三", phone="13800138000", country="CN", city="上海",
                                  line1=odd)])
    (got,) = Address.objects.filter(user_id=user.id)
    assert got.line1 == odd and got.name == "张三"
    assert got.created_at >= before.replace(microsecond=0)


def test_json_fields_round_trip_and_auto_increment_keys_are_assigned_by_the_database() -> None:
    payload: dict[str, Any] = {"order_id": "ord_1", "variant_ids": ["var_1", "var_2"], "total": "9.90",
                               "nested": {"zh": "秒杀", "quote": "a \"b\"\tc"}, "none": None}
    at = datetime(2026, 11, 11, tzinfo=UTC)
    insert_rows(OutboxMessage, [OutboxMessage(topic="test.copy", payload=payload, created_at=at),
                                OutboxMessage(topic="test.copy", payload={"n": 2}, created_at=at)])
    rows = list(OutboxMessage.objects.filter(topic="test.copy").order_by("pk"))
    assert [r.payload for r in rows] == [payload, {"n": 2}]
    assert rows[0].pk < rows[1].pk and rows[0].dispatched_at is None and rows[0].attempts == 0


def test_a_duplicate_key_is_djangos_integrity_error_and_nothing_of_the_batch_is_kept() -> None:
    first = _order("M10000")
    insert_rows(Order, [first])
    again = _order("M10001")
    again.id = first.id
    with pytest.raises(IntegrityError), transaction.atomic():
        insert_rows(Order, [_order("M10002"), again])
    assert sorted(Order.objects.values_list("number", flat=True)) == ["M10000"]


def test_a_broken_foreign_key_is_refused_when_constraints_are_checked() -> None:
    order = _order("M10003")
    insert_rows(Order, [order])
    with pytest.raises(IntegrityError), transaction.atomic():
        insert_rows(OrderTransition, [
            OrderTransition(order_id=order.id, to_status="pending_payment", actor="test", at=order.placed_at),
            OrderTransition(order_id="ord_missing", to_status="pending_payment", actor="test", at=order.placed_at)])
        connection.check_constraints()  # both databases defer foreign keys to the commit
    assert OrderTransition.objects.filter(order_id=order.id).count() == 0


def test_nothing_to_insert_is_no_statement_and_an_insert_is_one(django_assert_num_queries: Any) -> None:
    with django_assert_num_queries(0):
        insert_rows(Order, [])
    with django_assert_num_queries(1):  # query budgets see the COPY like any statement
        insert_rows(Order, [_order("M20000"), _order("M20001")])
