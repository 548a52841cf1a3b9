"""Background jobs of the orders context: thin wrappers registered by name."""

from __future__ import annotations

from datetime import datetime

from mercato.shared import jobs

from . import services


@jobs.register("release-expired-reservations", every_seconds=60,
               description="cancel unpaid orders whose stock reservation expired and release the stock")
def release_expired_reservations(as_of: datetime) -> int:
    return services.orders_expire_unpaid(as_of)


@jobs.register("auto-confirm-receipts", every_seconds=3600,
               description="confirm receipt of orders delivered long enough ago and release their escrow")
def auto_confirm_receipts(as_of: datetime) -> int:
    return services.orders_auto_confirm(as_of)
