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
    415: "Unsupported media type",
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
    if body["status"] == 401:  # RFC 9110 §11.6.1: a 401 names the scheme that would work
        response["WWW-Authenticate"] = 'Bearer realm="mercato"'
    return response


def problem_response(status: int, detail: str, **kwargs: Any) -> HttpResponse:
    return render_problem(problem_body(status, detail, **kwargs))


def from_error(exc: MercatoError) -> tuple[int, dict[str, Any]]:
    errors = exc.errors if exc.errors or exc.status == 422 else None
    return exc.status, problem_body(
        exc.status, exc.detail, slug=exc.slug, title=exc.title, errors=errors, **exc.extra
    )


SOURCES = ("body", "query", "path", "header", "form", "cookie", "file")
NOT_GIVEN: Any = object()
# Names pydantic-core gives union members in an error's loc ("str", "function-after[...]", "dict[str,...]").
_MEMBER_LABELS = frozenset({"str", "int", "float", "bool", "decimal", "none", "bytes", "list", "dict", "date",
                            "datetime", "constrained-str", "constrained-int", "constrained-decimal"})
_MESSAGE_PREFIXES = ("Value error, ", "Assertion failed, ")


def _looks_like_member_label(part: object) -> bool:
    return isinstance(part, str) and ("[" in part or part in _MEMBER_LABELS or part[:1].isupper())


def _strip_source(loc: list[Any] | tuple[Any, ...]) -> tuple[str | None, list[Any]]:
    parts = list(loc)
    source = None
    if parts and parts[0] in SOURCES:
        source = parts.pop(0)
        if source == "body" and parts and parts[0] == "payload":
            parts.pop(0)
    return source, parts


def _walk(parts: list[Any], data: Any, missing: bool) -> tuple[list[Any], int | None, bool]:
    """Keep the loc segments that name a key or index of the submitted data; drop union-member labels.

    Returns the clean path; when a label was dropped, how long the path was at that point; and whether a
    "missing" error really means that the value at the path is not an object at all (Ninja's schemas read
    attributes, so ``"price": "10.00"`` reports ``price.amount`` and ``price.currency`` as missing).
    """
    path: list[Any] = []
    union_at: int | None = None
    node = data
    for i, part in enumerate(parts):
        last = i == len(parts) - 1
        if part == "[key]":  # the key itself is wrong: name the object, not the (possibly unprintable) key
            return path[:-1], union_at, False
        if node is NOT_GIVEN:
            is_label = _looks_like_member_label(part)
        elif isinstance(node, dict):
            is_label = part not in node and str(part) not in node and not (last and missing)
        elif isinstance(node, list):
            is_label = not (isinstance(part, int) and 0 <= part < len(node))
        else:
            is_label = isinstance(part, str)
        if last and missing and node is not NOT_GIVEN and not isinstance(node, dict):
            return path, union_at, True
        if is_label:
            union_at = len(path) if union_at is None else union_at
            continue
        path.append(part)
        if isinstance(node, dict):
            node = node.get(part, node.get(str(part), NOT_GIVEN))
        elif isinstance(node, list) and isinstance(part, int):
            node = node[part]
        else:
            node = NOT_GIVEN
    return path, union_at, False


def field_path(loc: list[Any] | tuple[Any, ...], data: Any = NOT_GIVEN, *, missing: bool = False) -> str:
    """Pydantic's loc (["body", "payload", "variants", 0, "price", "amount"]) → "variants.0.price.amount"."""
    _, parts = _strip_source(loc)
    path, _, _ = _walk(parts, data, missing)
    return ".".join(str(p) for p in path) or "body"


def _message(raw: str) -> str:
    for prefix in _MESSAGE_PREFIXES:
        if raw.startswith(prefix):
            raw = raw[len(prefix):]
    return raw.replace("a valid dictionary", "an object")  # JSON has objects


def validation_errors(raw: list[dict[str, Any]], sources: dict[str, Any]) -> list[FieldError]:
    """Ninja/pydantic errors → one FieldError per real problem, with dotted paths into the submitted data.

    A value that matches no member of a union (``title``: a string or an object keyed by language) makes
    pydantic report every member; when one member got far enough to say what is wrong, the others'
    "should be a valid ..." complaints are noise and are dropped; otherwise they are merged into one.
    """
    rows: list[tuple[str, str, str, str | None]] = []  # field, message, type, union key
    for error in raw:
        source, parts = _strip_source(error.get("loc", ()))
        data = sources.get(source or "", NOT_GIVEN)
        path, union_at, not_an_object = _walk(parts, data, error.get("type") == "missing")
        field = ".".join(str(p) for p in path) or (source if source and source != "body" else "body")
        union_key = ".".join(str(p) for p in path[:union_at]) if union_at is not None else None
        message = "Input should be an object" if not_an_object else _message(str(error.get("msg", "invalid")))
        rows.append((field, message, "model_type" if not_an_object else str(error.get("type", "")), union_key))
    result: list[FieldError] = []
    merged: dict[str, list[str]] = {}
    for field, message, kind, union_key in rows:
        if union_key is not None and kind.endswith("_type") and field == union_key:
            if any(u == union_key and (f != field or not k.endswith("_type")) for f, _, k, u in rows):
                continue
            merged.setdefault(field, []).append(message)
            continue
        if not any(e.field == field and e.message == message for e in result):
            result.append(FieldError(field, message))
    for field, messages in merged.items():
        kinds = [m.removeprefix("Input should be ") for m in dict.fromkeys(messages)]
        result.append(FieldError(field, "Input should be " + " or ".join(kinds)))
    return result
