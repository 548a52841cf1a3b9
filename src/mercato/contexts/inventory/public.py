"""The inventory door."""

from .contracts import ReserveLine, Shortage
from .selectors import available_totals, consistency_problems
from .services import stock_allocate, stock_release, stock_reserve, stock_restock, stock_ship

__all__ = ["ReserveLine", "Shortage", "available_totals", "consistency_problems", "stock_allocate",
           "stock_release", "stock_reserve", "stock_restock", "stock_ship"]
