"""A new flash sale: titles, a window in the platform's local time, the minutes to pay, and one row per variant.

The form only parses (the API schema's limits); whether the campaign makes sense (window, prices below list,
stock, overlaps) is the flashsales service's call, and its field paths are mapped back onto the rows here.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from mercato.contexts.flashsales.domain.campaign_rules import MAX_BUYER_LIMIT, MAX_ITEMS, MAX_UNITS, ItemDraft

from .fields import LineField, amount_field

DEFAULT_ROWS = 3
ITEM_FIELDS = ("variant_id", "sale_price", "units", "per_buyer_limit")
FILLED_WHEN = ("variant_id", "sale_price", "units")  # the limit has a default, so it alone leaves a row blank
SERVICE_ITEM_PATH = re.compile(r"^items\.(\d+)\.(\w+)$")


def local_datetime(label: Any) -> forms.DateTimeField:
    """A ``datetime-local`` input read in the current time zone (the merchant pages run in the platform's)."""
    return forms.DateTimeField(label=label, widget=forms.DateTimeInput(
        attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"))


def rows_wanted(data: Any, *, more: bool = False) -> int:
    """How many item rows the form shows: what the page said (1..MAX_ITEMS), one more on request."""
    try:
        rows = int(str(data.get("rows", DEFAULT_ROWS)))
    except ValueError:
        rows = DEFAULT_ROWS
    return max(1, min(MAX_ITEMS, rows + (1 if more else 0)))


class FlashSaleForm(forms.Form):
    title_zh = LineField(label=_("Title (Simplified Chinese)"), max_length=120, required=False)
    title_en = LineField(label=_("Title (English)"), max_length=120, required=False)
    starts_at = local_datetime(_("Starts"))
    ends_at = local_datetime(_("Ends"))
    payment_minutes = forms.IntegerField(
        label=_("Minutes to pay"), min_value=1, max_value=60, initial=10,
        help_text=_("An order not paid in time is cancelled and its units go back to the sale."),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}))
    rows = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, variants: Sequence[tuple[str, str]], rows: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.row_count = rows
        self.initial["rows"] = rows
        self.item_rows: list[int] = []  # the row of each item sent to the service, in order
        for n in range(rows):
            self.fields[f"item{n}_variant_id"] = forms.ChoiceField(
                label=_("Variant"), required=False, choices=[("", _("Choose a variant")), *variants])
            self.fields[f"item{n}_sale_price"] = amount_field(label=_("Sale price"), required=False,
                                                              minimum=Decimal("0.01"))
            self.fields[f"item{n}_units"] = forms.IntegerField(
                label=_("Units offered"), required=False, min_value=1, max_value=MAX_UNITS,
                widget=forms.NumberInput(attrs={"inputmode": "numeric"}))
            self.fields[f"item{n}_per_buyer_limit"] = forms.IntegerField(
                label=_("Limit per buyer"), required=False, min_value=1, max_value=MAX_BUYER_LIMIT, initial=1,
                widget=forms.NumberInput(attrs={"inputmode": "numeric"}))

    def row_fields(self) -> list[list[forms.BoundField]]:
        return [[self[f"item{n}_{name}"] for name in ITEM_FIELDS] for n in range(self.row_count)]

    def _filled(self, n: int) -> bool:
        return any(str(self.data.get(self.add_prefix(f"item{n}_{name}"), "")).strip() for name in FILLED_WHEN)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("title_zh") and not data.get("title_en") and "title_zh" not in self.errors:
            self.add_error("title_zh", _("Give a title in at least one language."))
        self.item_rows = [n for n in range(self.row_count) if self._filled(n)]
        for n in self.item_rows:
            for name in ITEM_FIELDS:
                field = f"item{n}_{name}"
                if field not in self.errors and data.get(field) in (None, ""):
                    self.add_error(field, _("This field is required."))
        if not self.item_rows:
            self.add_error("item0_variant_id", _("Choose at least one variant for the sale."))
        return data

    def titles(self) -> dict[str, str]:
        zh, en = self.cleaned_data["title_zh"], self.cleaned_data["title_en"]
        return {lang: text for lang, text in (("zh-Hans", zh), ("en", en)) if text}

    def drafts(self) -> list[ItemDraft]:
        d = self.cleaned_data
        return [ItemDraft(variant_id=d[f"item{n}_variant_id"], sale_price=d[f"item{n}_sale_price"],
                          units=d[f"item{n}_units"], per_buyer_limit=d[f"item{n}_per_buyer_limit"])
                for n in self.item_rows]

    def field_of(self, path: str) -> str | None:
        """The form field for a service path: ``items.1.units`` → that item's row; ``ends_at`` → ``ends_at``."""
        found = SERVICE_ITEM_PATH.match(path)
        if found:
            index = int(found[1])
            return f"item{self.item_rows[index]}_{found[2]}" if index < len(self.item_rows) else None
        if path == "items":
            return "item0_variant_id"
        if path == "title":
            return "title_zh"
        return path if path in self.fields else None


class CancelSaleForm(forms.Form):
    reason = LineField(label=_("Reason (optional)"), max_length=200, required=False)
