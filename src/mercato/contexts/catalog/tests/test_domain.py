"""Catalog rules without a database."""

import pytest

from mercato.contexts.catalog.domain.gtin import is_valid_gtin
from mercato.contexts.catalog.domain.texts import as_translations, normalise_language


@pytest.mark.parametrize(("code", "ok"), [("6901234567892", True), ("6901234567893", False), ("96385074", True),
                                          ("10012345678902", True), ("12345", False), ("69012345678ab", False)])
def test_gtin_check_digit(code, ok):
    assert is_valid_gtin(code) is ok


def test_texts_fill_missing_languages_and_languages_normalise():
    assert as_translations("Phone") == {"zh-Hans": "Phone", "en": "Phone"}
    assert as_translations({"en": "Phone"})["zh-Hans"] == "Phone"
    assert normalise_language("en-GB,en;q=0.9") == "en" and normalise_language("zh-CN") == "zh-Hans"


def test_price_range_needs_one_variant_inside_the_whole_range(world):
    from conftest import Api

    r = world.a.api.post("/products", {"title": "Two sizes", "category": world.category, "variants": [
        {"sku": "TS-S", "price": {"amount": "50.00", "currency": "CNY"}},
        {"sku": "TS-L", "price": {"amount": "500.00", "currency": "CNY"}}]})
    assert r.status_code == 201
    found = {p["id"] for p in Api().get("/products?min_price=100&max_price=200&limit=100").body["items"]}
    assert r.body["id"] not in found
    found = {p["id"] for p in Api().get("/products?min_price=400&max_price=600&limit=100").body["items"]}
    assert r.body["id"] in found


def test_services_refuse_what_the_api_schema_would_whoever_calls(world):
    from mercato.contexts.catalog import services
    from mercato.contexts.identity import public as identity
    from mercato.shared.actor import Actor
    from mercato.shared.errors import ValidationFailed
    from mercato.shared.money import Money

    owner = Actor(user_id=identity.user_id_by_email("alpha@example.com"))
    product = world.a.products["A-PHONE"]
    with pytest.raises(ValidationFailed) as bad_price:
        services.product_update(product_id=product, actor=owner,
                                variant_prices={world.a.variants["A-PHONE"]: Money.of("-1.00", "CNY")})
    assert bad_price.value.errors[0].field == "variants"
    with pytest.raises(ValidationFailed):
        services.product_update(product_id=product, actor=owner, status="deleted")
    with pytest.raises(ValidationFailed) as same_sku:
        services.product_update(product_id=product, actor=owner,
                                new_variants=[services.VariantData(sku="A-PHONE", price=Money.of("1.00", "CNY"))])
    assert "already has SKU" in same_sku.value.detail
