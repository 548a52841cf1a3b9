"""Commission resolution: the most specific rate wins."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal

# Key: (merchant_id or None, category_id or None) → rate.
RateTable = Mapping[tuple[str | None, str | None], Decimal]


def resolve_rate(
    table: RateTable, *, merchant_id: str, category_chain: Sequence[str], default: Decimal
) -> Decimal:
    """merchant+category, then merchant, then category, then the platform default.

    ``category_chain`` lists the product's category first, then its ancestors: a rate set on a parent
    category covers its children unless a child has its own.
    """
    for category_id in category_chain:
        if (merchant_id, category_id) in table:
            return table[(merchant_id, category_id)]
    if (merchant_id, None) in table:
        return table[(merchant_id, None)]
    for category_id in category_chain:
        if (None, category_id) in table:
            return table[(None, category_id)]
    return table.get((None, None), default)
