"""What every page's layout needs: the language, the cart badge, the signed-in roles."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import translation

from mercato.contexts.merchants import public as merchants

CART_SESSION_KEY = "cart_id"


def site(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    membership = merchants.membership_for(str(user.pk)) if user is not None and user.is_authenticated else None
    return {
        "current_language": translation.get_language(),
        "cart_count": request.session.get("cart_count", 0) if hasattr(request, "session") else 0,
        "membership": membership,
        "is_operator": bool(user is not None and user.is_authenticated and getattr(user, "is_operator", False)),
    }
