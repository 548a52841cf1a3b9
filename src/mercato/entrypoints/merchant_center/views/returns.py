"""Returns to handle: approve, reject, or receive the goods (which refunds and restocks)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mercato.contexts.orders import services as order_services
from mercato.contexts.orders.domain.order_status import RETURN_TRANSITIONS, ReturnStatus
from mercato.shared.errors import MercatoError

from ..access import Staff, merchant_page, page
from ..queries.orders import returns_page
from ..service_errors import describe

DECISIONS = {"approve": ReturnStatus.APPROVED, "reject": ReturnStatus.REJECTED, "receive": ReturnStatus.RECEIVED}


def return_actions(status: str) -> list[str]:
    """The decisions the return state machine allows from this status, in a stable order."""
    allowed = RETURN_TRANSITIONS[ReturnStatus(status)]
    return [name for name, target in DECISIONS.items() if target in allowed]


@merchant_page
def return_list(request: HttpRequest, staff: Staff) -> HttpResponse:
    open_only = request.GET.get("all") != "1"
    rows, cursor = returns_page(staff.merchant_id, open_only=open_only, cursor=request.GET.get("cursor"))
    return page(request, staff, "orders/returns.html", {
        "returns": [(ret, return_actions(ret.status)) for ret in rows], "next_cursor": cursor,
        "open_only": open_only})


@require_POST
@merchant_page
def return_decide(request: HttpRequest, staff: Staff, return_id: str, decision: str) -> HttpResponse:
    if decision not in DECISIONS:
        raise Http404(decision)
    try:
        order_services.return_resolve(return_id=return_id, decision=DECISIONS[decision],
                                                     actor=staff.actor)
    except MercatoError as exc:
        if exc.status == 404:
            raise
        messages.error(request, describe(exc))
    else:
        done = {"approve": _("The return was approved; the buyer may send the goods."),
                "reject": _("The return was rejected."),
                "receive": _("The goods were received; the refund was issued and the stock restocked.")}
        messages.success(request, done[decision])
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/merchant/returns/"
    return redirect(target)
