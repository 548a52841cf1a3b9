"""Warehouses and counted stock."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .fields import LineField, quantity_field


class CountryField(forms.CharField):
    """An ISO 3166-1 alpha-2 code; "cn" is read as "CN"."""

    def to_python(self, value: Any) -> str:
        return str(super().to_python(value)).upper()


class WarehouseForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=32, help_text=_("Short and unique, e.g. SH1."),
                           validators=[RegexValidator(r"^[A-Za-z0-9_-]+$", _("Use letters, digits, _ and - only."))])
    name = LineField(label=pgettext_lazy("warehouse", "Name"), max_length=100)
    country = CountryField(label=_("Country code"), min_length=2, max_length=2, initial="CN",
                              help_text=_("Two letters (ISO 3166-1), e.g. CN."),
                              validators=[RegexValidator(r"^[A-Z]{2}$", _("Use two letters, e.g. CN."))])
    city = LineField(label=_("City"), max_length=100)
    priority = forms.IntegerField(label=_("Priority"), min_value=-1000, max_value=1000, initial=0,
                                  help_text=_("Higher ships first."))


class StockForm(forms.Form):
    """The counted units at one warehouse (or of one lot there)."""

    warehouse = forms.ChoiceField(label=_("Warehouse"))
    on_hand = quantity_field(label=_("Units on hand"))
    lot_code = forms.CharField(label=_("Lot code (optional)"), max_length=32, required=False,
                               validators=[RegexValidator(r"^[A-Za-z0-9._-]+$",
                                                          _("Use letters, digits and . _ - only."))])
    lot_expires_on = forms.DateField(label=_("Lot expiry date (optional)"), required=False,
                                     widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, warehouses: Sequence[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["warehouse"]).choices = warehouses

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("lot_expires_on") and not data.get("lot_code"):
            self.add_error("lot_code", _("Give the code of the lot this expiry date belongs to."))
        return data
