"""HTTP-level guards for the API: problem+json for every error under /api/, body size, sold-out refusals,
outbox flush."""

from __future__ import annotations

import re
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest, HttpResponse

from mercato.contexts.flashsales import public as flashsales
from mercato.shared import events
from mercato.shared.errors import FieldError
from mercato.shared.problems import from_error, problem_response, render_problem

API_PREFIX = "/api/"
_PURCHASE_PATH = re.compile(r"^/api/v1/flash-sales/(?P<sale>[^/]+)/purchases$")


class ProblemJsonMiddleware:
    """Turn Django's own 404/405/413/500 pages under /api/ into problem+json; refuse what no endpoint can take.

    NUL characters are refused before any view runs: PostgreSQL cannot compare or store them, so an id or a
    filter holding one would otherwise end in a database error (a 500) instead of a 404 or a 422.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith(API_PREFIX):
            return self.get_response(request)
        refusal = self._refusal(request)
        if refusal is not None:
            return refusal
        head = request.method == "HEAD"
        if head:  # RFC 9110 §9.3.2: HEAD is GET without the content; the routes only declare GET
            request.method = "GET"
        response = self._problem_json(request, self.get_response(request))
        if head and not response.streaming:
            response.content = b""  # Content-Length stays that of the GET answer
        return response

    @staticmethod
    def _refusal(request: HttpRequest) -> HttpResponse | None:
        """What no endpoint could accept: a body over the limit, NUL in the path or the query."""
        length = request.META.get("CONTENT_LENGTH") or "0"
        if not length.isdigit():
            return problem_response(400, "Content-Length is not a number")
        if int(length) > settings.DATA_UPLOAD_MAX_MEMORY_SIZE:
            return problem_response(
                413, f"the body is larger than {settings.DATA_UPLOAD_MAX_MEMORY_SIZE} bytes", slug="too-large"
            )
        if "\x00" in request.path:
            return problem_response(404, "no API resource has a NUL character in its path")
        try:
            params = list(request.GET.lists())
        except SuspiciousOperation as exc:  # e.g. more query parameters than DATA_UPLOAD_MAX_NUMBER_FIELDS
            return problem_response(400, f"the query string is not acceptable: {exc}")
        errors = [FieldError(key.replace("\x00", "\ufffd"), "must not contain NUL characters")
                  for key in sorted({k for k, values in params if "\x00" in k or any("\x00" in v for v in values)})]
        if errors:
            return problem_response(422, "; ".join(f"{e.field}: {e.message}" for e in errors), slug="validation",
                                    errors=errors)
        return None

    @staticmethod
    def _problem_json(request: HttpRequest, response: HttpResponse) -> HttpResponse:
        content_type = response.get("Content-Type", "")
        if response.status_code >= 400 and "json" not in content_type:
            detail = {
                404: f"no API resource at {request.path}",
                405: f"{request.method} is not allowed on {request.path}",
            }.get(response.status_code, "the server could not handle this request")
            problem = problem_response(response.status_code, detail)
            if response.has_header("Allow"):  # RFC 9110: a 405 names the methods that are allowed
                problem["Allow"] = response["Allow"]
            return problem
        return response


class FlashSaleSoldOutMiddleware:
    """A purchase attempt on an item this process saw sold out a second ago is refused before sessions,
    language, authentication and body validation: sold out is public, and refusing it must stay cheap."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method == "POST" and request.path_info.endswith("/purchases"):
            match = _PURCHASE_PATH.match(request.path_info)
            if match is not None:
                refusal = flashsales.sold_out_refusal(sale_id=match["sale"], body=request.body,
                                                      idempotency_key=request.headers.get("Idempotency-Key", ""))
                if refusal is not None:
                    response = render_problem(from_error(refusal)[1])
                    response._has_been_logged = True  # type: ignore[attr-defined]  # expected by the thousand
                    return response
        return self.get_response(request)


class OutboxDispatchMiddleware:
    """Deliver the events a request published before answering, so reads right after see the effects."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        events.dispatch_published()
        return response
