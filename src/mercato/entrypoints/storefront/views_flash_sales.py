"""Flash sales for shoppers: live and upcoming sales with countdowns, a sale's page with a buy form per item.

The purchase is the flashsales context's (gate, limits, stock pool, order); the page only reads the form, asks,
and either sends the shopper to pay as after any checkout or shows the refusal beside what they typed. htmx
refreshes the countdown and the units left every few seconds; without JavaScript the page is complete as served.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from mercato.contexts.flashsales import selectors
from mercato.contexts.flashsales.contracts import SaleView
from mercato.contexts.flashsales.purchase import PurchaseRequest, purchase
from mercato.contexts.identity.contracts import AddressData
from mercato.contexts.identity.models import Address
from mercato.entrypoints.web.actor import actor_of
from mercato.shared import clock
from mercato.shared.client_address import client_ip
from mercato.shared.errors import MercatoError, NotFound, ValidationFailed

from .flash_sale_display import ShownSale, refusal_message, shown_sales
from .flash_sale_forms import FlashBuyForm
from .service_errors import add_to_form
from .templatetags.storefront import platform_time

POLL_CACHE_SECONDS = 2  # every shopper's open page polls; they share one database read per sale per 2 s


def _is_poll(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


@require_GET
def sale_list(request: HttpRequest) -> HttpResponse:
    views: list[SaleView] | None = cache.get("flash-sales:current") if _is_poll(request) else None
    if views is None:
        views = selectors.sales_current()
        cache.set("flash-sales:current", views, POLL_CACHE_SECONDS)
    shown = shown_sales(views, clock.now())
    context = {"sections": [
        {"id": "live-now", "heading": _("Live now"), "sales": [s for s in shown if s.phase == "live"],
         "empty": _("No flash sale is live right now.")},
        {"id": "coming-up", "heading": _("Coming up"), "sales": [s for s in shown if s.phase == "upcoming"],
         "empty": _("No flash sale is announced yet.")},
    ]}
    template = "storefront/_flash_sales_list.html" if _is_poll(request) else "storefront/flash_sales.html"
    return render(request, template, context)


def _sale_view(request: HttpRequest, sale_id: str) -> SaleView:
    """The sale as anyone may see it; the polls of many shoppers share one read every 2 s (the countdown
    ticks in the page, the units left may lag that much)."""
    key = f"flash-sale:{sale_id}"
    view: SaleView | None = cache.get(key) if _is_poll(request) else None
    if view is None:
        try:
            sale = selectors.sale_get(sale_id, actor_of(request))
        except NotFound:
            raise Http404("no such flash sale") from None
        (view,) = selectors.sale_views([sale])
        if view.status != "cancelled":  # a cancelled sale is its shop's to see
            cache.set(key, view, POLL_CACHE_SECONDS)
    return view


@require_http_methods(["GET", "HEAD", "POST"])
def sale_page(request: HttpRequest, sale_id: str) -> HttpResponse:
    now = clock.now()
    (shown,) = shown_sales([_sale_view(request, sale_id)], now)
    if _is_poll(request):
        return render(request, "storefront/_flash_sale_live.html", {"shown": shown, "oob": True})
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return _buy(request, shown)
    return _sale_page(request, shown, {})


def _sale_page(request: HttpRequest, shown: ShownSale, bound: dict[str, FlashBuyForm],
               status: int = 200) -> HttpResponse:
    initial = _last_address(request)
    forms = [(item, bound.get(item.item.id) or FlashBuyForm(item=item.item, initial=initial))
             for item in shown.items]
    return render(request, "storefront/flash_sale.html", {"shown": shown, "forms": forms}, status=status)


def _last_address(request: HttpRequest) -> dict[str, str]:
    """The signed-in shopper's latest saved address, so a flash sale is one tap (they may change it)."""
    if not request.user.is_authenticated:
        return {"country": "CN"}
    row = Address.objects.filter(user_id=request.user.pk).order_by("-created_at").first()
    if row is None:
        return {"country": "CN"}
    return {name: str(getattr(row, name)) for name in AddressData.__dataclass_fields__}


def _buy(request: HttpRequest, shown: ShownSale) -> HttpResponse:
    item = shown.item(request.POST.get("item_id", ""))
    if item is None:
        raise Http404("no such item in this flash sale")
    form = FlashBuyForm(request.POST, item=item.item)
    if not form.is_valid():
        form.renew_attempt()
        return _sale_page(request, shown, {item.item.id: form}, status=400)
    d = form.cleaned_data
    try:
        result = purchase(request=PurchaseRequest(
            sale_id=shown.sale.id, item_id=item.item.id, quantity=d["quantity"], address=form.address(),
            shipping_method=d["shipping_method"], idempotency_key=d["attempt"],
            ip=client_ip(request)), actor=actor_of(request))
    except NotFound:
        raise Http404("no such item in this flash sale") from None
    except ValidationFailed as exc:
        if any(e.field == "Idempotency-Key" for e in exc.errors):  # the same page sent again, other details
            form.add_error(None, _("This form was already sent with other details. Check My orders before "
                                   "trying again."))
        else:
            add_to_form(form, exc)
        form.renew_attempt()
        return _sale_page(request, shown, {item.item.id: form}, status=exc.status)
    except MercatoError as exc:
        form.add_error(None, refusal_message(exc, item.item, clock.now()))
        form.renew_attempt()
        return _sale_page(request, shown, {item.item.id: form}, status=exc.status)
    minutes = max(1, round((result.pay_by - clock.now()).total_seconds() / 60))
    messages.success(request, _("It is yours at the sale price. Pay within %(n)s minutes (by %(time)s), or the "
                                "units go back to the sale.") % {
        "n": minutes, "time": platform_time(result.pay_by).strftime("%H:%M")})  # type: ignore[union-attr]
    return redirect("storefront:pay", payment_id=result.payment_id)
