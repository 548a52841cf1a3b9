"""Checkout's reactions to other contexts' events, listed explicitly."""

from __future__ import annotations

from mercato.contexts.identity.events import UserSignedIn

from .services import cart_merge


def merge_guest_cart(event: UserSignedIn) -> None:
    if event.guest_cart_id:
        cart_merge(guest_cart_id=event.guest_cart_id, user_id=event.user_id)


HANDLERS = {UserSignedIn: [merge_guest_cart]}
