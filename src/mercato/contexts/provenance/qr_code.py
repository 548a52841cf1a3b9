"""QR codes for GS1 Digital Link URIs as inline SVG, for product pages and printable labels.

Error correction level M (about 15% of the symbol may be damaged) is the usual choice for printed product links; it is
fixed, not boosted, so the symbol only grows when the data needs it. The 4-module quiet zone is the QR minimum.
"""

from __future__ import annotations

import io
from typing import Final

import segno

QUIET_ZONE: Final = 4
"""Light border around the symbol, in modules (ISO/IEC 18004 minimum for QR Code)."""


def qr_svg(data: str, *, scale: int = 4, title: str | None = None) -> str:
    """An SVG element for inlining into HTML (no XML declaration): `scale` px per module, viewBox for resizing."""
    if scale < 1:
        raise ValueError(f"scale must be a positive number of pixels per module, not {scale}")
    symbol = segno.make(data, error="m", boost_error=False, micro=False)  # never Micro QR: phones scan QR
    buffer = io.BytesIO()
    symbol.save(buffer, kind="svg", scale=scale, border=QUIET_ZONE, title=title, xmldecl=False, omitsize=True, nl=False)
    width, height = symbol.symbol_size(scale=scale, border=QUIET_ZONE)
    svg = buffer.getvalue().decode("utf-8")
    return svg.replace("<svg ", f'<svg width="{width}" height="{height}" role="img" ', 1)
