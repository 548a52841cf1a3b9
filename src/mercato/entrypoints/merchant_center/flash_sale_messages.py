"""Flash sales' refusals and reconciliation findings in the reader's language, and field errors put next to the
fields of the new-sale form. The flashsales context speaks English (the API's words); unknown sentences fall back
to the merchant center's shared table, then to the words the service used."""

from __future__ import annotations

import re
from collections.abc import Callable

from django import forms
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from mercato.shared.errors import MercatoError

from .service_errors import describe
from .service_messages import translated as shared_translated

MESSAGES: list[tuple[re.Pattern[str], Promise]] = [(re.compile(f"^{pattern}$"), text) for pattern, text in [
    (r"must be after starts_at", _("must be after the start")),
    (r"a flash sale lasts at most (?P<n>\d+) days", _("a flash sale lasts at most %(n)s days")),
    (r"must be in the future", _("must be in the future")),
    (r"a flash sale offers at least one variant", _("a flash sale offers at least one variant")),
    (r"at most (?P<n>\d+) variants per flash sale", _("at most %(n)s variants per flash sale")),
    (r"no such variant in your catalogue", _("no such variant in your catalogue")),
    (r"appears twice in this sale", _("appears twice in this sale")),
    (r"is not on sale \(inactive variant or product\)", _("is not on sale (inactive variant or product)")),
    (r"must be a positive amount with at most 2 decimals", _("must be a positive amount with at most 2 decimals")),
    (r"must be below the list price (?P<price>[\d.]+) (?P<c>[A-Z]{3})",
     _("must be below the list price %(price)s %(c)s")),
    (r"only (?P<n>\d+) units are in stock", _("only %(n)s units are in stock")),
    (r"is already in another flash sale at that time", _("is already in another flash sale at that time")),
    (r"flash sale is (?P<status>\w+)", _("the flash sale is already %(status)s")),
    (r"only the merchant's owners and managers may cancel a flash sale",
     _("only the shop's owners and managers may cancel a flash sale")),
    (r"the sale's window ended", _("the sale's window ended")),
    # reconciliation findings
    (r"earmarked (?P<a>\d+) != free (?P<b>\d+) \+ returned (?P<c>\d+) \+ claimed (?P<d>\d+)",
     _("earmarked %(a)s ≠ free %(b)s + returned %(c)s + claimed %(d)s")),
    (r"units claimed by orders (?P<a>\d+) != units of purchases (?P<b>\d+)",
     _("units claimed by orders %(a)s ≠ units of purchases %(b)s")),
    (r"buyer tallies (?P<a>\d+) != units of purchases (?P<b>\d+)",
     _("buyer tallies %(a)s ≠ units of purchases %(b)s")),
    (r"gate (?P<a>-?\d+) \+ in flight (?P<b>\d+) != free in database (?P<c>\d+)",
     _("gate %(a)s + in flight %(b)s ≠ free in the database %(c)s")),
]]

STATUS_WORDS: dict[str, Promise] = {
    "scheduled": _("Scheduled"), "live": _("Live"), "ended": _("Ended"), "cancelled": _("Cancelled"),
}


def status_word(code: str) -> str:
    return str(STATUS_WORDS.get(code, code))


def translated(message: str) -> str:
    for pattern, text in MESSAGES:
        found = pattern.match(message)
        if found:
            words = found.groupdict()
            if "status" in words:
                words["status"] = status_word(words["status"]).lower()
            return str(text) % words
    return shared_translated(message)


def refusal(exc: MercatoError) -> str:
    """One sentence for a refusal that belongs to no field: the shared lead, then the detail in our words."""
    lead = describe(exc).split(": ", 1)[0]
    detail = "; ".join(translated(e.message) for e in exc.errors) if exc.errors else translated(exc.detail)
    return f"{lead}: {detail}"


def place_on_form(form: forms.BaseForm, exc: MercatoError, field_of: Callable[[str], str | None]) -> None:
    """Each field error next to its field (``items.1.sale_price`` → the second item's price), the rest on top."""
    placed = False
    for error in exc.errors:
        name = field_of(error.field)
        if name is not None and name in form.fields:
            form.add_error(name, translated(error.message))
            placed = True
    if not placed:
        form.add_error(None, refusal(exc))
