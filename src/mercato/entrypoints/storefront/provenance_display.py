"""How a supply-chain trace reads to a shopper: one step per EPCIS event, in words, with its proof in the log.

Only formatting lives here: the trace, its proofs and the Digital Link rules come from the provenance context.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from typing import Any
from urllib.parse import unquote

from django.http import HttpRequest
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from mercato.contexts.catalog.models import Variant
from mercato.contexts.provenance import qr_code, selectors
from mercato.contexts.provenance.domain.cbv_vocabulary import CbvKind, standard_term
from mercato.contexts.provenance.domain.digital_link import DigitalLinkError, generate_digital_link, gtin14
from mercato.contexts.provenance.domain.epc_identifiers import canonical_gs1_identifier
from mercato.contexts.provenance.models import Event
from mercato.contexts.provenance.trace import Trace, TraceStep

from . import labels

GS1 = "https://id.gs1.org/"
UNITS = {"KGM": "kg", "GRM": "g", "TNE": "t", "LTR": "L", "MLT": "mL", "MTR": "m", "CEL": "°C", "FAH": "°F",
         "KEL": "K"}
QUANTITY_LISTS = {"quantityList": "quantity", "childQuantityList": "child_quantity",
                  "inputQuantityList": "input_quantity", "outputQuantityList": "output_quantity"}
MAX_BATCHES = 20


@dataclass(frozen=True)
class StepView:
    """One event as a timeline entry."""

    title: str
    at: datetime
    place: str
    attested_by: str
    role: str
    signed: bool
    disposition: str
    items: list[str]
    temperature: str
    readings: int
    status: str  # verified, failed (proven but does not check), pending, missing
    leaf_index: int | None


@dataclass(frozen=True)
class TraceView:
    subject: str
    gtin: str
    lot: str
    serial: str
    sscc: str
    steps: list[StepView]
    tree_size: int | None
    signed_at: datetime | None
    verified: int = 0
    batches: list[str] = field(default_factory=list)


def origin(request: HttpRequest) -> str:
    """This site's scheme and host: the stem of the Digital Links it resolves."""
    return request.build_absolute_uri("/").rstrip("/")


def link_here(request: HttpRequest, elements: Iterable[tuple[str, str]]) -> str:
    """The Digital Link of these GS1 elements on this site (its resolver), e.g. https://shop/01/<gtin>/10/<lot>."""
    return generate_digital_link(list(elements), stem=origin(request))


def gtin_link(request: HttpRequest, gtin: str) -> str | None:
    """A catalogue GTIN (8–14 digits) as this site's Digital Link; None when it is not a valid GTIN."""
    try:
        return link_here(request, [("01", gtin14(gtin))])
    except DigitalLinkError:
        return None


def qr(link: str, *, scale: int = 4, title: str | None = None) -> SafeString:
    """The inline SVG QR code of a link (segno writes it; nothing in it comes unescaped from the request)."""
    return mark_safe(qr_code.qr_svg(link, scale=scale, title=title))  # noqa: S308


def variant_for_gtin(gtin: str) -> Variant | None:
    """The catalogue variant on sale with this GTIN (stored as 8, 12, 13 or 14 digits), with its product."""
    forms = {gtin, *(gtin[cut:] for cut in (1, 2, 6) if gtin[:cut].strip("0") == "")}
    return (Variant.objects.select_related("product")
            .filter(gtin__in=forms, is_active=True, product__status="active", product__merchant_active=True)
            .order_by("id").first())


def batches_of(gtin: str) -> list[str]:
    """Lots of this GTIN that events mention (as Digital Links on id.gs1.org), first seen first."""
    prefix = f"{GS1}01/{gtin}/10/"
    page = selectors.events_page({"MATCH_epcClass": prefix + "*", "perPage": "100"})
    lots: dict[str, None] = {}
    for event in page.events:
        for name in QUANTITY_LISTS:
            for item in event.body.get(name) or []:
                value = item.get("epcClass") if isinstance(item, Mapping) else None
                if isinstance(value, str) and value.startswith(prefix):
                    lots.setdefault(unquote(value[len(prefix):]), None)
    return list(lots)[:MAX_BATCHES]


def _term(kind: CbvKind, value: str) -> str:
    """The bare standard term, or the last segment of an extension URI."""
    if not value:
        return ""
    return standard_term(kind, value) or value.rstrip("/").rsplit("/", 1)[-1].rsplit(":", 1)[-1]


def step_title(event: Event) -> str:
    term = _term("bizStep", event.biz_step)
    if event.event_type == "TransformationEvent" and term in ("", "commissioning", "creating_class_instance"):
        return str(labels.TRANSFORMED)
    if term in labels.BIZ_STEP:
        return str(labels.BIZ_STEP[term])
    return term.replace("_", " ").capitalize() or _("Recorded")


def disposition_label(event: Event) -> str:
    term = _term("disposition", event.disposition)
    return str(labels.DISPOSITION[term]) if term in labels.DISPOSITION else term.replace("_", " ")


def _elements(identifier: str) -> dict[str, str]:
    """GS1 elements of a canonical id.gs1.org link (AI → value), empty for anything else."""
    if not identifier.startswith(GS1):
        return {}
    parts = identifier[len(GS1):].split("?", 1)[0].split("/")
    return {ai: unquote(value) for ai, value in zip(parts[::2], parts[1::2], strict=False)}


def place(event: Event, names_by_gln: Mapping[str, str]) -> str:
    """Where: the business location (else the read point), named after the party with that GLN when known."""
    raw = event.biz_location or event.read_point
    gln = _elements(canonical_gs1_identifier(raw)).get("414", "") if raw else ""
    if not gln:
        return raw
    name = names_by_gln.get(gln)
    return f"{name} · GLN {gln}" if name else f"GLN {gln}"


def _number(value: Any) -> str:
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    return f"{amount:f}".rstrip("0").rstrip(".") if "." in f"{amount:f}" else f"{amount:f}"


def _quantities(event: Event) -> dict[tuple[str, str], str]:
    """(role, canonical class) → "120 kg" for the event's quantity lists."""
    found: dict[tuple[str, str], str] = {}
    for name, role in QUANTITY_LISTS.items():
        for item in event.body.get(name) or []:
            if isinstance(item, Mapping) and isinstance(item.get("epcClass"), str) and "quantity" in item:
                unit = UNITS.get(str(item.get("uom", "")), str(item.get("uom", "")))
                text = f"{_number(item['quantity'])} {unit}".strip()
                found[(role, canonical_gs1_identifier(item["epcClass"]))] = text
    return found


def _name_of(identifier: str, subject: str, subject_word: str) -> str:
    if identifier == subject:
        return subject_word
    elements = _elements(identifier)
    if "00" in elements:
        return _("shipping unit SSCC %(sscc)s") % {"sscc": elements["00"]}
    if "10" in elements:
        return _("batch %(lot)s of GTIN %(gtin)s") % {"lot": elements["10"], "gtin": elements.get("01", "")}
    if "21" in elements:
        return _("item %(serial)s of GTIN %(gtin)s") % {"serial": elements["21"], "gtin": elements.get("01", "")}
    return identifier


def items(event: Event, subject: str, related: set[str], subject_word: str) -> list[str]:
    """What the event says about the traced thing, its containers and its inputs ("made from …", "packed into …")."""
    quantities = _quantities(event)
    lines: dict[str, None] = {}
    for identifier in event.identifiers.all():
        if identifier.canonical != subject and identifier.canonical not in related:
            continue
        what = _name_of(identifier.canonical, subject, subject_word)
        amount = quantities.get((identifier.role, identifier.canonical))
        if amount:
            what = f"{what} × {amount}"
        if identifier.role in ("input", "input_quantity"):
            what = _("made from %(what)s") % {"what": what}
        elif identifier.role == "parent":
            what = (_("unpacked from %(what)s") if event.action == "DELETE" else _("packed into %(what)s")) % {
                "what": what}
        lines.setdefault(what, None)
    return list(lines)


def _readings(body: Mapping[str, Any]) -> tuple[list[tuple[Decimal, str]], int]:
    temperatures: list[tuple[Decimal, str]] = []
    count = 0
    for element in body.get("sensorElementList") or []:
        reports = element.get("sensorReport") if isinstance(element, Mapping) else None
        for report in reports or []:
            if not isinstance(report, Mapping):
                continue
            count += 1
            kind = str(report.get("type", "")).rsplit("/", 1)[-1].rsplit(":", 1)[-1]
            if kind != "Temperature":
                continue
            unit = UNITS.get(str(report.get("uom", "CEL")), str(report.get("uom", "")))
            for key in ("value", "minValue", "maxValue"):
                try:
                    temperatures.append((Decimal(str(report[key])), unit))
                except (KeyError, InvalidOperation):
                    continue
    return temperatures, count


def temperature_range(body: Mapping[str, Any]) -> tuple[str, int]:
    """("2.1 – 6.4 °C", number of sensor reports); the range is over the first unit reported."""
    temperatures, count = _readings(body)
    if not temperatures:
        return "", count
    unit = temperatures[0][1]
    values = [value for value, same in temperatures if same == unit]
    low, high = _number(min(values)), _number(max(values))
    return (f"{low} {unit}" if low == high else f"{low} – {high} {unit}"), count


def _status(step: TraceStep) -> str:
    if step.verified:
        return "verified"
    return {"proven": "failed", "missing": "missing"}.get(step.status, "pending")


def signed_at(tree_head: Mapping[str, Any] | None) -> datetime | None:
    return datetime.fromtimestamp(tree_head["timestamp"] / 1000, tz=UTC) if tree_head else None


def trace_view(trace: Trace) -> TraceView:
    elements = trace.elements
    subject_word = (_("this item") if "21" in elements else _("this batch") if "10" in elements
                    else _("this product") if "01" in elements else _("this shipping unit"))
    events = [step.event for step in trace.steps]
    names_by_gln = {event.party.gln: event.party.name for event in events if event.party and event.party.gln}
    related = set(trace.related)
    steps = []
    for step in trace.steps:
        event = step.event
        temperature, readings = temperature_range(event.body)
        party = event.party
        steps.append(StepView(
            title=step_title(event), at=event.event_time, place=place(event, names_by_gln),
            attested_by=party.name if party else "", role=labels.label(labels.PARTY_ROLE, party.role) if party else "",
            signed=party is not None, disposition=disposition_label(event),
            items=items(event, trace.subject, related, subject_word), temperature=temperature, readings=readings,
            status=_status(step), leaf_index=step.leaf_index))
    head = trace.tree_head
    return TraceView(
        subject=trace.subject, gtin=elements.get("01", ""), lot=elements.get("10", ""),
        serial=elements.get("21", ""), sscc=elements.get("00", ""), steps=steps,
        tree_size=head["tree_size"] if head else None, signed_at=signed_at(head),
        verified=sum(1 for s in steps if s.status == "verified"))
