"""Writing to the double-entry journal: every entry must balance, or nothing is written."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from decimal import Decimal

from mercato.shared import clock
from mercato.shared.money import Money

from .domain.accounts import ACCOUNTS
from .models import JournalEntry, JournalLine

Leg = tuple[str, str | None, Money]  # (account, merchant_id, signed money: debit +, credit -)


class UnbalancedEntry(AssertionError):
    pass


def post(kind: str, reference: str, legs: Sequence[Leg]) -> JournalEntry | None:
    legs = [leg for leg in legs if not leg[2].is_zero]
    if not legs:
        return None
    sums: dict[str, Decimal] = defaultdict(Decimal)
    for account, _, money in legs:
        if account not in ACCOUNTS:
            raise UnbalancedEntry(f"unknown account {account}")
        sums[money.currency] += money.amount
    if any(total != 0 for total in sums.values()):
        raise UnbalancedEntry(f"{kind} for {reference} does not balance: {dict(sums)}")
    entry = JournalEntry.objects.create(kind=kind, reference=reference, at=clock.now())
    JournalLine.objects.bulk_create([
        JournalLine(entry=entry, account=a, merchant_id=m, currency=money.currency, amount=money.amount)
        for a, m, money in legs
    ])
    return entry
