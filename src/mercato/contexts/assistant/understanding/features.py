"""How a message becomes features: one normalisation, jieba words (stemmed in English) and character n-grams.

Character n-grams carry Chinese (no spaces to split on) and English typos ("cancle", "adress"); word uni- and
bigrams carry the phrasing ("where is", "退款 进度").
"""

from __future__ import annotations

import logging
import re
import unicodedata
from functools import lru_cache

import jieba
import snowballstemmer

jieba.setLogLevel(logging.WARNING)

_DIGITS = re.compile(r"\d+")
_NOISE = re.compile(r"[^\w\s?\u3400-\u9fff]+")
_SPACES = re.compile(r"\s+")
_LATIN_WORD = re.compile(r"^[a-z][a-z']*$")
_STEMMER = snowballstemmer.stemmer("english")


def normalise(text: str) -> str:
    """Full-width to half-width, lower case, numbers folded to one shape, punctuation (but "?") dropped."""
    text = unicodedata.normalize("NFKC", text).lower().replace("'", "")
    text = _DIGITS.sub(" ", text)
    return _SPACES.sub(" ", _NOISE.sub(" ", text)).strip()


@lru_cache(maxsize=50_000)
def _stem(word: str) -> str:
    return str(_STEMMER.stemWord(word)) if _LATIN_WORD.match(word) else word


def words(text: str) -> list[str]:
    """jieba's segmentation of the normalised text, English words stemmed."""
    return [_stem(token) for token in jieba.lcut(normalise(text)) if token.strip()]


def word_ngrams(text: str) -> list[str]:
    """Unigrams and bigrams (with sentence boundaries, so "no" alone differs from "no" inside a sentence)."""
    tokens = words(text)
    padded = ["<s>", *tokens, "</s>"]
    return tokens + [f"{a} {b}" for a, b in zip(padded, padded[1:], strict=False)]
