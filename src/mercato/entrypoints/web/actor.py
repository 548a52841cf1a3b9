"""Pages act for the signed-in user (Django session) with the same Actor the API builds from a token."""

from __future__ import annotations

from django.http import HttpRequest

from mercato.shared.actor import ANONYMOUS, Actor


def actor_of(request: HttpRequest) -> Actor:
    user = request.user
    if not user.is_authenticated:
        return ANONYMOUS
    return Actor(user_id=str(user.pk), is_operator=bool(getattr(user, "is_operator", False)))
