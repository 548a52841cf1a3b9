"""Helpers for page tests: signed-in browsers (Django's test client), a tiny real PNG, form posts."""

from __future__ import annotations

import struct
import zlib
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from mercato.contexts.identity.models import User


def browser(email: str | None = None, language: str = "en") -> Client:
    """A client signed in as the user with this email (anonymous without), reading in ``language``."""
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    if email:
        client.force_login(User.objects.get(email=email))
    return client


def tiny_png() -> bytes:
    """A valid 1×1 PNG made here (no image library needed)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x80\x00")
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


def upload(name: str, content: bytes, content_type: str = "image/png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def product_form(category: str, /, **overrides: Any) -> dict[str, Any]:
    data = {"title_zh": "蓝牙耳机", "title_en": "Bluetooth earbuds", "description_zh": "降噪\r\n续航 30 小时",
            "description_en": "Noise cancelling", "category": category, "sku": "EAR-1", "price": "299.00",
            "currency": "CNY", "gtin": "", "weight_grams": "60", "attributes": "colour: white\r\n尺寸：M"}
    data.update(overrides)
    return data


def field_errors(response: Any, field: str) -> list[str]:
    """The errors a re-rendered form holds for ``field`` (looked up in every form of the context)."""
    found: list[str] = []
    contexts = response.context if isinstance(response.context, list) else [response.context]
    forms = {id(v): v for c in contexts for v in c.flatten().values() if hasattr(v, "fields") and hasattr(v, "errors")}
    for form in forms.values():
        if field in form.errors:
            found += list(form.errors[field])
    return found
