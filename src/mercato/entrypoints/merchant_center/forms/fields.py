"""Field types every merchant-center form uses: clean single-line and multi-line text, money, quantities."""

from __future__ import annotations

import unicodedata
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from mercato.shared.money import MINOR_UNITS, Money, MoneyError

MAX_PRICE = Decimal("10000000")
MAX_QUANTITY = 10_000_000
CURRENCY_CHOICES = [(code, code) for code in sorted(MINOR_UNITS)]


def no_control_characters(value: str) -> None:
    if any(unicodedata.category(ch) == "Cc" and ch not in "\n\t" for ch in value):
        raise ValidationError(_("Remove the control characters from this text."), code="control")


def single_line(value: str) -> None:
    if "\n" in value or "\t" in value:
        raise ValidationError(_("Use a single line."), code="single_line")


class LineField(forms.CharField):
    """One line of text without control characters (trimmed)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.validators += [no_control_characters, single_line]


class TextField(forms.CharField):
    """Several lines of text; browsers send CRLF, stored as LF."""

    widget = forms.Textarea(attrs={"rows": 4})

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.validators.append(no_control_characters)

    def to_python(self, value: Any) -> str:
        return str(super().to_python(value)).replace("\r\n", "\n").replace("\r", "\n")


def amount_field(*, label: Any, required: bool = True, minimum: Decimal = Decimal(0)) -> forms.DecimalField:
    return forms.DecimalField(label=label, required=required, min_value=minimum, max_value=MAX_PRICE,
                              max_digits=14, decimal_places=2,
                              widget=forms.NumberInput(attrs={"step": "0.01", "inputmode": "decimal"}))


def quantity_field(*, label: Any, minimum: int = 0, maximum: int = MAX_QUANTITY) -> forms.IntegerField:
    return forms.IntegerField(label=label, min_value=minimum, max_value=maximum,
                              widget=forms.NumberInput(attrs={"inputmode": "numeric"}))


def money_or_error(form: forms.BaseForm, field: str, amount: Decimal | None, currency: str) -> Money | None:
    """The amount as Money in the currency, or None with an error on ``field`` (e.g. decimals JPY lacks)."""
    if amount is None:
        return None
    try:
        return Money.of(amount, currency)
    except MoneyError:
        form.add_error(field, _("%(currency)s has %(places)s decimal places.")
                       % {"currency": currency, "places": MINOR_UNITS.get(currency, 2)})
        return None
