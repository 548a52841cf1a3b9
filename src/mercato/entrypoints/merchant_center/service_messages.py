"""The services explain refusals in English (the API's words); pages show the ones people meet in the reader's
language. Unknown messages are shown as the service wrote them."""

from __future__ import annotations

import re
from typing import Any

from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .templatetags.status_labels import LABELS

KINDS = {"order": _("order"), "merchant": _("merchant"), "return": _("return"), "escrow": _("escrow"),
         "payment": _("payment")}

MESSAGES: list[tuple[re.Pattern[str], Promise]] = [(re.compile(f"^{pattern}$"), text) for pattern, text in [
    (r"must be a JPEG, PNG or WebP image", _("must be a JPEG, PNG or WebP image")),
    (r"the file is empty", _("the file is empty")),
    (r"a product has at most (?P<n>\d+) images", _("a product has at most %(n)s images")),
    (r"must be at most (?P<n>\d+) MB", _("must be at most %(n)s MB")),
    (r"must be at most (?P<n>\d+) characters", _("must be at most %(n)s characters")),
    (r"must not contain control characters", _("must not contain control characters")),
    (r"must be positive", _("must be positive")),
    (r"must be between 0\.01 and (?P<n>[\d.]+)", _("must be between 0.01 and %(n)s")),
    (r"must be between 1 and (?P<n>\d+)", _("must be between 1 and %(n)s")),
    (r"is not a line of this order", _("is not a line of this order")),
    (r"this order is paid in (?P<c>[A-Z]{3})", _("this order is paid in %(c)s")),
    (r"is not a valid GTIN \(length or check digit\)", _("is not a valid GTIN (length or check digit)")),
    (r"is repeated in this product", _("is repeated in this product")),
    (r"all variants of a product use one currency", _("all variants of a product use one currency")),
    (r"prices of this product are in (?P<c>[A-Z]{3})", _("prices of this product are in %(c)s")),
    (r"no category (?P<ref>.+)", _("no category %(ref)s")),
    (r"a SKU of this product is already used by another of your products",
     _("a SKU of this product is already used by another of your products")),
    (r"this product already has SKU (?P<sku>.+)", _("this product already has SKU %(sku)s")),
    (r"must be between 0 and (?P<n>[\d,]+)", _("must be between 0 and %(n)s")),
    (r"must be zero or more", _("must be zero or more")),
    (r"you already belong to a merchant", _("you already belong to a merchant")),
    (r"available balance is (?P<m>.+); payouts are blocked until it is positive",
     _("available balance is %(m)s; payouts are blocked until it is positive")),
    (r"only (?P<m>.+) is available", _("only %(m)s is available")),
    (r"refunds would exceed the (?P<m>.+) paid for this order",
     _("refunds would exceed the %(m)s paid for this order")),
    (r"you already have a warehouse with code (?P<code>.+)", _("you already have a warehouse with code %(code)s")),
    (r"(?P<n>\d+) units are held for orders; on_hand cannot go below that",
     _("%(n)s units are held for orders; the count cannot go below that")),
    (r"nothing was captured for this order yet \(cash on delivery not collected\)",
     _("nothing was captured for this order yet (cash on delivery not collected)")),
    (r"order is (?P<status>\w+); after shipment, request a return instead",
     _("the order is %(status)s; after shipment, handle it as a return")),
    (r"order is (?P<status>\w+); only a shipped parcel can be refused",
     _("the order is %(status)s; only a shipped parcel can be refused")),
    (r"order is (?P<status>\w+); there is nothing to refund", _("the order is %(status)s; there is nothing to refund")),
    (r"only the merchant's owner requests payouts", _("only the merchant's owner requests payouts")),
    (r"your merchant is (?P<status>\w+); only active merchants can sell",
     _("your shop is %(status)s; only active shops can sell")),
    (r"(?P<kind>\w+) is (?P<status>\w+); it cannot become (?P<target>\w+)",
     _("the %(kind)s is %(status)s; it cannot become %(target)s")),
]]


def _words(groups: dict[str, Any]) -> dict[str, str]:
    """Status codes become labels (lower case inside an English sentence)."""
    english = (translation.get_language() or "").startswith("en")
    words = {key: str(LABELS.get(value, value)) for key, value in groups.items()}
    if english:
        words = {key: word if key in ("m", "ref", "code", "c") else word.lower() for key, word in words.items()}
    if "kind" in groups:
        words["kind"] = str(KINDS.get(groups["kind"], groups["kind"]))
    return words


def translated(message: str) -> str:
    """The message in the reader's language when it is one we know; statuses become their labels."""
    for pattern, text in MESSAGES:
        found = pattern.match(message)
        if found:
            return str(text) % _words(found.groupdict())
    return message
