"""The training job: fit the blended recommender on purchases and behaviour, store candidate lists per user,
per item and for everyone. Serving only reads what this wrote (it never trains).

Who is left out: shoppers who switched personalisation off (their orders stay orders, but no model learns from
them) and guests without a lasting id. Anonymous sessions teach only item-to-item lists, never a profile.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import datetime

from django.db import transaction

from mercato.contexts.catalog import public as catalog
from mercato.contexts.orders import public as orders
from mercato.shared import clock

from . import services
from .domain.reasons import reason_from_model
from .domain.reranking import Pick
from .modeling import CART_WEIGHT, PURCHASE_WEIGHT, VIEW_WEIGHT, BlendedRecommender, Interaction, Scored
from .models import BehaviourEvent, Candidate, PersonalisationChoice, TrainingRun
from .selectors import as_rows

USER_LIST, ITEM_LIST, POPULAR_LIST = 50, 20, 100
SESSION_PREFIX = "session:"
WEIGHTS: dict[str, float] = {BehaviourEvent.Kind.VIEW.value: VIEW_WEIGHT, BehaviourEvent.Kind.CART.value: CART_WEIGHT}
WRITE_CHUNK = 1000


def _interactions(as_of: datetime, opted_out: set[str]) -> Iterator[Interaction]:
    for purchase in orders.purchase_history.purchases(until=as_of, exclude_users=opted_out):
        yield Interaction(purchase.user_id, purchase.variant_id, purchase.at, PURCHASE_WEIGHT)
    events = (BehaviourEvent.objects.filter(kind__in=list(WEIGHTS), at__lt=as_of).exclude(variant_id="")
              .order_by("id").values_list("kind", "user_id", "session_key", "variant_id", "at"))
    for kind, user_id, session, variant_id, at in events.iterator(chunk_size=5000):
        who = user_id or (f"{SESSION_PREFIX}{session}" if session else "")
        if who and user_id not in opted_out:
            yield Interaction(who, variant_id, at, WEIGHTS[kind])


def _picks(scored: list[Scored], *, baskets: bool = False) -> list[Pick]:
    return [Pick(s.item_id, s.score, reason_from_model(s.reason, s.because_of, baskets=baskets)) for s in scored]


def _candidate_rows(model: BlendedRecommender, run: TrainingRun, sellable: set[str]) -> Iterator[Candidate]:
    """Lists hold only items on sale now (re-checked at request time, as stock and status change)."""
    def row(kind: str, key: str, picks: list[Pick]) -> Candidate:
        return Candidate(kind=kind, key=key, items=as_rows(p for p in picks if p.item_id in sellable), run=run)

    yield row(Candidate.Kind.POPULAR, "", _picks(model.popular(POPULAR_LIST)))
    for user_id in model.parts.user_ids:
        if not user_id.startswith(SESSION_PREFIX):
            yield row(Candidate.Kind.USER, user_id, _picks(model.recommend(user_id, USER_LIST)))
    for item_id in model.item_ids:
        if item_id in sellable:
            yield row(Candidate.Kind.SIMILAR, item_id, _picks(model.similar(item_id, ITEM_LIST)))
            yield row(Candidate.Kind.TOGETHER, item_id, _picks(model.bought_together(item_id, ITEM_LIST),
                                                               baskets=True))


def _store(rows: Iterator[Candidate], run: TrainingRun) -> int:
    """Upsert every list, then drop the lists this run did not write (items gone, users opted out)."""
    written, chunk = 0, []
    for candidate in rows:
        chunk.append(candidate)
        if len(chunk) >= WRITE_CHUNK:
            written += _upsert(chunk)
            chunk = []
    written += _upsert(chunk)
    Candidate.objects.exclude(run=run).exclude(kind=Candidate.Kind.DAILY).delete()
    today = clock.local_date(clock.now()).isoformat()
    Candidate.objects.filter(kind=Candidate.Kind.DAILY, key__lt=today).delete()  # past days' picks
    # Shoppers who switched off while this run was fitting: their lists go now, not at the next run.
    switched_off = PersonalisationChoice.objects.filter(enabled=False).values("user_id")
    Candidate.objects.filter(kind=Candidate.Kind.USER, key__in=switched_off).delete()
    return written


def _upsert(chunk: list[Candidate]) -> int:
    if chunk:
        Candidate.objects.bulk_create(chunk, update_conflicts=True, unique_fields=["kind", "key"],
                                      update_fields=["items", "run"])
    return len(chunk)


def recommendations_train(as_of: datetime | None = None, *, seed: int = 0) -> TrainingRun:
    """Fit on everything before ``as_of`` and replace the candidate lists in one transaction."""
    as_of = as_of or clock.now()
    started, clock_start = clock.now(), time.perf_counter()
    opted_out = set(PersonalisationChoice.objects.filter(enabled=False).values_list("user_id", flat=True))
    BehaviourEvent.objects.filter(user_id__in=opted_out).delete()  # anything that raced the switch
    services.anonymous_behaviour_prune()
    interactions = list(_interactions(as_of, opted_out))
    texts = dict(catalog.item_summaries.item_texts())
    sellable = set(texts)
    model = BlendedRecommender.fit(interactions, texts, as_of=as_of, seed=seed) if (interactions or texts) else None
    with transaction.atomic():
        run = TrainingRun.objects.create(started_at=started, as_of=as_of, interactions=len(interactions),
                                         users=len({i.user_id for i in interactions}), items=len(sellable))
        run.candidate_rows = _store(_candidate_rows(model, run, sellable), run) if model else 0
        run.finished_at = clock.now()
        run.seconds = round(time.perf_counter() - clock_start, 3)
        run.save(update_fields=["candidate_rows", "finished_at", "seconds"])
    return run


