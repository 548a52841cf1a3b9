"""Texts per language: products carry at least zh-Hans and en."""

from __future__ import annotations

from collections.abc import Mapping

LANGUAGES = ("zh-Hans", "en")
DEFAULT_LANGUAGE = "zh-Hans"


def normalise_language(tag: str | None) -> str:
    """Map an Accept-Language or ?lang= value onto a language the catalog holds."""
    if not tag:
        return DEFAULT_LANGUAGE
    first = tag.split(",")[0].split(";")[0].strip().lower()
    if first.startswith("en"):
        return "en"
    return DEFAULT_LANGUAGE


def as_translations(value: str | Mapping[str, str]) -> dict[str, str]:
    """A plain string is taken as the text in every required language until a translation is given."""
    if isinstance(value, str):
        return {lang: value for lang in LANGUAGES}
    texts = {k: v for k, v in value.items() if v}
    for lang in LANGUAGES:
        texts.setdefault(lang, next(iter(texts.values()), ""))
    return texts


def pick(texts: Mapping[str, str], language: str) -> str:
    return texts.get(language) or texts.get(DEFAULT_LANGUAGE) or next(iter(texts.values()), "")
