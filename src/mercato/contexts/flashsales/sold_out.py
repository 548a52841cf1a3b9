"""The cheapest refusal: an attempt on an item this process saw sold out a moment ago (ADR 0010).

Whether a sale is sold out is public, so the API answers it before sessions, language, authentication and body
validation run. Only an attempt that names an item of that sale, which this process found sold out in the
last second, is refused here; anything else (a keyed retry, an unknown item, a body that is not JSON) takes the
normal path, which re-checks the gate once the second is over.
"""

from __future__ import annotations

import json

from .domain.refusals import SoldOut
from .local_limits import recently_sold_out
from .snapshots import cached_snapshot


def sold_out_refusal(*, sale_id: str, body: bytes, idempotency_key: str) -> SoldOut | None:
    if idempotency_key:  # may be the retry of a purchase that went through: answered as the first time
        return None
    try:
        item_id = json.loads(body).get("item_id")
    except (ValueError, AttributeError):
        return None
    if not isinstance(item_id, str) or not recently_sold_out(item_id):
        return None
    item = cached_snapshot(item_id)
    if item is None or item.sale_id != sale_id:
        return None
    return SoldOut("sold out", item_id=item_id)
