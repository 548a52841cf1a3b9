"""The platform at a glance."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from mercato.shared.actor import Actor

from ..access import operator_page
from ..queries import overview as overview_figures


@operator_page
def overview(request: HttpRequest, actor: Actor) -> HttpResponse:
    return render(request, "console/overview.html", {"figures": overview_figures()})
