"""Merchant applications and admitted shops: approve or suspend."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mercato.contexts.merchants import services as merchant_services
from mercato.contexts.merchants.domain.merchant_status import MerchantStatus
from mercato.entrypoints.merchant_center.service_errors import describe
from mercato.shared.actor import Actor
from mercato.shared.errors import MercatoError

from ..access import operator_page
from ..forms import MerchantDecision, MerchantFilter
from ..queries import merchants_page


@operator_page
def merchant_list(request: HttpRequest, actor: Actor) -> HttpResponse:
    filters = MerchantFilter(request.GET or None)
    status = filters.value("status")
    rows, cursor = merchants_page(status, request.GET.get("cursor"))
    return render(request, "console/merchants.html", {"filters": filters, "merchants": rows, "status": status,
                                                      "next_cursor": cursor})


@require_POST
@operator_page
def merchant_decide(request: HttpRequest, actor: Actor, merchant_id: str) -> HttpResponse:
    form = MerchantDecision(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose approve or suspend."))
    else:
        try:
            view = merchant_services.merchant_set_status(
                merchant_id=merchant_id, status=MerchantStatus(form.cleaned_data["status"]), actor=actor)
        except MercatoError as exc:
            if exc.status == 404:
                raise
            messages.error(request, describe(exc))
        else:
            done = _("%(name)s is approved.") if view.status == "active" else _("%(name)s is suspended.")
            messages.success(request, done % {"name": view.name})
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/console/merchants/"
    return redirect(target)
