"""The inline SVG is well-formed XML sized for its symbol version with a 4-module quiet zone, and the dark modules it
draws are exactly segno's level-M QR Code matrix for the payload (not level L/Q/H, not Micro QR)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
import segno

from mercato.contexts.provenance.qr_code import QUIET_ZONE, qr_svg

SVG = "{http://www.w3.org/2000/svg}"
PAYLOADS = [
    "https://id.gs1.org/01/09520123456788",
    "https://shop.example/01/09520123456788/10/ABC123/21/" + "X" * 20,
    "A",  # short enough for a Micro QR, which phones do not read
]


def _dark_modules(svg: str) -> set[tuple[int, int]]:
    """(row, column) of every module the SVG path paints, undoing segno's scale transform and quiet zone."""
    path = ET.fromstring(svg).find(f"{SVG}path")
    assert path is not None
    scale = int(re.fullmatch(r"scale\((\d+)\)", path.get("transform", "scale(1)"))[1])  # type: ignore[index]
    assert scale >= 1
    x = y = 0.0
    dark: set[tuple[int, int]] = set()
    for command, dx, dy in re.findall(r"([Mmh])(-?[\d.]+)(?: (-?[\d.]+))?", path.get("d", "")):
        if command == "M":
            x, y = float(dx), float(dy)
        elif command == "m":
            x, y = x + float(dx), y + float(dy)
        else:
            row = int(y - 0.5) - QUIET_ZONE
            dark.update((row, int(x) + step - QUIET_ZONE) for step in range(int(dx)))
            x += float(dx)
    return dark


def _matrix_dark(symbol: segno.QRCode) -> set[tuple[int, int]]:
    return {(row, column) for row, line in enumerate(symbol.matrix) for column, bit in enumerate(line) if bit}


@pytest.mark.parametrize("payload", PAYLOADS)
def test_svg_is_the_level_m_symbol_with_a_quiet_zone(payload: str) -> None:
    svg = qr_svg(payload, scale=3)
    assert svg.startswith("<svg ") and "<?xml" not in svg
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    expected = segno.make(payload, error="M", boost_error=False, micro=False)
    assert (expected.error, expected.is_micro) == ("M", False)
    modules = 17 + 4 * int(expected.version)
    size = (modules + 2 * QUIET_ZONE) * 3
    assert root.get("viewBox") == f"0 0 {size} {size}"
    assert (root.get("width"), root.get("height")) == (str(size), str(size))
    dark = _dark_modules(svg)
    assert dark == _matrix_dark(expected)
    assert all(0 <= row < modules and 0 <= column < modules for row, column in dark)  # quiet zone stays light
    for level in "LQH":
        assert dark != _matrix_dark(segno.make(payload, error=level, boost_error=False, micro=False))


def test_known_symbol_version_for_a_gs1_digital_link() -> None:
    root = ET.fromstring(qr_svg("https://id.gs1.org/01/09520123456788"))
    assert root.get("viewBox") == "0 0 148 148"  # version 3 (29 modules) + 2 x 4 quiet zone, 4 px per module


def test_title_is_escaped_and_scale_is_checked() -> None:
    root = ET.fromstring(qr_svg("https://id.gs1.org/01/09520123456788", title='Lot <7> & "more"'))
    assert root.findtext(f"{SVG}title") == 'Lot <7> & "more"'
    assert root.get("role") == "img"
    with pytest.raises(ValueError, match="scale"):
        qr_svg("x", scale=0)
