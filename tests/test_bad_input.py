"""Bad input never earns a 500: every error under /api/v1 is a problem+json 4xx naming the field.

This file: the generic HTTP layer (bodies, routes, methods, auth, lists), identity, merchants, catalog and
inventory. Carts, checkout, payments, orders and refunds: test_bad_input_commerce.py.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.db import transaction

import shared_world
from conftest import Api, make_operator, register

module_world, world = shared_world.module_world, shared_world.world  # one world per module, not per test
PROBLEM = "application/problem+json"
V = {"sku": "NEW-1", "price": {"amount": "10.00", "currency": "CNY"}}


def assert_problem(response: Any, status: int, field: str | None = None) -> dict[str, Any]:
    """A problem+json answer with this status; for a 422 with ``field``, that dotted path is among its errors."""
    content_type = response.get("Content-Type", "").split(";")[0].strip()
    assert (response.status_code, content_type) == (status, PROBLEM), response.content[:500]
    body = json.loads(response.content)
    assert body["status"] == status and body["type"] and body["title"] and body["detail"], body
    if field is not None:
        fields = [e["field"] for e in body["errors"]]
        assert field in fields, f"{field!r} not in {fields}: {body['detail']}"
        assert all(e["message"] for e in body["errors"]), body
    return body


@pytest.fixture
def operator(db: Any) -> Api:
    return make_operator()


def raw(api: Api, method: str, path: str, data: str | bytes, content_type: str = "application/json") -> Any:
    fn = getattr(api.client, method.lower())
    return fn(f"/api/v1{path}", data=data, content_type=content_type, headers=api._headers(None))


# ---------------------------------------------------------------- the HTTP layer, for every endpoint with a body
BODY_ENDPOINTS = [
    ("POST", "/auth/register"), ("POST", "/auth/token"), ("POST", "/auth/refresh"), ("POST", "/auth/revoke"),
    ("POST", "/merchants"), ("POST", "/merchants/mer_x/staff"), ("POST", "/commission-rates"),
    ("POST", "/categories"), ("POST", "/products"), ("PATCH", "/products/prd_x"), ("POST", "/warehouses"),
    ("PUT", "/variants/var_x/stock/wh_x"), ("POST", "/carts/crt_x/lines"), ("PATCH", "/carts/crt_x/lines/ln_x"),
    ("POST", "/carts/crt_x/checkout"), ("POST", "/payments/pay_x/confirm"), ("POST", "/payments/pay_x/authenticate"),
    ("POST", "/merchants/mer_x/payouts"), ("POST", "/orders/ord_x/cancel"),
    ("PATCH", "/orders/ord_x/shipping-address"), ("POST", "/orders/ord_x/shipments"),
    ("POST", "/orders/ord_x/deliver"), ("POST", "/orders/ord_x/returns"), ("POST", "/payments/pay_x/refunds"),
]
BAD_BODIES = [  # (raw body, content type, status, field)
    ('{"email": "x@example.com", "password":', "application/json", 400, None),
    (b'{"name": "\xff\xfe"}', "application/json", 400, None),
    ("[1, 2]", "application/json", 422, "body"),
    ('"just a string"', "application/json", 422, "body"),
    ("null", "application/json", 422, "body"),
    ("42", "application/json", 422, "body"),
    ("{}", "text/plain", 415, None),
    ("a=b&c=d", "application/x-www-form-urlencoded", 415, None),
    ('{"name": "a\\u0000b"}', "application/json", 422, "name"),  # PostgreSQL cannot store NUL
    ('{"title": {"en\\u0000": "x"}}', "application/json", 422, "title"),
    ('{"lines": [{"line_id": "\\u0000"}]}', "application/json", 422, "lines.0.line_id"),
]


@pytest.mark.parametrize(("method", "path"), BODY_ENDPOINTS)
@pytest.mark.parametrize(("data", "content_type", "status", "field"), BAD_BODIES,
                         ids=["truncated", "not-utf8", "array", "string", "null", "number", "text-plain", "form",
                              "nul-value", "nul-key", "nul-nested"])
def test_a_malformed_body_is_rejected(operator, method, path, data, content_type, status, field):
    assert_problem(raw(operator, method, path, data, content_type), status, field)


@pytest.mark.parametrize(("method", "path"), [("POST", "/auth/register"), ("POST", "/products"),
                                              ("POST", "/carts/crt_x/checkout")])
def test_a_body_over_one_mebibyte_is_413(operator, method, path):
    body = json.dumps({"name": "x" * (1024 * 1024 + 1)})
    assert_problem(raw(operator, method, path, body), 413)


@pytest.mark.parametrize("path", ["/nope", "/products/prd_x/nope", "/orders/ord_x/teleport", "/v2/products",
                                  "/auth", "/products/"])
def test_an_unknown_route_is_a_404_problem(operator, path):
    assert_problem(operator.get(path), 404)
    assert_problem(operator.post(path, {}), 404)


@pytest.mark.parametrize(("method", "path"), [
    ("DELETE", "/products"), ("PUT", "/auth/register"), ("GET", "/auth/token"), ("POST", "/me"),
    ("PATCH", "/carts/crt_x"), ("DELETE", "/orders/ord_x"), ("GET", "/payments/pay_x/confirm"),
    ("PUT", "/merchants"),
])
def test_a_wrong_method_is_a_405_problem_with_allow(operator, method, path):
    response = operator.call(method, path, {} if method != "GET" else None)
    assert_problem(response, 405)
    assert response.get("Allow"), "a 405 must name the allowed methods"


@pytest.mark.parametrize(("method", "path"), [
    ("GET", "/products/a%00b"), ("GET", "/orders/%00"), ("GET", "/carts/a%00b"), ("GET", "/payments/a%00b"),
    ("GET", "/merchants/a%00b"), ("POST", "/merchants/a%00b/approve"), ("GET", "/variants/a%00/stock"),
    ("POST", "/orders/a%00/cancel"),
])
def test_a_nul_in_a_path_id_is_404_not_a_database_error(operator, method, path):
    assert_problem(operator.call(method, path, {} if method != "GET" else None), 404)


@pytest.mark.parametrize(("path", "field"), [("/products?q=a%00b", "q"), ("/products?category=%00", "category"),
                                             ("/products?merchant=m%00", "merchant"), ("/products?lang=%00", "lang"),
                                             ("/orders?status=paid%00", "status")])
def test_a_nul_in_a_query_parameter_is_422(operator, path, field):
    assert_problem(operator.get(path), 422, field)


@pytest.mark.parametrize("depth", [900, 100_000])
def test_absurdly_nested_json_is_400(operator, depth):
    assert_problem(raw(operator, "POST", "/products", '{"title": ' + "[" * depth + "]" * depth + "}"), 400)


def test_a_query_with_too_many_parameters_is_400(db):
    assert_problem(Api().get("/products?" + "&".join(f"p{i}=1" for i in range(1001))), 400)


def test_head_is_get_without_the_content(operator):
    response = operator.client.head("/api/v1/products")
    assert (response.status_code, response.content) == (200, b"")
    missing = operator.client.head("/api/v1/nope")
    assert (missing.status_code, missing["Content-Type"], missing.content) == (404, PROBLEM, b"")


PROTECTED = [("GET", "/me"), ("POST", "/merchants"), ("POST", "/merchants/mer_x/approve"), ("POST", "/categories"),
             ("POST", "/products"), ("PATCH", "/products/prd_x"), ("POST", "/warehouses"),
             ("GET", "/variants/var_x/stock"), ("GET", "/merchants/mer_x/balance"), ("POST", "/payments/pay_x/confirm"),
             ("GET", "/payments/pay_x"), ("GET", "/orders"), ("GET", "/orders/ord_x"),
             ("POST", "/orders/ord_x/cancel"), ("POST", "/payments/pay_x/refunds"), ("POST", "/returns/ret_x/approve")]


@pytest.mark.parametrize(("method", "path"), PROTECTED)
@pytest.mark.parametrize("authorization", [None, "Bearer garbage", "Bearer ", "Basic dXNlcjpwYXNz",
                                           "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0."])
def test_no_or_a_garbage_token_is_401(db, method, path, authorization):
    headers = {"Authorization": authorization} if authorization else None
    response = Api().call(method, path, {} if method != "GET" else None, headers=headers)
    assert_problem(response, 401)
    assert response["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize("query", ["limit=101", "limit=0", "limit=-1", "limit=abc", "limit=1e3", "limit=10**12"])
def test_product_list_limit_out_of_range_is_422(db, query):
    assert_problem(Api().get(f"/products?{query}"), 422, "limit")


@pytest.mark.parametrize(("query", "field"), [("cursor=!!!", "cursor"), ("cursor=" + "A" * 300, "cursor"),
                                              ("min_price=-1", "min_price"), ("max_price=abc", "max_price"),
                                              ("min_price=1.234", "min_price"), ("in_stock=perhaps", "in_stock")])
def test_product_list_bad_filters_are_422(db, query, field):
    assert_problem(Api().get(f"/products?{query}"), 422, field)


# ---------------------------------------------------------------- identity
GOOD_USER = {"email": "new@example.com", "password": "Passw0rd!x", "name": "New"}


@pytest.mark.parametrize(("change", "field"), [
    ({"email": None}, "email"), ({"email": "not-an-email"}, "email"), ({"email": 42}, "email"),
    ({"email": "a" * 250 + "@example.com"}, "email"), ({"password": "short"}, "password"),
    ({"password": None}, "password"), ({"password": "x" * 129}, "password"), ({"name": "Bad\x00Name"}, "name"),
    ({"name": "Bell\x07"}, "name"), ({"name": ["a"]}, "name"), ({"name": ""}, "name"), ({"name": "x" * 101}, "name"),
])
def test_register_rejects_bad_fields(db, change, field):
    body = {k: v for k, v in {**GOOD_USER, **change}.items() if v is not None}
    assert_problem(Api().post("/auth/register", body), 422, field)


def test_register_twice_is_a_conflict_and_bad_credentials_are_401(db):
    register("twice@example.com")
    assert_problem(Api().post("/auth/register", {**GOOD_USER, "email": "twice@example.com"}), 409)
    assert_problem(Api().post("/auth/token", {"email": "twice@example.com", "password": "wrong-password"}), 401)
    assert_problem(Api().post("/auth/token", {"email": "nobody@example.com", "password": "Passw0rd!x"}), 401)


@pytest.mark.parametrize(("path", "body", "field"), [
    ("/auth/token", {"email": "a@example.com"}, "password"), ("/auth/token", {"password": "x"}, "email"),
    ("/auth/token", {"email": "a@example.com", "password": "x", "cart_id": "c" * 41}, "cart_id"),
    ("/auth/token", {"email": "a@example.com", "password": 123}, "password"),
    ("/auth/token", {"email": "a@example.com", "password": "x", "cart_id": "crt\x00"}, "cart_id"),
    ("/auth/register", {**GOOD_USER, "password": "Passw0rd\x00"}, "password"),
    ("/auth/refresh", {}, "refresh_token"), ("/auth/refresh", {"refresh_token": "short"}, "refresh_token"),
    ("/auth/refresh", {"refresh_token": 12345678901}, "refresh_token"),
])
def test_token_and_refresh_reject_bad_fields(db, path, body, field):
    assert_problem(Api().post(path, body), 422, field)


def test_refresh_with_a_garbage_or_an_access_token_is_401(db):
    r = Api().post("/auth/register", GOOD_USER)
    assert_problem(Api().post("/auth/refresh", {"refresh_token": "garbage-garbage-garbage"}), 401)
    assert_problem(Api().post("/auth/refresh", {"refresh_token": r.body["token"]}), 401)


# ---------------------------------------------------------------- merchants
@pytest.mark.parametrize(("change", "field"), [
    ({"name": None}, "name"), ({"name": "Shop\x07"}, "name"), ({"contact_email": "nope"}, "contact_email"),
    ({"business_license": "!!bad!!"}, "business_license"), ({"business_license": "123"}, "business_license"),
    ({"business_license": 12345678}, "business_license"),
])
def test_merchant_application_rejects_bad_fields(db, change, field):
    body = {"name": "Gamma", "contact_email": "g@example.com", "business_license": "91310000MA1K0001", **change}
    assert_problem(register("g@example.com").post("/merchants", {k: v for k, v in body.items() if v is not None}),
                   422, field)


def test_merchant_admission_rules(world):
    applicant = register("pending@example.com")
    pending = applicant.post("/merchants", {"name": "Pending", "contact_email": "p@example.com",
                                            "business_license": "91310000MA1KPEND"}).body["id"]
    product = {"title": "T", "category": world.category, "variants": [V]}
    assert_problem(applicant.post("/products", product), 403)  # pending merchants cannot sell yet
    assert_problem(world.a.api.post(f"/merchants/{pending}/approve"), 403)  # only operators admit
    assert_problem(world.operator.post("/merchants/mer_nope/approve"), 404)
    assert_problem(world.operator.post("/merchants/mer_nope/suspend"), 404)
    assert "active" in assert_problem(world.operator.post(f"/merchants/{world.a.merchant_id}/approve"), 409)["detail"]


def test_merchant_staff_balance_and_payouts_are_walled(world):
    a_id, b_api = world.a.merchant_id, world.b.api
    assert_problem(b_api.post(f"/merchants/{a_id}/staff", {"email": "x@example.com", "role": "staff"}), 404)
    assert_problem(world.a.api.post(f"/merchants/{a_id}/staff", {"email": "x@example.com", "role": "boss"}), 422,
                   "role")
    assert_problem(b_api.get(f"/merchants/{a_id}/balance"), 404)
    assert_problem(b_api.get(f"/merchants/{a_id}/payouts"), 404)
    assert_problem(b_api.post(f"/merchants/{a_id}/payouts", {"amount": {"amount": "1.00", "currency": "CNY"}}), 404)
    assert_problem(world.a.api.post(f"/merchants/{a_id}/payouts", {"amount": {"amount": "1.00", "currency": "XYZ"}}),
                   422, "amount.currency")
    assert_problem(world.a.api.post(f"/merchants/{a_id}/payouts", {"amount": {"amount": "-5.00", "currency": "CNY"}}),
                   422, "amount.amount")
    too_much = {"amount": {"amount": "1000.00", "currency": "CNY"}}  # nothing has been earned yet
    assert "available" in assert_problem(world.a.api.post(f"/merchants/{a_id}/payouts", too_much), 409)["detail"]


def test_commission_rates_name_existing_targets(world):
    assert_problem(world.a.api.post("/commission-rates", {"rate": "0.1"}), 403)
    assert_problem(world.operator.post("/commission-rates", {"rate": "1.5"}), 422, "rate")
    assert_problem(world.operator.post("/commission-rates", {"rate": "0.1", "merchant_id": "mer_nope"}), 404)


@pytest.mark.parametrize("category_id", ["cat_nope", "c" * 40])
def test_commission_rate_for_an_unknown_category_is_refused(world, category_id):
    assert_problem(world.operator.post("/commission-rates", {"rate": "0.1", "category_id": category_id}), 422,
                   "category_id")


def test_commission_rate_for_an_empty_merchant_id_is_refused(world):
    with transaction.atomic():  # roll the dangling row back so that the deferred FK check cannot fail teardown
        response = world.operator.post("/commission-rates", {"rate": "0.1", "merchant_id": ""})
        transaction.set_rollback(True)
    assert_problem(response, 422, "merchant_id")


# ---------------------------------------------------------------- categories and products
def test_categories_are_for_operators_and_validated(world):
    assert_problem(world.a.api.post("/categories", {"name": "Toys"}), 403)
    assert_problem(world.operator.post("/categories", {}), 422, "name")
    assert_problem(world.operator.post("/categories", {"name": "Toys", "slug": "Bad Slug"}), 422, "slug")
    assert_problem(world.operator.post("/categories", {"name": "Toys\x00"}), 422, "name")
    assert_problem(world.operator.post("/categories", {"name": "Toys", "parent_id": "cat_nope"}), 422, "parent_id")


PRODUCT_CASES = [  # (change to a valid product, field)
    ({"variants": [{**V, "gtin": "4006381333932"}]}, "variants.0.gtin"),  # check digit should be 1
    ({"variants": [{**V, "gtin": "12345"}]}, "variants.0.gtin"),
    ({"variants": [V, {**V, "price": {"amount": "2.00", "currency": "CNY"}}]}, "variants.1.sku"),
    ({"variants": [{**V, "price": {"amount": 10.5, "currency": "CNY"}}]}, "variants.0.price.amount"),
    ({"variants": [{**V, "price": {"amount": "10.505", "currency": "CNY"}}]}, "variants.0.price.amount"),
    ({"variants": [{**V, "price": {"amount": "abc", "currency": "CNY"}}]}, "variants.0.price.amount"),
    ({"variants": [{**V, "price": {"amount": "NaN", "currency": "CNY"}}]}, "variants.0.price.amount"),
    ({"variants": [{**V, "price": {"amount": "1e400", "currency": "CNY"}}]}, "variants.0.price.amount"),
    ({"variants": [{**V, "price": {"amount": "10.00", "currency": "XYZ"}}]}, "variants.0.price.currency"),
    ({"variants": [{**V, "price": {"amount": "10.00", "currency": "cny"}}]}, "variants.0.price.currency"),
    ({"variants": [{**V, "price": {"amount": "10.00"}}]}, "variants.0.price.currency"),
    ({"variants": [{**V, "price": "10.00"}]}, "variants.0.price"),
    ({"variants": [{**V, "price": {"amount": "-1.00", "currency": "CNY"}}]}, "variants.0.price"),
    ({"variants": [{**V, "sku": "has space"}]}, "variants.0.sku"),
    ({"variants": [{**V, "weight_grams": -1}]}, "variants.0.weight_grams"),
    ({"variants": [{**V, "weight_grams": 10**30}]}, "variants.0.weight_grams"),
    ({"variants": [{**V, "attributes": {"colour": "red\x07"}}]}, "variants.0.attributes.colour"),
    ({"variants": [{**V, "sku": f"S{i}"} for i in range(101)]}, "variants"),
    ({"variants": []}, "variants"), ({"variants": None}, "variants"), ({"variants": "many"}, "variants"),
    ({"title": "Nul\x00title"}, "title"), ({"title": "Bell\x07title"}, "title"),
    ({"title": {"en": "Bell\x07"}}, "title.en"), ({"title": {"zh-Hans": "x" * 201}}, "title.zh-Hans"),
    ({"title": 42}, "title"), ({"title": None}, "title"), ({"description": "esc\x1b[31m"}, "description"),
    ({"category": None}, "category"), ({"category": "no-such-category"}, "category"),
    ({"title": {}}, "title"), ({"title": {"en\x07": "x"}}, "title"),
    ({"variants": [{**V, "attributes": {"k\x07" + "x" * 500: "v"}}]}, "variants.0.attributes"),
]


@pytest.mark.parametrize(("change", "field"), PRODUCT_CASES)
def test_product_create_rejects_bad_fields(world, change, field):
    body = {k: v for k, v in {"title": "T", "category": world.category, "variants": [V], **change}.items()
            if v is not None}
    body = assert_problem(world.a.api.post("/products", body), 422, field)
    assert "function-after" not in body["detail"] and "[" not in body["errors"][0]["field"], body


def test_product_rules_beyond_the_schema(world):
    clash = {"title": "T", "category": world.category, "variants": [{**V, "sku": "A-PHONE"}]}
    assert_problem(world.a.api.post("/products", clash), 409)  # the SKU is taken by another product
    phone = world.a.products["A-PHONE"]
    assert_problem(world.b.api.patch(f"/products/{phone}", {"title": "Mine now"}), 404)
    assert_problem(world.a.api.patch("/products/prd_nope", {"title": "x"}), 404)
    assert_problem(Api().get("/products/prd_nope"), 404)
    price = {"id": world.a.variants["A-PHONE"], "price": {"amount": "1.00", "currency": "XYZ"}}
    assert_problem(world.a.api.patch(f"/products/{phone}", {"variants": [price]}), 422, "variants.0.price.currency")
    assert_problem(world.a.api.patch(f"/products/{phone}", {"status": "deleted"}), 422, "status")
    price = {"id": world.a.variants["A-PHONE"], "price": {"amount": "1.001", "currency": "CNY"}}
    assert_problem(world.a.api.patch(f"/products/{phone}", {"variants": [price]}), 422, "variants.0.price.amount")
    foreign = {"id": world.b.variants["B-LAMP"], "price": {"amount": "1.00", "currency": "CNY"}}
    assert_problem(world.a.api.patch(f"/products/{phone}", {"variants": [foreign]}), 422, "variants")


def test_patching_a_negative_price_is_422(world):
    price = {"id": world.a.variants["A-PHONE"], "price": {"amount": "-1.00", "currency": "CNY"}}
    assert_problem(world.a.api.patch(f"/products/{world.a.products['A-PHONE']}", {"variants": [price]}), 422,
                   "variants.0.price")


# ---------------------------------------------------------------- warehouses and stock
@pytest.mark.parametrize(("change", "field"), [
    ({"country": "China"}, "country"), ({"country": "cn"}, "country"), ({"code": "a b"}, "code"),
    ({"name": "Ware\x07house"}, "name"), ({"city": None}, "city"), ({"priority": 10**6}, "priority"),
])
def test_warehouse_create_rejects_bad_fields(world, change, field):
    body = {k: v for k, v in {"code": "BJ1", "name": "北京仓", "country": "CN", "city": "北京", **change}.items()
            if v is not None}
    assert_problem(world.a.api.post("/warehouses", body), 422, field)


def test_warehouses_are_for_merchant_staff(db):
    assert_problem(register("plain@example.com").post("/warehouses", {"code": "X", "name": "X", "country": "CN",
                                                                      "city": "X"}), 403)


@pytest.mark.parametrize("on_hand", [-1, 10**12, "abc", 1.5, None, [1]])
def test_stock_rejects_absurd_quantities(world, on_hand):
    body = {} if on_hand is None else {"on_hand": on_hand}
    path = f"/variants/{world.a.variants['A-PHONE']}/stock/{world.a.warehouse_id}"
    assert_problem(world.a.api.put(path, body), 422, "on_hand")


def test_stock_of_another_merchant_is_404(world):
    mine, theirs = world.a.variants["A-PHONE"], world.b.variants["B-LAMP"]
    assert_problem(world.a.api.put(f"/variants/{theirs}/stock/{world.a.warehouse_id}", {"on_hand": 1}), 404)
    assert_problem(world.a.api.put(f"/variants/{mine}/stock/{world.b.warehouse_id}", {"on_hand": 1}), 404)
    assert_problem(world.a.api.put(f"/variants/var_nope/stock/{world.a.warehouse_id}", {"on_hand": 1}), 404)
    assert_problem(world.a.api.put(f"/variants/{mine}/stock/wh_nope", {"on_hand": 1}), 404)
    assert_problem(world.a.api.get(f"/variants/{theirs}/stock"), 404)
    assert_problem(world.a.api.get("/variants/var_nope/stock"), 404)


def test_lot_codes_fit_the_movement_ledger(world):
    path = f"/variants/{world.a.variants['A-PHONE']}/stock/{world.a.warehouse_id}"
    assert world.a.api.put(path, {"on_hand": 12, "lot": {"code": "L" * 32}}).status_code == 200
    assert_problem(world.a.api.put(path, {"on_hand": 12, "lot": {"code": "L" * 33}}), 422, "lot.code")
