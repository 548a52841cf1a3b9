"""The index follows the catalogue through events, one product at a time; rebuild and the lazy first build."""

from __future__ import annotations

from conftest import Api
from mercato.contexts.search import public as search
from mercato.contexts.search.models import IndexedProduct, ProductSales, SearchTerm


def found(q: str, **filters: str) -> list[str]:
    query = "&".join(f"{k}={v}" for k, v in {"q": q, **filters}.items())
    return [i["translations"]["en"] for i in Api().get(f"/search?{query}").body["items"]]


def test_a_new_product_is_searchable_at_once(world):
    world.a.add_product("A-KETTLE", "129.00", 5, category=world.category)
    assert found("kettle") == ["Product A-KETTLE"]


def test_an_edit_reindexes_only_that_product(world):
    before = dict(IndexedProduct.objects.values_list("product_id", "indexed_at"))
    product_id = world.b.products["B-LAMP"]
    r = world.b.api.patch(f"/products/{product_id}", {"title": {"en": "Reading lamp", "zh-Hans": "阅读台灯"}})
    assert r.status_code == 200, r.body
    assert found("reading") == ["Reading lamp"] and found("台灯") == ["Reading lamp"]
    after = dict(IndexedProduct.objects.values_list("product_id", "indexed_at"))
    changed = {pid for pid in after if after[pid] != before[pid]}
    assert changed == {product_id}


def test_archived_products_and_suspended_shops_leave_the_results(world):
    product_id = world.a.products["A-CASE"]
    assert world.a.api.patch(f"/products/{product_id}", {"status": "archived"}).status_code == 200
    assert "Product A-CASE" not in found("product")
    assert world.operator.post(f"/merchants/{world.b.merchant_id}/suspend", {"reason": "test"}).status_code == 200
    assert found("product") == ["Product A-PHONE"]


def test_stock_changes_move_the_in_stock_filter(world):
    assert "Product B-LAMP" in found("product", in_stock="true")
    r = world.b.api.put(f"/variants/{world.b.variants['B-LAMP']}/stock/{world.b.warehouse_id}", {"on_hand": 0})
    assert r.status_code == 200
    assert "Product B-LAMP" not in found("product", in_stock="true")


def test_orders_count_towards_the_sales_sort(world):
    from conftest import buy, register

    buy(register("buyer@example.com"), [(world.b.variants["B-CAKE"], 1)])
    assert ProductSales.objects.get(product_id=world.b.products["B-CAKE"]).orders == 1
    assert found("product", sort="sales")[0] == "Product B-CAKE"


def test_rebuild_gives_the_same_results_and_an_empty_index_rebuilds_itself(world):
    assert search.index_rebuild() == 4
    assert found("lamp") == ["Product B-LAMP"] and SearchTerm.objects.filter(term="lamp").exists()
    IndexedProduct.objects.all().delete()
    from django.core.cache import cache

    cache.clear()
    assert found("lamp") == ["Product B-LAMP"]
    assert IndexedProduct.objects.count() == 4
