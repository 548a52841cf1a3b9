"""The purchase answer is rendered by hand on the hot path: it must be exactly the documented PurchaseOut."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from mercato.contexts.flashsales.api import PurchaseOut, purchase_response
from mercato.contexts.flashsales.contracts import PurchaseResult
from mercato.entrypoints.api import UnicodeJSONRenderer
from mercato.shared.money import Money


@pytest.mark.parametrize(("amount", "currency", "pay_by"), [
    (Decimal("9.9"), "CNY", datetime(2026, 11, 11, 0, 10, 0, 123456, tzinfo=UTC)),
    (Decimal("1200"), "JPY", datetime(2026, 6, 18, 12, 0, tzinfo=UTC)),
])
def test_the_hand_rendered_answer_is_what_ninja_renders_for_purchase_out(amount: Decimal, currency: str,
                                                                         pay_by: datetime) -> None:
    result = PurchaseResult(purchase_id="fsp_1", order_id="ord_1", order_number="M2026111100001",
                            order_status="pending_payment", total=Money.of(amount, currency), payment_id="pay_1",
                            payment_status="requires_payment", pay_by=pay_by, admitted_by="gate")
    response = purchase_response(result)
    assert response.status_code == 201
    assert response["Content-Type"] == "application/json; charset=utf-8"
    ours = json.loads(response.content)
    validated = PurchaseOut.model_validate(ours)  # the documented schema accepts it as it is
    by_ninja = json.loads(UnicodeJSONRenderer().render(None, validated.model_dump(), response_status=201))  # type: ignore[arg-type]
    assert ours == by_ninja
    assert ours["order"]["total"] == ours["payment"]["amount"] == Money.of(amount, currency).as_json()
    assert ours["pay_by"] == by_ninja["pay_by"] and ours["pay_by"].endswith("Z")
