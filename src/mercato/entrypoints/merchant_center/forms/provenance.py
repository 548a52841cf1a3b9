"""Supply-chain parties and EPCIS uploads: the key, the GLN and the document are checked here for their format
(readable errors, never a 500); what they say is checked by the provenance context."""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Sequence
from typing import Any, cast

from django import forms
from django.conf import settings
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from mercato.contexts.provenance.domain.check_digits import is_valid_mod10
from mercato.contexts.provenance.services import PARTY_ROLES

from .fields import LineField

ROLE_LABELS = {
    "brand": _("Brand"), "farm": _("Farm"), "factory": _("Factory"), "lab": _("Testing laboratory"),
    "carrier": _("Carrier"), "distributor": _("Distributor"), "retailer": _("Retailer"), "platform": _("Platform"),
}
MAX_DOCUMENT_BYTES = settings.DATA_UPLOAD_MAX_MEMORY_SIZE  # what the capture API takes in one body


class PartyForm(forms.Form):
    """A supply-chain actor that signs its captures with an Ed25519 key."""

    name = LineField(label=_("Party name"), max_length=120)
    role = forms.ChoiceField(label=_("Role"), choices=[("", _("Choose a role")),
                                                       *[(r, ROLE_LABELS.get(r, r)) for r in PARTY_ROLES]])
    gln = forms.CharField(label=_("GLN (optional)"), required=False, help_text=_("13 digits, the last a check digit."),
                          validators=[RegexValidator(r"^\d{13}$", _("A GLN is 13 digits."))])
    public_key = forms.CharField(label=_("Public key (base64)"), max_length=64,
                                 help_text=_("The raw 32-byte Ed25519 public key, base64-encoded (44 characters)."))

    def clean_gln(self) -> str:
        gln = str(self.cleaned_data.get("gln") or "")
        if gln and not is_valid_mod10(gln):
            raise forms.ValidationError(_("The check digit of this GLN is wrong."))
        return gln

    def clean_public_key(self) -> str:
        text = str(self.cleaned_data.get("public_key") or "").strip()
        try:
            raw = base64.b64decode(text, validate=True)
        except (binascii.Error, ValueError) as exc:
            raise forms.ValidationError(_("This is not base64.")) from exc
        if len(raw) != 32:
            raise forms.ValidationError(_("An Ed25519 public key is 32 bytes, not %(n)s.") % {"n": len(raw)})
        return text


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not allowed in JSON")


def _has_nul(value: Any) -> bool:
    """True when a string (or an object key) anywhere in the parsed document holds U+0000."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if "\x00" in item:
                return True
        elif isinstance(item, dict):
            stack += [*item.keys(), *item.values()]
        elif isinstance(item, list):
            stack += item
    return False


def parse_document(text: str) -> Any:
    """The JSON value of an uploaded document, or a ValidationError a merchant can act on."""
    try:
        value = json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        raise forms.ValidationError(
            _("This is not valid JSON: %(reason)s (line %(line)s, column %(column)s).")
            % {"reason": exc.msg, "line": exc.lineno, "column": exc.colno}) from exc
    except RecursionError as exc:
        raise forms.ValidationError(_("This JSON is nested too deeply.")) from exc
    except ValueError as exc:  # NaN/Infinity, or an integer too long to read
        raise forms.ValidationError(_("This is not valid JSON: %(reason)s.") % {"reason": exc}) from exc
    if _has_nul(value):
        raise forms.ValidationError(_("The document must not contain NUL characters (\\u0000)."))
    return value


class CaptureForm(forms.Form):
    """An EPCIS 2.0 document (a file or pasted text), the error behaviour and, optionally, a party's signature."""

    document = forms.FileField(label=_("EPCIS document (JSON or JSON-LD file)"), required=False,
                               widget=forms.ClearableFileInput(attrs={
                                   "accept": ".json,.jsonld,application/json,application/ld+json"}))
    text = forms.CharField(label=_("…or paste the document"), required=False, strip=False,
                           max_length=MAX_DOCUMENT_BYTES, widget=forms.Textarea(attrs={
                               "rows": 8, "class": "document", "spellcheck": "false", "autocomplete": "off"}))
    error_behaviour = forms.ChoiceField(label=_("If an event is invalid"), initial="rollback",
                                        widget=forms.RadioSelect, choices=[
        ("rollback", _("Capture nothing and list the problems (rollback)")),
        ("proceed", _("Capture the valid events and list the others (proceed)"))])
    party = forms.ChoiceField(label=_("Signed by (optional)"), required=False)
    signature = forms.CharField(label=_("Signature (base64)"), required=False, max_length=100, help_text=_(
        "The party's Ed25519 signature over the document's event hash ids, one per line, in document order."))

    def __init__(self, *args: Any, parties: Sequence[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["party"]).choices = [("", _("Not signed")), *parties]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        upload, pasted = data.get("document"), data.get("text") or ""
        if upload and pasted.strip():
            self.add_error("text", _("Upload a file or paste a document, not both."))
        elif upload:
            data["payload"] = self._from_file(upload)
        elif pasted.strip():
            try:
                data["payload"] = parse_document(pasted)
            except forms.ValidationError as exc:
                self.add_error("text", exc)
        elif "document" not in self.errors and "text" not in self.errors:
            self.add_error("document", _("Choose a file or paste a document."))
        if bool(data.get("party")) != bool(data.get("signature")):
            self.add_error("signature", _("Give both the signing party and its signature, or neither."))
        return data

    def _from_file(self, upload: Any) -> Any:
        if upload.size > MAX_DOCUMENT_BYTES:
            self.add_error("document", _("The file is larger than %(n)s MB.") % {"n": MAX_DOCUMENT_BYTES // 2**20})
            return None
        try:
            text = upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            self.add_error("document", _("The file is not UTF-8 text."))
            return None
        try:
            return parse_document(text)
        except forms.ValidationError as exc:
            self.add_error("document", exc)
            return None
