"""The commission the platform has taken from one merchant, read from the double-entry journal."""

from __future__ import annotations

from django.db.models import Sum

from mercato.contexts.payments.domain.accounts import PLATFORM_COMMISSION
from mercato.contexts.payments.models import JournalLine
from mercato.shared.money import Money


def commission_taken(merchant_id: str) -> list[Money]:
    """Per currency: commission credited on escrow releases minus commission given back by later refunds.

    Commission legs carry no merchant; they belong to the entries in which this merchant has a leg
    (releases and refunds are posted per merchant order), so one subquery finds them.
    """
    own_entries = JournalLine.objects.filter(merchant_id=merchant_id).values("entry_id")
    rows = (JournalLine.objects.filter(account=PLATFORM_COMMISSION, entry_id__in=own_entries)
            .values("currency").annotate(total=Sum("amount")).order_by("currency"))
    return [Money.from_db(-(r["total"] or 0), r["currency"]) for r in rows]
