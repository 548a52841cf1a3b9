"""Merchant admission, staff and commission through the API."""

from decimal import Decimal

from conftest import buy, make_operator, register


def test_pending_merchants_cannot_sell_and_only_operators_admit(db):
    operator = make_operator()
    owner = register("own@example.com")
    merchant = owner.post("/merchants", {"name": "Shop", "contact_email": "own@example.com",
                                         "business_license": "LIC-0001"}).body
    assert merchant["status"] == "pending"
    cat = operator.post("/categories", {"name": "Books", "slug": "books"}).body["id"]
    product = {"title": "书", "category": cat, "variants": [{"sku": "B1", "price": {"amount": "9.90",
                                                                                 "currency": "CNY"}}]}
    assert owner.post("/products", product).status_code == 403
    assert owner.post(f"/merchants/{merchant['id']}/approve").status_code == 403
    assert operator.post(f"/merchants/{merchant['id']}/approve").body["status"] == "active"
    assert owner.post("/products", product).status_code == 201
    again = operator.post(f"/merchants/{merchant['id']}/approve")
    assert again.status_code == 409 and again.body["current_status"] == "active"


def test_suspension_takes_products_off_the_storefront_and_back(world):
    assert {p["merchant_id"] for p in world.operator.get("/products").body["items"]} == {
        world.a.merchant_id, world.b.merchant_id}
    world.operator.post(f"/merchants/{world.b.merchant_id}/suspend")
    listed = world.operator.get("/products").body["items"]
    assert {p["merchant_id"] for p in listed} == {world.a.merchant_id}
    assert world.operator.get(f"/products/{world.b.products['B-LAMP']}").status_code == 404
    assert world.b.api.get(f"/products/{world.b.products['B-LAMP']}").status_code == 200  # its own staff still see it
    world.operator.post(f"/merchants/{world.b.merchant_id}/approve")
    assert len(world.operator.get("/products").body["items"]) == 4


def test_owner_invites_staff_who_then_act_for_the_merchant(world):
    clerk = register("clerk@example.com")
    r = world.a.api.post(f"/merchants/{world.a.merchant_id}/staff", {"email": "clerk@example.com", "role": "staff"})
    assert r.status_code == 201 and r.body["role"] == "staff"
    assert clerk.get("/me").body["merchant_id"] == world.a.merchant_id
    order = buy(register("buyer@example.com"), [(world.a.variants["A-CASE"], 1)])["orders"][0]
    shipped = clerk.post(f"/orders/{order['id']}/shipments", {"carrier": "SF", "tracking_number": "SF900001"})
    assert shipped.status_code == 201
    assert clerk.post(f"/merchants/{world.a.merchant_id}/staff", {"email": "x@example.com", "role": "staff"}
                      ).status_code == 403
    assert clerk.post(f"/merchants/{world.a.merchant_id}/payouts",
                      {"amount": {"amount": "1.00", "currency": "CNY"}}).status_code == 403


def test_the_most_specific_commission_rate_is_fixed_on_the_line_at_checkout(world):
    op = world.operator
    assert op.post("/commission-rates", {"rate": "0.08", "category_id": world.category}).status_code == 204
    assert op.post("/commission-rates", {"rate": "0.03", "merchant_id": world.a.merchant_id}).status_code == 204
    assert op.post("/commission-rates", {"rate": "0.02", "merchant_id": world.a.merchant_id,
                                         "category_id": world.category}).status_code == 204
    shopper = register("c@example.com")
    result = buy(shopper, [(world.a.variants["A-CASE"], 1), (world.b.variants["B-LAMP"], 1)])
    rates = {}
    for o in result["orders"]:
        line = shopper.get(f"/orders/{o['id']}").body["lines"][0]
        rates[o["merchant_id"]] = Decimal(line["commission_rate"])
    assert rates == {world.a.merchant_id: Decimal("0.02"), world.b.merchant_id: Decimal("0.08")}
    op.post("/commission-rates", {"rate": "0.10", "merchant_id": world.a.merchant_id, "category_id": world.category})
    order_a = next(o for o in result["orders"] if o["merchant_id"] == world.a.merchant_id)
    assert Decimal(shopper.get(f"/orders/{order_a['id']}").body["lines"][0]["commission_rate"]) == Decimal("0.02")


def test_store_collections_group_own_products_only(world):
    own = [world.a.products["A-PHONE"], world.a.products["A-CASE"]]
    r = world.a.api.post("/collections", {"name": {"zh-Hans": "新品", "en": "New"}, "product_ids": own})
    assert r.status_code == 201 and sorted(r.body["product_ids"]) == sorted(own)
    foreign = world.a.api.post("/collections", {"name": "x", "product_ids": [world.b.products["B-LAMP"]]})
    assert foreign.status_code == 422
    assert len(world.operator.get(f"/merchants/{world.a.merchant_id}/collections").body["items"]) == 1
