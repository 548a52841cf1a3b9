"""Session fixtures for the e2e journeys: one live ``mercato serve`` and a small marketplace ("world").

The database is ``MERCATO_E2E_DATABASE_URL`` when set (a PostgreSQL database there is dropped and
recreated), otherwise a fresh SQLite file in a temporary directory.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest

from .live_server import (
    OPERATOR_EMAIL,
    OPERATOR_PASSWORD,
    ApiClient,
    LiveServer,
    cny,
    money,
    unique,
)


# Not named `live_server`: pytest-django owns that fixture name.
@pytest.fixture(scope="session")
def mercato_server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    home: Path = tmp_path_factory.mktemp("mercato-e2e")
    database_url = os.environ.get("MERCATO_E2E_DATABASE_URL") or f"sqlite:///{home / 'e2e.sqlite3'}"
    server = LiveServer(home=home, database_url=database_url)
    server.prepare()
    server.start()
    try:
        yield server
    finally:
        server.stop()
        if request.session.testsfailed:
            capture = request.config.pluginmanager.getplugin("capturemanager")
            with capture.global_and_fixture_disabled():
                print(f"\n----- tail of {server.log_path} -----\n{server.log_tail()}\n-----")


@dataclass(frozen=True)
class Merchant:
    id: str
    name: str
    staff: ApiClient  # the owner, logged in
    warehouse_id: str


@dataclass(frozen=True)
class Variant:
    id: str
    product_id: str
    sku: str
    price: Decimal
    merchant: Merchant


class World:
    """A running marketplace: the operator, one category, two active merchants with stocked products.

    Journeys that count stock or money make their own fresh variants with ``new_variant`` so that
    no journey depends on what another one bought.
    """

    def __init__(self, server: LiveServer) -> None:
        self.server = server
        self._clients: list[ApiClient] = []
        self.operator = self.client()
        self.operator.login(OPERATOR_EMAIL, OPERATOR_PASSWORD)
        category = self.operator.call("POST", "/categories", 201, json={"name": {"zh-Hans": "手机", "en": "Phones"}})
        self.category_id: str = category["id"]
        self.merchant_a = self.new_merchant("Acme 数码旗舰店")
        self.merchant_b = self.new_merchant("Blossom 茶叶铺")
        self.listed_a = self.new_variant(self.merchant_a, "1999.00", stock=50, title="Acme Phone X")
        self.listed_b = self.new_variant(self.merchant_b, "2599.00", stock=50, title="Blossom Phone Y")

    def client(self, token: str | None = None) -> ApiClient:
        client = ApiClient(self.server.base_url, token)
        self._clients.append(client)
        return client

    def close(self) -> None:
        for client in self._clients:
            client.close()

    def new_user(self, name: str = "王芳") -> tuple[ApiClient, str, str]:
        """A freshly registered user: (logged-in client, email, password)."""
        client = self.client()
        email, password = f"{unique('user')}@example.com", "Correct-horse-9"
        client.register(email, password, name)
        return client, email, password

    def new_shopper(self) -> ApiClient:
        return self.new_user()[0]

    def new_merchant(self, name: str) -> Merchant:
        """A merchant registered by a new user, approved by the operator, with one warehouse."""
        owner, email, password = self.new_user("店主")
        merchant_id = owner.create_merchant(name)["id"]
        owner.login(email, password)  # a fresh token, in case roles travel inside it
        self.operator.call("POST", f"/merchants/{merchant_id}/approve")
        warehouse = owner.call(
            "POST",
            "/warehouses",
            201,
            json={
                "code": unique("WH").upper(),
                "name": f"{name} 上海仓",
                "country": "CN",
                "city": "上海",
                "priority": 1,
            },
        )
        return Merchant(id=merchant_id, name=name, staff=owner, warehouse_id=warehouse["id"])

    def new_variant(self, merchant: Merchant, price: str, *, stock: int, title: str | None = None) -> Variant:
        """A new single-variant product of ``merchant`` with ``stock`` units in its warehouse."""
        title = title or unique("Gadget")
        sku = unique("SKU").upper()
        product = merchant.staff.call(
            "POST",
            "/products",
            201,
            json={
                "title": {"zh-Hans": f"{title} 手机", "en": title},
                "description": {"zh-Hans": "端到端测试商品", "en": "An end-to-end test product"},
                "category": self.category_id,
                "variants": [{"sku": sku, "price": cny(price), "attributes": {"color": "black"}, "weight_grams": 350}],
            },
        )
        [variant] = product["variants"]
        assert variant["sku"] == sku
        assert money(variant["price"]) == Decimal(price)
        merchant.staff.set_stock(variant["id"], merchant.warehouse_id, stock)
        return Variant(id=variant["id"], product_id=product["id"], sku=sku, price=Decimal(price), merchant=merchant)


@pytest.fixture(scope="session")
def world(mercato_server: LiveServer) -> Iterator[World]:
    marketplace = World(mercato_server)
    try:
        yield marketplace
    finally:
        marketplace.close()
