"""A service's refusal, shown in the reader's language: a lead, then the service's detail (translated when known)."""

from __future__ import annotations

from collections.abc import Mapping

from django import forms
from django.utils.translation import gettext as _

from mercato.shared.errors import Conflict, Forbidden, MercatoError, NotFound, ValidationFailed

from .service_messages import translated


def describe(exc: MercatoError) -> str:
    if isinstance(exc, ValidationFailed):
        lead = _("Please check your input")
    elif isinstance(exc, Conflict):
        lead = _("This cannot be done now")
    elif isinstance(exc, Forbidden):
        lead = _("Not allowed")
    elif isinstance(exc, NotFound):
        lead = _("Not found")
    else:
        lead = _("Refused")
    detail = "; ".join(translated(e.message) for e in exc.errors) if exc.errors else translated(exc.detail)
    return f"{lead}: {detail}"


def place_on_form(form: forms.BaseForm, exc: MercatoError, fields: Mapping[str, str] | None = None) -> None:
    """Put each field error next to the field it names (``variants.0.gtin`` → ``gtin``), the rest on top."""
    placed = False
    for error in exc.errors:
        name = (fields or {}).get(error.field) or error.field.rsplit(".", 1)[-1]
        if name in form.fields:
            form.add_error(name, translated(error.message))
            placed = True
    if not placed:
        form.add_error(None, describe(exc))
