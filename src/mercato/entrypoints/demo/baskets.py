"""Planning checkouts: when people buy, who buys, what goes in the basket, and the price checkout would quote."""

from __future__ import annotations

import bisect
import itertools
import random
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from django.conf import settings

from mercato.contexts.checkout.domain.pricing import PricingLine, quote
from mercato.contexts.merchants.domain.commission import resolve_rate
from mercato.shared import clock
from mercato.shared.money import Money

from .catalogue import ProductRec
from .people_texts import GIVEN, SURNAMES
from .scale import SHANGHAI
from .seasons import Promotion, active, day_weight, largest_remainder, moment_on, promotions
from .world import plan_address

if TYPE_CHECKING:
    from .plan import Plan

CURRENCY = "CNY"
ZERO = Decimal("0.00")
GUEST_SHARE = 0.02
EXPRESS_SHARE = 0.12
MERCHANTS_PER_CHECKOUT = ((1, 2, 3), (80, 15, 5))
LINES_PER_ORDER = ((1, 2, 3), (70, 22, 8))
# Each registered shopper has two or three favourite categories and buys there this many times as readily, so
# that "for you" has tastes to learn (without them every basket would follow one global popularity).
FAVOURITES = ((2, 3), (60, 40))
TASTE_BOOST = 10.0
# The demo shopper's newest checkouts, scripted so the demo has an order to confirm, one in transit and one to
# cancel: (script, hours before the reference).
SCRIPTED = (("delivered", 6 * 24 - 14), ("shipped", 2 * 24 + 11), ("paid", 9))


@dataclass(slots=True)
class LinePlan:
    order: int
    variant: int
    product: int
    category: str
    sku: str
    title: dict[str, str]
    quantity: int
    unit_price: Decimal
    list_amount: Decimal
    discount: Decimal
    shipping_share: Decimal
    tax: Decimal
    amount_paid: Decimal
    commission_rate: Decimal
    commission: Decimal
    is_custom_made: bool
    is_perishable: bool
    refunded_quantity: int = 0
    refunded_amount: Decimal = ZERO
    refunded_commission: Decimal = ZERO


@dataclass(slots=True)
class OrderPlan:
    checkout: int
    merchant: int
    number: str
    shipping: Decimal
    subtotal: Decimal
    total: Decimal
    commission_total: Decimal
    lines: list[int] = field(default_factory=list)
    status: str = "pending_payment"
    payment_method: str = ""
    reserved_until: datetime | None = None
    delivered_at: datetime | None = None
    return_deadline: datetime | None = None
    auto_confirm_at: datetime | None = None
    refunded_total: Decimal = ZERO
    discount: Decimal = ZERO
    tax: Decimal = ZERO


@dataclass(slots=True)
class CheckoutPlan:
    shopper: int | None  # None: a guest
    address: int
    contact_email: str | None
    placed_at: datetime
    shipping_method: str
    orders: list[int] = field(default_factory=list)
    script: str = ""  # a scripted outcome for the demo shopper, else drawn by fates.py

    @property
    def reserved_until(self) -> datetime:
        return self.placed_at + timedelta(minutes=settings.MERCATO_RESERVATION_MINUTES)


Draft = tuple[datetime, int | None, int, str | None, str, list[list[tuple[int, int]]], str]


class Picker:
    """Draws products by popularity; promoted categories or shops draw ``boost`` times more on their days."""

    def __init__(self, products: list[ProductRec], merchant_slugs: list[str]) -> None:
        self.products = products
        self.groups: dict[str, tuple[list[int], list[float]]] = {}
        keys: dict[str, list[int]] = {"*": list(range(len(products)))}
        for i, p in enumerate(products):
            keys.setdefault(p.root, []).append(i)
            keys.setdefault(f"m{p.merchant}", []).append(i)
            keys.setdefault(merchant_slugs[p.merchant], []).append(i)
        for key, indices in keys.items():
            self.groups[key] = (indices, list(itertools.accumulate(products[i].popularity for i in indices)))

    def draw(self, rng: random.Random, key: str = "*") -> int:
        indices, cum = self.groups[key]
        return indices[min(bisect.bisect_right(cum, rng.random() * cum[-1]), len(indices) - 1)]

    def draw_promoted(self, rng: random.Random, promos: list[Promotion]) -> int:
        boosted = [(p.target, (p.boost - 1) * self.groups[p.target][1][-1]) for p in promos
                   if p.target in self.groups and p.boost > 1]
        u = rng.random() * (self.groups["*"][1][-1] + sum(extra for _, extra in boosted))
        u -= self.groups["*"][1][-1]
        if u < 0:
            return self.draw(rng, "*")
        for key, extra in boosted:
            if u < extra:
                return self.draw(rng, key)
            u -= extra
        return self.draw(rng, "*")


def _quantity(rng: random.Random, product: ProductRec) -> int:
    if product.root == "food":
        return rng.choices((1, 2, 3, 4), (55, 25, 12, 8))[0]
    if product.category == "books":
        return rng.choices((1, 2), (85, 15))[0]
    return rng.choices((1, 2, 3), (88, 10, 2))[0]


def _basket(rng: random.Random, plan: Plan, picker: Picker, at: datetime, promos: list[Promotion],
            n_merchants: int, first_key: str | None = None) -> list[list[tuple[int, int]]]:
    """Products of up to n shops; only products already listed at that moment."""
    products, chosen, orders = plan.products, [], []
    for _ in range(n_merchants):
        for _attempt in range(40):
            p = picker.draw(rng, first_key) if first_key else picker.draw_promoted(rng, promos)
            if products[p].created_at <= at and products[p].merchant not in chosen:
                break
        else:
            break
        chosen.append(products[p].merchant)
        items = [p]
        for _ in range(rng.choices(*LINES_PER_ORDER)[0] - 1):
            for _attempt in range(10):
                q = picker.draw(rng, f"m{products[p].merchant}")
                if products[q].created_at <= at and q not in items:
                    items.append(q)
                    break
        orders.append([(rng.choice(products[i].variants), _quantity(rng, products[i])) for i in items])
    return orders


def _buyer(rng: random.Random, plan: Plan, cum_activity: list[float], at: datetime
           ) -> tuple[int | None, int, str | None]:
    """A registered shopper (repeat buyers are likelier) and one of their addresses, or a guest."""
    if rng.random() < GUEST_SHARE:
        name = rng.choice(SURNAMES)[0] + rng.choice(GIVEN)[0]
        plan.addresses.append(plan_address(rng, None, name, at))
        return None, len(plan.addresses) - 1, f"guest{len(plan.addresses)}@guests.mercato.demo"
    s = min(bisect.bisect_right(cum_activity, rng.random() * cum_activity[-1]), len(cum_activity) - 1)
    saved = plan.shoppers[s].addresses
    address = saved[0] if len(saved) == 1 or rng.random() < 0.75 else rng.choice(saved[1:])
    return s, address, None


class Tastes:
    """Who buys a basket: a shopper drawn by activity, likelier when the basket is in one of their categories.

    Its own random stream, so tastes reshuffle nothing else in the plan (baskets, moments and fates stay).
    """

    def __init__(self, plan: Plan) -> None:
        self.rng = random.Random(f"{plan.seed}:tastes")
        roots = sorted({p.category for p in plan.products})
        self.favourites = [frozenset(self.rng.sample(roots, min(self.rng.choices(*FAVOURITES)[0], len(roots))))
                           for _ in plan.shoppers]
        self.cum = {root: list(itertools.accumulate(
            s.activity * (TASTE_BOOST if root in self.favourites[i] else 1.0) for i, s in enumerate(plan.shoppers)))
            for root in roots}

    def buyer(self, plan: Plan, root: str) -> tuple[int, int]:
        cum = self.cum[root]
        s = min(bisect.bisect_right(cum, self.rng.random() * cum[-1]), len(cum) - 1)
        saved = plan.shoppers[s].addresses
        return s, saved[0] if len(saved) == 1 or self.rng.random() < 0.75 else self.rng.choice(saved[1:])


def _drafts(rng: random.Random, plan: Plan, picker: Picker, total_orders: int) -> list[Draft]:
    first = (plan.reference - timedelta(days=plan.scale.days)).date()
    days = [first + timedelta(days=d) for d in range(plan.scale.days)]
    anniversaries = {m.profile.slug: m.admitted_at.astimezone(SHANGHAI).date()
                     for m in plan.merchants if m.admitted_at}
    promos = promotions(first, days[-1], anniversaries)
    quotas = largest_remainder(total_orders, [day_weight(d, first, plan.scale.days, promos) for d in days])
    cum_activity = list(itertools.accumulate(s.activity for s in plan.shoppers))
    tastes = Tastes(plan)
    drafts: list[Draft] = []
    due, left = 0, total_orders  # a day may run over its quota; the next days make up for it
    for day, quota in zip(days, quotas, strict=True):
        today, due = active(promos, day), due + quota
        while due > 0 and left > 0:
            at = moment_on(day, rng)
            basket = _basket(rng, plan, picker, at, today, min(rng.choices(*MERCHANTS_PER_CHECKOUT)[0], left))
            if not basket:
                continue
            shopper, address, email = _buyer(rng, plan, cum_activity, at)  # the draw keeps the stream as it was
            if shopper is not None:
                lead = plan.products[plan.variants[basket[0][0][0]].product]
                shopper, address = tastes.buyer(plan, lead.category)
            method = "express" if rng.random() < EXPRESS_SHARE else "standard"
            drafts.append((at, shopper, address, email, method, basket, ""))
            due, left = due - len(basket), left - len(basket)
    return drafts


def _scripted(rng: random.Random, plan: Plan, picker: Picker) -> list[Draft]:
    drafts: list[Draft] = []
    for script, hours in SCRIPTED:
        at = plan.reference - timedelta(hours=hours, seconds=rng.randrange(3600))
        basket = _basket(rng, plan, picker, at, [], 1, first_key="m0")
        drafts.append((at, 0, plan.shoppers[0].addresses[0], None, "standard", basket, script))
    return drafts


def _rates(plan: Plan) -> dict[tuple[int, str], Decimal]:
    """The commission rate of each (merchant, leaf category), resolved like merchants.commission_rates_for."""
    table = {(str(r.merchant) if r.merchant is not None else None, r.category): r.rate
             for r in plan.commission_rates}
    parents = {c.slug: c.parent for c in plan.categories}
    default = Decimal(settings.MERCATO_DEFAULT_COMMISSION)
    rates = {}
    for p in plan.products:
        chain: list[str] = []
        current: str | None = p.category
        while current:
            chain.append(current)
            current = parents[current]
        rates[(p.merchant, p.category)] = resolve_rate(table, merchant_id=str(p.merchant), category_chain=chain,
                                                       default=default)
    return rates


def _price(plan: Plan, c_index: int, basket: Iterable[list[tuple[int, int]]], method: str,
           rates: dict[tuple[int, str], Decimal], numbers: set[str], rng: random.Random) -> list[int]:
    """Price the basket with checkout's quote() and record one order per shop."""
    items = [(v, q) for group in basket for v, q in group]
    variants, products = plan.variants, plan.products
    quotes = quote([
        PricingLine(key=str(k), merchant_id=str(variants[v].merchant),
                    unit_price=Money.of(variants[v].price, CURRENCY), quantity=q,
                    commission_rate=rates[(variants[v].merchant, products[variants[v].product].category)])
        for k, (v, q) in enumerate(items)
    ], method)
    local_day = clock.local_date(plan.checkouts[c_index].placed_at).strftime("%Y%m%d")
    order_indices = []
    for mq in quotes:
        number = local_day + f"{rng.randrange(10**10):010d}"
        while number in numbers:
            number = local_day + f"{rng.randrange(10**10):010d}"
        numbers.add(number)
        order = OrderPlan(c_index, int(mq.merchant_id), number, mq.shipping.amount,
                          sum((lq.list_amount.amount for lq in mq.lines), Decimal(0)), mq.total.amount,
                          sum((lq.commission.amount for lq in mq.lines), Decimal(0)))
        plan.orders.append(order)
        for lq in mq.lines:
            v, q = items[int(lq.key)]
            var, prod = variants[v], products[variants[v].product]
            order.lines.append(len(plan.lines))
            plan.lines.append(LinePlan(
                len(plan.orders) - 1, v, var.product, prod.category, var.sku, prod.title, q, var.price,
                lq.list_amount.amount, lq.discount.amount, lq.shipping_share.amount, lq.tax.amount,
                lq.amount_paid.amount, lq.commission_rate, lq.commission.amount, var.is_custom_made,
                var.is_perishable))
        order_indices.append(len(plan.orders) - 1)
    return order_indices


def plan_checkouts(rng: random.Random, plan: Plan) -> None:
    """Checkouts over the window, in time order, adding up to exactly ``scale.orders`` orders."""
    picker = Picker(plan.products, [m.profile.slug for m in plan.merchants])
    scripted = _scripted(rng, plan, picker)
    drafts = _drafts(rng, plan, picker, plan.scale.orders - sum(len(d[5]) for d in scripted)) + scripted
    drafts.sort(key=lambda d: d[0])
    rates, numbers = _rates(plan), set[str]()
    for at, shopper, address, email, method, basket, script in drafts:
        plan.checkouts.append(CheckoutPlan(shopper, address, email, at.astimezone(SHANGHAI), method, script=script))
        plan.checkouts[-1].orders = _price(plan, len(plan.checkouts) - 1, basket, method, rates, numbers, rng)
