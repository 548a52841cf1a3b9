"""Idempotency-Key handling: same key + same body → the stored answer; same key + other body → 422.

A placeholder row is inserted before the work runs, so two concurrent requests with one key cannot both
execute: the second sees the placeholder and gets 409 until the first has finished.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any

from django.db import IntegrityError, transaction

from . import clock
from .errors import Conflict, MercatoError, ValidationFailed
from .models import IdempotencyRecord

IN_PROGRESS = 0


def body_hash(body: Any) -> str:
    return hashlib.sha256(json.dumps(body, sort_keys=True, default=str).encode()).hexdigest()


def run_once(
    *, scope: str, key: str | None, body: Any, work: Callable[[], tuple[int, Any]],
    render_error: Callable[[MercatoError], tuple[int, Any]],
) -> tuple[int, Any]:
    """Run ``work`` at most once per (scope, key); return (status, json body)."""
    if not key:
        return work()
    if len(key) > 200 or not key.isprintable():
        raise ValidationFailed.on("Idempotency-Key", "must be at most 200 printable characters")
    digest = body_hash(body)
    try:
        with transaction.atomic():
            IdempotencyRecord.objects.create(
                scope=scope, key=key, request_hash=digest, status_code=IN_PROGRESS, response_body={},
                created_at=clock.now(),
            )
    except IntegrityError:
        record = IdempotencyRecord.objects.get(scope=scope, key=key)
        if record.request_hash != digest:
            raise ValidationFailed.on(
                "Idempotency-Key", "was already used with a different request body"
            ) from None
        if record.status_code == IN_PROGRESS:
            raise Conflict("a request with this Idempotency-Key is still being processed") from None
        return record.status_code, record.response_body
    try:
        status, payload = work()
    except MercatoError as exc:
        status, payload = render_error(exc)
    except BaseException:
        IdempotencyRecord.objects.filter(scope=scope, key=key).delete()
        raise
    IdempotencyRecord.objects.filter(scope=scope, key=key).update(
        status_code=status, response_body=json.loads(json.dumps(payload, default=str))
    )
    return status, payload


def respond_once(request: Any, body: Any, work: Callable[[], Any]) -> Any:
    """Run an API action under the request's Idempotency-Key; answer with JSON or problem+json."""
    from django.http import HttpResponse

    from .problems import from_error, render_problem

    def run() -> tuple[int, Any]:
        result = work()
        status, payload = (result.status_code, result.value) if hasattr(result, "status_code") else result
        if hasattr(payload, "model_dump"):
            payload = payload.model_dump(mode="json")
        return status, payload

    auth = getattr(request, "auth", None)
    scope = f"{getattr(auth, 'label', 'anonymous')}:{request.method}:{request.path}"
    body_json = body.model_dump(mode="json") if hasattr(body, "model_dump") else body
    status, payload = run_once(scope=scope, key=request.headers.get("Idempotency-Key"), body=body_json,
                               work=run, render_error=from_error)
    if isinstance(payload, dict) and payload.get("type", "").startswith("https://mercato.dev/problems/"):
        return render_problem(payload)
    if status == 204:
        return HttpResponse(status=204)
    return HttpResponse(json.dumps(payload, ensure_ascii=False, default=str), status=status,
                        content_type="application/json")
