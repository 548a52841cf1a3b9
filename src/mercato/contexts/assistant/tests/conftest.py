"""A small marketplace for the assistant: a shopper with orders in every state that matters, and another
customer whose order numbers the shopper must never learn anything about. It is built once per test module (see
search's shared_world): each test runs in a savepoint inside it, so cancelling or returning an order is undone."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import Any

import pytest

from conftest import GOOD_CARD, Api, World, build_world, buy, register
from shared_world import fresh_api, fresh_world, world_for_module


@dataclass
class Chat:
    api: Api
    id: str = ""
    replies: list[dict[str, Any]] = field(default_factory=list)

    def start(self, lang: str = "en") -> Chat:
        r = self.api.post("/assistant/conversations", {"lang": lang})
        assert r.status_code == 201, r.body
        self.id = r.body["id"]
        return self

    def say(self, text: str) -> dict[str, Any]:
        r = self.api.post(f"/assistant/conversations/{self.id}/messages", {"text": text})
        assert r.status_code == 200, r.body
        self.replies.append(r.body)
        return dict(r.body)


@dataclass
class Orders:
    shopper: Api
    other: Api
    world: World
    numbers: dict[str, str]  # role → order number
    ids: dict[str, str]  # role → order id


def _order(checkout: dict[str, Any]) -> tuple[str, str]:
    order = checkout["orders"][0]
    return order["id"], order["number"]


def _ship(world: World, shop: str, order_id: str, tracking: str) -> None:
    api = getattr(world, shop).api
    r = api.post(f"/orders/{order_id}/shipments", {"carrier": "SF Express", "tracking_number": tracking})
    assert r.status_code == 201, r.body


def _deliver(world: World, shop: str, order_id: str) -> None:
    assert getattr(world, shop).api.post(f"/orders/{order_id}/deliver").status_code == 200


def build_orders() -> Orders:
    world = build_world()
    shopper, other = register("lin@example.com", name="林晓"), register("mallory@example.com", name="Mallory")
    ids: dict[str, str] = {}
    numbers: dict[str, str] = {}

    def place(role: str, api: Api, variant: str, *, pay: bool = True) -> str:
        ids[role], numbers[role] = _order(buy(api, [(variant, 1)], card=GOOD_CARD if pay else None))
        return ids[role]

    place("unpaid", shopper, world.a.variants["A-CASE"], pay=False)
    place("paid", shopper, world.a.variants["A-PHONE"])
    _ship(world, "b", place("shipped", shopper, world.b.variants["B-LAMP"]), "SF1234567890")
    delivered = place("delivered", shopper, world.a.variants["A-CASE"])
    _ship(world, "a", delivered, "SF5550001111")
    _deliver(world, "a", delivered)
    cake = place("perishable", shopper, world.b.variants["B-CAKE"])
    _ship(world, "b", cake, "SF7770002222")
    _deliver(world, "b", cake)
    refunded = place("refunded", shopper, world.a.variants["A-CASE"])
    assert shopper.post(f"/orders/{refunded}/cancel", {"reason": "changed my mind"}).status_code == 200
    place("others", other, world.a.variants["A-PHONE"])
    return Orders(shopper=shopper, other=other, world=world, numbers=numbers, ids=ids)


@pytest.fixture(scope="module")
def module_orders(django_db_blocker: Any) -> Iterator[Orders]:
    yield from world_for_module(django_db_blocker, build_orders)


@pytest.fixture
def orders(db: Any, module_orders: Orders) -> Orders:
    """The module's orders world; the test's own clients and copies of the maps."""
    return replace(module_orders, shopper=fresh_api(module_orders.shopper), other=fresh_api(module_orders.other),
                   world=fresh_world(module_orders.world), numbers=dict(module_orders.numbers),
                   ids=dict(module_orders.ids))


@pytest.fixture
def chat(orders: Orders) -> Chat:
    return Chat(orders.shopper).start("en")
