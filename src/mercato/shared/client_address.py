"""The address a request came from, as rate limits must see it behind load balancers.

Each trusted proxy appends the address it received the request from to X-Forwarded-For. With
MERCATO_TRUSTED_PROXIES=N (the number of proxies in front of Mercato) the client is the N-th entry from the
right; anything further left was written by the client and is ignored. With 0 (the default) the header is
ignored altogether and the socket's peer address is used.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings


def client_ip(request: Any) -> str:
    peer = str(request.META.get("REMOTE_ADDR", ""))
    trusted = int(getattr(settings, "MERCATO_TRUSTED_PROXIES", 0))
    if trusted <= 0:
        return peer
    hops = [h.strip() for h in str(request.META.get("HTTP_X_FORWARDED_FOR", "")).split(",") if h.strip()]
    if len(hops) < trusted:
        return peer  # the request did not come through all the proxies: trust only what we saw
    return hops[-trusted][:64]
