"""Commands (writes): index one product at a time as the catalogue changes, rebuild everything, count sales,
record zero-result queries. Prices are copied from the catalogue's public feed, never per shopper."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.core.cache import cache
from django.db import transaction
from django.db.models import F

from mercato.contexts.catalog.public import search_documents
from mercato.shared import clock, events
from mercato.shared.session_digest import session_digest

from . import read_cache
from .contracts import SearchQuery, SearchResult
from .engines import engine
from .events import SearchPerformed
from .indexing import Analysed, analyse, categories_of, document_frequencies, terms_to_teach
from .models import (
    IndexedCategory,
    IndexedProduct,
    ProductSales,
    SearchTerm,
    SegmentationTerm,
    ZeroResultQuery,
)
from .segmentation import dictionary_add, segmenter

REBUILD_BATCH = 500
REBUILD_LOCK = "search:rebuilding"


def _store_vocabulary(counts: dict[str, int], *, exact: bool) -> None:
    """New words join the vocabulary; a rebuild writes exact document counts."""
    known = set(SearchTerm.objects.filter(term__in=list(counts)).values_list("term", flat=True)) if not exact \
        else set()
    fresh = [t for t in counts if t not in known]
    SearchTerm.objects.bulk_create([SearchTerm(term=t, documents=counts[t]) for t in fresh],
                                   ignore_conflicts=True, batch_size=2000)
    engine().add_vocabulary(fresh)


def _upsert_categories(rows: Sequence[IndexedCategory]) -> None:
    if rows:
        IndexedCategory.objects.bulk_create(rows, update_conflicts=True, unique_fields=["id"],
                                            update_fields=["slug", "name", "parent_id"])
        read_cache.categories_refresh()  # a rolled-back refresh only names a category too many


@transaction.atomic
def index_products(*, product_ids: Iterable[str]) -> int:
    """Re-index these products from the catalogue (created, edited, restocked, hidden or gone)."""
    wanted = set(product_ids)
    if not wanted:
        return 0
    documents = search_documents.documents_for(wanted)
    dictionary_add(terms_to_teach(documents))
    seg = segmenter()
    sales = dict(ProductSales.objects.filter(product_id__in=wanted).values_list("product_id", "orders"))
    analysed = [analyse(d, seg, sales.get(d.product_id, 0)) for d in documents]
    existing = dict(IndexedProduct.objects.filter(product_id__in=wanted).values_list("product_id", "doc_id"))
    gone = [doc_id for pid, doc_id in existing.items() if pid not in {d.product_id for d in documents}]
    if gone:
        engine().delete(gone)
        IndexedProduct.objects.filter(doc_id__in=gone).delete()
    for a in analysed:
        a.row.doc_id = existing.get(a.row.product_id)
        a.row.save(force_insert=a.row.doc_id is None)
    engine().write([a.tokens(a.row.doc_id) for a in analysed])
    _upsert_categories(categories_of(documents))
    _store_vocabulary(dict(document_frequencies(analysed)), exact=False)
    read_cache.mark_ready(bool(analysed) or IndexedProduct.objects.exists())
    return len(analysed)


@transaction.atomic
def index_rebuild() -> int:
    """Rebuild the whole index from the catalogue (the dictionary first, so every document is segmented
    with every brand and product term)."""
    batches = list(search_documents.documents_all(REBUILD_BATCH))
    engine().clear()
    IndexedProduct.objects.all().delete()
    IndexedCategory.objects.all().delete()
    SearchTerm.objects.all().delete()
    SegmentationTerm.objects.all().delete()
    dictionary_add(set().union(*(terms_to_teach(b) for b in batches)) if batches else set())
    seg = segmenter()
    sales = dict(ProductSales.objects.values_list("product_id", "orders"))
    everything: list[Analysed] = []
    for documents in batches:
        analysed = [analyse(d, seg, sales.get(d.product_id, 0)) for d in documents]
        IndexedProduct.objects.bulk_create([a.row for a in analysed])
        doc_ids = dict(IndexedProduct.objects.filter(product_id__in=[a.row.product_id for a in analysed])
                       .values_list("product_id", "doc_id"))
        engine().write([a.tokens(doc_ids[a.row.product_id]) for a in analysed])
        _upsert_categories(categories_of(documents))
        everything += analysed
    _store_vocabulary(dict(document_frequencies(everything)), exact=True)
    read_cache.forget_all()
    read_cache.categories_refresh()
    read_cache.mark_ready(bool(everything))
    return len(everything)


def index_merchant(*, merchant_id: str) -> int:
    """A shop was suspended or re-admitted: its products leave or rejoin the results."""
    return index_products(product_ids=search_documents.product_ids_of_merchant(merchant_id))


def index_variants(*, variant_ids: Iterable[str]) -> int:
    """Stock of some variants changed: their products' in-stock flags follow."""
    return index_products(product_ids=set(search_documents.product_ids_of_variants(variant_ids).values()))


@transaction.atomic
def sales_count(*, variant_ids: Sequence[str]) -> None:
    """An order was placed: each product in it counts one more order (the "sales" sort)."""
    products = set(search_documents.product_ids_of_variants(variant_ids).values())
    for product_id in products:
        tally, created = ProductSales.objects.get_or_create(product_id=product_id, defaults={"orders": 1})
        if not created:
            ProductSales.objects.filter(pk=tally.pk).update(orders=F("orders") + 1)
    IndexedProduct.objects.filter(product_id__in=products).update(sales=F("sales") + 1)


def zero_result_record(*, query: str, merchant_id: str | None, suggestion: str | None) -> None:
    """Remember a query nothing answered, even relaxed (operators and merchants see what is missing)."""
    text = " ".join(query.lower().split())[:200]
    if not text:
        return
    now = clock.now()
    with transaction.atomic():
        row, created = ZeroResultQuery.objects.select_for_update().get_or_create(
            query=text, merchant_id=merchant_id or "",
            defaults={"first_seen_at": now, "last_seen_at": now, "suggestion": suggestion or ""})
        if not created:
            ZeroResultQuery.objects.filter(pk=row.pk).update(times=F("times") + 1, last_seen_at=now,
                                                              suggestion=suggestion or row.suggestion)


def index_ensure() -> bool:
    """An empty index with a non-empty catalogue (a fresh install, a restored database) is rebuilt on first
    use, so search never silently answers nothing. Returns whether it rebuilt."""
    if read_cache.index_ready() or not search_documents.has_products():
        return False
    if not cache.add(REBUILD_LOCK, True, timeout=600):
        return False  # another request is rebuilding; this one answers from what is there
    try:
        index_rebuild()
    finally:
        cache.delete(REBUILD_LOCK)
    return True


def search_performed(*, query: SearchQuery, result: SearchResult, shopper_id: str | None,
                     session_key: str | None) -> None:
    """Tell the world (recommendations) a shopper searched; remember the query if it found nothing. Only a
    digest of an anonymous visitor's session key leaves here (the outbox must hold no live credential)."""
    text = " ".join(query.text.split())
    if not text:
        return
    if result.strict_total == 0:
        zero_result_record(query=text, merchant_id=query.merchant, suggestion=result.did_you_mean)
    with events.delivered_by_worker():  # analytics: the outbox job delivers it; the search answers at once
        events.publish(SearchPerformed(query=text[:200], result_count=result.total, shopper_id=shopper_id,
                                       session_digest=session_digest(session_key),
                                       at=clock.now().isoformat()))
