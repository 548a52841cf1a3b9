"""A catalogue variant's GS1 Digital Link on this platform's host, and its QR code."""

from __future__ import annotations

from dataclasses import dataclass

from mercato.contexts.catalog import public as catalog
from mercato.shared.errors import NotFound, ValidationFailed

from .domain.digital_link import DigitalLinkError, digital_link_for, gtin14
from .qr_code import qr_svg


@dataclass(frozen=True)
class VariantLink:
    variant_id: str
    gtin: str
    uri: str
    qr_svg: str


def variant_link(variant_id: str, *, host: str, lot: str | None = None, serial: str | None = None) -> VariantLink:
    """404 when the variant does not exist or has no valid GTIN (only GTIN-bearing variants have a Digital Link)."""
    variant = catalog.variants_for_sale([variant_id]).get(variant_id)
    if variant is None or not variant.gtin:
        raise NotFound.of("variant with a GTIN", variant_id)
    try:
        code = gtin14(variant.gtin)
    except DigitalLinkError as exc:
        raise NotFound(f"variant {variant_id} has no valid GTIN: {exc}") from exc
    try:
        uri = digital_link_for(host=host, gtin=code, lot=lot, serial=serial)
    except DigitalLinkError as exc:
        raise ValidationFailed.on("serial" if serial and "(21)" in str(exc) else "lot", str(exc)) from exc
    return VariantLink(variant_id=variant_id, gtin=code, uri=uri, qr_svg=qr_svg(uri, title=uri))
