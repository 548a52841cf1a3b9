"""The one NinjaAPI: a router per context, errors mapped once to problem+json."""

from __future__ import annotations

import json
import logging
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.parser import Parser
from ninja.renderers import JSONRenderer

from mercato.contexts.assistant.api import router as assistant_router
from mercato.contexts.catalog.api import router as catalog_router
from mercato.contexts.checkout.api import router as checkout_router
from mercato.contexts.flashsales.api import router as flashsales_router
from mercato.contexts.identity.api import router as identity_router
from mercato.contexts.inventory.api import router as inventory_router
from mercato.contexts.merchants.api import router as merchants_router
from mercato.contexts.orders.api import router as orders_router
from mercato.contexts.payments.api import router as payments_router
from mercato.contexts.provenance.api import router as provenance_router
from mercato.contexts.recommendations.api import router as recommendations_router
from mercato.contexts.search.api import router as search_router
from mercato.contexts.transparency.api import router as transparency_router
from mercato.shared.errors import FieldError, MercatoError
from mercato.shared.problems import NOT_GIVEN, from_error, problem_response, render_problem, validation_errors

from .me_api import router as me_router

log = logging.getLogger(__name__)


class UnicodeJSONRenderer(JSONRenderer):
    json_dumps_params = {"ensure_ascii": False}  # noqa: RUF012


class BodyRejected(ValueError):
    """A body the API refuses before validation; Ninja wraps it in HttpError(400), on_http_error unwraps it."""

    def __init__(self, status: int, detail: str, *, slug: str, errors: list[FieldError] | None = None) -> None:
        super().__init__(detail)
        self.status, self.detail, self.slug, self.errors = status, detail, slug, errors


def _nul_fields(value: Any, path: str = "") -> list[FieldError]:
    """Strings holding NUL: PostgreSQL can store them in neither text nor jsonb, and no field needs one."""
    if isinstance(value, str):
        return [FieldError(path or "body", "must not contain NUL characters")] if "\x00" in value else []
    if isinstance(value, dict):
        found = [FieldError(path or "body", "keys must not contain NUL characters")] if any(
            "\x00" in k for k in value) else []
        return found + [e for k, v in value.items() for e in _nul_fields(v, f"{path}.{k}" if path else k)]
    if isinstance(value, list):
        return [e for i, v in enumerate(value) for e in _nul_fields(v, f"{path}.{i}" if path else str(i))]
    return []


class JsonObjectParser(Parser):
    """Bodies are JSON objects sent as application/json (or a ``+json`` type such as JSON-LD).

    The parsed body is kept on the request so that validation errors can be mapped onto its shape.
    """

    def parse_body(self, request: HttpRequest) -> dict[str, Any]:
        media_type = (request.content_type or "").lower()
        if media_type != "application/json" and not (media_type.startswith("application/")
                                                     and media_type.endswith("+json")):
            raise BodyRejected(415, f"send the body as Content-Type: application/json, not {media_type or 'none'}",
                               slug="unsupported-media-type")
        try:
            data = json.loads(request.body)
            nul = _nul_fields(data)
        except RecursionError:
            raise BodyRejected(400, "the JSON body is nested too deeply", slug="400") from None
        if not isinstance(data, dict):
            kinds = {list: "an array", str: "a string", bool: "a boolean", type(None): "null"}
            kind = kinds.get(type(data), "a number")
            raise BodyRejected(422, f"body: must be a JSON object, not {kind}", slug="validation",
                               errors=[FieldError("body", "must be a JSON object")])
        if nul:
            raise BodyRejected(422, "; ".join(f"{e.field}: {e.message}" for e in nul[:5]), slug="validation",
                               errors=nul)
        request._mercato_json = data  # type: ignore[attr-defined]
        return data


api = NinjaAPI(
    title="Mercato API",
    version="1",
    description="Multi-merchant marketplace: catalog, inventory, carts, checkout, escrow payments, orders.",
    docs_url="/docs",
    openapi_url="/openapi.json",
    renderer=UnicodeJSONRenderer(),
    parser=JsonObjectParser(),
)
if settings.MERCATO_BENCH_ENDPOINTS:  # yardsticks for bench/flash_sale_bench.py, never on in production
    from .bench_api import router as bench_router

    api.add_router("/", bench_router)  # first, like the sale's routes: yardsticks resolved as fast as the path
# Django tries URL patterns in order: the flash sale's routes, which take the peaks, come first.
for router in (
    flashsales_router, identity_router, me_router, merchants_router, catalog_router, inventory_router,
    checkout_router, payments_router, orders_router, transparency_router, provenance_router,
    search_router, recommendations_router, assistant_router,
):
    api.add_router("/", router)


@api.exception_handler(MercatoError)
def on_domain_error(request: HttpRequest, exc: MercatoError) -> HttpResponse:
    return render_problem(from_error(exc)[1])


@api.exception_handler(ValidationError)
def on_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    sources = {"body": getattr(request, "_mercato_json", NOT_GIVEN)}
    errors = validation_errors(list(exc.errors), sources)
    detail = "; ".join(f"{e.field}: {e.message}" for e in errors[:5])
    return problem_response(422, detail, slug="validation", errors=errors)


@api.exception_handler(AuthenticationError)
def on_auth_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return problem_response(401, "authentication required: send 'Authorization: Bearer <token>'")


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    cause = exc.__cause__
    if isinstance(cause, BodyRejected):
        return problem_response(cause.status, cause.detail, slug=cause.slug, errors=cause.errors)
    detail = str(exc)
    if exc.status_code == 400:
        detail = "the request body is not valid JSON"
    return problem_response(exc.status_code, detail)


@api.exception_handler(Http404)
def on_404(request: HttpRequest, exc: Http404) -> HttpResponse:
    return problem_response(404, str(exc) or "not found")
