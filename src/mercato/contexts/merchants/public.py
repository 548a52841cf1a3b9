"""The merchants door."""

from .selectors import (
    active_merchant_ids,
    commission_rates_for,
    membership_for,
    merchant_get,
    merchant_names,
    staff_membership,
)
from .services import commission_rate_set, merchant_lock

__all__ = ["active_merchant_ids", "commission_rate_set", "commission_rates_for", "membership_for", "merchant_get",
           "merchant_lock", "merchant_names", "staff_membership"]
