"""Optional: an OpenAI-compatible chat-completions endpoint, off unless MERCATO_ASSISTANT_LLM_URL is set.

It is only ever a second opinion on an intent the offline model is unsure of, and (with
MERCATO_ASSISTANT_LLM_PHRASING=1) a rephrasing of a finished reply that must keep every number of the original.
It never sees order data beyond the reply text, never decides an action, and any failure falls back silently to
the offline path, which stays the tested default. Nothing is downloaded.
"""

from __future__ import annotations

import json
import logging
import os
import re
import urllib.request
from collections.abc import Sequence
from typing import Any

log = logging.getLogger(__name__)
TIMEOUT_SECONDS = 4.0
_NUMBERS = re.compile(r"\d+(?:[.:\-]\d+)*")


def enabled() -> bool:
    return bool(os.environ.get("MERCATO_ASSISTANT_LLM_URL"))


def _chat(system: str, user: str) -> str | None:
    url = os.environ.get("MERCATO_ASSISTANT_LLM_URL", "").rstrip("/") + "/chat/completions"
    body = {"model": os.environ.get("MERCATO_ASSISTANT_LLM_MODEL", "default"), "temperature": 0,
            "messages": [{"role": "system", "content": system}, {"role": "user", "content": user}]}
    headers = {"Content-Type": "application/json"}
    if key := os.environ.get("MERCATO_ASSISTANT_LLM_KEY"):
        headers["Authorization"] = f"Bearer {key}"
    request = urllib.request.Request(url, data=json.dumps(body).encode(), headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310 (operator's URL)
            answer: Any = json.loads(response.read())
        return str(answer["choices"][0]["message"]["content"]).strip()
    except (OSError, ValueError, KeyError, IndexError, TypeError) as exc:
        log.warning("assistant LLM endpoint unavailable: %s", exc)
        return None


def classify(text: str, *, candidates: Sequence[str]) -> str | None:
    """One of the candidate intents, or None (the endpoint is down or answered something else)."""
    answer = _chat("Classify the customer-service message into exactly one of these intents and answer with the "
                   "intent name only: " + ", ".join(candidates), text)
    if answer is None:
        return None
    name = answer.strip().strip(".").lower()
    return name if name in candidates else None


def phrase(reply: str, *, lang: str) -> str:
    """A friendlier wording of a finished reply, or the reply itself when the endpoint is off, fails, or dropped
    or changed any number (order numbers, amounts, dates, tracking numbers must survive verbatim)."""
    if not enabled() or os.environ.get("MERCATO_ASSISTANT_LLM_PHRASING") != "1":
        return reply
    language = "Simplified Chinese" if lang == "zh" else "English"
    answer = _chat(f"Rephrase this customer-service reply in friendly {language}. Keep every number, code and "
                   "URL exactly; add no facts.", reply)
    if not answer or sorted(_NUMBERS.findall(answer)) != sorted(_NUMBERS.findall(reply)):
        return reply
    return answer
