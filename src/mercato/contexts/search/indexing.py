"""Turning catalogue documents into index rows: analysed tokens per field, vocabulary, category names."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from mercato.contexts.catalog.public import search_documents
from mercato.shared import clock

from .domain.analysis import Segmenter, bigrams, dictionary_terms, token_of, words
from .engines import TokenRow
from .models import IndexedCategory, IndexedProduct

Document = search_documents.SearchDocument


@dataclass(frozen=True)
class Analysed:
    row: IndexedProduct
    title: list[str]
    labels: list[str]
    body: list[str]

    def tokens(self, doc_id: int) -> TokenRow:
        return TokenRow(doc_id=doc_id, title=_tokens(self.title), labels=_tokens(self.labels),
                        body=_tokens(self.body))

    def vocabulary(self) -> set[str]:
        return {w for w in (*self.title, *self.labels, *self.body) if len(w) <= 64}


def _tokens(surface: Iterable[str]) -> str:
    found = list(surface)
    return " ".join([token_of(w) for w in found] + [b for w in found for b in bigrams(w)])


def terms_to_teach(documents: Sequence[Document]) -> set[str]:
    """Brand and product terms from titles, shop names and category names (the segmenter's user dictionary)."""
    texts: list[str] = []
    for d in documents:
        texts += [d.title.get("zh-Hans", ""), d.merchant_name]
        texts += [name for c in d.categories for name in c.name.values()]
    return dictionary_terms(texts)


def analyse(document: Document, segment: Segmenter, sales: int = 0) -> Analysed:
    title = " ".join(document.title.values())
    labels = " ".join([document.merchant_name, *(n for c in document.categories for n in c.name.values())])
    body = " ".join([*document.description.values(), *document.attributes, *document.skus])
    leaf = document.categories[0].id if document.categories else ""
    path = "/" + "".join(f"{c.id}/" for c in reversed(document.categories))
    row = IndexedProduct(
        product_id=document.product_id, merchant_id=document.merchant_id, merchant_name=document.merchant_name,
        category_id=leaf, category_path=path, title=document.title,
        cheapest_variant_id=document.cheapest_variant_id, min_price=document.min_price,
        max_price=document.max_price, currency=document.currency, in_stock=document.in_stock,
        rating=document.rating, sales=sales, created_at=document.created_at, visible=document.visible,
        indexed_at=clock.now(),
    )
    analysed = Analysed(row=row, title=words(title, segment), labels=words(labels, segment),
                        body=words(body, segment))
    row.title_tokens, row.label_tokens, row.body_tokens = (
        _tokens(analysed.title), _tokens(analysed.labels), _tokens(analysed.body))
    return analysed


def categories_of(documents: Sequence[Document]) -> list[IndexedCategory]:
    seen: dict[str, IndexedCategory] = {}
    for d in documents:
        chain = d.categories
        for i, c in enumerate(chain):
            parent = chain[i + 1].id if i + 1 < len(chain) else None
            seen[c.id] = IndexedCategory(id=c.id, slug=c.slug, name=c.name, parent_id=parent)
    return list(seen.values())


def document_frequencies(analysed: Iterable[Analysed]) -> Counter[str]:
    counts: Counter[str] = Counter()
    for a in analysed:
        counts.update(a.vocabulary())
    return counts
