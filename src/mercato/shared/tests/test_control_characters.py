"""Text fields refuse exactly Unicode's control characters (category Cc), tab and newline aside."""

from __future__ import annotations

import sys
import unicodedata

import pytest

from mercato.shared.api_types import _no_control_chars


def test_the_refused_characters_are_exactly_unicodes_controls_but_tab_and_newline() -> None:
    refused = set()
    for code in range(sys.maxunicode + 1):
        if 0xD800 <= code <= 0xDFFF:
            continue
        try:
            _no_control_chars(f"a{chr(code)}b")
        except ValueError:
            refused.add(code)
    controls = {c for c in range(sys.maxunicode + 1)
                if not 0xD800 <= c <= 0xDFFF and unicodedata.category(chr(c)) == "Cc"} - {0x09, 0x0A}
    assert refused == controls


@pytest.mark.parametrize("text", ["  上海市 浦东新区  ", "line\tone", "a\u200bb"])
def test_other_text_is_kept_and_trimmed(text: str) -> None:
    assert _no_control_chars(text) == text.strip()
