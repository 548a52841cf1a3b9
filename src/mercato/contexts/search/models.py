"""Persistence only: the product index (a denormalised row per product, with analysed tokens), the vocabulary,
the segmentation dictionary, synonyms operators edit, zero-result queries and sales tallies.

Each engine adds its own structure in migration 0002: an FTS5 table (SQLite) or a tsvector column with a GIN
index and trigram indexes (PostgreSQL).
"""

from __future__ import annotations

from django.db import models


class IndexedProduct(models.Model):
    doc_id = models.BigAutoField(primary_key=True)
    product_id = models.CharField(max_length=32, unique=True)
    merchant_id = models.CharField(max_length=32, db_index=True)
    merchant_name = models.CharField(max_length=200, default="")
    category_id = models.CharField(max_length=32, default="")
    category_path = models.CharField(max_length=400, default="/", help_text="/root/…/leaf/ category ids")
    title = models.JSONField(default=dict)
    cheapest_variant_id = models.CharField(max_length=32, default="")
    min_price = models.DecimalField(max_digits=14, decimal_places=2)
    max_price = models.DecimalField(max_digits=14, decimal_places=2)
    currency = models.CharField(max_length=3, default="CNY")
    in_stock = models.BooleanField(default=False)
    rating = models.DecimalField(max_digits=3, decimal_places=2, null=True, blank=True)
    sales = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField()
    visible = models.BooleanField(default=True)
    title_tokens = models.TextField(default="")
    label_tokens = models.TextField(default="", help_text="category, merchant and brand words")
    body_tokens = models.TextField(default="", help_text="description, attributes, SKUs")
    indexed_at = models.DateTimeField()

    class Meta:
        indexes = [
            models.Index(fields=["visible", "min_price"], name="search_price_idx"),
            models.Index(fields=["visible", "created_at"], name="search_newest_idx"),
            models.Index(fields=["visible", "sales"], name="search_sales_idx"),
            models.Index(fields=["visible", "category_id"], name="search_category_idx"),
        ]

    def __str__(self) -> str:
        return str(self.title.get("en") or self.product_id)


class IndexedCategory(models.Model):
    """Names of the categories that appear in the index (facet labels, ?category= by id or slug)."""

    id = models.CharField(max_length=32, primary_key=True)
    slug = models.CharField(max_length=80, db_index=True)
    name = models.JSONField(default=dict)
    parent_id = models.CharField(max_length=32, null=True, blank=True)

    class Meta:
        verbose_name_plural = "indexed categories"


class SearchTerm(models.Model):
    """The index's vocabulary: spelling suggestions and term autocomplete draw from it."""

    term = models.CharField(max_length=64, primary_key=True)
    documents = models.PositiveIntegerField(default=1, help_text="products containing the term (exact after a "
                                                                 "rebuild, approximate between rebuilds)")


class SegmentationTerm(models.Model):
    """A whole Chinese term the segmenter must keep together (brands, product nouns from the catalogue)."""

    term = models.CharField(max_length=16, primary_key=True)


class Synonym(models.Model):
    """Words that mean the same to shoppers, e.g. "手机, phone, mobile, smartphone"."""

    terms = models.CharField(max_length=500, help_text="comma-separated equivalent words or phrases, "
                                                       "e.g. 手机, phone, mobile")
    note = models.CharField(max_length=200, blank=True, default="")
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return self.terms


class ZeroResultQuery(models.Model):
    """A query that found nothing even after relaxing it: what shoppers want and the catalogue lacks."""

    query = models.CharField(max_length=200)
    merchant_id = models.CharField(max_length=32, blank=True, default="", help_text="set when searching one shop")
    times = models.PositiveIntegerField(default=1)
    suggestion = models.CharField(max_length=200, blank=True, default="")
    first_seen_at = models.DateTimeField()
    last_seen_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["query", "merchant_id"], name="zero_result_query_unique")]
        verbose_name_plural = "zero-result queries"

    def __str__(self) -> str:
        return self.query


class ProductSales(models.Model):
    """Orders placed per product, counted from OrderPlaced (kept across index rebuilds)."""

    product_id = models.CharField(max_length=32, primary_key=True)
    orders = models.PositiveIntegerField(default=0)
