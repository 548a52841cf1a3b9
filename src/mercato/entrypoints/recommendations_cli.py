"""`mercato recommendations ...`: the offline evaluation of EVALUATION.md and the Online Retail converter.

Exit status: 0 on success, 2 on bad input (a missing column, an unreadable file, a bad option).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import fields, replace
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

DEMO_SPLIT_DAYS = 61  # the demo's last two months are the test period
PURCHASED = frozenset({"paid", "shipped", "delivered", "completed"})  # else the basket got only as far as a cart


def demo_interactions(scale_name: str) -> tuple[Any, dict[str, str], date]:
    """The demo plan's shoppers × products (purchases, and carts that never became a kept order) and texts."""
    from mercato.contexts.recommendations.modeling.blend import CART_WEIGHT, PURCHASE_WEIGHT
    from mercato.contexts.recommendations.modeling.table import InteractionTable, epoch_days
    from mercato.entrypoints.demo.plan import make_plan
    from mercato.entrypoints.demo.scale import FULL, SMALL

    plan = make_plan(FULL if scale_name == "full" else SMALL)
    users, items, days, weights = [], [], [], []
    for line in plan.lines:
        order = plan.orders[line.order]
        checkout = plan.checkouts[order.checkout]
        if checkout.shopper is None:
            continue
        users.append(plan.shoppers[checkout.shopper].email)
        items.append(f"product-{line.product}")
        days.append(epoch_days(checkout.placed_at))
        weights.append(PURCHASE_WEIGHT if order.status in PURCHASED else CART_WEIGHT)
    texts = {f"product-{p}": " ".join([*product.title.values(), *product.description.values()])
             for p, product in enumerate(plan.products)}
    split = (plan.reference - timedelta(days=DEMO_SPLIT_DAYS)).date()
    return InteractionTable.from_columns(users, items, days, weights), texts, split


def _params(overrides: list[str]) -> Any:
    """BlendParams with `name=value` overrides (for reproducing the tuning runs)."""
    from mercato.contexts.recommendations.modeling.params import BlendParams

    known = {f.name: f.type for f in fields(BlendParams)}
    values: dict[str, Any] = {}
    for item in overrides:
        name, _, raw = item.partition("=")
        if name not in known or not raw:
            raise ValueError(f"--param {item!r}: expected name=value with name one of {', '.join(sorted(known))}")
        values[name] = int(raw) if known[name] in (int, "int") else float(raw)
    return replace(BlendParams(), **values)


def cmd_evaluate(args: argparse.Namespace) -> int:
    from mercato.contexts.recommendations.modeling.evaluation import evaluate, format_report
    from mercato.contexts.recommendations.modeling.files import BadInputFile, read_interactions, read_item_texts
    from mercato.contexts.recommendations.modeling.table import epoch_days

    started = time.perf_counter()
    try:
        params = _params(args.param)
        if args.interactions:
            if not args.split_date:
                raise ValueError("--split-date is required with --interactions")
            table, source = read_interactions(Path(args.interactions)), args.interactions
            texts = read_item_texts(Path(args.items)) if args.items else {}
            split = date.fromisoformat(args.split_date)
            if args.until:
                table = table.before(epoch_days(datetime.fromisoformat(args.until)))
        else:
            table, texts, split = demo_interactions(args.demo_scale)
            source = f"the demo data ({args.demo_scale})"
            split = date.fromisoformat(args.split_date) if args.split_date else split
    except (BadInputFile, ValueError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    report = evaluate(table, epoch_days(datetime.combine(split, datetime.min.time())), args.k, seed=args.seed,
                      item_texts=texts, params=params)
    elapsed = time.perf_counter() - started
    print(format_report(report, f"Recommendations on {source}: train before {split}, test from it, k={args.k}, "
                                f"seed {args.seed}"))
    print(f"wall time {elapsed:.1f} s")
    if args.json:
        payload = {"source": source, "split_date": split.isoformat(), "until": args.until, "seed": args.seed,
                   "params": {f.name: getattr(params, f.name) for f in fields(params)}, "wall_seconds": elapsed,
                   **report.as_dict()}
        Path(args.json).write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


def cmd_convert_online_retail(args: argparse.Namespace) -> int:
    from mercato.contexts.recommendations.modeling.online_retail import convert

    output = Path(args.output)
    items = Path(args.items) if args.items else output.with_name(output.stem + "_items.csv")
    try:
        done = convert(Path(args.input), output, items)
    except (ValueError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"read {done.lines_read} invoice lines; wrote {done.purchases} purchases by {done.customers} customers "
          f"of {done.items} items to {output}; item texts to {items}")
    return 0


def add_commands(sub: Any) -> None:
    parser: argparse.ArgumentParser = sub.add_parser("recommendations", help="recommendations commands")
    commands = parser.add_subparsers(dest="recommendations_command", required=True)
    evaluate = commands.add_parser("evaluate", help="time-split offline evaluation against four baselines")
    evaluate.add_argument("--interactions", help="CSV user_id,item_id,timestamp[,weight] (default: the demo data)")
    evaluate.add_argument("--items", help="CSV item_id,text for content similarity")
    evaluate.add_argument("--split-date", help="YYYY-MM-DD: train before, test from (demo default: 61 days "
                                               "before the demo's reference day)")
    evaluate.add_argument("--until", help="YYYY-MM-DD: ignore rows from this day on (for a validation split "
                                          "that ends before the test period)")
    evaluate.add_argument("--k", type=int, default=20)
    evaluate.add_argument("--json", help="also write the figures to this file")
    evaluate.add_argument("--seed", type=int, default=0)
    evaluate.add_argument("--param", action="append", default=[], metavar="NAME=VALUE",
                          help="override one blend parameter (see BlendParams)")
    evaluate.add_argument("--demo-scale", choices=["full", "small"], default="full", help=argparse.SUPPRESS)
    evaluate.set_defaults(fn=cmd_evaluate)
    convert = commands.add_parser("convert-online-retail", help="UCI Online Retail invoice lines → interactions")
    convert.add_argument("--input", required=True)
    convert.add_argument("--output", required=True)
    convert.add_argument("--items", help="where to write item_id,text (default: <output stem>_items.csv)")
    convert.set_defaults(fn=cmd_convert_online_retail)
