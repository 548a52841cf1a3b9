"""The transparency log for operators: its state, the commands auditors run, publish now, verify everything."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mercato.contexts.transparency import public as transparency
from mercato.contexts.transparency import selectors as log_selectors
from mercato.contexts.transparency.verification import log_verify
from mercato.shared.actor import Actor

from ..access import operator_page
from ..log_status import log_status

MAX_FINDINGS_SHOWN = 10


@operator_page
def transparency_log(request: HttpRequest, actor: Actor) -> HttpResponse:
    return render(request, "console/transparency.html", {
        "log": log_status(), "origin": request.build_absolute_uri("/").rstrip("/")})


@require_POST
@operator_page
def transparency_publish(request: HttpRequest, actor: Actor) -> HttpResponse:
    appended = transparency.log_publish()
    head = log_selectors.latest_tree_head()
    size = head.tree_size if head else 0
    if appended:
        messages.success(request, _("%(n)s queued facts appended; the signed tree head is now at size %(size)s.")
                         % {"n": appended, "size": size})
    else:
        messages.success(request, _("Nothing was waiting; the signed tree head stays at size %(size)s.")
                         % {"size": size})
    return redirect("console:transparency")


@require_POST
@operator_page
def transparency_verify(request: HttpRequest, actor: Actor) -> HttpResponse:
    """Reads the whole log (seconds for millions of leaves): a button, never a page view."""
    result = log_verify()
    if result.ok:
        messages.success(request, _("The log verifies: %(size)s leaves re-hashed, the tree re-derived, %(heads)s "
                                    "signed heads checked and consistent with each other.")
                         % {"size": result.tree_size, "heads": result.signed_heads})
        return redirect("console:transparency")
    first = result.first_tampered_leaf
    messages.error(request, _("The log does NOT verify: %(n)s findings. First tampered leaf: %(leaf)s.")
                   % {"n": len(result.findings), "leaf": "—" if first is None else first})
    for finding in result.findings[:MAX_FINDINGS_SHOWN]:
        messages.error(request, finding.reason)
    if len(result.findings) > MAX_FINDINGS_SHOWN:
        messages.error(request, _("…and %(n)s more findings: run “mercato transparency verify” for all of them.")
                       % {"n": len(result.findings) - MAX_FINDINGS_SHOWN})
    return redirect("console:transparency")
