"""Warehouses, and stock per variant per warehouse with a low-stock flag."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from mercato.contexts.inventory import selectors as inventory_selectors
from mercato.contexts.inventory import services as inventory_services
from mercato.shared.errors import MercatoError

from ..access import Staff, merchant_page, page
from ..forms.stock import StockForm, WarehouseForm
from ..queries.stock import LOW_STOCK_AT, lots_of, own_variant, stock_page
from ..service_errors import place_on_form

STOCK_ERRORS = {"on_hand": "on_hand", "warehouse_id": "warehouse"}


@merchant_page
def warehouses(request: HttpRequest, staff: Staff) -> HttpResponse:
    form = WarehouseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            inventory_services.warehouse_create(actor=staff.actor, **form.cleaned_data)
        except MercatoError as exc:
            place_on_form(form, exc, {"code": "code"})
        else:
            messages.success(request, _("The warehouse was added."))
            return redirect("merchant_center:warehouses")
    return page(request, staff, "stock/warehouses.html", {
        "warehouses": inventory_selectors.warehouses_of(staff.actor), "form": form})


@merchant_page
def stock_list(request: HttpRequest, staff: Staff) -> HttpResponse:
    low_only = request.GET.get("low") == "1"
    variants, rows = stock_page(staff.merchant_id, low_only=low_only, page_number=request.GET.get("page"))
    return page(request, staff, "stock/list.html", {
        "variants": variants, "rows": rows, "low_only": low_only, "low_stock_at": LOW_STOCK_AT})


@merchant_page
def variant_stock(request: HttpRequest, staff: Staff, variant_id: str) -> HttpResponse:
    variant = own_variant(staff.merchant_id, variant_id)
    if variant is None:
        raise Http404(variant_id)
    houses = inventory_selectors.warehouses_of(staff.actor)
    form = StockForm(request.POST or None, warehouses=[(w.id, f"{w.code} · {w.name}") for w in houses])
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            inventory_services.stock_set(variant_id=variant.id, warehouse_id=d["warehouse"], on_hand=d["on_hand"],
                                         lot_code=d["lot_code"] or None, lot_expires_on=d["lot_expires_on"],
                                         actor=staff.actor)
        except MercatoError as exc:
            place_on_form(form, exc, STOCK_ERRORS)
        else:
            messages.success(request, _("The stock was updated."))
            return redirect("merchant_center:variant_stock", variant_id=variant.id)
    names = {w.id: w for w in houses}
    levels = [(names.get(lv.warehouse_id), lv)
              for lv in inventory_selectors.stock_of_variant(variant_id=variant.id, actor=staff.actor)]
    return page(request, staff, "stock/variant.html", {
        "variant": variant, "levels": levels, "lots": lots_of(staff.merchant_id, variant.id), "form": form,
        "low_stock_at": LOW_STOCK_AT, "has_warehouses": bool(houses)})
