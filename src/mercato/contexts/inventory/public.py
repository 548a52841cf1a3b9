"""The inventory door."""

from .contracts import ReserveLine, Shortage
from .pools import (
    pool_claims,
    pool_free_units,
    stock_pool_claim_many,
    stock_pool_close,
    stock_pool_open,
)
from .selectors import available_totals, consistency_problems
from .services import stock_allocate, stock_release, stock_reserve, stock_restock, stock_ship

__all__ = ["ReserveLine", "Shortage", "available_totals", "consistency_problems", "pool_claims", "pool_free_units",
           "stock_allocate", "stock_pool_claim_many", "stock_pool_close", "stock_pool_open",
           "stock_release", "stock_reserve", "stock_restock", "stock_ship"]
