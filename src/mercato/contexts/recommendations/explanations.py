"""The words of "why am I seeing this", in the active language (the codes and their truth live in domain/)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from .domain.reasons import Reason, ReasonCode


def explain(reason: Reason, subject_title: str) -> str:
    """One short sentence; a reason that points at an item names it when its title is known."""
    code, subject = reason.code, subject_title
    if code is ReasonCode.VIEWED and subject:
        return _("Because you viewed %(item)s") % {"item": subject}
    if code is ReasonCode.BOUGHT_TOGETHER:
        return _("Often bought with %(item)s") % {"item": subject} if subject else _("Often bought together")
    if code is ReasonCode.ALSO_CHOSEN:
        return (_("Shoppers who chose %(item)s also chose this") % {"item": subject} if subject
                else _("Shoppers with your interests chose this"))
    if code is ReasonCode.SIMILAR_TEXT:
        return _("Similar to %(item)s") % {"item": subject} if subject else _("Similar to items you chose")
    return _STATIC.get(code, _STATIC[ReasonCode.POPULAR])()


_STATIC = {
    ReasonCode.BOUGHT_BEFORE: lambda: _("You bought this before"),
    ReasonCode.SIMILAR_SHOPPERS: lambda: _("Shoppers like you bought this"),
    ReasonCode.VIEWED: lambda: _("Related to what you viewed"),
    ReasonCode.POPULAR: lambda: _("Popular with shoppers"),
    ReasonCode.TRENDING: lambda: _("Popular lately"),
}
