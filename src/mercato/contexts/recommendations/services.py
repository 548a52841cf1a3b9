"""Commands: record behaviour (only with the shopper's consent), switch personalisation on or off."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction

from mercato.shared import clock

from . import selectors
from .contracts import Viewer
from .models import BehaviourEvent, Candidate, PersonalisationChoice

ANONYMOUS_RETENTION = timedelta(days=30)
MAX_QUERY_LENGTH = 200


@dataclass(frozen=True)
class PersonalisationState:
    enabled: bool
    deleted_events: int = 0


def behaviour_record(*, kind: str, viewer: Viewer, variant_id: str = "", product_id: str = "",
                     query: str = "") -> bool:
    """Remember one view, cart add or search; False (nothing written) for a visitor we cannot tell apart or a
    shopper who switched personalisation off."""
    if kind not in BehaviourEvent.Kind.values or kind == BehaviourEvent.Kind.PURCHASE:
        raise ValueError(f"unknown behaviour kind {kind!r}")
    if not viewer.user_id and not viewer.session:
        return False
    if viewer.user_id and not selectors.personalisation_enabled(viewer.user_id):
        return False
    BehaviourEvent.objects.create(kind=kind, user_id=viewer.user_id, session_key="" if viewer.user_id else
                                  viewer.session, variant_id=variant_id, product_id=product_id,
                                  query=query.strip()[:MAX_QUERY_LENGTH], at=clock.now())
    return True


def purchases_record(*, user_id: str, order_id: str, variant_ids: Sequence[str]) -> int:
    """A signed-in buyer's placed order, one event per variant (idempotent per order: redelivery adds nothing)."""
    if not variant_ids or not selectors.personalisation_enabled(user_id):
        return 0
    if BehaviourEvent.objects.filter(order_id=order_id).exists():
        return 0
    now = clock.now()
    BehaviourEvent.objects.bulk_create([
        BehaviourEvent(kind=BehaviourEvent.Kind.PURCHASE, user_id=user_id, variant_id=v, order_id=order_id, at=now)
        for v in dict.fromkeys(variant_ids)])
    return len(set(variant_ids))


def purchases_forget_order(*, order_id: str) -> int:
    """An order cancelled before payment was no purchase."""
    deleted, _ = BehaviourEvent.objects.filter(order_id=order_id, kind=BehaviourEvent.Kind.PURCHASE).delete()
    return deleted


@transaction.atomic
def personalisation_set(*, user_id: str, enabled: bool) -> PersonalisationState:
    """Switch personalisation. Off takes effect at once (the next request reads this row) and deletes the
    shopper's profiling data: their behaviour events, their precomputed candidates and their daily picks."""
    PersonalisationChoice.objects.update_or_create(user_id=user_id,
                                                   defaults={"enabled": enabled, "changed_at": clock.now()})
    if enabled:
        return PersonalisationState(enabled=True)
    deleted, _ = BehaviourEvent.objects.filter(user_id=user_id).delete()
    Candidate.objects.filter(kind=Candidate.Kind.USER, key=user_id).delete()
    Candidate.objects.filter(kind=Candidate.Kind.DAILY, key__endswith=f"|{user_id}").delete()
    return PersonalisationState(enabled=False, deleted_events=deleted)


def anonymous_behaviour_prune() -> int:
    """Anonymous sessions' events are kept 30 days, then deleted."""
    deleted, _ = BehaviourEvent.objects.filter(user_id__isnull=True,
                                               at__lt=clock.now() - ANONYMOUS_RETENTION).delete()
    return deleted
