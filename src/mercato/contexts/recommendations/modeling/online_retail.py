"""UCI Online Retail invoice lines → the evaluation contract's purchases and item texts.

Rules (../shared/data/online_retail_uci/SOURCES.md): keep lines with a CustomerID, not cancelled (InvoiceNo not
starting with C), Quantity > 0 and a product StockCode; one purchase per (customer, item, invoice), weight 1.
"""

from __future__ import annotations

import csv
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from .files import open_text

SOURCE_COLUMNS = ("InvoiceNo", "StockCode", "Description", "Quantity", "InvoiceDate", "CustomerID")
# Postage, fees, manual adjustments, samples, commissions, bad debt: lines that are not products.
NON_PRODUCT_CODES = frozenset({"POST", "DOT", "M", "C2", "D", "S", "B", "BANK CHARGES", "AMAZONFEE", "CRUK", "PADS"})


@dataclass(frozen=True)
class Conversion:
    lines_read: int
    purchases: int
    customers: int
    items: int


def is_product(stock_code: str) -> bool:
    code = stock_code.strip()
    return bool(code) and code.upper() not in NON_PRODUCT_CODES and not code.lower().startswith("gift_")


def convert(source: Path, interactions_out: Path, items_out: Path | None = None) -> Conversion:
    """Write `user_id,item_id,timestamp,weight` (time order) and, if asked, `item_id,text` (commonest Description)."""
    purchases: dict[tuple[str, str, str], str] = {}
    names: defaultdict[str, Counter[str]] = defaultdict(Counter)
    lines = 0
    with open_text(source) as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in SOURCE_COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise ValueError(f"{source}: missing column {', '.join(missing)}; is this the Online Retail file?")
        for row in reader:
            lines += 1
            customer = (row["CustomerID"] or "").strip().removesuffix(".0")
            code = (row["StockCode"] or "").strip()
            description = (row["Description"] or "").strip()
            if description and is_product(code):
                names[code][description] += 1
            if not customer or row["InvoiceNo"].startswith("C") or float(row["Quantity"] or 0) <= 0 \
                    or not is_product(code):
                continue
            purchases.setdefault((customer, code, row["InvoiceNo"]), row["InvoiceDate"].strip().replace(" ", "T"))
    ordered = sorted(purchases.items(), key=lambda kv: (kv[1], kv[0][2], kv[0][1]))
    with interactions_out.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["user_id", "item_id", "timestamp", "weight"])
        writer.writerows([customer, code, stamp, "1"] for (customer, code, _), stamp in ordered)
    if items_out is not None:
        with items_out.open("w", encoding="utf-8", newline="") as out:
            writer = csv.writer(out)
            writer.writerow(["item_id", "text"])
            writer.writerows([code, min(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0]]
                             for code, counts in sorted(names.items()))
    return Conversion(lines, len(purchases), len({k[0] for k in purchases}), len({k[1] for k in purchases}))
