"""Runs the scripts in conversations.json against a shopper's real orders, each conversation inside a
transaction that is rolled back, so cancellations and returns leave the marketplace as it was.

A script names orders by role ({shipped}, {paid}, {delivered}, {perishable}, {refunded}, {others}); the runner
picks the shopper's newest order in that state. Scripts needing a role the shopper has no order for are skipped
and listed. A resolvable conversation counts as resolved when every turn met its expectations (step, words in
the reply, the action proposed, a knowledge-base source) and nobody was called; a must-escalate one counts when
the assistant handed it over.
"""

from __future__ import annotations

import json
import re
import statistics
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction

from mercato.contexts.orders import public as orders
from mercato.contexts.orders.public import ShopperOrder
from mercato.shared import clock
from mercato.shared.actor import ANONYMOUS, Actor

from .. import services
from ..contracts import Reply
from ..domain.intents import ActionKind
from ..domain.order_actions import eligibility
from ..order_answers import facts_of

SCRIPTS = Path(__file__).with_name("conversations.json")
_PLACEHOLDER = re.compile(r"\{(\w+)(?:\.(\w+))?\}")


@dataclass(frozen=True)
class ConversationResult:
    id: str
    lang: str
    expect: str  # "resolve" | "escalate"
    passed: bool
    escalated: bool
    failure: str = ""


@dataclass(frozen=True)
class ContainmentReport:
    results: tuple[ConversationResult, ...]
    skipped: tuple[str, ...]
    latencies_ms: tuple[float, ...]
    steps: tuple[str, ...] = ()  # the step of each timed message, in the same order

    def share(self, expect: str, lang: str = "") -> tuple[int, int]:
        rows = [r for r in self.results if r.expect == expect and (not lang or r.lang == lang)]
        return sum(r.passed for r in rows), len(rows)

    def latency(self, quantile: float) -> float:
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, int(quantile * len(ordered)))] if ordered else 0.0

    def table(self) -> str:
        lines = [f"{'set':<22}{'resolved without a person':>28}{'escalated when they must':>28}"]
        for lang in ("", "en", "zh"):
            ok, n = self.share("resolve", lang)
            esc, m = self.share("escalate", lang)
            lines.append(f"{lang or 'all':<22}{_pct(ok, n):>28}{_pct(esc, m):>28}")
        lines.append(f"messages: {len(self.latencies_ms)}, latency per message p50 {self.latency(0.5):.1f} ms, "
                     f"p95 {self.latency(0.95):.1f} ms, mean {statistics.fmean(self.latencies_ms or [0]):.1f} ms")
        lines += [f"  not as scripted: {r.id}: {r.failure}" for r in self.results if not r.passed]
        lines += [f"  skipped (no such order on the account): {s}" for s in self.skipped]
        return "\n".join(lines)


def _pct(ok: int, n: int) -> str:
    return f"{ok}/{n} = {100 * ok / n:.1f}%" if n else "—"


def order_roles(user_id: str, other_order_number: str) -> dict[str, dict[str, str]]:
    """The shopper's newest order in each role the scripts use, as {role: {"": number, "tracking": ...}}."""
    roles: dict[str, dict[str, str]] = {"others": {"": other_order_number}}
    now = clock.now()
    for order in orders.shopper_recent_orders(user_id=user_id, limit=500):
        role = _role_of(order, now)
        if role and role not in roles:
            tracking = order.shipments[-1].tracking_number if order.shipments else ""
            roles[role] = {"": order.number, "tracking": tracking}
    return roles


def _role_of(order: ShopperOrder, now: Any) -> str:
    if order.status in ("paid", "shipped"):
        return order.status
    if order.status in ("cancelled", "refunded") and order.refunded_total.amount > 0:
        return "refunded"
    if order.status == "delivered":
        check = eligibility(ActionKind.START_RETURN, facts_of(order), as_of=now)
        if check.action is ActionKind.START_RETURN:
            return "delivered"
        return "perishable" if check.refusal == "nothing_returnable" else ""
    return ""


def _fill(text: str, roles: dict[str, dict[str, str]]) -> str:
    return _PLACEHOLDER.sub(lambda m: roles[m.group(1)][m.group(2) or ""], text)


def _needs(script: dict[str, Any]) -> set[str]:
    return {m.group(1) for turn in script["turns"] for m in _PLACEHOLDER.finditer(json.dumps(turn))}


def _check(turn: dict[str, Any], reply: Reply, roles: dict[str, dict[str, str]]) -> str:
    """Why the reply is not what the script expects ("" when it is)."""
    if "step" in turn and reply.step != turn["step"]:
        return f"{turn['say']!r}: step {reply.step} ({reply.intent} {reply.confidence:.2f}), not {turn['step']}"
    for words in turn.get("contains", ()):
        if _fill(words, roles) not in reply.text:
            return f"{turn['say']!r}: reply lacks {words!r}: {reply.text[:120]!r}"
    if "proposes" in turn and turn["proposes"] not in [a.kind for a in reply.actions_proposed]:
        return f"{turn['say']!r}: no {turn['proposes']} proposed: {reply.text[:120]!r}"
    if turn.get("source") and not reply.sources:
        return f"{turn['say']!r}: no knowledge-base source ({reply.intent} {reply.confidence:.2f})"
    return ""


def _run_one(script: dict[str, Any], actor: Actor, roles: dict[str, dict[str, str]],
             latencies: list[tuple[str, float]]) -> ConversationResult:
    failure, escalated = "", False
    with transaction.atomic():
        conversation = services.conversation_start(actor=actor, lang=script["lang"])
        for turn in script["turns"]:
            started = time.perf_counter()
            reply = services.message_post(conversation_id=conversation.id, actor=actor,
                                          text=_fill(turn["say"], roles))
            latencies.append((reply.step, (time.perf_counter() - started) * 1000))
            escalated = escalated or reply.escalated
            failure = failure or _check(turn, reply, roles)
        transaction.set_rollback(True)  # the marketplace stays as it was
    if script["expect"] == "escalate":
        passed = escalated
        failure = "" if escalated else "not handed over"
    else:
        passed = not failure and not escalated
        failure = failure or ("handed over" if escalated else "")
    return ConversationResult(id=script["id"], lang=script["lang"], expect=script["expect"], passed=passed,
                              escalated=escalated, failure=failure)


def containment_report(*, user_id: str, other_order_number: str = "",
                       scripts: Sequence[dict[str, Any]] | None = None) -> ContainmentReport:
    """Run every script as the shopper ``user_id``; ``other_order_number`` is another customer's order (a
    made-up number of today when not given) that the assistant must not reveal anything about."""
    other = other_order_number or clock.local_date(clock.now()).strftime("%Y%m%d") + "0000000000"
    roles = order_roles(user_id, other)
    signed_in = Actor(user_id=user_id)
    results: list[ConversationResult] = []
    skipped: list[str] = []
    latencies: list[tuple[str, float]] = []
    for script in scripts if scripts is not None else json.loads(SCRIPTS.read_text(encoding="utf-8")):
        missing = _needs(script) - roles.keys()
        if missing:
            skipped.append(f"{script['id']} (needs {', '.join(sorted(missing))})")
            continue
        actor = signed_in if script.get("signed_in", True) else ANONYMOUS
        results.append(_run_one(script, actor, roles, latencies))
    return ContainmentReport(results=tuple(results), skipped=tuple(skipped),
                             latencies_ms=tuple(ms for _, ms in latencies), steps=tuple(step for step, _ in latencies))
