"""The application to sell on the platform."""

from __future__ import annotations

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from .fields import LineField


class ApplyForm(forms.Form):
    name = LineField(label=_("Shop name"), max_length=120)
    contact_email = forms.EmailField(label=_("Contact email"), max_length=254)
    business_license = forms.CharField(
        label=_("Business licence number"), min_length=6, max_length=64,
        help_text=_("Letters, digits and hyphens, as printed on the licence."),
        validators=[RegexValidator(r"^[0-9A-Za-z-]+$", _("Use only letters, digits and hyphens."))],
    )
