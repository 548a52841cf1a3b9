"""Storefront template filters: platform-local times, status words, variant attributes, JSON-LD."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from django import template
from django.templatetags.tz import do_timezone
from django.urls import NoReverseMatch
from django.utils.safestring import SafeString, mark_safe

from mercato.shared import clock

from .. import labels
from ..product_display import path_for

register = template.Library()

# As django.utils.html.json_script: nothing in the data can close the <script> element.
_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.filter
def platform_time(moment: datetime | None) -> datetime | str:
    """The moment in the platform's time zone (deadlines are counted on its calendar); marked so the
    date filters that follow keep that zone instead of converting to the request's."""
    return do_timezone(moment, clock.platform_zone()) if moment else ""


@register.filter
def order_status(code: str) -> str:
    return labels.label(labels.ORDER_STATUS, code)


@register.filter
def return_status(code: str) -> str:
    return labels.label(labels.RETURN_STATUS, code)


@register.filter
def payment_status(code: str) -> str:
    return labels.label(labels.PAYMENT_STATUS, code)


@register.filter
def shipping_method(code: str) -> str:
    return labels.label(labels.SHIPPING_METHOD, code)


@register.filter
def payment_method(code: str) -> str:
    return labels.label(labels.PAYMENT_METHOD, code)


@register.filter
def attributes(values: Any) -> str:
    """``{"colour": "red", "size": "M"}`` → ``colour: red · size: M``."""
    if not isinstance(values, dict):
        return ""
    return " · ".join(f"{k}: {v}" for k, v in values.items())


@register.filter
def ld_json(data: Any) -> SafeString:
    """JSON for a ``<script type="application/ld+json">`` element, escaped so it cannot end the element."""
    return mark_safe(json.dumps(data, ensure_ascii=False).translate(_SCRIPT_ESCAPES))  # noqa: S308


@register.filter
def product_url(line: Any) -> str:
    """The product page of a cart or order line (both carry the product id and its titles)."""
    try:
        return path_for(line.product_id, line.title)
    except (AttributeError, NoReverseMatch):
        return ""


@register.filter
def get_item(mapping: Any, key: str) -> Any:
    return mapping.get(key) if isinstance(mapping, dict) else None
