"""Typed domain errors. The API maps each one to RFC 9457 problem+json exactly once."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass
class FieldError:
    field: str
    message: str


class MercatoError(Exception):
    """Base of all errors a caller can cause; never a 500."""

    status: int = 400
    title: str = "Bad request"
    slug: str = "bad-request"

    def __init__(self, detail: str, *, errors: list[FieldError] | None = None, **extra: Any) -> None:
        super().__init__(detail)
        self.detail = detail
        self.errors = errors or []
        self.extra = extra


class ValidationFailed(MercatoError):
    status, title, slug = 422, "Invalid input", "validation"

    @classmethod
    def on(cls, field_name: str, message: str) -> ValidationFailed:
        return cls(f"{field_name}: {message}", errors=[FieldError(field_name, message)])


class Unauthenticated(MercatoError):
    status, title, slug = 401, "Authentication required", "unauthenticated"


class Forbidden(MercatoError):
    status, title, slug = 403, "Not allowed", "forbidden"


class NotFound(MercatoError):
    status, title, slug = 404, "Not found", "not-found"

    @classmethod
    def of(cls, kind: str, ident: object) -> NotFound:
        return cls(f"{kind} {ident!s} does not exist or is not visible to you")


class Conflict(MercatoError):
    status, title, slug = 409, "Conflict with the current state", "conflict"


class IllegalTransition(Conflict):
    slug = "illegal-transition"

    def __init__(self, *, kind: str, current: str, target: str) -> None:
        super().__init__(
            f"{kind} is {current}; it cannot become {target}", current_status=current, target_status=target
        )


class OutOfStock(Conflict):
    slug = "out-of-stock"


class RateLimited(MercatoError):
    status, title, slug = 429, "Too many requests", "rate-limited"
