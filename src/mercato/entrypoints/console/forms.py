"""Console filters (bad values become field errors, never a 500) and the admission decision."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from mercato.contexts.orders.domain.order_status import OrderStatus
from mercato.contexts.payments.domain.payment_status import PaymentStatus
from mercato.entrypoints.merchant_center.templatetags.status_labels import LABELS

ANY = ("", _("Any"))


class FilterForm(forms.Form):
    """A GET filter: ``value(name)`` is the valid choice, or "" (no filter) when the input was bad."""

    def value(self, name: str) -> str:
        if not self.is_bound:
            return ""
        self.is_valid()  # keeps the fields that are valid in cleaned_data
        return str(self.cleaned_data.get(name) or "")


class MerchantFilter(FilterForm):
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[
        ANY, ("pending", _("Pending")), ("active", _("Active")), ("suspended", _("Suspended"))])


class OrderFilter(FilterForm):
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[ANY, *[(s.value, LABELS[s.value]) for s in OrderStatus]])
    merchant = forms.ChoiceField(label=_("Merchant"), required=False)

    def __init__(self, *args: Any, merchants: Sequence[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["merchant"]).choices = [ANY, *merchants]


class PaymentFilter(FilterForm):
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[ANY, *[(s.value, LABELS[s.value]) for s in PaymentStatus]])
    method = forms.ChoiceField(label=_("Method"), required=False, choices=[
        ANY, ("card", _("Card")), ("cod", _("Cash on delivery"))])


class RefundFilter(FilterForm):
    source = forms.ChoiceField(label=_("Source"), required=False, choices=[
        ANY, ("escrow", _("From escrow")), ("merchant_balance", _("From the merchant's balance"))])


class MerchantDecision(forms.Form):
    status = forms.ChoiceField(choices=[("active", _("Approve")), ("suspended", _("Suspend"))])
