"""Money: held in escrow, frozen by returns, available, paid out; commission taken; payouts."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from mercato.contexts.payments import selectors as payment_selectors
from mercato.contexts.payments import services as payment_services
from mercato.shared.errors import MercatoError

from ..access import Staff, merchant_page, page
from ..forms.balance import PayoutForm
from ..queries.balance import commission_taken
from ..service_errors import place_on_form


@merchant_page
def balance(request: HttpRequest, staff: Staff) -> HttpResponse:
    balances = payment_selectors.balances(staff.merchant_id, staff.actor)
    form = PayoutForm(request.POST or None, currencies=[b.currency for b in balances])
    if request.method == "POST" and form.is_valid():
        try:
            payment_services.payout_request(merchant_id=staff.merchant_id, amount=form.cleaned_data["money"],
                                            actor=staff.actor)
        except MercatoError as exc:
            place_on_form(form, exc, {"amount.amount": "amount"})
        else:
            messages.success(request, _("The payout was sent."))
            return redirect("merchant_center:balance")
    return page(request, staff, "balance.html", {
        "balances": balances, "commission": commission_taken(staff.merchant_id),
        "payouts": payment_selectors.payouts_of(staff.merchant_id, staff.actor), "form": form})
