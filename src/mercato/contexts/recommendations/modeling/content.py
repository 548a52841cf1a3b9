"""Content similarity: items whose texts share character n-grams (works for Chinese without segmentation)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer

from .signals import top_neighbours

CHUNK = 2048


def text_neighbours(item_ids: Sequence[str], texts: Mapping[str, str], keep: int) -> sp.csr_matrix:
    """Item × item cosine of TF-IDF character 2–4-grams, top `keep` per item; items without text have none.

    Computed a block of rows at a time so a large catalogue never needs the full dense item × item matrix.
    """
    n = len(item_ids)
    with_text = np.asarray([k for k, item in enumerate(item_ids) if texts.get(item, "").strip()], dtype=np.int64)
    if len(with_text) < 2:
        return sp.csr_matrix((n, n), dtype=np.float32)
    vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), sublinear_tf=True, dtype=np.float32)
    vectors = vectorizer.fit_transform([texts[item_ids[k]] for k in with_text])
    blocks = [top_neighbours(vectors[start:start + CHUNK] @ vectors.T, keep, row_offset=start)
              for start in range(0, len(with_text), CHUNK)]
    local = sp.vstack(blocks).tocoo()
    return sp.csr_matrix((local.data, (with_text[local.row], with_text[local.col])), shape=(n, n), dtype=np.float32)
