"""Browsing: home, search and category pages, the product page (with its add-to-cart form), placeholder tiles."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from mercato.contexts.catalog import public as catalog
from mercato.contexts.catalog import selectors
from mercato.contexts.catalog.domain.texts import normalise_language, pick
from mercato.contexts.catalog.models import Product
from mercato.contexts.checkout import public as checkout
from mercato.contexts.merchants import public as merchants
from mercato.contexts.recommendations import public as recommendations
from mercato.entrypoints.web.actor import actor_of
from mercato.shared.errors import MercatoError, NotFound
from mercato.shared.money import Money
from mercato.shared.pagination import Page

from . import cart_session
from .forms import AddToCartForm
from .placeholder_image import placeholder_svg
from .product_display import cards, image_of, in_stock, json_ld, path_for, product_path, product_slug
from .provenance_display import gtin_link, qr
from .search_page import results_page
from .service_errors import add_to_form

HOME_LIMIT = 10
ROW_SIZE = 8


@dataclass(frozen=True)
class RowItem:
    variant_id: str
    url: str
    image: str
    title: dict[str, str]
    price: Money
    reason: str


@dataclass(frozen=True)
class Row:
    placement: str
    personalised: bool
    items: list[RowItem]


def shopper_viewer(request: HttpRequest, *, start_session: bool = False) -> recommendations.Viewer:
    """The signed-in shopper, else this browser's session (started on a product view so that an anonymous
    visitor's views can shape their "for you" row; only a digest of its key is kept)."""
    if request.user.is_authenticated:
        return recommendations.Viewer(user_id=str(request.user.pk))
    if start_session and not request.session.session_key:
        request.session["browsing"] = True
        request.session.save()
    return recommendations.Viewer(session=recommendations.session_digest(request.session.session_key))


def recommendation_rows(request: HttpRequest, asks: list[recommendations.PlacementRequest]) -> list[Row]:
    """The rows of a page, asked together (one pass, a fixed number of queries for all of them)."""
    results = recommendations.recommend(asks, shopper_viewer(request))
    return [Row(placement=r.placement, personalised=r.personalised, items=[
        RowItem(variant_id=i.variant_id, url=path_for(i.product_id, i.title),
                image=i.image_url or reverse("storefront:product-image", kwargs={"product_id": i.product_id}),
                title=i.title, price=i.price, reason=i.reason) for i in r.items]) for r in results]


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """Top-level categories, featured products (in stock, dearest first: a stable showcase), new arrivals."""
    first = Page(limit=HOME_LIMIT, after_id=None)
    featured, _next = selectors.products_list(selectors.ProductFilters(in_stock=True), first, order="price_desc")
    newest, _next = selectors.products_list(selectors.ProductFilters(), first)
    shown = cards([*featured, *newest])
    for_you, daily = recommendation_rows(request, [recommendations.PlacementRequest("for-you", n=ROW_SIZE),
                                                   recommendations.PlacementRequest("daily-picks", n=ROW_SIZE)])
    return render(request, "storefront/home.html", {
        "categories": selectors.categories_tree(),
        "featured": shown[:len(featured)], "newest": shown[len(featured):],
        "for_you_row": for_you, "daily_row": daily,
    })


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    return results_page(request, category=None)


@require_GET
def category(request: HttpRequest, slug: str) -> HttpResponse:
    node = _find_category(selectors.categories_tree(), slug)
    if node is None:
        raise Http404("no such category")
    return results_page(request, category=node)


def _find_category(nodes: list[dict[str, Any]], slug: str) -> dict[str, Any] | None:
    for node in nodes:
        if node["slug"] == slug:
            return node
        found = _find_category(node["children"], slug)
        if found:
            return found
    return None


def _visible_product(request: HttpRequest, product_id: str) -> Product:
    """Visible as on the API: products on sale, and a merchant's own hidden ones to its staff."""
    actor = actor_of(request)
    membership = merchants.membership_for(actor.user_id) if actor.user_id else None
    try:
        return selectors.product_detail(product_id,
                                        include_hidden_for_merchant=membership.merchant_id if membership else None)
    except NotFound:
        raise Http404("no such product") from None


@require_http_methods(["GET", "HEAD", "POST"])
def product(request: HttpRequest, slug: str, product_id: str) -> HttpResponse:
    item = _visible_product(request, product_id)
    if slug != product_slug(item):
        return HttpResponsePermanentRedirect(product_path(item))
    variants = [v for v in item.variants.all() if v.is_active]
    first_in_stock = next((v.id for v in variants if in_stock(v)), None)
    form = AddToCartForm(request.POST if request.method == "POST" else None,
                         variant_ids=[v.id for v in variants], initial={"variant_id": first_in_stock})
    if request.method == "POST" and form.is_valid():
        try:
            _add_to_cart(request, form.cleaned_data["variant_id"], form.cleaned_data["quantity"])
        except MercatoError as exc:
            add_to_form(form, exc)
        else:
            messages.success(request, _("Added to your cart."))
            return redirect(product_path(item))
    if request.method == "GET" and request.GET.get("row") == "similar":
        return _similar_row(request, item, first_in_stock or (variants[0].id if variants else None))
    context = _product_context(request, item, variants)
    context["form"] = form
    if variants:
        context["similar_row_url"] = f"{product_path(item)}?row=similar"
    return render(request, "storefront/product.html", context, status=400 if form.errors else 200)


def _similar_row(request: HttpRequest, item: Product, variant_id: str | None) -> HttpResponse:
    """The product page's "similar items" row, fetched by the page once it is shown (so the page itself stays
    within its query budget); fetching it is also what records the view, so clients that never display the
    page (crawlers, link previews) leave no behaviour behind."""
    if variant_id is None:
        return HttpResponse("")
    recommendations.behaviour_record(kind="view", viewer=shopper_viewer(request, start_session=True),
                                     variant_id=variant_id, product_id=item.pk)
    row = recommendation_rows(request, [recommendations.PlacementRequest("similar", variant_ids=(variant_id,),
                                                                         n=ROW_SIZE)])[0]
    return render(request, "recommendations/_row.html", {"row": row})


def _add_to_cart(request: HttpRequest, variant_id: str, quantity: int) -> None:
    cart = cart_session.current_cart(request, create=True)
    assert cart is not None
    checkout.cart_add_line(cart_id=cart.id, variant_id=variant_id, quantity=quantity, actor=actor_of(request))
    cart_session.refresh_count(request, cart.id)
    recommendations.behaviour_record(kind="cart", viewer=shopper_viewer(request), variant_id=variant_id)


def _product_context(request: HttpRequest, item: Product, variants: list[Any]) -> dict[str, Any]:
    seller = merchants.merchant_names([item.merchant_id]).get(item.merchant_id, "")
    image, alt = image_of(item)
    url = request.build_absolute_uri(product_path(item))
    tree = selectors.categories_tree()
    names = _flatten(tree)
    chain = [names[c] for c in reversed(catalog.category_chain(item.category_id)) if c in names]
    return {
        "product": item, "variants": variants, "seller": seller, "image": image, "alt": alt,
        "breadcrumb": chain, "canonical": url, "image_absolute": request.build_absolute_uri(image),
        "any_in_stock": any(in_stock(v) for v in variants),
        "json_ld": json_ld(item, variants, url=url, image=request.build_absolute_uri(image), seller=seller),
        "trace_links": _trace_links(request, variants),
    }


def _trace_links(request: HttpRequest, variants: list[Any]) -> list[tuple[Any, str, SafeString, str]]:
    """(variant, its Digital Link on this site, the link's QR code, its trace page) for variants with a GTIN."""
    links = []
    for variant in variants:
        link = gtin_link(request, variant.gtin) if variant.gtin else None
        if link:
            trace_url = f"{reverse('storefront:trace')}?{urlencode({'id': link})}"
            links.append((variant, link, qr(link, scale=3, title=link), trace_url))
    return links


def _flatten(nodes: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    flat: dict[str, dict[str, Any]] = {}
    for node in nodes:
        flat[node["id"]] = node
        flat.update(_flatten(node["children"]))
    return flat


@require_GET
def placeholder_image(request: HttpRequest, product_id: str) -> HttpResponse:
    item = _visible_product(request, product_id)
    title = pick(item.title, normalise_language(translation.get_language()))
    response = HttpResponse(placeholder_svg(product_id=item.pk, category_id=item.category_id, title=title),
                            content_type="image/svg+xml; charset=utf-8")
    response["Cache-Control"] = "public, max-age=86400"
    response["Vary"] = "Accept-Language, Cookie"
    response["X-Content-Type-Options"] = "nosniff"
    return response
