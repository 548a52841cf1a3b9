"""Is an order-sounding message really a question about the rules ("what is the return policy", "how long do
refunds take", "退款多久到账")? Then the knowledge base answers it, not one particular order."""

from __future__ import annotations

import re
from typing import Final

_POLICY: Final = re.compile(
    r"\bpolicy\b|\bpolicies\b|\bhow long\b|\bhow many days\b|\busually\b|\bgenerally\b|\bin general\b|\brules?\b"
    r"|政策|多久|几天|一般|规则|规定|流程",
    re.IGNORECASE,
)


def asks_about_policy(text: str) -> bool:
    return bool(_POLICY.search(text))
