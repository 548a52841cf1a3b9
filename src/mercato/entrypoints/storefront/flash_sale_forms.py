"""Buying one flash-sale item: how many (up to the limit per shopper), where to ship it, how fast."""

from __future__ import annotations

import re
import secrets
from typing import Any

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from mercato.contexts.flashsales.contracts import ItemView

from .forms import AddressForm

ATTEMPT_KEY = re.compile(r"[A-Za-z0-9_-]{1,64}")


class FlashBuyForm(AddressForm):
    """One form per item on the sale page; ``auto_id`` keeps the element ids of the items' forms apart."""

    item_id = forms.CharField(widget=forms.HiddenInput, max_length=40)
    shipping_method = forms.ChoiceField(label=_("Shipping method"), widget=forms.RadioSelect, initial="standard",
                                        choices=[("standard", _("Standard")), ("express", _("Express"))])
    # one key per rendering of the form: a double click places one order, a new attempt gets a new key
    attempt = forms.CharField(widget=forms.HiddenInput, required=False, strip=True)

    def __init__(self, *args: Any, item: ItemView, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", f"{item.id}_%s")
        super().__init__(*args, **kwargs)
        self.item = item
        self.initial.update({"item_id": item.id, "attempt": secrets.token_urlsafe(16)})
        limit = item.per_buyer_limit
        self.fields["quantity"] = forms.IntegerField(
            label=_("Quantity"), min_value=1, max_value=limit, initial=1,
            widget=forms.NumberInput(attrs={"class": "qty", "inputmode": "numeric"}))
        self.order_fields(["item_id", "quantity"])

    def clean_attempt(self) -> str:
        """A key this page made; anything else (an edited page) just goes without one."""
        value = str(self.cleaned_data.get("attempt") or "")
        return value if ATTEMPT_KEY.fullmatch(value) else ""

    @property
    def address_folded(self) -> bool:
        """The address is folded away when it is filled in (a saved one, or typed) and has no errors."""
        names = [n for n in AddressForm.base_fields if n in self.fields]
        return bool(self["name"].value()) and not any(n in self.errors for n in names)

    def renew_attempt(self) -> None:
        """Shown again after a refusal: what the shopper typed stays, the next try is a new attempt."""
        if isinstance(self.data, QueryDict):
            data = self.data.copy()
            data["attempt"] = self.initial["attempt"]
            self.data = data
