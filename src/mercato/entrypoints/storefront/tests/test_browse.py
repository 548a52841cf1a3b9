"""Browsing: home, search with filters, sorting and pages, category pages, the product page with its
structured data, clean URLs and the generated picture."""

from __future__ import annotations

import json
import re

from django.test import Client

import shared_world

from .shopping import product_url, text

module_world, world = shared_world.module_world, shared_world.world  # one world per module, not per test


def test_home_shows_categories_featured_and_new_products(world):
    page = text(Client(HTTP_ACCEPT_LANGUAGE="en").get("/"))
    assert 'href="/c/electronics"' in page and "Electronics" in page
    assert "Product A-PHONE" in page and "Alpha 数码" in page
    assert "CN¥1,999.00" in page


def test_search_filters_and_sorting(world):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    page = text(client.get("/search", {"q": "lamp"}))
    assert "Product B-LAMP" in page and "Product A-PHONE" not in page
    page = text(client.get("/search", {"merchant": world.a.merchant_id, "max_price": "100"}))
    assert "Product A-CASE" in page and "Product A-PHONE" not in page and "Product B-LAMP" not in page
    cheap_first = text(client.get("/search", {"sort": "price_asc"}))
    assert cheap_first.index("Product A-CASE") < cheap_first.index("Product B-LAMP") < cheap_first.index(
        "Product A-PHONE")
    dear_first = text(client.get("/search", {"sort": "price_desc"}))
    assert dear_first.index("Product A-PHONE") < dear_first.index("Product A-CASE")


def test_pages_keep_the_filters(world, monkeypatch):
    from mercato.entrypoints.storefront import search_page

    monkeypatch.setattr(search_page, "PAGE_SIZE", 1)
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    seen = []
    path = "/search?sort=price_asc&in_stock=1"
    for _ in range(4):
        page = text(client.get(path))
        seen += re.findall(r"Product ([A-Z-]+)</span>", page)
        nxt = re.search(r'href="(\?[^"]+)" rel="next"', page)
        if not nxt:
            break
        path = "/search" + nxt.group(1).replace("&amp;", "&")
        assert "sort=price_asc" in path and "in_stock=1" in path
    assert seen == ["A-CASE", "B-CAKE", "B-LAMP", "A-PHONE"]
    back = re.search(r'href="(\?[^"]+)" rel="prev"', page)
    assert back and "B-LAMP" in text(client.get("/search" + back.group(1).replace("&amp;", "&")))


def test_category_page_and_unknown_category(world):
    client = Client()
    r = client.get("/c/electronics")
    assert r.status_code == 200 and "A-PHONE" in text(r)
    assert client.get("/c/no-such-thing").status_code == 404
    r = client.get("/search", {"category": "no-such-thing"})
    assert r.status_code == 200 and "errorlist" in text(r)


def test_product_page_structured_data_and_open_graph(world):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    url = product_url(world, "A-PHONE")
    page = text(client.get(url))
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert block, page
    data = json.loads(block.group(1))
    assert data["@type"] == "Product" and data["name"] == "Product A-PHONE" and data["sku"] == "A-PHONE"
    offer = data["offers"][0]
    assert offer["price"] == "1999.00" and offer["priceCurrency"] == "CNY"
    assert offer["availability"] == "https://schema.org/InStock" and offer["seller"]["name"] == "Alpha 数码"
    for prop in ("og:title", "og:type", "og:image", "og:url"):
        assert f'property="{prop}"' in page
    assert 'content="product"' in page and "No reviews yet" in page
    assert 'type="radio" name="variant_id"' in page


def test_wrong_slug_redirects_permanently_and_unknown_product_is_404(world):
    client = Client()
    pid = world.a.products["A-PHONE"]
    r = client.get(f"/p/some-old-name-{pid}")
    assert r.status_code == 301 and r["Location"] == f"/p/product-a-phone-{pid}"
    assert client.get("/p/x-prd_00000000000000000000000000").status_code == 404
    assert client.get("/p/x-notanid").status_code == 404


def test_out_of_stock_variant_is_disabled(world):
    world.a.api.put(f"/variants/{world.a.variants['A-CASE']}/stock/{world.a.warehouse_id}", {"on_hand": 0})
    page = text(Client().get(product_url(world, "A-CASE")))
    assert re.search(r'name="variant_id" value="var_[0-9a-z]+" disabled', page)
    assert "https://schema.org/OutOfStock" in page


def test_the_generated_picture_escapes_the_title(world):
    r = world.a.api.post("/products", {"title": {"zh-Hans": "<b>&坏</b>", "en": "<script>x</script>"},
                                       "category": world.category,
                                       "variants": [{"sku": "X-1", "price": {"amount": "1.00", "currency": "CNY"}}]})
    assert r.status_code == 201, r.body
    svg = Client(HTTP_ACCEPT_LANGUAGE="en").get(f"/p/{r.body['id']}/image.svg")
    assert svg.status_code == 200 and svg["Content-Type"].startswith("image/svg+xml")
    body = text(svg)
    assert "<script>" not in body and "&lt;script&gt;" in body
    assert Client().get("/p/prd_00000000000000000000000000/image.svg").status_code == 404
