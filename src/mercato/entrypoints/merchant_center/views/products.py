"""Products: the list, a new product with its first variant, editing texts and prices, more variants, images."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import translation
from django.utils.translation import gettext as _

from mercato.contexts.catalog import public as catalog
from mercato.contexts.catalog import selectors as catalog_selectors
from mercato.contexts.catalog import services as catalog_services
from mercato.contexts.catalog.models import Product
from mercato.shared.errors import MercatoError

from ..access import Staff, merchant_page, page
from ..forms.products import ImageForm, NewVariantForm, ProductCreateForm, ProductEditForm, category_choices
from ..queries.products import own_product, products_page
from ..queries.stock import LOW_STOCK_AT
from ..service_errors import place_on_form

VARIANT_ERRORS = {"variants": "sku"}


def _categories() -> list[tuple[str, str]]:
    language = "en" if (translation.get_language() or "").startswith("en") else "zh-Hans"
    return category_choices(catalog_selectors.categories_tree(), language)


@merchant_page
def product_list(request: HttpRequest, staff: Staff) -> HttpResponse:
    status = request.GET.get("status", "")
    q = "".join(ch for ch in request.GET.get("q", "")[:100] if ch.isprintable())
    return page(request, staff, "products/list.html", {
        "products": products_page(staff.merchant_id, status=status, q=q, page_number=request.GET.get("page")),
        "status": status, "q": q, "low_stock_at": LOW_STOCK_AT,
    })


@merchant_page
def product_create(request: HttpRequest, staff: Staff) -> HttpResponse:
    form = ProductCreateForm(request.POST or None, categories=_categories())
    if request.method == "POST" and form.is_valid():
        try:
            product_id = catalog_services.product_create(
                title=form.titles(), description=form.descriptions(), category_id=form.cleaned_data["category"],
                variants=[form.variant()], actor=staff.actor)
        except MercatoError as exc:
            place_on_form(form, exc, VARIANT_ERRORS)
        else:
            messages.success(request, _("The product was created. Add images and set its stock."))
            return redirect("merchant_center:product_edit", product_id=product_id)
    return page(request, staff, "products/create.html", {"form": form})


def _product_or_404(staff: Staff, product_id: str) -> Product:
    product = own_product(staff.merchant_id, product_id)
    if product is None:
        raise Http404(product_id)
    return product


def _edit_form(product: Product, data: Any = None) -> ProductEditForm:
    initial = {"title_zh": product.title.get("zh-Hans", ""), "title_en": product.title.get("en", ""),
               "description_zh": product.description.get("zh-Hans", ""),
               "description_en": product.description.get("en", ""),
               "category": product.category_id, "status": product.status}
    return ProductEditForm(data, initial=initial, categories=_categories(), variants=list(product.variants.all()),
                           currency=product.currency)


def _edit_page(request: HttpRequest, staff: Staff, product: Product, **forms: Any) -> HttpResponse:
    return page(request, staff, "products/edit.html", {
        "product": product,
        "form": forms.get("form") or _edit_form(product),
        "variant_form": forms.get("variant_form") or NewVariantForm(currency=product.currency),
        "image_form": forms.get("image_form") or ImageForm(), "low_stock_at": LOW_STOCK_AT,
    })


@merchant_page
def product_edit(request: HttpRequest, staff: Staff, product_id: str) -> HttpResponse:
    product = _product_or_404(staff, product_id)
    if request.method != "POST":
        return _edit_page(request, staff, product)
    form = _edit_form(product, request.POST)
    if form.is_valid():
        try:
            catalog_services.product_update(
                product_id=product.id, actor=staff.actor, title=form.titles(), description=form.descriptions(),
                category_id=form.cleaned_data["category"], status=form.cleaned_data["status"],
                variant_prices=form.cleaned_data["changed_prices"])
        except MercatoError as exc:
            place_on_form(form, exc)
        else:
            messages.success(request, _("Your changes were saved."))
            return redirect("merchant_center:product_edit", product_id=product.id)
    return _edit_page(request, staff, product, form=form)


@merchant_page
def variant_add(request: HttpRequest, staff: Staff, product_id: str) -> HttpResponse:
    product = _product_or_404(staff, product_id)
    form = NewVariantForm(request.POST or None, currency=product.currency)
    if request.method == "POST" and form.is_valid():
        try:
            catalog_services.product_update(product_id=product.id, actor=staff.actor, new_variants=[form.variant()])
        except MercatoError as exc:
            place_on_form(form, exc, VARIANT_ERRORS)
        else:
            messages.success(request, _("The variant was added. Set its stock on the stock page."))
            return redirect("merchant_center:product_edit", product_id=product.id)
    return _edit_page(request, staff, product, variant_form=form)


@merchant_page
def image_add(request: HttpRequest, staff: Staff, product_id: str) -> HttpResponse:
    product = _product_or_404(staff, product_id)
    form = ImageForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            catalog.product_image_add(product_id=product.id, file=form.cleaned_data["image"], alt=form.alt(),
                                      actor=staff.actor)
        except MercatoError as exc:
            place_on_form(form, exc)
        else:
            messages.success(request, _("The image was added."))
            return redirect("merchant_center:product_edit", product_id=product.id)
    return _edit_page(request, staff, product, image_form=form)
