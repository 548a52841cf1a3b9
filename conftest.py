"""Fixtures shared by every test: an API client and a small marketplace built through the API."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.test import Client

ADDRESS = {"name": "张三", "phone": "13800138000", "country": "CN", "region": "上海市", "city": "上海市",
           "district": "浦东新区", "line1": "世纪大道 100 号", "postal_code": "200120"}
GOOD_CARD = {"number": "4242424242424242", "exp_month": 12, "exp_year": 2030, "cvc": "123"}


class Api:
    """JSON over Django's test client, with an optional bearer token."""

    def __init__(self, token: str | None = None) -> None:
        self.client = Client()
        self.token = token

    def _headers(self, headers: dict[str, str] | None) -> dict[str, str]:
        h = dict(headers or {})
        if self.token:
            h["Authorization"] = f"Bearer {self.token}"
        return h

    def call(self, method: str, path: str, body: Any = None, *, headers: dict[str, str] | None = None,
             raw: str | None = None) -> Any:
        data = raw if raw is not None else (json.dumps(body) if body is not None else "")
        fn = getattr(self.client, method.lower())
        kwargs: dict[str, Any] = {"headers": self._headers(headers)}
        if method != "GET":
            kwargs.update(data=data, content_type="application/json")
        response = fn(f"/api/v1{path}", **kwargs)
        response.body = json.loads(response.content) if response.content and "json" in response.get(
            "Content-Type", "") else None
        return response

    def get(self, path: str, **kw: Any) -> Any:
        return self.call("GET", path, **kw)

    def post(self, path: str, body: Any = None, **kw: Any) -> Any:
        return self.call("POST", path, body, **kw)

    def put(self, path: str, body: Any = None, **kw: Any) -> Any:
        return self.call("PUT", path, body, **kw)

    def patch(self, path: str, body: Any = None, **kw: Any) -> Any:
        return self.call("PATCH", path, body, **kw)

    def delete(self, path: str, **kw: Any) -> Any:
        return self.call("DELETE", path, **kw)


def register(email: str, name: str = "Test User", password: str = "Passw0rd!x") -> Api:
    r = Api().post("/auth/register", {"email": email, "password": password, "name": name})
    assert r.status_code == 201, r.body
    return Api(r.body["token"])


def make_operator(email: str = "ops@example.com") -> Api:
    from mercato.contexts.identity import public as identity

    identity.user_register(email=email, password="Operator-pass-1", name="Ops", is_operator=True)
    r = Api().post("/auth/token", {"email": email, "password": "Operator-pass-1"})
    assert r.status_code == 200, r.body
    return Api(r.body["token"])


@dataclass
class Shop:
    api: Api
    merchant_id: str
    warehouse_id: str
    variants: dict[str, str] = field(default_factory=dict)  # sku → variant id
    products: dict[str, str] = field(default_factory=dict)  # sku → product id

    def add_product(self, sku: str, price: str, stock: int, *, category: str, **flags: Any) -> str:
        body = {"title": {"zh-Hans": f"商品 {sku}", "en": f"Product {sku}"}, "description": "测试 test",
                "category": category, "variants": [{"sku": sku, "price": {"amount": price, "currency": "CNY"},
                                                     **flags}]}
        r = self.api.post("/products", body)
        assert r.status_code == 201, r.body
        variant_id = r.body["variants"][0]["id"]
        self.variants[sku], self.products[sku] = variant_id, r.body["id"]
        r = self.api.put(f"/variants/{variant_id}/stock/{self.warehouse_id}", {"on_hand": stock})
        assert r.status_code == 200, r.body
        return str(variant_id)


def open_shop(operator: Api, email: str, name: str) -> Shop:
    api = register(email, name=name)
    r = api.post("/merchants", {"name": name, "contact_email": email, "business_license": "91310000MA1K" + email[:4]})
    assert r.status_code == 201, r.body
    merchant_id = r.body["id"]
    assert operator.post(f"/merchants/{merchant_id}/approve").status_code == 200
    r = api.post("/warehouses", {"code": "SH1", "name": "上海仓", "country": "CN", "city": "上海"})
    assert r.status_code == 201, r.body
    return Shop(api=api, merchant_id=merchant_id, warehouse_id=r.body["id"])


@dataclass
class World:
    operator: Api
    category: str
    a: Shop
    b: Shop


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    """Each test starts with an empty cache (token denylist, category tree)."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def world(db: Any) -> World:
    return build_world()


def build_world() -> World:
    operator = make_operator()
    r = operator.post("/categories", {"name": {"zh-Hans": "数码", "en": "Electronics"}, "slug": "electronics"})
    assert r.status_code == 201, r.body
    category = r.body["id"]
    a = open_shop(operator, "alpha@example.com", "Alpha 数码")
    b = open_shop(operator, "beta@example.com", "Beta 家居")
    a.add_product("A-PHONE", "1999.00", 10, category=category)
    a.add_product("A-CASE", "49.90", 100, category=category)
    b.add_product("B-LAMP", "129.00", 5, category=category)
    b.add_product("B-CAKE", "88.00", 20, category=category, is_perishable=True)
    return World(operator=operator, category=category, a=a, b=b)


def buy(shopper: Api, lines: list[tuple[str, int]], *, card: dict[str, Any] | None = GOOD_CARD,
        email: str | None = None) -> dict[str, Any]:
    """Cart → checkout → (optionally) pay. Returns the checkout body, with 'payment_result' when paid."""
    cart = shopper.post("/carts").body["id"]
    for variant_id, quantity in lines:
        r = shopper.post(f"/carts/{cart}/lines", {"variant_id": variant_id, "quantity": quantity})
        assert r.status_code == 201, r.body
    body: dict[str, Any] = {"shipping_address": ADDRESS}
    if email:
        body["email"] = email
    r = shopper.post(f"/carts/{cart}/checkout", body)
    assert r.status_code == 201, r.body
    result = dict(r.body)
    if card is not None:
        payer = Api(result["guest_token"]) if result.get("guest_token") else shopper
        p = payer.post(f"/payments/{result['payment']['id']}/confirm", {"method": "card", "card": card})
        assert p.status_code == 200, p.body
        result["payment_result"] = p.body
    return result


TRANSPARENCY_LOG_TABLES = ("transparency_leaf", "transparency_perfectsubtree", "transparency_signedtreehead")


def log_guards_off(cursor: Any) -> None:
    """What a malicious database owner does first: switch off the transparency log's append-only triggers (for
    the rest of the transaction on PostgreSQL; dropped on SQLite). Tests then tamper and expect detection."""
    from django.db import connection

    for table in TRANSPARENCY_LOG_TABLES:
        if connection.vendor == "postgresql":
            cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER ALL")
        else:
            cursor.execute(f"SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = '{table}'")
            for (name,) in cursor.fetchall():
                cursor.execute(f"DROP TRIGGER {name}")
