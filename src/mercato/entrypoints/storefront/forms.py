"""Shopping forms: the same limits as the API's schemas, with messages in the shopper's language."""

from __future__ import annotations

import unicodedata
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from mercato.contexts.identity.contracts import AddressData

MAX_QUANTITY = 999  # checkout.services.MAX_LINE_QUANTITY, the API's limit too


def no_control_characters(value: str) -> None:
    if any(unicodedata.category(ch) == "Cc" for ch in value):
        raise ValidationError(_("Remove the control characters (such as tabs or line breaks)."), code="control")


class LineField(forms.CharField):
    """A single line of text without control characters (the API's ``line()``)."""

    default_validators = [no_control_characters]


def _numeric(**attrs: str) -> forms.TextInput:
    return forms.TextInput(attrs={"inputmode": "numeric", **attrs})


class AddToCartForm(forms.Form):
    variant_id = forms.ChoiceField(label=_("Variant"), widget=forms.RadioSelect)
    quantity = forms.IntegerField(label=_("Quantity"), min_value=1, max_value=MAX_QUANTITY, initial=1,
                                  widget=forms.NumberInput(attrs={"min": 1, "max": MAX_QUANTITY, "class": "qty"}))

    def __init__(self, *args: Any, variant_ids: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["variant_id"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(v, v) for v in variant_ids]


class QuantityForm(forms.Form):
    quantity = forms.IntegerField(label=_("Quantity"), min_value=0, max_value=MAX_QUANTITY,
                                  help_text=_("0 removes the item."))


class AddressForm(forms.Form):
    name = LineField(label=_("Recipient"), max_length=100, widget=forms.TextInput(attrs={"autocomplete": "name"}))
    phone = LineField(label=_("Phone"), min_length=5, max_length=32,
                      widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}))
    country = LineField(label=_("Country or region code"), max_length=2, initial="CN",
                        help_text=_("Two letters, e.g. CN."),
                        validators=[RegexValidator(r"^[A-Z]{2}$", _("Enter a two-letter code such as CN."))],
                        widget=forms.TextInput(attrs={"autocomplete": "country", "size": 3}))
    region = LineField(label=_("Province"), max_length=100, required=False,
                       widget=forms.TextInput(attrs={"autocomplete": "address-level1"}))
    city = LineField(label=_("City"), max_length=100, widget=forms.TextInput(attrs={"autocomplete": "address-level2"}))
    district = LineField(label=_("District"), max_length=100, required=False,
                         widget=forms.TextInput(attrs={"autocomplete": "address-level3"}))
    line1 = LineField(label=_("Street address"), max_length=200,
                      widget=forms.TextInput(attrs={"autocomplete": "street-address"}))
    postal_code = LineField(label=_("Postal code"), max_length=20, required=False,
                            widget=forms.TextInput(attrs={"autocomplete": "postal-code"}))

    def clean_country(self) -> str:
        return str(self.cleaned_data["country"]).upper()

    def address(self) -> AddressData:
        return AddressData(**{name: self.cleaned_data.get(name) or "" for name in self.fields
                              if name in AddressData.__dataclass_fields__})


class CheckoutForm(AddressForm):
    email = forms.EmailField(label=_("Email"), max_length=254, required=False,
                             help_text=_("We send the order confirmation here."),
                             widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    shipping_method = forms.ChoiceField(label=_("Shipping method"), widget=forms.RadioSelect, initial="standard",
                                        choices=[("standard", _("Standard")), ("express", _("Express"))])

    def __init__(self, *args: Any, guest: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].required = guest
        if not guest:
            del self.fields["email"]


class CardForm(forms.Form):
    number = forms.CharField(label=_("Card number"), max_length=30,
                             widget=_numeric(autocomplete="cc-number"))
    exp_month = forms.IntegerField(label=_("Expiry month"), min_value=1, max_value=12,
                                   widget=_numeric(autocomplete="cc-exp-month", size="2"))
    exp_year = forms.IntegerField(label=_("Expiry year"), min_value=2000, max_value=2100,
                                  widget=_numeric(autocomplete="cc-exp-year", size="4"))
    cvc = forms.CharField(label=_("Security code (CVC)"), max_length=4, min_length=3,
                          validators=[RegexValidator(r"^\d{3,4}$", _("Enter the 3 or 4 digits on the back."))],
                          widget=_numeric(autocomplete="cc-csc", size="4"))

    def clean_number(self) -> str:
        number = "".join(str(self.cleaned_data["number"]).replace("-", " ").split())
        if not number.isdigit() or not 12 <= len(number) <= 19 or not number.isascii():
            raise ValidationError(_("Enter the 12 to 19 digits of the card number."), code="digits")
        return number


class AuthenticationCodeForm(forms.Form):
    code = forms.CharField(label=_("Authentication code"), max_length=12,
                           validators=[RegexValidator(r"^[0-9]+$", _("Enter the digits of the code."))],
                           widget=_numeric(autocomplete="one-time-code"))


class CancelForm(forms.Form):
    reason = LineField(label=_("Reason (optional)"), max_length=200, required=False)


class ReturnForm(forms.Form):
    """One quantity field per line that may be returned; at least one above zero."""

    reason = LineField(label=_("Reason (optional)"), max_length=200, required=False)

    def __init__(self, *args: Any, returnable: dict[str, int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.line_ids = list(returnable)
        for line_id, left in returnable.items():
            self.fields[f"qty_{line_id}"] = forms.IntegerField(
                label=_("Quantity to return"), min_value=0, max_value=left, initial=0, required=False,
                widget=forms.NumberInput(attrs={"min": 0, "max": left, "class": "qty"}))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors and not self.chosen():
            raise ValidationError(_("Choose at least one item to return."), code="empty")
        return data

    def chosen(self) -> list[tuple[str, int]]:
        return [(line_id, q) for line_id in self.line_ids if (q := self.cleaned_data.get(f"qty_{line_id}") or 0) > 0]

    def field_of_line(self, index: int) -> str | None:
        """The form field for the service's ``lines.<index>`` (the index into ``chosen()``)."""
        chosen = self.chosen()
        return f"qty_{chosen[index][0]}" if 0 <= index < len(chosen) else None


SORTS = [("relevance", _("Best match")), ("newest", _("Newest")), ("price_asc", _("Price: low to high")),
         ("price_desc", _("Price: high to low")), ("sales", _("Best selling"))]


class SearchForm(forms.Form):
    """Search filters from the query string; a bad value is reported and left out, never fatal."""

    q = LineField(label=_("Search"), max_length=100, required=False)
    category = forms.SlugField(label=_("Category"), max_length=80, required=False)
    merchant = forms.CharField(label=_("Shop"), max_length=32, required=False,
                               validators=[RegexValidator(r"^[a-z]{2,5}_[0-9a-z]{26}$", _("Choose a shop."))])
    min_price = forms.DecimalField(label=_("Lowest price"), min_value=0, max_digits=14, decimal_places=2,
                                   required=False, widget=forms.NumberInput(attrs={"step": "0.01", "min": 0}))
    max_price = forms.DecimalField(label=_("Highest price"), min_value=0, max_digits=14, decimal_places=2,
                                   required=False, widget=forms.NumberInput(attrs={"step": "0.01", "min": 0}))
    in_stock = forms.BooleanField(label=_("In stock only"), required=False)
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=SORTS)
    cursor = forms.CharField(max_length=200, required=False, widget=forms.HiddenInput,
                             validators=[RegexValidator(r"^[A-Za-z0-9_-]+$")])
    trail = forms.CharField(max_length=2000, required=False, widget=forms.HiddenInput,
                            validators=[RegexValidator(r"^[A-Za-z0-9_.,-]*$")])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        low, high = data.get("min_price"), data.get("max_price")
        if low is not None and high is not None and low > high:
            self.add_error("max_price", _("The highest price must not be below the lowest."))
        return data

    def value(self, name: str) -> Any:
        """The cleaned value, or None when missing or invalid."""
        return self.cleaned_data.get(name) if hasattr(self, "cleaned_data") else None
