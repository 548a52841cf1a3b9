"""The merchant's day at a glance."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from mercato.contexts.payments import selectors as payment_selectors

from ..access import Staff, merchant_page, page
from ..queries.dashboard import dashboard_of


@merchant_page
def dashboard(request: HttpRequest, staff: Staff) -> HttpResponse:
    return page(request, staff, "dashboard.html", {
        "figures": dashboard_of(staff.merchant_id),
        "balances": payment_selectors.balances(staff.merchant_id, staff.actor),
    })
