"""A small shop with history: three merchants' products in two categories, shoppers who bought, a trained model.
The shop is built once per test module (see search's shared_world); each test runs in a savepoint inside it."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

import pytest

from conftest import Api, World, build_world, buy, register
from mercato.shared import jobs
from shared_world import fresh_api, fresh_world, world_for_module


@dataclass
class Market:
    world: World
    variants: dict[str, str]  # sku → variant id
    heavy: Api  # bought a lot
    heavy_id: str
    newcomer: Api  # bought nothing
    newcomer_id: str


def user_id_of(api: Api) -> str:
    return str(api.get("/me").body["id"])


def _stock_more(world: World) -> dict[str, str]:
    r = world.operator.post("/categories", {"name": {"zh-Hans": "茶", "en": "Tea"}, "slug": "tea"})
    assert r.status_code == 201, r.body
    tea = r.body["id"]
    for i in range(4):
        world.a.add_product(f"A-TEA-{i}", f"{30 + i}.00", 50, category=tea)
        world.b.add_product(f"B-TEA-{i}", f"{40 + i}.00", 50, category=tea)
    world.b.add_product("B-GONE", "10.00", 0, category=tea)  # out of stock
    return {**world.a.variants, **world.b.variants}


def build_market() -> Market:
    world = build_world()
    variants = _stock_more(world)
    heavy, newcomer = register("heavy@example.com"), register("new@example.com")
    baskets = [["A-PHONE", "A-CASE"], ["A-PHONE", "A-CASE", "B-TEA-0"], ["A-TEA-0", "B-TEA-1"], ["A-CASE"]]
    buy(heavy, [(variants[s], 1) for s in baskets[0]])
    buy(heavy, [(variants[s], 1) for s in baskets[2]])
    for n in range(3):
        other = register(f"other{n}@example.com")
        for basket in baskets[n % 2::2]:
            buy(other, [(variants[s], 1) for s in basket])
    return Market(world=world, variants=variants, heavy=heavy, heavy_id=user_id_of(heavy), newcomer=newcomer,
                  newcomer_id=user_id_of(newcomer))


@pytest.fixture(scope="module")
def module_market(django_db_blocker: Any) -> Iterator[Market]:
    yield from world_for_module(django_db_blocker, build_market)


@pytest.fixture
def market(db: Any, module_market: Market) -> Market:
    """The module's shop; the test's own clients and copies of the maps."""
    return replace(module_market, world=fresh_world(module_market.world), variants=dict(module_market.variants),
                   heavy=fresh_api(module_market.heavy), newcomer=fresh_api(module_market.newcomer))


@pytest.fixture
def trained(market: Market) -> Market:
    assert jobs.run_job("train-recommendations") > 0
    return market
