"""Who may open a merchant-center page: signed-in staff of an admitted merchant, in the platform's time zone.

The services check membership again on every command; this only decides which page a visitor sees.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from mercato.contexts.merchants.contracts import MembershipView, MerchantView
from mercato.entrypoints.web.actor import actor_of
from mercato.shared import clock
from mercato.shared.actor import Actor
from mercato.shared.errors import Forbidden, MercatoError, NotFound

from .queries.staff import staff_of
from .service_errors import describe


@dataclass(frozen=True)
class Staff:
    """The acting user and their merchant, handed to every merchant-center view."""

    actor: Actor
    membership: MembershipView
    merchant: MerchantView

    @property
    def merchant_id(self) -> str:
        return self.membership.merchant_id

    @property
    def is_owner(self) -> bool:
        return self.membership.role == "owner"


StaffView = Callable[..., HttpResponse]


def merchant_page(view: StaffView) -> Callable[..., HttpResponse]:
    """Anonymous → sign in; no merchant or a pending one → the application page; 404/403 for refusals."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        actor = actor_of(request)
        found = staff_of(actor.user_id)
        if found is None or found[0].merchant_status == "pending":
            return redirect("merchant_center:apply")
        staff = Staff(actor, *found)
        with timezone.override(clock.platform_zone()):
            return guarded(request, lambda: view(request, staff, *args, **kwargs))

    return wrapper


def page(request: HttpRequest, staff: Staff, template: str, context: dict[str, Any] | None = None,
         status: int = 200) -> HttpResponse:
    """Render a merchant-center template; every page knows the shop (name, status, the reader's role)."""
    return render(request, f"merchant_center/{template}", {"staff": staff, **(context or {})}, status=status)


def signed_in_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Any signed-in user (the application form)."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        with timezone.override(clock.platform_zone()):
            return guarded(request, lambda: view(request, *args, **kwargs))

    return wrapper


def guarded(request: HttpRequest, call: Callable[[], HttpResponse]) -> HttpResponse:
    """A refusal the views did not handle becomes a 404, a 403 or an error page: never a 500."""
    try:
        return call()
    except NotFound as exc:
        raise Http404(str(exc)) from exc
    except Forbidden as exc:
        return render(request, "merchant_center/refused.html", {"message": describe(exc)}, status=403)
    except MercatoError as exc:
        return render(request, "merchant_center/refused.html", {"message": describe(exc)}, status=exc.status)
