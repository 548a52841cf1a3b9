"""GET /api/v1/search and /search/suggest: matches, facets with counts, filters, sorting, cursors, errors,
public prices, a fixed number of queries whatever the page size."""

from __future__ import annotations

import pytest

from conftest import Api


def search(**params: str) -> dict:
    query = "&".join(f"{k}={v}" for k, v in params.items())
    r = Api().get(f"/search?{query}")
    assert r.status_code == 200, r.body
    return r.body


def skus(body: dict) -> list[str]:
    return [item["translations"]["en"].removeprefix("Product ") for item in body["items"]]


def test_words_in_either_language_find_the_product(world):
    assert skus(search(q="lamp")) == ["B-LAMP"]
    body = search(q="商品")
    assert body["total"] == 4 and body["engine"]
    item = search(q="phone")["items"][0]
    assert item["variant_id"] == world.a.variants["A-PHONE"] and item["product_id"] == world.a.products["A-PHONE"]
    assert item["price"] == {"amount": "1999.00", "currency": "CNY"}


def test_facets_count_what_matches(world):
    body = search(q="product")
    facets = body["facets"]
    shops = {f["value"]: f["count"] for f in facets["merchant"]}
    assert shops == {world.a.merchant_id: 2, world.b.merchant_id: 2}
    assert [f["count"] for f in facets["category"] if f["value"] == world.category] == [4]
    bands = {f["value"]: f["count"] for f in facets["price"]}
    assert bands["0-50"] == 1 and bands["50-100"] == 1 and bands["100-200"] == 1 and bands["1000-2000"] == 1
    assert facets["in_stock"][0]["count"] == 4
    assert [f["value"] for f in facets["rating"]] == ["4+", "3+"] or [f["label"] for f in facets["rating"]]


def test_filters_narrow_the_results_and_the_facets(world):
    body = search(q="product", merchant=world.a.merchant_id, max_price="100")
    assert skus(body) == ["A-CASE"] and body["total"] == 1
    assert [f["value"] for f in body["facets"]["merchant"]] == [world.a.merchant_id]
    assert skus(search(q="product", min_price="100", max_price="200")) == ["B-LAMP"]
    assert search(q="product", category="electronics")["total"] == 4


def test_sorting_by_price_and_newest(world):
    assert skus(search(sort="price_asc")) == ["A-CASE", "B-CAKE", "B-LAMP", "A-PHONE"]
    assert skus(search(sort="price_desc")) == ["A-PHONE", "B-LAMP", "B-CAKE", "A-CASE"]
    assert skus(search(sort="newest")) == ["B-CAKE", "B-LAMP", "A-CASE", "A-PHONE"]


def test_cursor_pages_through_every_result_once(world):
    seen, cursor = [], ""
    for _ in range(5):
        body = search(sort="price_asc", limit="3", **({"cursor": cursor} if cursor else {}))
        seen += skus(body)
        cursor = body["next_cursor"]
        if not cursor:
            break
    assert seen == ["A-CASE", "B-CAKE", "B-LAMP", "A-PHONE"]


@pytest.mark.parametrize("params, field", [
    ("sort=cheapest", "sort"), ("min_price=-1", "min_price"), ("max_price=abc", "max_price"),
    ("limit=0", "limit"), ("limit=500", "limit"), ("cursor=!!!", "cursor"), ("cursor=QUJD", "cursor"),
    ("category=no-such-thing", "category"), ("merchant=x", "merchant"), ("min_price=50&max_price=10", "max_price"),
    ("q=" + "x" * 101, "q"), ("q=a%00b", "q"),
])
def test_bad_parameters_are_422_problems_naming_the_field(world, params, field):
    r = Api().get(f"/search?{params}")
    assert r.status_code == 422, (params, r.body)
    assert r["Content-Type"].startswith("application/problem+json")
    assert any(field in e["field"] for e in r.body["errors"]), r.body


def test_the_price_is_the_same_for_every_shopper(world):
    from conftest import register

    anonymous = Api().get("/search?q=phone").body["items"][0]["price"]
    signed_in = register("s@example.com").get("/search?q=phone").body["items"][0]["price"]
    merchant = world.a.api.get("/search?q=phone").body["items"][0]["price"]
    assert anonymous == signed_in == merchant == {"amount": "1999.00", "currency": "CNY"}


def test_a_fixed_number_of_queries_whatever_the_page_size(world, django_assert_num_queries):
    for i in range(12):
        world.a.add_product(f"A-EXTRA-{i}", f"{10 + i}.00", 3, category=world.category)
    search(q="product")  # warm: the segmenter's dictionary is loaded once per process
    client = Api()
    with django_assert_num_queries(5):
        assert len(client.get("/search?q=product&limit=3").body["items"]) == 3
    with django_assert_num_queries(5):
        assert len(client.get("/search?q=product&limit=15").body["items"]) == 15


def test_suggest_completes_the_last_word_and_names_products(world):
    r = Api().get("/search/suggest?q=lam")
    assert r.status_code == 200
    texts = [s["text"] for s in r.body["items"]]
    assert "lamp" in texts and any(s["kind"] == "product" and s["product_id"] == world.b.products["B-LAMP"]
                                   for s in r.body["items"])
    assert Api().get("/search/suggest?q=").status_code == 422
