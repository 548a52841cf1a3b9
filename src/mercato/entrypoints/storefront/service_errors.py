"""The services' errors in the shopper's words: field errors next to the fields, the rest as one sentence.

Services explain themselves in English (the API's problem+json). The sentences they use verbatim are listed
here with gettext_noop so the catalogue translates them; the few with numbers in them are matched by pattern.
Anything else is shown as the service said it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping

from django import forms
from django.utils.translation import gettext, gettext_noop, ngettext

from mercato.shared.errors import Conflict, MercatoError, RateLimited

from .labels import ORDER_STATUS, label

VERBATIM = (
    gettext_noop("the cart is empty"),
    gettext_noop("guests check out with an email address"),
    gettext_noop("is not a valid card number (check digit)"),
    gettext_noop("is required when method is card"),
    gettext_noop("name at least one line to return"),
    gettext_noop("is not a line of this order"),
    gettext_noop("custom-made goods cannot be returned without a reason"),
    gettext_noop("perishable goods cannot be returned without a reason"),
    gettext_noop("the 7-day return window of this order has closed"),
    gettext_noop("the reservation for this payment has expired; check out again"),
    gettext_noop("checkout collided; try again"),
    gettext_noop("wrong email or password"),
)


def _between(m: re.Match[str]) -> str:
    return gettext("must be between %(low)s and %(high)s") % {"low": m[1], "high": m[2]}


def _at_most(m: re.Match[str]) -> str:
    return gettext("at most %(n)s of one item per cart") % {"n": m[1]}


def _max_lines(m: re.Match[str]) -> str:
    return gettext("a cart holds at most %(n)s lines") % {"n": m[1]}


def _currency(m: re.Match[str]) -> str:
    return gettext("this cart is in %(currency)s; one currency per cart") % {"currency": m[1]}


PATTERNS: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], str]], ...] = (
    (re.compile(r"^must be between (\d+) and (\d+)$"), _between),
    (re.compile(r"^at most (\d+) of one item per cart$"), _at_most),
    (re.compile(r"^a cart holds at most (\d+) lines$"), _max_lines),
    (re.compile(r"^this cart is in ([A-Z]{3}); one currency per cart$"), _currency),
)


def translated(message: str) -> str:
    """A service's sentence in the reader's language when we know it, else as it was said."""
    for pattern, render in PATTERNS:
        match = pattern.match(message)
        if match:
            return render(match)
    return gettext(message)


def error_message(exc: MercatoError) -> str:
    """One readable sentence for an error that belongs to no single field."""
    if isinstance(exc, RateLimited):
        minutes = max(1, math.ceil(int(exc.extra.get("retry_after", 60)) / 60))
        return ngettext("Too many attempts. Try again in %(n)d minute.",
                        "Too many attempts. Try again in %(n)d minutes.", minutes) % {"n": minutes}
    if exc.errors:
        return " ".join(translated(e.message) for e in exc.errors)
    if isinstance(exc, Conflict) and exc.extra.get("current_status") in ORDER_STATUS \
            and translated(exc.detail) == exc.detail:
        status = label(ORDER_STATUS, exc.extra["current_status"])
        return gettext("This order is now “%(status)s”, so this is no longer possible.") % {"status": status}
    return translated(exc.detail)


def add_to_form(form: forms.Form, exc: MercatoError, fields: Mapping[str, str] | None = None) -> None:
    """Put each of the service's field errors next to the matching form field (or above the form).

    A service field path (``shipping_address.phone``, ``card.number``, ``lines.0.quantity``) is looked up in
    ``fields`` first, then tried as it is, then by its last part.
    """
    if not exc.errors:
        form.add_error(None, error_message(exc))
        return
    for error in exc.errors:
        form.add_error(_form_field(form, error.field, fields or {}), translated(error.message))


def _form_field(form: forms.Form, path: str, fields: Mapping[str, str]) -> str | None:
    for candidate in (fields.get(path), path, path.rsplit(".", 1)[-1]):
        if candidate and candidate in form.fields:
            return candidate
    return None
