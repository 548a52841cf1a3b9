"""Product images: uploaded by the merchant's staff, recognised by their first bytes (a file's name and declared
type can lie), kept in Django's default storage (a local media folder embedded; any STORAGES backend in
production)."""

from __future__ import annotations

import secrets
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.core.files import File
from django.db import transaction
from django.db.models import Count, Max

from mercato.contexts.merchants import public as merchants
from mercato.shared import clock, events
from mercato.shared.actor import Actor
from mercato.shared.errors import NotFound, ValidationFailed

from .domain.texts import as_translations
from .events import ProductChanged
from .models import Product, ProductImage

MAX_IMAGE_BYTES = 5 * 1024 * 1024
MAX_IMAGES_PER_PRODUCT = 20
MAX_ALT_LENGTH = 200
_SIGNATURES = ((b"\xff\xd8\xff", "jpg"), (b"\x89PNG\r\n\x1a\n", "png"))


@dataclass(frozen=True)
class ProductImageView:
    id: int
    product_id: str
    url: str
    alt: dict[str, str]
    position: int


def image_kind(head: bytes) -> str | None:
    """The file extension for JPEG, PNG or WebP content, judged by the magic bytes; None for anything else."""
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    return next((ext for magic, ext in _SIGNATURES if head.startswith(magic)), None)


def _checked_kind(file: File[Any]) -> str:
    size = file.size or 0
    if size == 0:
        raise ValidationFailed.on("image", "the file is empty")
    if size > MAX_IMAGE_BYTES:
        raise ValidationFailed.on("image", f"must be at most {MAX_IMAGE_BYTES // (1024 * 1024)} MB")
    file.seek(0)
    kind = image_kind(file.read(12))
    file.seek(0)
    if kind is None:
        raise ValidationFailed.on("image", "must be a JPEG, PNG or WebP image")
    return kind


def _alt_texts(alt: str | Mapping[str, str]) -> dict[str, str]:
    texts = as_translations(alt) if alt else {}
    for text in texts.values():
        if len(text) > MAX_ALT_LENGTH:
            raise ValidationFailed.on("alt", f"must be at most {MAX_ALT_LENGTH} characters")
        if any(unicodedata.category(ch) == "Cc" for ch in text):
            raise ValidationFailed.on("alt", "must not contain control characters")
    return {lang: text.strip() for lang, text in texts.items()}


@transaction.atomic
def product_image_add(*, product_id: str, file: File[Any], actor: Actor,
                      alt: str | Mapping[str, str] = "") -> ProductImageView:
    """Add an image after the product's others; the stored name is ours, never the uploader's."""
    membership = merchants.staff_membership(actor.user_id)
    product = Product.objects.select_for_update().filter(pk=product_id, merchant_id=membership.merchant_id).first()
    if product is None:
        raise NotFound.of("product", product_id)
    kind = _checked_kind(file)
    texts = _alt_texts(alt)
    existing = product.images.aggregate(n=Max("position"), count=Count("id"))
    if existing["count"] >= MAX_IMAGES_PER_PRODUCT:
        raise ValidationFailed.on("image", f"a product has at most {MAX_IMAGES_PER_PRODUCT} images")
    position = 0 if existing["n"] is None else existing["n"] + 1
    image = ProductImage(product=product, alt=texts, position=position, created_at=clock.now())
    image.file.save(f"{product.id}-{secrets.token_hex(8)}.{kind}", file, save=False)
    image.save()
    events.publish(ProductChanged(product_id=product.id, merchant_id=product.merchant_id))
    return ProductImageView(id=image.pk, product_id=product.id, url=image.file.url, alt=texts, position=position)
