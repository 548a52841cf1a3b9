"""Serving a placement: read precomputed candidates, re-rank them for this request, explain each item.

Every request costs a fixed number of queries whatever the catalogue's size: the switch, the recent views,
the day's picks, the candidate lists (one query for all keys), and the catalogue's summaries (two queries).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import date

from django.utils import translation

from mercato.contexts.catalog import public as catalog
from mercato.shared import clock
from mercato.shared.errors import NotFound, ValidationFailed

from . import selectors
from .contracts import Recommendations, RecommendedItem, Viewer
from .domain.daily import daily_draw
from .domain.fairness import without_personal_signals
from .domain.placements import NEEDS_VARIANT, PERSONAL_PLACEMENTS, Placement, placement_named
from .domain.reasons import reason_for_session_item
from .domain.reranking import ItemFacts, Pick, Source, available, blend, diversify
from .explanations import explain
from .models import Candidate

ItemSummary = catalog.item_summaries.ItemSummary
SESSION_WEIGHT, USER_WEIGHT, FILLER_WEIGHT = 1.2, 1.0, 0.25
SESSION_DECAY = 0.8
DAILY_POOL, DAILY_SIZE = 60, 30
SHORTLIST_MIN, SHORTLIST_FACTOR = 24, 4
EVERYONE = ""  # the owner key of the non-personalised daily picks


@dataclass(frozen=True)
class PlacementRequest:
    name: str
    variant_ids: tuple[str, ...] = ()
    n: int = 10
    exclude: frozenset[str] = field(default_factory=frozenset)  # e.g. what is in the cart already


@dataclass(frozen=True)
class Profile:
    """What this request may use about the viewer."""

    viewer: Viewer
    personal: bool  # a signed-in shopper with personalisation on and a trained profile
    recent: tuple[str, ...]  # recent views/carts (never for a shopper who switched off)

    @property
    def personalised(self) -> bool:
        return self.personal or bool(self.recent)

    @property
    def user_key(self) -> tuple[str, str]:
        return (Candidate.Kind.USER, str(self.viewer.user_id or ""))


def validated(request: PlacementRequest) -> Placement:
    placement = placement_named(request.name)
    if placement is None:
        raise NotFound(f"placement {request.name!r} does not exist; use one of "
                       f"{', '.join(p.value for p in Placement)}")
    if placement in NEEDS_VARIANT and not request.variant_ids:
        raise ValidationFailed.on("variant_id", f"is required for the {placement.value} placement")
    return placement


def recommend(requests: Sequence[PlacementRequest], viewer: Viewer) -> list[Recommendations]:
    """Several placements for one viewer in one pass (a page with two rows costs the queries of one)."""
    placements = [validated(r) for r in requests]
    personal_asked = bool(PERSONAL_PLACEMENTS.intersection(placements))
    recent = tuple(selectors.recent_items(viewer)) if Placement.FOR_YOU in placements else ()
    day = clock.local_date(clock.now())
    keys = {key for p, r in zip(placements, requests, strict=True) for key in _keys(p, r, viewer, recent, day)}
    found = selectors.candidate_lists(keys, viewer)
    personal = personal_asked and bool(viewer.user_id) and bool(found.present) and not found.viewer_switched_off
    profile = Profile(viewer=viewer, personal=personal, recent=recent)
    daily = _daily(found, profile, day) if Placement.DAILY_PICKS in placements else []
    ranked = [blend(_sources(p, r, profile, found, daily)) for p, r in zip(placements, requests, strict=True)]
    shortlists = [ranked_list[:_depth(r)] for ranked_list, r in zip(ranked, requests, strict=True)]
    summaries = _summaries(shortlists, requests)
    answers = []
    for placement, request, ranked_list in zip(placements, requests, ranked, strict=True):
        picks = _picks(placement, request, profile, ranked_list[:_depth(request)], summaries)
        if len(picks) < request.n and len(ranked_list) > _depth(request):  # much is sold out: look deeper
            summaries = {**summaries, **_summaries([ranked_list[_depth(request):]], [])}
            picks = _picks(placement, request, profile, ranked_list, summaries)
        answers.append(_answer(placement, profile, picks, summaries))
    return answers


def _depth(request: PlacementRequest) -> int:
    """How many of the best candidates to look up in the catalogue: enough to fill the row after dropping
    what is sold out, excluded or too much of one merchant, without reading the whole list."""
    return max(SHORTLIST_MIN, SHORTLIST_FACTOR * request.n)


def _summaries(shortlists: Sequence[Sequence[Pick]],
               requests: Sequence[PlacementRequest]) -> dict[str, ItemSummary]:
    """The catalogue's summaries of the shortlisted items, of the items their reasons name, and of the pages'
    own variants, in one query."""
    wanted = {pick.item_id for shortlist in shortlists for pick in shortlist}
    wanted |= {pick.reason.because_of for shortlist in shortlists for pick in shortlist if pick.reason.because_of}
    wanted |= {v for r in requests for v in r.variant_ids}
    return catalog.item_summaries.summaries_for(wanted)


def _keys(placement: Placement, request: PlacementRequest, viewer: Viewer, recent: Sequence[str],
          day: date) -> Sequence[tuple[str, str]]:
    """Every list the placement may need; the viewer's own ones are dropped after the query if switched off."""
    if placement is Placement.SIMILAR:
        return [(Candidate.Kind.SIMILAR, v) for v in request.variant_ids]
    if placement is Placement.BOUGHT_TOGETHER:
        return [(Candidate.Kind.TOGETHER, v) for v in request.variant_ids]
    keys: list[tuple[str, str]] = [(Candidate.Kind.POPULAR, "")]
    if viewer.user_id:
        keys.append((Candidate.Kind.USER, viewer.user_id))
    if placement is Placement.DAILY_PICKS:
        keys.append((Candidate.Kind.DAILY, selectors.daily_key(day, EVERYONE)))
        if viewer.user_id:
            keys.append((Candidate.Kind.DAILY, selectors.daily_key(day, viewer.user_id)))
        return keys
    return keys + [(Candidate.Kind.SIMILAR, v) for v in recent]


def _daily(found: selectors.CandidateLists, profile: Profile, day: date) -> list[Pick]:
    """Today's draw for this shopper (or for everyone): stored on the first request of the day, so it stays
    the same all day even if the models are retrained meanwhile."""
    owner = str(profile.viewer.user_id) if profile.personal else EVERYONE
    key = (Candidate.Kind.DAILY, selectors.daily_key(day, owner))
    if key in found.present:
        return found.get(key)
    popular = Source(found.get((Candidate.Kind.POPULAR, "")), FILLER_WEIGHT * 2)
    pool = (blend([Source(found.get(profile.user_key), USER_WEIGHT), popular]) if profile.personal
            else without_personal_signals(popular.picks))
    drawn = daily_draw(pool[:DAILY_POOL], owner_key=owner, day=day, n=DAILY_SIZE)
    if drawn:  # nothing trained yet: draw again once there is something to draw from
        Candidate.objects.bulk_create([Candidate(kind=key[0], key=key[1], items=selectors.as_rows(drawn))],
                                      ignore_conflicts=True)
    return drawn


def _session_source(found: selectors.CandidateLists, recent: Sequence[str]) -> Source:
    """Items similar to what the viewer just looked at, the latest look counting most."""
    picks = [Pick(p.item_id, p.score * SESSION_DECAY ** age, reason_for_session_item(viewed))
             for age, viewed in enumerate(recent) for p in found.get((Candidate.Kind.SIMILAR, viewed))]
    return Source(picks, SESSION_WEIGHT)


def _sources(placement: Placement, request: PlacementRequest, profile: Profile,
             found: selectors.CandidateLists, daily: list[Pick]) -> list[Source]:
    if placement is Placement.SIMILAR:
        return [Source(found.get((Candidate.Kind.SIMILAR, v)), USER_WEIGHT) for v in request.variant_ids]
    if placement is Placement.BOUGHT_TOGETHER:
        return [Source(found.get((Candidate.Kind.TOGETHER, v)), USER_WEIGHT) for v in request.variant_ids]
    if placement is Placement.DAILY_PICKS:
        drawn = daily if profile.personal else without_personal_signals(daily)
        # The draw's order is the day's order: scores that keep it through re-ranking.
        return [Source([Pick(p.item_id, float(len(drawn) - i), p.reason) for i, p in enumerate(drawn)],
                       USER_WEIGHT)]
    popular = Source(found.get((Candidate.Kind.POPULAR, "")), FILLER_WEIGHT)
    if not profile.personalised:
        return [Source(without_personal_signals(popular.picks), FILLER_WEIGHT)]
    user = found.get(profile.user_key) if profile.personal else []
    return [_session_source(found, profile.recent), Source(user, USER_WEIGHT), popular]


def _facts(summaries: dict[str, ItemSummary]) -> dict[str, ItemFacts]:
    return {vid: ItemFacts(merchant_id=s.merchant_id, category_id=s.category_id, in_stock=s.in_stock,
                           product_id=s.product_id)
            for vid, s in summaries.items()}


def _excluded(placement: Placement, request: PlacementRequest, profile: Profile,
              summaries: dict[str, ItemSummary]) -> Collection[str]:
    """Never the page's own product, what the cart holds, or (for you) what the viewer just looked at."""
    pages = set(request.variant_ids)
    products = {summaries[v].product_id for v in pages if v in summaries}
    same_product = {vid for vid, s in summaries.items() if s.product_id in products}
    recent = set(profile.recent) if placement is Placement.FOR_YOU else set()
    return pages | same_product | set(request.exclude) | recent


def _picks(placement: Placement, request: PlacementRequest, profile: Profile, ranked: Sequence[Pick],
           summaries: dict[str, ItemSummary]) -> list[Pick]:
    missing = [v for v in request.variant_ids if v not in summaries]
    if missing:
        raise ValidationFailed.on("variant_id", f"no variant {missing[0]!r}")
    facts = _facts(summaries)
    usable = available(ranked, facts, _excluded(placement, request, profile, summaries))
    return diversify(usable, facts, request.n)


def _answer(placement: Placement, profile: Profile, picks: list[Pick],
            summaries: dict[str, ItemSummary]) -> Recommendations:
    language = "en" if (translation.get_language() or "").lower().startswith("en") else "zh-Hans"
    items = []
    for pick in picks:
        summary = summaries[pick.item_id]
        subject = summaries.get(pick.reason.because_of or "")
        items.append(RecommendedItem(
            product_id=summary.product_id, variant_id=summary.variant_id, title=summary.title,
            price=summary.price, image_url=summary.image_url, reason_code=pick.reason.code.value,
            reason=explain(pick.reason, subject.title_in(language) if subject else ""),
            because_of=pick.reason.because_of))
    personalised = profile.personalised if placement is Placement.FOR_YOU else (
        profile.personal if placement is Placement.DAILY_PICKS else False)
    return Recommendations(placement=placement.value, personalised=personalised, items=tuple(items))
