"""Smaller promises: HTMX swaps the cart in place, error pages need no request, uploaded pictures win over the
generated tile, saved addresses prefill the checkout."""

from __future__ import annotations

import pytest
from django.template.loader import render_to_string
from django.test import Client

from .shopping import add, product_url, signed_in, text


def test_htmx_quantity_change_returns_the_cart_and_the_badge(world):
    client = Client()
    add(client, world, "A-CASE", 1)
    line_id = text(client.get("/cart")).split("/cart/lines/")[1][:30]
    r = client.post(f"/cart/lines/{line_id}", {"quantity": "3"}, HTTP_HX_REQUEST="true")
    body = text(r)
    assert r.status_code == 200 and "<html" not in body and 'id="cart"' in body
    assert 'hx-swap-oob="outerHTML:.nav__cart"' in body and ">3</span>" in body
    r = client.post(f"/cart/lines/{line_id}", {"quantity": "-4"}, HTTP_HX_REQUEST="true")
    assert r.status_code == 200 and f"qty-{line_id}-errors" in text(r)
    assert client.session["cart_count"] == 3


def test_error_pages_render_without_a_request(db):
    for name in ("500.html", "400.html", "403_csrf.html", "404.html", "403.html"):
        html = render_to_string(name)
        assert "<h1>" in html and "Mercato" in html, name


def test_a_query_string_too_big_to_parse_is_the_400_page(db):
    r = Client().get("/search?" + "&".join(f"f{i}=1" for i in range(1100)))
    assert r.status_code == 400 and "<h1>" in text(r)


def test_an_uploaded_picture_replaces_the_tile(world, settings, tmp_path):
    from mercato.contexts.catalog.models import Product

    if not hasattr(Product, "images"):
        pytest.skip("the catalog has no uploaded images yet")
    from django.core.files.uploadedfile import SimpleUploadedFile

    from mercato.shared import clock

    settings.MEDIA_ROOT = tmp_path
    product = Product.objects.get(pk=world.a.products["A-PHONE"])
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
    product.images.create(file=SimpleUploadedFile("phone.png", png), created_at=clock.now(), position=0)
    page = text(Client().get(product_url(world, "A-PHONE")))
    assert "/media/products/" in page and f"/p/{product.pk}/image.svg" not in page


def test_saved_address_prefills_the_checkout(world):
    client = signed_in()
    client.post("/accounts/addresses", {"name": "王五", "phone": "13700137000", "country": "CN", "city": "杭州市",
                                        "line1": "西湖路 8 号"})
    add(client, world, "A-CASE", 1)
    page = text(client.get("/checkout"))
    address_id = page.split("?address=")[1][:30]
    page = text(client.get(f"/checkout?address={address_id}"))
    assert 'value="西湖路 8 号"' in page
    other = signed_in("other@example.com")
    add(other, world, "A-CASE", 1)
    assert 'value="西湖路 8 号"' not in text(other.get(f"/checkout?address={address_id}"))
