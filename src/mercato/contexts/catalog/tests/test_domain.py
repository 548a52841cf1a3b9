"""Catalog rules without a database."""

import pytest

from mercato.contexts.catalog.domain.gtin import is_valid_gtin
from mercato.contexts.catalog.domain.texts import as_translations, normalise_language


@pytest.mark.parametrize(("code", "ok"), [("6901234567892", True), ("6901234567893", False), ("96385074", True),
                                          ("10012345678902", True), ("12345", False), ("69012345678ab", False)])
def test_gtin_check_digit(code, ok):
    assert is_valid_gtin(code) is ok


def test_texts_fill_missing_languages_and_languages_normalise():
    assert as_translations("Phone") == {"zh-Hans": "Phone", "en": "Phone"}
    assert as_translations({"en": "Phone"})["zh-Hans"] == "Phone"
    assert normalise_language("en-GB,en;q=0.9") == "en" and normalise_language("zh-CN") == "zh-Hans"
