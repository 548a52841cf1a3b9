"""Text analysis shared by both engines: the index and the query see exactly the same tokens.

Chinese runs are segmented with jieba (a private tokenizer carrying the catalogue's brand and product terms as a
user dictionary), Latin words are lower-cased and Snowball-stemmed, digits stay as they are. Engines never
tokenise text themselves: they receive space-separated tokens, so SQLite FTS5 and PostgreSQL agree.
"""

from __future__ import annotations

import logging
import re
import threading
import unicodedata
from collections.abc import Iterable

import jieba
import snowballstemmer

jieba.setLogLevel(logging.WARNING)

CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_RUNS = re.compile(rf"[{CJK}]+|[a-z0-9]+")
_CJK_RUN = re.compile(rf"^[{CJK}]+$")
STOPWORDS = frozenset({"a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "in", "is", "it", "of", "on",
                       "or", "the", "to", "with", "的", "了", "和", "与", "及", "或", "在", "是"})
MAX_QUERY_TOKENS = 12
_stemmer = snowballstemmer.stemmer("english")
_stem_lock = threading.Lock()


def normalise(text: str) -> str:
    """NFKC folds full-width letters and digits (ＡＢＣ１２３ → abc123); lower-case; no control characters."""
    folded = unicodedata.normalize("NFKC", text).lower()
    return "".join(ch if unicodedata.category(ch)[0] != "C" else " " for ch in folded)


def is_cjk(token: str) -> bool:
    return bool(_CJK_RUN.match(token))


def stem(word: str) -> str:
    """English stem of an alphabetic word; words with digits (5g, 256gb, xm5) are model names, kept whole."""
    if not word.isalpha() or len(word) < 3:
        return word
    with _stem_lock:  # the Snowball stemmer object is not thread-safe
        return str(_stemmer.stemWord(word))


class Segmenter:
    """A jieba tokenizer of our own, so the user dictionary never leaks into other users of jieba."""

    def __init__(self) -> None:
        self._tokenizer = jieba.Tokenizer()
        self._words: set[str] = set()
        self._lock = threading.Lock()

    def add_words(self, words: Iterable[str]) -> int:
        """Teach the segmenter whole terms (brands, product nouns); returns how many were new."""
        fresh = [w for w in words if w and w not in self._words and is_cjk(w)]
        with self._lock:
            for word in fresh:
                self._tokenizer.add_word(word, freq=2000)
                self._words.add(word)
        return len(fresh)

    def index_tokens(self, run: str) -> list[str]:
        """Fine and coarse words of a Chinese run (降噪耳机 → 降噪, 耳机, 降噪耳机), for recall."""
        with self._lock:
            return [w for w in self._tokenizer.cut_for_search(run, HMM=False) if w.strip()]

    def query_tokens(self, run: str) -> list[str]:
        """The most likely words of a Chinese query run."""
        with self._lock:
            return [w for w in self._tokenizer.cut(run, HMM=False) if w.strip()]

    def pieces(self, word: str) -> list[str]:
        """Smaller dictionary words inside a word (the query's fallback when the index lacks the whole word)."""
        with self._lock:
            return [w for w in self._tokenizer.cut_for_search(word, HMM=False) if w != word and len(w) > 1]


def words(text: str, segment: Segmenter, *, for_query: bool = False) -> list[str]:
    """Surface words: normalised, not stemmed, without stopwords (the vocabulary, spelling, autocomplete)."""
    out: list[str] = []
    for run in _RUNS.findall(normalise(text)):
        if is_cjk(run):
            found = _joined_single_characters(segment.query_tokens(run)) if for_query \
                else segment.index_tokens(run)
            out.extend(w for w in found if w not in STOPWORDS)
        elif run not in STOPWORDS:
            out.append(run)
    return out


def _joined_single_characters(found: list[str]) -> list[str]:
    """The segmenter falls back to single characters for words it does not know (白茶 → 白, 茶); searched
    alone they match anything, so neighbours are joined again and matched through the indexed bigrams."""
    out: list[str] = []
    pending = ""
    for w in found:
        if len(w) == 1:
            pending += w
            continue
        if pending:
            out.append(pending)
            pending = ""
        out.append(w)
    return [*out, pending] if pending else out


def bigrams(word: str) -> list[str]:
    """Overlapping character pairs of a Chinese word of three or more characters (男子连帽卫衣 → 男子 … 卫衣)."""
    if not is_cjk(word) or len(word) < 3:
        return []
    return [word[i:i + 2] for i in range(len(word) - 1)]


def token_of(word: str) -> str:
    """The indexed form of a surface word."""
    return word if is_cjk(word) else stem(word)


def index_tokens(text: str, segment: Segmenter) -> list[str]:
    """Indexed tokens: every word, then the bigrams of long Chinese words, so a query for a part of a word the
    segmenter kept whole (卫衣 in 男子连帽卫衣) still matches."""
    found = words(text, segment)
    return [token_of(w) for w in found] + [b for w in found for b in bigrams(w)]


def query_words(text: str, segment: Segmenter) -> list[str]:
    """The query's distinct words, at most MAX_QUERY_TOKENS."""
    return list(dict.fromkeys(words(text, segment, for_query=True)))[:MAX_QUERY_TOKENS]


def prefix_token(word: str) -> str:
    """What a half-typed word must be a prefix of: the part the word and its stem share (batter → batter*,
    matching the stem batteri; cancell → cancel*)."""
    stemmed = token_of(word)
    shared = 0
    while shared < min(len(word), len(stemmed)) and word[shared] == stemmed[shared]:
        shared += 1
    return word[:max(shared, 1)]


def last_word_is_partial(text: str) -> bool:
    """Autocomplete: the shopper is still typing the last word (no trailing space)."""
    return bool(text) and not text[-1].isspace()


def dictionary_terms(texts: Iterable[str]) -> set[str]:
    """Whole Chinese terms worth teaching the segmenter: space-separated CJK chunks of titles and names
    (brands such as 漫步者, product nouns such as 真无线降噪耳机), two to eight characters."""
    terms: set[str] = set()
    for text in texts:
        for chunk in normalise(text).split():
            for run in re.findall(rf"[{CJK}]+", chunk):
                if 2 <= len(run) <= 8:
                    terms.add(run)
    return terms
