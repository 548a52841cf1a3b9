"""Shipping, delivery, cancellation and refunds of one order."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from .fields import LineField, amount_field, money_or_error, quantity_field


class ShipForm(forms.Form):
    carrier = LineField(label=_("Carrier"), max_length=40)
    tracking_number = forms.CharField(
        label=_("Tracking number"), min_length=4, max_length=40,
        validators=[RegexValidator(r"^[A-Za-z0-9-]+$", _("Use letters, digits and hyphens only."))])


class DeliverForm(forms.Form):
    cod_outcome = forms.ChoiceField(label=_("Cash on delivery"), initial="collected", choices=[
        ("collected", _("Cash collected")), ("refused", _("Refused at the door (cancel and restock)"))])


class CancelForm(forms.Form):
    reason = LineField(label=_("Reason"), max_length=200, required=False)


class RefundAmountForm(forms.Form):
    """A refund of an amount, spread over the order's lines by the service."""

    amount = amount_field(label=_("Amount"))
    reason = LineField(label=_("Reason"), max_length=200)

    def __init__(self, *args: Any, currency: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.currency = currency

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["money"] = money_or_error(self, "amount", data.get("amount"), self.currency)
        if data["money"] is not None and data["money"].is_zero:
            self.add_error("amount", _("Give an amount above zero."))
        return data


class RefundLineForm(forms.Form):
    """A refund of some units of one line, prorated by the service."""

    line = forms.ChoiceField(label=_("Line"))
    quantity = quantity_field(label=_("Units"), minimum=1, maximum=10_000)
    reason = LineField(label=_("Reason"), max_length=200)

    def __init__(self, *args: Any, lines: Sequence[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["line"]).choices = lines
