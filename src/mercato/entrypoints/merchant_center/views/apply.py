"""Applying to sell, and the states before a shop opens: under review, suspended."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from mercato.contexts.merchants import public as merchants
from mercato.contexts.merchants import services as merchant_services
from mercato.entrypoints.web.actor import actor_of
from mercato.shared.errors import MercatoError

from ..access import signed_in_page
from ..forms.apply import ApplyForm
from ..service_errors import place_on_form


@signed_in_page
def apply(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    membership = merchants.membership_for(actor.user_id)
    if membership is not None:
        if membership.merchant_status == "active":
            return redirect("merchant_center:dashboard")
        merchant = merchants.merchant_get(membership.merchant_id)
        return render(request, "merchant_center/application_state.html", {"merchant": merchant})
    form = ApplyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            merchant_services.merchant_apply(actor=actor, **form.cleaned_data)
        except MercatoError as exc:
            place_on_form(form, exc)
        else:
            messages.success(request, _("Thank you. Your application has been sent."))
            return redirect("merchant_center:apply")
    return render(request, "merchant_center/apply.html", {"form": form})
