"""Queries: the personalisation switch, what a viewer did recently, precomputed candidate lists.

The switch is read inside the queries that fetch personal data (an ``Exists`` on the viewer's choice), so a
page learns the viewer's consent without a query of its own and never sees a list it may not use.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import Exists, Q, QuerySet

from .contracts import Viewer
from .domain.reasons import stored_reason
from .domain.reranking import Pick
from .models import BehaviourEvent, Candidate, PersonalisationChoice

RECENT_ITEMS = 6
LIST_HEAD = 60  # no placement reads further down a list: re-ranking keeps the best few dozen
CandidateKey = tuple[str, str]  # (Candidate.Kind, key)


def personalisation_enabled(user_id: str) -> bool:
    """On unless the shopper switched it off."""
    return not _switched_off(user_id).exists()


def _switched_off(user_id: str | None) -> QuerySet[PersonalisationChoice]:
    return PersonalisationChoice.objects.filter(user_id=user_id or "", enabled=False)


def recent_items(viewer: Viewer, limit: int = RECENT_ITEMS) -> list[str]:
    """Variants the viewer viewed or carted lately, newest first, each once (none once they switched off)."""
    events = BehaviourEvent.objects.filter(kind__in=[BehaviourEvent.Kind.VIEW, BehaviourEvent.Kind.CART]
                                           ).exclude(variant_id="")
    if viewer.user_id:
        events = events.filter(user_id=viewer.user_id).filter(~Exists(_switched_off(viewer.user_id)))
    elif viewer.session:
        events = events.filter(user_id__isnull=True, session_key=viewer.session)
    else:
        return []
    ids = events.order_by("-at", "-id").values_list("variant_id", flat=True)[:limit * 4]
    return list(dict.fromkeys(ids))[:limit]


def picks_of(rows: Iterable[list[object]]) -> list[Pick]:
    """Stored ``[variant_id, score, reason, because_of]`` rows as picks (malformed rows skipped)."""
    picks = []
    for row in rows:
        if isinstance(row, list) and len(row) >= 3 and isinstance(row[0], str):
            because = row[3] if len(row) > 3 and isinstance(row[3], str) else None
            score = row[1] if isinstance(row[1], int | float) else 0.0
            picks.append(Pick(row[0], float(score), stored_reason(str(row[2]), because)))
    return picks


def as_rows(picks: Iterable[Pick]) -> list[list[object]]:
    return [[p.item_id, round(p.score, 6), p.reason.code.value, p.reason.because_of] for p in picks]


def daily_key(day: date, owner: str) -> str:
    return f"{day.isoformat()}|{owner}"


@dataclass(frozen=True)
class CandidateLists:
    lists: dict[CandidateKey, list[Pick]]
    present: frozenset[CandidateKey]  # keys that have a stored row (an empty list is not a missing one)
    viewer_switched_off: bool  # known whenever any row came back

    def get(self, key: CandidateKey) -> list[Pick]:
        return self.lists.get(key, [])


def candidate_lists(keys: Iterable[CandidateKey], viewer: Viewer) -> CandidateLists:
    """The lists for several keys in one query; a signed-in viewer's own lists only while their switch is on."""
    wanted = set(keys)
    if not wanted:
        return CandidateLists({}, frozenset(), False)
    by_kind: dict[str, set[str]] = {}
    for kind, key in wanted:
        by_kind.setdefault(kind, set()).add(key)
    condition = Q()
    for kind, keys_of_kind in by_kind.items():
        condition |= Q(kind=kind, key__in=sorted(keys_of_kind))
    rows = (Candidate.objects.filter(condition).annotate(off=Exists(_switched_off(viewer.user_id)))
            .values_list("kind", "key", "items", "off"))
    lists, off = {}, False
    for kind, key, items, switched_off in rows:
        lists[(kind, key)] = picks_of(items[:LIST_HEAD] if isinstance(items, list) else [])
        off = bool(switched_off)
    if off and viewer.user_id:  # the viewer's own rows are not theirs to use any more
        own = {k for k in lists if k[0] == Candidate.Kind.USER or
               (k[0] == Candidate.Kind.DAILY and k[1].endswith(f"|{viewer.user_id}"))}
        for k in own:
            del lists[k]
    return CandidateLists(lists, frozenset(lists), off)
