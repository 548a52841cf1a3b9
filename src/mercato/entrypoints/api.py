"""The one NinjaAPI: a router per context, errors mapped once to problem+json."""

from __future__ import annotations

import json
import logging
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.parser import Parser
from ninja.renderers import JSONRenderer

from mercato.contexts.catalog.api import router as catalog_router
from mercato.contexts.checkout.api import router as checkout_router
from mercato.contexts.identity.api import router as identity_router
from mercato.contexts.inventory.api import router as inventory_router
from mercato.contexts.merchants.api import router as merchants_router
from mercato.contexts.orders.api import router as orders_router
from mercato.contexts.payments.api import router as payments_router
from mercato.shared.errors import FieldError, MercatoError
from mercato.shared.problems import NOT_GIVEN, from_error, problem_response, render_problem, validation_errors

from .me_api import router as me_router

log = logging.getLogger(__name__)


class UnicodeJSONRenderer(JSONRenderer):
    json_dumps_params = {"ensure_ascii": False}  # noqa: RUF012


class BodyNotJsonObject(ValueError):
    """A body that is JSON but not an object: every request body of this API is a JSON object."""


class UnsupportedMediaType(ValueError):
    """A body sent under a Content-Type other than JSON."""


class JsonObjectParser(Parser):
    """Bodies must be JSON objects sent as application/json (or a ``+json`` type such as JSON-LD).

    The parsed body is kept on the request so that validation errors can be mapped onto its shape.
    """

    def parse_body(self, request: HttpRequest) -> dict[str, Any]:
        media_type = (request.content_type or "").lower()
        if media_type != "application/json" and not (media_type.startswith("application/")
                                                     and media_type.endswith("+json")):
            raise UnsupportedMediaType(media_type or "none")
        data = json.loads(request.body)
        if not isinstance(data, dict):
            raise BodyNotJsonObject(type(data).__name__)
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
    if isinstance(cause, UnsupportedMediaType):
        return problem_response(
            415, f"the body must be sent as Content-Type: application/json, not {cause}", slug="unsupported-media-type"
        )
    if isinstance(cause, BodyNotJsonObject):
        return problem_response(422, f"body: must be a JSON object, not {_json_kind(str(cause))}", slug="validation",
                                errors=[FieldError("body", "must be a JSON object")])
    detail = str(exc)
    if exc.status_code == 400:
        detail = "the request body is not valid JSON"
    return problem_response(exc.status_code, detail)


def _json_kind(python_type: str) -> str:
    return {"list": "an array", "str": "a string", "int": "a number", "float": "a number", "bool": "a boolean",
            "NoneType": "null"}.get(python_type, python_type)


@api.exception_handler(Http404)
def on_404(request: HttpRequest, exc: Http404) -> HttpResponse:
    return problem_response(404, str(exc) or "not found")
