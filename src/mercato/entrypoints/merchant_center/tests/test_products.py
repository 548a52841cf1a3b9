"""Products through the pages: creating, editing, variants and images, with every bad input a field error."""

from decimal import Decimal

import pytest
from django.test import override_settings

import shared_world
from mercato.contexts.catalog.models import Product, ProductImage, Variant

from .support import browser, field_errors, product_form, tiny_png, upload

module_world, world = shared_world.module_world, shared_world.world  # one world per module, not per test

pytestmark = pytest.mark.django_db


def create(me, category, /, **overrides):
    return me.post("/merchant/products/new/", product_form(category, **overrides))


def test_a_product_is_created_with_both_languages_and_its_first_variant(world):
    r = create(browser("alpha@example.com"), world.category)
    assert r.status_code == 302
    product = Product.objects.get(search_text__contains="earbuds")
    assert product.title == {"zh-Hans": "蓝牙耳机", "en": "Bluetooth earbuds"}
    assert product.description["zh-Hans"] == "降噪\n续航 30 小时"
    variant = product.variants.get()
    assert (variant.sku, variant.price_amount, variant.weight_grams) == ("EAR-1", Decimal("299.00"), 60)
    assert variant.attributes == {"colour": "white", "尺寸": "M"}
    assert r.url == f"/merchant/products/{product.id}/"


@pytest.mark.parametrize(("overrides", "field"), [
    ({"price": "abc"}, "price"),
    ({"price": "-1"}, "price"),
    ({"price": "100000000"}, "price"),
    ({"price": "1.999"}, "price"),
    ({"price": "NaN"}, "price"),
    ({"currency": "JPY", "price": "10.50"}, "price"),
    ({"currency": "XXX"}, "currency"),
    ({"title_zh": "", "title_en": ""}, "title_zh"),
    ({"title_zh": "坏\x07标题"}, "title_zh"),
    ({"title_en": "two\nlines"}, "title_en"),
    ({"description_en": "bell \x1b[31m"}, "description_en"),
    ({"category": "cat_nope"}, "category"),
    ({"sku": "has space"}, "sku"),
    ({"gtin": "12345"}, "gtin"),
    ({"gtin": "4006381333932"}, "gtin"),  # right length, wrong check digit: the catalog says so
    ({"weight_grams": "99999999999999999999"}, "weight_grams"),
    ({"attributes": "no colon here"}, "attributes"),
    ({"attributes": "x: " + "y" * 101}, "attributes"),
])
def test_bad_product_input_is_a_field_error_never_a_500(world, overrides, field):
    r = create(browser("alpha@example.com"), world.category, **overrides)
    assert r.status_code == 200
    assert field_errors(r, field), r.context["form"].errors
    assert not Product.objects.filter(search_text__contains="earbuds").exists()


def test_a_sku_used_by_another_product_is_refused_with_a_message(world):
    me = browser("alpha@example.com")
    r = create(me, world.category, sku="A-PHONE")
    assert r.status_code == 200
    assert "already used" in " ".join(r.context["form"].non_field_errors())


def test_editing_texts_status_and_prices(world):
    me = browser("alpha@example.com")
    product_id, variant_id = world.a.products["A-CASE"], world.a.variants["A-CASE"]
    page = me.get(f"/merchant/products/{product_id}/")
    assert page.status_code == 200
    data = {**page.context["form"].initial, "title_en": "Phone case, blue", "status": "archived",
            f"price_{variant_id}": "39.90"}
    r = me.post(f"/merchant/products/{product_id}/", data)
    assert r.status_code == 302
    product = Product.objects.get(pk=product_id)
    assert product.title["en"] == "Phone case, blue" and product.status == "archived"
    assert Variant.objects.get(pk=variant_id).price_amount == Decimal("39.90")
    listing = me.get("/merchant/products/?status=archived").content.decode()
    assert "Phone case, blue" in listing


def test_bad_prices_on_edit_are_field_errors(world):
    me = browser("alpha@example.com")
    product_id, variant_id = world.a.products["A-CASE"], world.a.variants["A-CASE"]
    initial = me.get(f"/merchant/products/{product_id}/").context["form"].initial
    for price in ("abc", "-5", "1e400"):
        r = me.post(f"/merchant/products/{product_id}/", {**initial, f"price_{variant_id}": price})
        assert r.status_code == 200 and field_errors(r, f"price_{variant_id}"), price
    r = me.post(f"/merchant/products/{product_id}/", {**initial, "status": "deleted"})
    assert field_errors(r, "status")


def test_adding_a_variant_and_refusing_a_repeated_sku(world):
    me = browser("alpha@example.com")
    product_id = world.a.products["A-PHONE"]
    r = me.post(f"/merchant/products/{product_id}/variants/", {
        "sku": "A-PHONE-256", "price": "2299.00", "currency": "CNY", "weight_grams": "200",
        "attributes": "storage: 256GB"})
    assert r.status_code == 302
    assert Variant.objects.filter(product_id=product_id).count() == 2
    r = me.post(f"/merchant/products/{product_id}/variants/", {
        "sku": "A-PHONE-256", "price": "2299.00", "currency": "CNY", "weight_grams": "200"})
    assert r.status_code == 200
    assert "already has SKU" in " ".join(r.context["variant_form"].non_field_errors())
    r = me.post(f"/merchant/products/{product_id}/variants/", {
        "sku": "A-PHONE-USD", "price": "10", "currency": "USD", "weight_grams": "0"})
    assert field_errors(r, "currency")


def test_images_are_judged_by_content_not_by_name(world, tmp_path):
    me = browser("alpha@example.com")
    product_id = world.a.products["A-PHONE"]
    url = f"/merchant/products/{product_id}/images/"
    with override_settings(MEDIA_ROOT=tmp_path):
        assert me.post(url, {"image": upload("photo.webp", b"RIFF\x10\x00\x00\x00WEBPVP8 " + b"\x00" * 20,
                                             "image/webp")}).status_code == 302
        assert me.post(url, {"image": upload("photo.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 32,
                                             "image/jpeg")}).status_code == 302
        assert me.post(url, {"image": upload("renamed.png", b"GIF89a" + b"\x00" * 20)}).status_code == 200
        r = me.post(url, {"image": upload("huge.png", tiny_png() + b"\x00" * (5 * 1024 * 1024))})
        assert field_errors(r, "image") == ["must be at most 5 MB"]
        r = me.post(url, {"image": upload("empty.png", b"")})
        assert field_errors(r, "image")
        r = me.post(url, {"alt_en": "no file"})
        assert field_errors(r, "image")
        r = me.post(url, {"image": upload("ok.png", tiny_png()), "alt_en": "bad\x00alt"})
        assert field_errors(r, "alt_en")
    images = list(ProductImage.objects.filter(product_id=product_id))
    assert [i.file.name.rsplit(".", 1)[-1] for i in images] == ["webp", "jpg"]
    assert [i.position for i in images] == [0, 1]


@pytest.mark.parametrize("path", ["", "variants/", "images/"])
def test_another_merchants_product_is_not_found(world, path):
    me = browser("beta@example.com")
    assert me.get(f"/merchant/products/{world.a.products['A-PHONE']}/{path}").status_code == 404
    assert me.post(f"/merchant/products/{world.a.products['A-PHONE']}/{path}", {}).status_code == 404


def test_malformed_ids_are_not_found(world):
    me = browser("alpha@example.com")
    assert me.get("/merchant/products/prd_x%00y/").status_code == 404
    assert me.get("/merchant/products/prd_01m8bc4wmprbnxb6hyf6yegy2y/").status_code == 404
