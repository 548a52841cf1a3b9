"""RFC 9457 problem+json: the one place where errors become HTTP answers."""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpResponse

from .errors import FieldError, MercatoError

PROBLEM_BASE = "https://mercato.dev/problems/"
TITLES = {
    400: "Malformed request", 401: "Authentication required", 403: "Not allowed", 404: "Not found",
    405: "Method not allowed", 409: "Conflict with the current state", 413: "Request body too large",
    422: "Invalid input", 429: "Too many requests", 500: "Internal error",
}


def problem_body(
    status: int, detail: str, *, slug: str | None = None, title: str | None = None,
    errors: list[FieldError] | None = None, **extra: Any,
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "type": PROBLEM_BASE + (slug or str(status)),
        "title": title or TITLES.get(status, "Error"),
        "status": status,
        "detail": detail,
    }
    if errors is not None:
        body["errors"] = [{"field": e.field, "message": e.message} for e in errors]
    body.update(extra)
    return body


def render_problem(body: dict[str, Any]) -> HttpResponse:
    response = HttpResponse(
        json.dumps(body, ensure_ascii=False, default=str), status=body["status"],
        content_type="application/problem+json",
    )
    if "retry_after" in body:
        response["Retry-After"] = str(body["retry_after"])
    return response


def problem_response(status: int, detail: str, **kwargs: Any) -> HttpResponse:
    return render_problem(problem_body(status, detail, **kwargs))


def from_error(exc: MercatoError) -> tuple[int, dict[str, Any]]:
    errors = exc.errors if exc.errors or exc.status == 422 else None
    return exc.status, problem_body(
        exc.status, exc.detail, slug=exc.slug, title=exc.title, errors=errors, **exc.extra
    )


def field_path(loc: list[Any] | tuple[Any, ...]) -> str:
    """Pydantic's loc (["body", "payload", "variants", 0, "price", "amount"]) → "variants.0.price.amount"."""
    parts = list(loc)
    if parts and parts[0] in ("body", "query", "path", "header", "form"):
        source = parts.pop(0)
        if source == "body" and parts and parts[0] == "payload":
            parts.pop(0)
    return ".".join(str(p) for p in parts) or "body"
