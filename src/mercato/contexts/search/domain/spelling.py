"""Spelling suggestions: trigram similarity (the measure pg_trgm uses) and edit distance over the vocabulary."""

from __future__ import annotations

from collections.abc import Iterable

MIN_SIMILARITY = 0.3
MIN_LENGTH = 4  # shorter words have too few trigrams to correct safely


def trigrams(word: str) -> set[str]:
    """pg_trgm's trigrams: the word padded with two spaces in front and one behind."""
    padded = f"  {word} "
    return {padded[i:i + 3] for i in range(len(padded) - 2)}


def similarity(a: str, b: str) -> float:
    ta, tb = trigrams(a), trigrams(b)
    return len(ta & tb) / len(ta | tb) if ta and tb else 0.0


def edit_distance(a: str, b: str) -> int:
    """Optimal string alignment distance (a swap of neighbours counts as one edit)."""
    rows = [list(range(len(b) + 1))]
    for i, ca in enumerate(a, start=1):
        row = [i] + [0] * len(b)
        for j, cb in enumerate(b, start=1):
            row[j] = min(rows[-1][j] + 1, row[j - 1] + 1, rows[-1][j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                row[j] = min(row[j], rows[-2][j - 2] + 1)
        rows.append(row)
    return rows[-1][-1]


def correctable(word: str) -> bool:
    return len(word) >= MIN_LENGTH and word.isascii() and word.isalnum()


def best_correction(word: str, candidates: Iterable[tuple[str, int]]) -> str | None:
    """The closest known word: at most two edits away, similar enough, then the most frequent."""
    best: tuple[float, int, str] | None = None
    for term, frequency in candidates:
        if term == word or abs(len(term) - len(word)) > 2:
            continue
        score = similarity(word, term)
        if score < MIN_SIMILARITY or edit_distance(word, term) > 2:
            continue
        key = (score, frequency, term)
        if best is None or key > best:
            best = key
    return best[2] if best else None
