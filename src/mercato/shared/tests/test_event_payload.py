"""An event's outbox payload is its fields as JSON data, the same as dataclasses.asdict gives."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any, ClassVar

import pytest

from mercato.shared.events import DomainEvent, payload_of


@dataclass(frozen=True)
class _Placed(DomainEvent):
    topic: ClassVar[str] = "test.placed"
    order_id: str
    total: str
    variant_ids: list[str]
    lines: int = 1
    paid: bool = False
    note: str | None = None


@dataclass(frozen=True)
class _Part:
    sku: str
    quantity: int


@dataclass(frozen=True)
class _Shipped(DomainEvent):
    topic: ClassVar[str] = "test.shipped"
    parts: list[_Part] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)


@pytest.mark.parametrize("event", [
    _Placed(order_id="ord_1", total="9.90", variant_ids=["var_1", "var_2"]),
    _Placed(order_id="ord_2", total="0.00", variant_ids=[], lines=3, paid=True, note="送货上门"),
    _Shipped(parts=[_Part("A-1", 2)], extra={"carrier": "SF", "ids": [1, 2]}),
])
def test_the_payload_is_what_asdict_gives_without_the_topic(event: DomainEvent) -> None:
    payload = payload_of(event)
    assert payload == dataclasses.asdict(event)
    assert "topic" not in payload


def test_the_payload_does_not_share_lists_with_the_event() -> None:
    ids = ["var_1"]
    event = _Placed(order_id="ord_1", total="1.00", variant_ids=ids)
    payload = payload_of(event)
    payload["variant_ids"].append("var_2")
    assert ids == ["var_1"]
