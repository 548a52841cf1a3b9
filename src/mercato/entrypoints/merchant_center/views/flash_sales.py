"""Flash sales: the shop's sales with a form for a new one, and a sale's reconciliation, history and cancel button."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from mercato.contexts.flashsales import reconciliation, selectors, services
from mercato.contexts.flashsales.contracts import SaleView
from mercato.contexts.flashsales.models import FlashSale, SaleChange
from mercato.shared import clock
from mercato.shared.errors import MercatoError

from ..access import Staff, merchant_page, page
from ..flash_sale_messages import place_on_form, refusal, status_word, translated
from ..forms.flash_sale_forms import CancelSaleForm, FlashSaleForm, rows_wanted
from ..queries.flash_sales import skus_of, variant_choices

CHANGE_WORDS = {
    "scheduled": gettext_lazy("Announced"), "opened": gettext_lazy("Opened: units set aside"),
    "ended": gettext_lazy("Ended: unsold units back on the shelf"),
    "cancelled": gettext_lazy("Cancelled: unsold units back on the shelf"),
    "gate_repaired": gettext_lazy("Admission gate rebuilt from the database"),
}
CANCELLABLE = ("scheduled", "live")


def _new_sale_form(request: HttpRequest, staff: Staff) -> FlashSaleForm:
    variants = variant_choices(staff.merchant_id)
    if request.method != "POST":
        start = clock.now().replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
        return FlashSaleForm(variants=variants, rows=rows_wanted({}),
                             initial={"starts_at": start, "ends_at": start + timedelta(hours=2)})
    if "add_row" in request.POST:  # "another variant": the same entries, one more row, no errors yet
        return FlashSaleForm(variants=variants, rows=rows_wanted(request.POST, more=True),
                             initial=request.POST.dict())
    return FlashSaleForm(request.POST, variants=variants, rows=rows_wanted(request.POST))


@merchant_page
def sale_list(request: HttpRequest, staff: Staff) -> HttpResponse:
    form = _new_sale_form(request, staff)
    if form.is_bound and form.is_valid():
        d = form.cleaned_data
        try:
            sale = services.sale_schedule(title=form.titles(), starts_at=d["starts_at"], ends_at=d["ends_at"],
                                          payment_minutes=d["payment_minutes"], items=form.drafts(),
                                          actor=staff.actor)
        except MercatoError as exc:
            place_on_form(form, exc, form.field_of)
        else:
            messages.success(request, _("The flash sale was scheduled."))
            return redirect("merchant_center:flash_sale", sale_id=sale.id)
    return page(request, staff, "flash_sales.html", {
        "sales": _shown(selectors.sales_of_merchant(staff.actor)), "form": form, "zone": clock.platform_zone().key,
    })


def _shown(views: list[SaleView]) -> list[dict[str, Any]]:
    """Each sale with its status in words and its items with their SKUs."""
    skus = skus_of(i.variant_id for v in views for i in v.items)
    return [{"sale": v, "status_word": status_word(v.status),
             "items": [(i, skus.get(i.variant_id, "")) for i in v.items]} for v in views]


@merchant_page
def sale_detail(request: HttpRequest, staff: Staff, sale_id: str) -> HttpResponse:
    return _detail(request, staff, selectors.sale_managed(sale_id, staff.actor), CancelSaleForm())


@require_POST
@merchant_page
def sale_cancel(request: HttpRequest, staff: Staff, sale_id: str) -> HttpResponse:
    sale = selectors.sale_managed(sale_id, staff.actor)
    form = CancelSaleForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            services.sale_cancel(sale_id=sale.id, reason=form.cleaned_data["reason"], actor=staff.actor)
        except MercatoError as exc:
            form.add_error(None, refusal(exc))
            status = exc.status
        else:
            messages.success(request, _("The flash sale was cancelled; unsold units are back on the shelf."))
            return redirect("merchant_center:flash_sale", sale_id=sale.id)
    return _detail(request, staff, sale, form, status=status)


def _detail(request: HttpRequest, staff: Staff, sale: FlashSale, form: CancelSaleForm,
            status: int = 200) -> HttpResponse:
    (shown,) = _shown(selectors.sale_views([sale]))
    view: SaleView = shown["sale"]
    names = {item.id: sku for item, sku in shown["items"]}
    checks = reconciliation.sale_reconciliation(sale)
    return page(request, staff, "flash_sale.html", {
        **shown, "cancel_form": form,
        "can_cancel": view.status in CANCELLABLE,
        "checks": [(names.get(c.item_id, c.item_id), c, [translated(p) for p in c.problems]) for c in checks],
        "all_agree": all(c.agree for c in checks),
        "changes": [_change_row(change, names) for change in selectors.sale_changes(sale)],
    }, status=status)


def _change_row(change: SaleChange, names: dict[str, str]) -> dict[str, Any]:
    return {"at": change.at, "what": CHANGE_WORDS.get(change.kind, change.kind), "actor": change.actor,
            "detail": _change_detail(change.kind, change.detail or {}, names)}


def _change_detail(kind: str, detail: dict[str, Any], names: dict[str, str]) -> str:
    """What a history entry's figures say, per item by SKU."""
    def per_item(units: dict[str, int]) -> str:
        return ", ".join(f"{names.get(item, item)}: {n}" for item, n in units.items())

    if kind == "scheduled":
        n = int(detail.get("items", 0))
        return ngettext("%(n)s variant", "%(n)s variants", n) % {"n": n}
    if kind == "opened":
        return _("units set aside: %(units)s") % {"units": per_item(detail.get("earmarked", {}))}
    if kind in ("ended", "cancelled"):
        text = _("units back on the shelf: %(units)s") % {"units": per_item(detail.get("returned_to_shelf", {}))}
        reason = detail.get("reason")
        return f"{text} · {translated(str(reason))}" if reason else text
    if kind == "gate_repaired":
        return _("%(item)s: gate %(before)s → %(after)s, in flight %(flight)s, free in the database %(free)s") % {
            "item": names.get(detail.get("item", ""), detail.get("item", "")), "before": detail.get("gate_before"),
            "after": detail.get("gate_after"), "flight": detail.get("in_flight"),
            "free": detail.get("free_in_database")}
    return ", ".join(f"{k}: {v}" for k, v in detail.items())
