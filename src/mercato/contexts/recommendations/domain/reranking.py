"""Request-time re-ranking of precomputed candidates: blend the sources, drop what cannot be bought or is
excluded, and keep a row varied (never more than ``max_run`` items in a row from one merchant or category)."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Final

from .reasons import Reason

MAX_RUN: Final = 2


@dataclass(frozen=True)
class Pick:
    item_id: str
    score: float  # comparable within one list only
    reason: Reason


@dataclass(frozen=True)
class ItemFacts:
    """What re-ranking needs to know about an item at this moment."""

    merchant_id: str
    category_id: str
    in_stock: bool
    product_id: str = ""  # one variant per product in a row: the best-placed one


@dataclass(frozen=True)
class Source:
    """One ranked list and how much it counts in the blend."""

    picks: Sequence[Pick]
    weight: float


def blend(sources: Iterable[Source]) -> list[Pick]:
    """One list from several: each source's scores scaled to its own best (1.0) times its weight; an item found
    by several sources keeps the reason of the source that scored it highest."""
    best: dict[str, Pick] = {}
    order: list[str] = []
    for source in sources:
        if not source.picks or source.weight <= 0:
            continue
        top = max(p.score for p in source.picks)
        scale = source.weight / top if top > 0 else 0.0
        count = len(source.picks)
        for rank, pick in enumerate(source.picks):
            # Scores may be flat or zero; the rank breaks ties so a source's own order survives.
            value = (pick.score * scale if scale else source.weight) - rank * 1e-6 * source.weight / count
            held = best.get(pick.item_id)
            if held is None:
                order.append(pick.item_id)
            if held is None or value > held.score:
                best[pick.item_id] = Pick(pick.item_id, value, pick.reason)
    first_seen = {item: i for i, item in enumerate(order)}
    return sorted(best.values(), key=lambda p: (-p.score, first_seen[p.item_id]))


def available(picks: Iterable[Pick], facts: Mapping[str, ItemFacts], exclude: Collection[str] = ()) -> list[Pick]:
    """Only items that exist, are in stock and are not excluded (e.g. already in the cart, the page's item), and
    only the best-placed variant of each product (a row never shows the same product twice)."""
    kept: list[Pick] = []
    products: set[str] = set()
    for p in picks:
        f = facts.get(p.item_id)
        if p.item_id in exclude or f is None or not f.in_stock or (f.product_id and f.product_id in products):
            continue
        if f.product_id:
            products.add(f.product_id)
        kept.append(p)
    return kept


def _would_repeat(run: Sequence[ItemFacts], candidate: ItemFacts, max_run: int) -> bool:
    if len(run) < max_run:
        return False
    tail = run[-max_run:]
    return (all(f.merchant_id == candidate.merchant_id for f in tail)
            or all(f.category_id == candidate.category_id for f in tail))


def diversify(picks: Sequence[Pick], facts: Mapping[str, ItemFacts], n: int, max_run: int = MAX_RUN) -> list[Pick]:
    """The best ``n`` picks in order, skipping ahead whenever the next one would make a run of more than
    ``max_run`` from one merchant or one category. When only such items are left, the row ends early rather
    than break the rule (a short varied row beats a long monotonous one)."""
    chosen: list[Pick] = []
    shown: list[ItemFacts] = []
    waiting = list(picks)
    while waiting and len(chosen) < n:
        index = next((i for i, p in enumerate(waiting) if not _would_repeat(shown, facts[p.item_id], max_run)), None)
        if index is None:
            break
        pick = waiting.pop(index)
        chosen.append(pick)
        shown.append(facts[pick.item_id])
    return chosen


def rerank(sources: Iterable[Source], facts: Mapping[str, ItemFacts], *, n: int,
           exclude: Collection[str] = (), max_run: int = MAX_RUN) -> list[Pick]:
    """Blend, keep what can be bought, vary: the whole request-time pipeline."""
    return diversify(available(blend(sources), facts, exclude), facts, n, max_run)
