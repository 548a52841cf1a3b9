"""Recommendation endpoints: the placements, behaviour from API clients, the personalisation switch."""

from __future__ import annotations

from typing import Literal

from django.http import HttpRequest
from ninja import Query, Router, Schema, Status
from pydantic import Field

from mercato.contexts.catalog import public as catalog
from mercato.shared.actor import Actor
from mercato.shared.api_auth import optional_auth, user_auth
from mercato.shared.api_types import MoneyOut
from mercato.shared.errors import ValidationFailed

from . import selectors, services
from .contracts import Recommendations, Viewer
from .domain.placements import DEFAULT_SIZE, MAX_SIZE
from .domain.viewers import session_digest, valid_session_header
from .serving import PlacementRequest, recommend

router = Router(tags=["recommendations"])
SESSION_HEADER = "X-Session-Key"


class PlacementQuery(Schema):
    variant_id: str | None = Field(None, min_length=1, max_length=40,
                                   description="the page's variant (required for similar and bought-together)")
    limit: int = Field(DEFAULT_SIZE, ge=1, le=MAX_SIZE)


class ItemOut(Schema):
    product_id: str
    variant_id: str
    title: str
    price: MoneyOut
    image_url: str
    reason: str
    reason_code: str
    because_of: str | None


class RecommendationsOut(Schema):
    placement: str
    personalised: bool
    items: list[ItemOut]


class PersonalisationIn(Schema):
    enabled: bool


class PersonalisationOut(Schema):
    enabled: bool


class BehaviourIn(Schema):
    kind: Literal["view", "cart"]
    variant_id: str = Field(min_length=1, max_length=40)


class BehaviourOut(Schema):
    recorded: bool


def viewer_of(request: HttpRequest, actor: Actor) -> Viewer:
    """A signed-in shopper by their token; an anonymous client by its own session key (X-Session-Key, 16–64
    letters, digits, '-' or '_'), which the server keeps only as a digest."""
    if actor.user_id:
        return Viewer(user_id=actor.user_id)
    raw = request.headers.get(SESSION_HEADER, "")
    if raw and not valid_session_header(raw):
        raise ValidationFailed.on(SESSION_HEADER, "must be 16 to 64 letters, digits, '-' or '_'")
    return Viewer(session=session_digest(raw))


def _out(result: Recommendations, language: str) -> RecommendationsOut:
    return RecommendationsOut(placement=result.placement, personalised=result.personalised, items=[
        ItemOut(product_id=i.product_id, variant_id=i.variant_id,
                title=i.title.get(language) or i.title.get("zh-Hans") or next(iter(i.title.values()), ""),
                price=MoneyOut.of(i.price), image_url=i.image_url, reason=i.reason, reason_code=i.reason_code,
                because_of=i.because_of) for i in result.items])


def _language(request: HttpRequest) -> str:
    return "en" if (getattr(request, "LANGUAGE_CODE", "") or "").lower().startswith("en") else "zh-Hans"


@router.post("/recommendations/events", response={202: BehaviourOut}, auth=optional_auth)
def behaviour(request: HttpRequest, body: BehaviourIn) -> Status[BehaviourOut]:
    """An app reports a view or a cart add (nothing is kept for a shopper who switched personalisation off).
    Declared before the placements so that its path is not taken for a placement's name."""
    viewer = viewer_of(request, request.auth)  # type: ignore[attr-defined]
    product_id = catalog.item_summaries.variant_product(body.variant_id)
    if product_id is None:
        raise ValidationFailed.on("variant_id", f"no variant {body.variant_id!r}")
    recorded = services.behaviour_record(kind=body.kind, viewer=viewer, variant_id=body.variant_id,
                                         product_id=product_id)
    return Status(202, BehaviourOut(recorded=recorded))


@router.get("/recommendations/{placement}", response=RecommendationsOut, auth=optional_auth)
def placement(request: HttpRequest, placement: str, query: Query[PlacementQuery]) -> RecommendationsOut:
    """Items for one placement, each with a true reason; unknown placement → 404, bad variant_id → 422."""
    viewer = viewer_of(request, request.auth)  # type: ignore[attr-defined]
    ask = PlacementRequest(name=placement, variant_ids=(query.variant_id,) if query.variant_id else (),
                           n=query.limit)
    return _out(recommend([ask], viewer)[0], _language(request))


@router.get("/me/personalization", response=PersonalisationOut, auth=user_auth)
def personalisation_get(request: HttpRequest) -> PersonalisationOut:
    return PersonalisationOut(enabled=selectors.personalisation_enabled(request.auth.user_id))  # type: ignore[attr-defined]


@router.put("/me/personalization", response=PersonalisationOut, auth=user_auth)
def personalisation_put(request: HttpRequest, body: PersonalisationIn) -> PersonalisationOut:
    """Off: every placement is non-personalised from the next request, and the profiling data is deleted."""
    state = services.personalisation_set(user_id=request.auth.user_id, enabled=body.enabled)  # type: ignore[attr-defined]
    return PersonalisationOut(enabled=state.enabled)
