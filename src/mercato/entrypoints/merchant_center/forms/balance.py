"""A payout of (part of) the available balance."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from .fields import amount_field, money_or_error


class PayoutForm(forms.Form):
    amount = amount_field(label=_("Amount"))
    currency = forms.ChoiceField(label=_("Currency"))

    def __init__(self, *args: Any, currencies: Sequence[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["currency"]).choices = [(c, c) for c in currencies]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("currency"):
            data["money"] = money_or_error(self, "amount", data.get("amount"), data["currency"])
            if data["money"] is not None and data["money"].is_zero:
                self.add_error("amount", _("Give an amount above zero."))
        return data
