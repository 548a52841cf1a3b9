"""How products appear on pages: clean URLs, a picture (uploaded, or a generated tile), cards, JSON-LD."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import prefetch_related_objects
from django.urls import reverse
from django.utils import translation
from django.utils.text import slugify

from mercato.contexts.catalog.domain.texts import normalise_language, pick
from mercato.contexts.catalog.models import Product, Variant
from mercato.contexts.merchants import public as merchants
from mercato.shared.money import Money

SCHEMA = "https://schema.org/"


def slug_of(title: dict[str, str]) -> str:
    """The English title as a URL slug (the id, not the slug, finds the product)."""
    return slugify(str(title.get("en") or ""))[:80].strip("-") or "item"


def product_slug(product: Product) -> str:
    return slug_of(product.title)


def path_for(product_id: str, title: dict[str, str]) -> str:
    return reverse("storefront:product", kwargs={"slug": slug_of(title), "product_id": product_id})


def product_path(product: Product) -> str:
    return path_for(product.pk, product.title)


def _uploaded(product: Product) -> Any | None:
    """The first uploaded image, when the catalog holds images (merchants upload them)."""
    images = getattr(product, "images", None)
    if images is None:
        return None
    return next(iter(images.all()), None)


def image_of(product: Product) -> tuple[str, dict[str, str]]:
    """(url, alt texts by language): the first uploaded image, else the generated placeholder tile."""
    first = _uploaded(product)
    file = getattr(first, "file", None) if first is not None else None
    if file:
        return file.url, dict(getattr(first, "alt", None) or product.title)
    return reverse("storefront:product-image", kwargs={"product_id": product.pk}), dict(product.title)


def with_images(rows: Sequence[Product]) -> None:
    """One query for the images of a whole list (when the catalog has images at all)."""
    if rows and hasattr(Product, "images"):
        prefetch_related_objects(list(rows), "images")


def in_stock(variant: Variant) -> bool:
    return bool(variant.is_active and variant.available > 0)


@dataclass(frozen=True)
class ProductCard:
    url: str
    image: str
    alt: dict[str, str]
    title: dict[str, str]
    price: Money
    merchant: str
    in_stock: bool


def cards(rows: Sequence[Product]) -> list[ProductCard]:
    """Cards for a list of products (variants prefetched by the selector): two queries whatever the length."""
    with_images(rows)
    names = merchants.merchant_names({p.merchant_id for p in rows}) if rows else {}
    result = []
    for p in rows:
        image, alt = image_of(p)
        result.append(ProductCard(
            url=product_path(p), image=image, alt=alt, title=p.title, price=Money.of(p.min_price, p.currency),
            merchant=names.get(p.merchant_id, ""), in_stock=any(in_stock(v) for v in p.variants.all()),
        ))
    return result


def _offer(variant: Variant, *, url: str, seller: str) -> dict[str, Any]:
    offer: dict[str, Any] = {
        "@type": "Offer", "sku": variant.sku, "price": f"{variant.price_amount:.2f}",
        "priceCurrency": variant.currency, "url": url,
        "availability": SCHEMA + ("InStock" if in_stock(variant) else "OutOfStock"),
        "seller": {"@type": "Organization", "name": seller},
    }
    if len(variant.gtin) == 13:
        offer["gtin13"] = variant.gtin
    return offer


def json_ld(product: Product, variants: Sequence[Variant], *, url: str, image: str, seller: str) -> dict[str, Any]:
    """schema.org Product with one Offer per variant on sale."""
    language = normalise_language(translation.get_language())
    data: dict[str, Any] = {
        "@context": "https://schema.org", "@type": "Product", "name": pick(product.title, language),
        "description": pick(product.description, language) if product.description else "",
        "image": image, "url": url,
        "offers": [_offer(v, url=url, seller=seller) for v in variants],
    }
    if variants:
        data["sku"] = variants[0].sku
        gtins = [v.gtin for v in variants if len(v.gtin) == 13]
        if gtins:
            data["gtin13"] = gtins[0]
    return data
