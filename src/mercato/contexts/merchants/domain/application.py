"""What a merchant application must contain, checked whoever calls (API, pages, scripts)."""

from __future__ import annotations

import re

from mercato.shared.errors import ValidationFailed

LICENSE = re.compile(r"^[0-9A-Za-z-]{6,64}$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def validate_application(*, name: str, contact_email: str, business_license: str) -> None:
    if not name.strip() or len(name) > 120 or not name.isprintable():
        raise ValidationFailed.on("name", "must be 1 to 120 printable characters")
    if len(contact_email) > 254 or not EMAIL.match(contact_email):
        raise ValidationFailed.on("contact_email", "is not an email address")
    if not LICENSE.match(business_license):
        raise ValidationFailed.on("business_license", "must be 6 to 64 letters, digits or hyphens")
