"""The one NinjaAPI: a router per context, errors mapped once to problem+json."""

from __future__ import annotations

import logging

from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.renderers import JSONRenderer

from mercato.contexts.catalog.api import router as catalog_router
from mercato.contexts.checkout.api import router as checkout_router
from mercato.contexts.identity.api import router as identity_router
from mercato.contexts.inventory.api import router as inventory_router
from mercato.contexts.merchants.api import router as merchants_router
from mercato.contexts.orders.api import router as orders_router
from mercato.contexts.payments.api import router as payments_router
from mercato.shared.errors import FieldError, MercatoError
from mercato.shared.problems import field_path, from_error, problem_response, render_problem

from .me_api import router as me_router

log = logging.getLogger(__name__)


class UnicodeJSONRenderer(JSONRenderer):
    json_dumps_params = {"ensure_ascii": False}  # noqa: RUF012


api = NinjaAPI(
    title="Mercato API",
    version="1",
    description="Multi-merchant marketplace: catalog, inventory, carts, checkout, escrow payments, orders.",
    docs_url="/docs",
    openapi_url="/openapi.json",
    renderer=UnicodeJSONRenderer(),
)
for router in (
    identity_router, me_router, merchants_router, catalog_router, inventory_router,
    checkout_router, payments_router, orders_router,
):
    api.add_router("/", router)


@api.exception_handler(MercatoError)
def on_domain_error(request: HttpRequest, exc: MercatoError) -> HttpResponse:
    return render_problem(from_error(exc)[1])


@api.exception_handler(ValidationError)
def on_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = [FieldError(field_path(e.get("loc", ())), str(e.get("msg", "invalid"))) for e in exc.errors]
    detail = "; ".join(f"{e.field}: {e.message}" for e in errors[:5])
    return problem_response(422, detail, slug="validation", errors=errors)


@api.exception_handler(AuthenticationError)
def on_auth_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return problem_response(401, "authentication required: send 'Authorization: Bearer <token>'")


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    detail = str(exc)
    if exc.status_code == 400:
        detail = "the request body is not valid JSON"
    return problem_response(exc.status_code, detail)


@api.exception_handler(Http404)
def on_404(request: HttpRequest, exc: Http404) -> HttpResponse:
    return problem_response(404, str(exc) or "not found")
