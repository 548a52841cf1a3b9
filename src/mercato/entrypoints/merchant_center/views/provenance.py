"""Provenance: the shop's supply-chain parties, EPCIS 2.0 uploads, and what each capture stored."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from mercato.contexts.provenance import public as provenance
from mercato.shared.errors import MercatoError, ValidationFailed

from ..access import Staff, merchant_page, page
from ..forms.provenance import ROLE_LABELS, CaptureForm, PartyForm
from ..queries.provenance import capture_events, own_capture, own_parties, recent_captures
from ..service_errors import place_on_form

MAX_ISSUES_SHOWN = 200
SIGNATURE = "Mercato-Signature"  # the field the capture service names for a bad signature


def _page(request: HttpRequest, staff: Staff, *, party_form: PartyForm | None = None,
          capture_form: CaptureForm | None = None, issues: list[dict[str, str]] | None = None) -> HttpResponse:
    """The page with its two forms (one of them re-rendered with its errors) and a refused document's issues."""
    parties = own_parties(staff.merchant_id)
    return page(request, staff, "provenance/page.html", {
        "parties": [(p, ROLE_LABELS.get(p.role, p.role)) for p in parties],
        "captures": recent_captures(staff.merchant_id),
        "party_form": party_form or PartyForm(),
        "capture_form": capture_form or CaptureForm(parties=[(p.id, p.name) for p in parties]),
        "issues": (issues or [])[:MAX_ISSUES_SHOWN], "more_issues": max(0, len(issues or []) - MAX_ISSUES_SHOWN),
    })


@merchant_page
def provenance_page(request: HttpRequest, staff: Staff) -> HttpResponse:
    return _page(request, staff)


@merchant_page
def party_add(request: HttpRequest, staff: Staff) -> HttpResponse:
    form = PartyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            party = provenance.party_register(actor=staff.actor, **form.cleaned_data)
        except MercatoError as exc:
            place_on_form(form, exc)
        else:
            messages.success(request, _("%(name)s was registered.") % {"name": party.name})
            return redirect("merchant_center:provenance")
    return _page(request, staff, party_form=form)


@merchant_page
def capture_upload(request: HttpRequest, staff: Staff) -> HttpResponse:
    parties = [(p.id, p.name) for p in own_parties(staff.merchant_id)]
    form = CaptureForm(request.POST or None, request.FILES or None, parties=parties)
    issues: list[dict[str, str]] = []
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            outcome = provenance.epcis_capture(payload=d["payload"], actor=staff.actor,
                                               error_behaviour=d["error_behaviour"], party_id=d["party"] or None,
                                               signature=d["signature"] or None)
        except ValidationFailed as exc:
            issues = [{"pointer": e.field, "message": e.message} for e in exc.errors if e.field != SIGNATURE]
            if len(issues) < len(exc.errors):
                form.add_error("signature", _("This is not a valid signature by the chosen party over the "
                                              "event hash ids of this document."))
            elif not issues:
                place_on_form(form, exc)
            else:
                form.add_error(None, _("The document was refused and nothing was captured: fix the issues listed "
                                       "below and upload it again."))
        else:
            capture = outcome.capture
            messages.success(request, _("%(captured)s events captured, %(duplicates)s already recorded.")
                             % {"captured": capture.captured, "duplicates": capture.duplicates})
            if outcome.issues:
                messages.error(request, _("%(n)s invalid events were not captured: see the issues below.")
                               % {"n": len(outcome.issues)})
            return redirect("merchant_center:capture_detail", capture_id=capture.id)
    return _page(request, staff, capture_form=form, issues=issues)


@merchant_page
def capture_detail(request: HttpRequest, staff: Staff, capture_id: str) -> HttpResponse:
    capture = own_capture(staff.merchant_id, capture_id)
    if capture is None:
        raise Http404(capture_id)
    events, stored = capture_events(capture)
    return page(request, staff, "provenance/capture.html", {
        "capture": capture, "events": events, "more_events": max(0, stored - len(events)),
        "issues": capture.errors[:MAX_ISSUES_SHOWN], "more_issues": max(0, len(capture.errors) - MAX_ISSUES_SHOWN),
    })
