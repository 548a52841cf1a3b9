"""The GS1 Digital Link resolver (/01/<gtin>/10/<lot>…) and the trace page (/trace/?id=…) of a batch or an item."""

from __future__ import annotations

from urllib.parse import quote

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from mercato.contexts.provenance.domain.digital_link import DigitalLinkError, gtin14, parse_digital_link
from mercato.contexts.provenance.trace import trace_of
from mercato.shared.errors import ValidationFailed

from .product_display import product_path
from .provenance_display import batches_of, link_here, qr, trace_view, variant_for_gtin

MAX_IDENTIFIER = 500


def _requested_uri(request: HttpRequest) -> str:
    """The URI as the client sent it (a percent-encoded '/' in a lot stays encoded), absolute."""
    raw = request.META.get("RAW_URI") or request.META.get("REQUEST_URI") or ""
    return request.build_absolute_uri(raw if raw.startswith("/") else request.get_full_path())


@require_safe
def resolve(request: HttpRequest, dl_path: str) -> HttpResponse:
    """A Digital Link on this host: its trace; a bare GTIN nothing happened to yet goes to its product page."""
    uri = _requested_uri(request)
    try:
        parse_digital_link(uri)
    except DigitalLinkError as exc:
        return _invalid(request, uri, str(exc))
    return _trace_page(request, uri, product_fallback=True)


@require_safe
def trace(request: HttpRequest) -> HttpResponse:
    """/trace/?id=<Digital Link or EPC URN>, or ?gtin=…&lot=… from the batch form; no id: the form alone."""
    gtin, lot = request.GET.get("gtin", "").strip(), request.GET.get("lot", "").strip()
    if gtin and lot:
        try:
            return redirect(link_here(request, [("01", gtin14(gtin)), ("10", lot)]))
        except DigitalLinkError as exc:
            return _invalid(request, f"(01){gtin}(10){lot}", str(exc))
    identifier = request.GET.get("id", "").strip()
    if not identifier:
        return render(request, "storefront/trace_lookup.html", {})
    if len(identifier) > MAX_IDENTIFIER:
        return _invalid(request, identifier[:80] + "…", f"at most {MAX_IDENTIFIER} characters")
    return _trace_page(request, identifier, product_fallback=False)


def _invalid(request: HttpRequest, identifier: str, reason: str) -> HttpResponse:
    """The 400 page: what is wrong in the shopper's words (a wrong check digit is the usual typo), the detail as is."""
    advice = _("A check digit is wrong: compare the numbers with the label.") if "check digit" in reason else ""
    return render(request, "storefront/trace_lookup.html",
                  {"identifier": identifier, "reason": reason, "advice": advice}, status=400)


def _trace_page(request: HttpRequest, identifier: str, *, product_fallback: bool) -> HttpResponse:
    try:
        result = trace_of(identifier)
    except ValidationFailed as exc:
        return _invalid(request, identifier, exc.errors[0].message if exc.errors else exc.detail)
    view = trace_view(result)
    variant = variant_for_gtin(view.gtin) if view.gtin else None
    bare_gtin = set(result.elements) == {"01"}
    if product_fallback and bare_gtin and not view.steps and variant is not None:
        return redirect(product_path(variant.product))
    link = link_here(request, result.elements.items())
    return render(request, "storefront/trace.html", {
        "trace": view, "variant": variant, "product": variant.product if variant else None,
        "product_url": product_path(variant.product) if variant else "", "link": link,
        "qr": qr(link, title=link), "bare_gtin": bare_gtin,
        "batches": _batch_links(request, view.gtin) if bare_gtin else [],
        "bundle_url": f"/api/v1/provenance/trace/bundle?id={quote(result.subject, safe='')}",
    })


def _batch_links(request: HttpRequest, gtin: str) -> list[tuple[str, str]]:
    """(lot, its Digital Link here) for the batches of a GTIN that have events."""
    links = []
    for lot in batches_of(gtin):
        try:
            links.append((lot, link_here(request, [("01", gtin), ("10", lot)])))
        except DigitalLinkError:
            continue
    return links
