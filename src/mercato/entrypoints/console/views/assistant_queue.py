"""The hand-over queue: conversations the assistant escalated, with the transcript and what it understood;
operators take a case and mark it resolved."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, re_path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mercato.contexts.assistant import public as assistant
from mercato.shared.actor import Actor
from mercato.shared.errors import MercatoError

from ..access import operator_page

STATUSES = ("open", "taken", "resolved")


@operator_page
def escalation_list(request: HttpRequest, actor: Actor) -> HttpResponse:
    status = request.GET.get("status", "")
    status = status if status in STATUSES else ""
    return render(request, "console/assistant_queue.html", {
        "escalations": assistant.escalations_list(status=status), "status": status, "statuses": STATUSES})


@operator_page
def escalation_detail(request: HttpRequest, actor: Actor, escalation_id: str) -> HttpResponse:
    return render(request, "console/assistant_escalation.html",
                  {"escalation": assistant.escalation_detail(escalation_id)})


@require_POST
@operator_page
def escalation_decide(request: HttpRequest, actor: Actor, escalation_id: str) -> HttpResponse:
    decision = request.POST.get("decision")
    try:
        if decision == "take":
            assistant.escalation_take(escalation_id=escalation_id, actor=actor)
            messages.success(request, _("You took this conversation."))
        elif decision == "resolve":
            assistant.escalation_resolve(escalation_id=escalation_id, actor=actor)
            messages.success(request, _("Marked as resolved; the assistant answers this conversation again."))
        else:
            messages.error(request, _("Choose take or resolve."))
    except MercatoError as exc:
        if exc.status == 404:
            raise
        messages.error(request, _("This escalation is already %(status)s.") % {
            "status": exc.extra.get("current_status", "")})
    return redirect("console:assistant_escalation", escalation_id=escalation_id)


ID = r"esc_[0-9a-z]{26}"
urlpatterns: list[URLPattern] = [
    path("", escalation_list, name="assistant_queue"),
    re_path(rf"^(?P<escalation_id>{ID})/$", escalation_detail, name="assistant_escalation"),
    re_path(rf"^(?P<escalation_id>{ID})/decision/$", escalation_decide, name="assistant_escalation_decide"),
]
