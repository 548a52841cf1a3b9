"""Console pages are for operators: anonymous visitors sign in, everyone else gets a 403 page."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from mercato.entrypoints.web.actor import actor_of
from mercato.shared import clock
from mercato.shared.errors import NotFound


def operator_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """The view receives the operator's Actor; times show in the platform's time zone."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        actor = actor_of(request)
        if not actor.is_operator:
            return render(request, "console/forbidden.html", status=403)
        with timezone.override(clock.platform_zone()):
            try:
                return view(request, actor, *args, **kwargs)
            except NotFound as exc:
                raise Http404(str(exc)) from exc

    return wrapper
