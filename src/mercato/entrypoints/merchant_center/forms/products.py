"""Products: texts in both languages, a category, and the variants' prices and attributes."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any, cast

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from mercato.contexts.catalog.services import VariantData
from mercato.shared.money import Money

from .fields import CURRENCY_CHOICES, LineField, TextField, amount_field, money_or_error

MAX_ATTRIBUTES = 30
STATUS_CHOICES = [("active", _("Active (on sale)")), ("archived", _("Archived (hidden)"))]


def category_choices(tree: Iterable[Mapping[str, Any]], language: str, depth: int = 0) -> list[tuple[str, str]]:
    """The category tree as indented options, parents before their children."""
    choices: list[tuple[str, str]] = []
    for node in tree:
        name = node["name"].get(language) or node["name"].get("zh-Hans") or node["slug"]
        choices.append((node["id"], "\u2003" * depth + name))
        choices += category_choices(node["children"], language, depth + 1)
    return choices


def parse_attributes(text: str) -> dict[str, str]:
    """``name: value`` per line (a full-width colon works too) → a dict; raises ValidationError."""
    attributes: dict[str, str] = {}
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if len(lines) > MAX_ATTRIBUTES:
        raise forms.ValidationError(_("At most %(n)s attributes.") % {"n": MAX_ATTRIBUTES})
    for line in lines:
        name, colon, value = line.replace("：", ":").partition(":")
        name, value = name.strip(), value.strip()
        if not colon or not name or not value:
            raise forms.ValidationError(_("Write one attribute per line as “name: value”."))
        if len(name) > 40 or len(value) > 100:
            raise forms.ValidationError(_("Attribute names have at most 40 characters, values at most 100."))
        attributes[name] = value
    return attributes


class TextsForm(forms.Form):
    """Titles and descriptions in Simplified Chinese and English (one title at least), and the category."""

    title_zh = LineField(label=_("Title (Simplified Chinese)"), max_length=200, required=False)
    title_en = LineField(label=_("Title (English)"), max_length=200, required=False)
    description_zh = TextField(label=_("Description (Simplified Chinese)"), max_length=5000, required=False)
    description_en = TextField(label=_("Description (English)"), max_length=5000, required=False)
    category = forms.ChoiceField(label=_("Category"))

    def __init__(self, *args: Any, categories: Sequence[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["category"]).choices = [("", _("Choose a category")), *categories]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("title_zh") and not data.get("title_en") and "title_zh" not in self.errors:
            self.add_error("title_zh", _("Give a title in at least one language."))
        return data

    def titles(self) -> dict[str, str]:
        return _texts(self.cleaned_data["title_zh"], self.cleaned_data["title_en"])

    def descriptions(self) -> dict[str, str]:
        return _texts(self.cleaned_data["description_zh"], self.cleaned_data["description_en"])


def _texts(zh: str, en: str) -> dict[str, str]:
    return {lang: text for lang, text in (("zh-Hans", zh), ("en", en)) if text}


class VariantForm(forms.Form):
    """One variant: what the buyer picks and pays for."""

    sku = forms.CharField(label=_("SKU"), max_length=64, validators=[
        RegexValidator(r"^[A-Za-z0-9._/-]+$", _("Use letters, digits and . _ / - only."))])
    price = amount_field(label=_("Price"))
    currency = forms.ChoiceField(label=_("Currency"), choices=CURRENCY_CHOICES, initial="CNY")
    gtin = forms.CharField(label=_("GTIN (barcode)"), required=False, help_text=_("8, 12, 13 or 14 digits."),
                           validators=[RegexValidator(r"^\d{8}$|^\d{12,14}$", _("Use 8, 12, 13 or 14 digits."))])
    weight_grams = forms.IntegerField(label=_("Weight (grams)"), min_value=0, max_value=1_000_000, initial=0)
    attributes = TextField(label=_("Attributes"), required=False, max_length=4000,
                           help_text=_("One per line, e.g. “colour: red”."))
    is_custom_made = forms.BooleanField(label=_("Made to order (no no-reason returns)"), required=False)
    is_perishable = forms.BooleanField(label=_("Perishable (no no-reason returns)"), required=False)

    def clean_attributes(self) -> dict[str, str]:
        return parse_attributes(self.cleaned_data.get("attributes") or "")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["money"] = money_or_error(self, "price", data.get("price"), data.get("currency") or "CNY")
        return data

    def variant(self) -> VariantData:
        d = self.cleaned_data
        return VariantData(sku=d["sku"], price=d["money"], gtin=d["gtin"], attributes=d["attributes"],
                           weight_grams=d["weight_grams"], is_custom_made=d["is_custom_made"],
                           is_perishable=d["is_perishable"])


class ProductCreateForm(TextsForm, VariantForm):
    """A new product with its first variant."""


class NewVariantForm(VariantForm):
    """Another variant of an existing product, priced in the product's currency."""

    def __init__(self, *args: Any, currency: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["currency"]).choices = [(currency, currency)]
        self.fields["currency"].initial = currency


class ProductEditForm(TextsForm):
    """Texts, category, status and the price of every variant."""

    status = forms.ChoiceField(label=_("Status"), choices=STATUS_CHOICES)

    def __init__(self, *args: Any, variants: Sequence[Any], currency: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.currency = currency
        self.current_prices: dict[str, Decimal] = {}
        for v in variants:
            self.fields[f"price_{v.id}"] = amount_field(label=_("Price of %(sku)s") % {"sku": v.sku})
            self.initial.setdefault(f"price_{v.id}", v.price_amount)
            self.current_prices[v.id] = v.price_amount

    def price_fields(self) -> list[forms.BoundField]:
        return [self[f"price_{variant_id}"] for variant_id in self.current_prices]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        changed: dict[str, Money] = {}
        for variant_id, current in self.current_prices.items():
            amount = data.get(f"price_{variant_id}")
            if amount is not None and amount != current:
                money = money_or_error(self, f"price_{variant_id}", amount, self.currency)
                if money is not None:
                    changed[variant_id] = money
        data["changed_prices"] = changed
        return data


class ImageForm(forms.Form):
    """An image file; its type and size are checked by the catalog from the file's content."""

    image = forms.FileField(label=_("Image (JPEG, PNG or WebP, at most 5 MB)"),
                            widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}))
    alt_zh = LineField(label=_("Alternative text (Simplified Chinese)"), max_length=200, required=False)
    alt_en = LineField(label=_("Alternative text (English)"), max_length=200, required=False)

    def alt(self) -> dict[str, str]:
        return _texts(self.cleaned_data["alt_zh"], self.cleaned_data["alt_en"])
