"""The demo data set behind `mercato seed-demo [--small]` and `mercato demo`.

A deterministic marketplace as it stands on 2026-11-01 (Asia/Shanghai): 8 active shops and 1 applicant, a
bilingual catalogue, shoppers across China, and two years of order history with its payments, escrow, journal,
returns and stock ledger. The same seed always gives the same data (ids excepted). Every merchant staff account
uses the merchant password below and every shopper account the shopper password.
"""

from __future__ import annotations

import time
from datetime import datetime

from django.contrib.auth.hashers import make_password
from django.db import transaction

from mercato.contexts.catalog.models import Product
from mercato.contexts.catalog.selectors import forget_category_tree
from mercato.contexts.identity import public as identity
from mercato.contexts.identity.models import User
from mercato.contexts.merchants.models import Merchant
from mercato.contexts.recommendations import public as recommendations
from mercato.contexts.search import public as search

from .demo import evidence, flash_sales, provenance, writer, writer_orders
from .demo.plan import make_plan, plan_summary
from .demo.scale import FULL, REFERENCE, SEED, SMALL
from .demo.world import DEMO_MERCHANT_EMAIL, DEMO_SHOPPER_EMAIL

DEMO_LOGINS = {
    "operator": ("ops@mercato.demo", "mercato-ops"),
    "merchant": (DEMO_MERCHANT_EMAIL, "mercato-merchant"),
    "shopper": (DEMO_SHOPPER_EMAIL, "mercato-shopper"),
}
OPERATOR_NAME = "平台运营 Platform operator"


def seeded() -> bool:
    """True once the demo operator exists."""
    return identity.user_id_by_email(DEMO_LOGINS["operator"][0]) is not None


def _existing_data() -> str:
    counts = {"users": User.objects.count(), "merchants": Merchant.objects.count(),
              "products": Product.objects.count()}
    return ", ".join(f"{n} {what}" for what, n in counts.items() if n)


def seed(*, small: bool = False, verbose: bool = False, seed_value: int = SEED,
         reference: datetime = REFERENCE) -> None:
    """Load the demo data set into an empty database (refuses, with a message, when data is present).

    ``reference`` is the moment the data describes; orders delivered within the last ~10 days before it are
    still open. Jobs run at a later real time will act on them (auto-confirm, expiry) as they would in production.
    """
    existing = _existing_data()
    if existing:
        print(f"The database already holds data ({existing}); the demo data set loads only into an empty one.")
        return
    scale = SMALL if small else FULL
    started = time.monotonic()
    plan = make_plan(scale, seed_value, reference)
    if verbose:
        summary = ", ".join(f"{n} {what}" for what, n in plan_summary(plan).items())
        print(f"Planned the {scale.name} demo data set in {time.monotonic() - started:.1f}s: {summary}", flush=True)
    with transaction.atomic():
        operator = identity.user_register(email=DEMO_LOGINS["operator"][0], password=DEMO_LOGINS["operator"][1],
                                          name=OPERATOR_NAME, is_operator=True)
        w = writer.Writer(plan, operator.id, make_password(DEMO_LOGINS["merchant"][1]),
                          make_password(DEMO_LOGINS["shopper"][1]), verbose=verbose)
        for step in (*writer.STEPS, *writer_orders.STEPS):
            step(w)
    forget_category_tree()  # a cached tree of an earlier database must not outlive it
    facts = evidence.seed_order_evidence()  # the demo shopper's orders, as the outbox would have logged them
    if verbose:
        print(f"Queued {facts} commerce facts of the demo shopper's orders for the transparency log.", flush=True)
    provenance.seed_provenance(plan, operator.id, verbose=verbose)  # signed EPCIS histories, then the log
    offered = flash_sales.seed_flash_sales()  # relative to the real clock: the countdowns are live
    if verbose:
        print(f"Scheduled 2 flash sales of the demo merchant ({offered} items, one live now).", flush=True)
    indexed = search.index_rebuild()  # the seeder bulk-loads rows, so the catalogue's events never fired
    trained = recommendations.recommendations_train(seed=seed_value)  # the demo's rows are live at once
    if verbose:
        print(f"Indexed {indexed} products for search; trained recommendations ({trained.candidate_rows} "
              f"candidate rows).", flush=True)
    if verbose:
        print(f"Loaded {sum(w.counts.values())} rows in {time.monotonic() - started:.1f}s.", flush=True)
