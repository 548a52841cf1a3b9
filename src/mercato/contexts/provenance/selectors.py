"""Reads of provenance: EPCIS queries with the standard's common parameters, parties, events by identifier."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q, QuerySet

from mercato.shared.errors import NotFound, ValidationFailed

from .domain.cbv_vocabulary import CbvKind, canonical_cbv, is_standard
from .domain.epc_identifiers import canonical_gs1_identifier
from .domain.epcis_timestamps import parse_timestamp, timestamp_problem
from .models import Capture, Event, Party

MAX_PER_PAGE = 100
INSTANCE_ROLES = ("epc", "child", "input", "output")
ANY_ROLES = ("epc", "child", "input", "output", "parent")
EVENT_TYPES = ("ObjectEvent", "AggregationEvent", "TransactionEvent", "TransformationEvent", "AssociationEvent")
QUERY_PARAMETERS = ("eventType", "EQ_bizStep", "EQ_disposition", "MATCH_epc", "MATCH_anyEPC", "MATCH_epcClass",
                    "GE_eventTime", "LT_eventTime", "EQ_bizLocation", "EQ_readPoint", "perPage", "nextPageToken")


@dataclass(frozen=True)
class EventPage:
    events: list[Event]
    next_page_token: str | None


def _values(params: Mapping[str, str], name: str) -> list[str]:
    """EPCIS REST lists are comma- or pipe-separated."""
    raw = params.get(name, "")
    return [v.strip() for v in raw.replace("|", ",").split(",") if v.strip()]


def _time(params: Mapping[str, str], name: str) -> datetime | None:
    value = params.get(name)
    if not value:
        return None
    problem = timestamp_problem(value)
    if problem:
        raise ValidationFailed.on(name, problem)
    return parse_timestamp(value)


def _identifier_filter(values: list[str], roles: tuple[str, ...]) -> Q:
    condition = Q()
    for value in values:
        if value.endswith("*"):  # EPC pattern: prefix match on the value as captured
            condition |= Q(identifiers__value__startswith=value[:-1], identifiers__role__in=roles)
        else:
            canonical = canonical_gs1_identifier(value)
            condition |= Q(identifiers__canonical=canonical, identifiers__role__in=roles)
            condition |= Q(identifiers__value=value, identifiers__role__in=roles)
    return condition


def stored_vocabulary(kind: CbvKind, value: str) -> str:
    """How a bizStep or disposition is stored and matched: the full GS1 URI of a standard term, else as given."""
    return canonical_cbv(kind, value) if is_standard(kind, value) else value


def events_query(params: Mapping[str, str]) -> QuerySet[Event]:
    unknown = sorted(set(params) - set(QUERY_PARAMETERS))
    if unknown:
        raise ValidationFailed.on(unknown[0], f"is not a supported query parameter ({', '.join(QUERY_PARAMETERS)})")
    qs = Event.objects.all()
    types = _values(params, "eventType")
    bad = [t for t in types if t not in EVENT_TYPES]
    if bad:
        raise ValidationFailed.on("eventType", f"{bad[0]!r} is not one of {', '.join(EVENT_TYPES)}")
    if types:
        qs = qs.filter(event_type__in=types)
    if params.get("EQ_bizStep"):
        qs = qs.filter(biz_step__in=[stored_vocabulary("bizStep", v) for v in _values(params, "EQ_bizStep")])
    if params.get("EQ_disposition"):
        qs = qs.filter(disposition__in=[stored_vocabulary("disposition", v) for v in _values(params, "EQ_disposition")])
    for name, column in (("EQ_bizLocation", "biz_location"), ("EQ_readPoint", "read_point")):
        if params.get(name):
            qs = qs.filter(**{f"{column}__in": _values(params, name)})
    if params.get("MATCH_epc"):
        qs = qs.filter(_identifier_filter(_values(params, "MATCH_epc"), INSTANCE_ROLES))
    if params.get("MATCH_anyEPC"):
        qs = qs.filter(_identifier_filter(_values(params, "MATCH_anyEPC"), ANY_ROLES))
    if params.get("MATCH_epcClass"):
        qs = qs.filter(_identifier_filter(_values(params, "MATCH_epcClass"), ("quantity", "child_quantity",
                                                                             "input_quantity", "output_quantity")))
    since, until = _time(params, "GE_eventTime"), _time(params, "LT_eventTime")
    if since:
        qs = qs.filter(event_time__gte=since)
    if until:
        qs = qs.filter(event_time__lt=until)
    return qs.distinct()


def _decode_token(token: str) -> tuple[datetime, str]:
    try:
        moment, _, event_id = base64.urlsafe_b64decode(token.encode() + b"==").decode().partition("|")
        return datetime.fromisoformat(moment), event_id
    except (binascii.Error, UnicodeDecodeError, ValueError) as exc:
        raise ValidationFailed.on("nextPageToken", "is not a token this API issued") from exc


def events_page(params: Mapping[str, str]) -> EventPage:
    """Events oldest first (eventTime, then id), `perPage` at a time, continued by `nextPageToken`."""
    try:
        per_page = int(params.get("perPage") or 30)
    except ValueError as exc:
        raise ValidationFailed.on("perPage", "must be a whole number") from exc
    if not 1 <= per_page <= MAX_PER_PAGE:
        raise ValidationFailed.on("perPage", f"must be between 1 and {MAX_PER_PAGE}")
    qs = events_query(params)
    if params.get("nextPageToken"):
        moment, event_id = _decode_token(params["nextPageToken"])
        qs = qs.filter(Q(event_time__gt=moment) | Q(event_time=moment, id__gt=event_id))
    rows = list(qs.select_related("party").order_by("event_time", "id")[: per_page + 1])
    token = None
    if len(rows) > per_page:
        rows = rows[:per_page]
        last = rows[-1]
        token = base64.urlsafe_b64encode(f"{last.event_time.isoformat()}|{last.id}".encode()).decode().rstrip("=")
    return EventPage(rows, token)


def party_list() -> list[Party]:
    return list(Party.objects.order_by("name"))


def party_get(party_id: str) -> Party:
    party = Party.objects.filter(pk=party_id).first()
    if party is None:
        raise NotFound.of("party", party_id)
    return party


def capture_get(capture_id: str) -> Capture:
    capture = Capture.objects.filter(pk=capture_id).first()
    if capture is None:
        raise NotFound.of("capture", capture_id)
    return capture


def event_get(event_id: str) -> Event:
    event = Event.objects.filter(pk=event_id).first()
    if event is None:
        raise NotFound.of("event", event_id)
    return event
