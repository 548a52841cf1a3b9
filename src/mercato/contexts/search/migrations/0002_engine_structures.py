"""Each engine's own structures: FTS5 tables on SQLite; pg_trgm, a tsvector column and GIN indexes on PostgreSQL."""

from django.db import migrations

SQLITE_FORWARD = [
    "CREATE VIRTUAL TABLE search_fts USING fts5(title, labels, body, tokenize = 'unicode61 remove_diacritics 0')",
    "CREATE VIRTUAL TABLE search_term_trgm USING fts5(term, tokenize = 'trigram')",
]
SQLITE_BACKWARD = ["DROP TABLE IF EXISTS search_fts", "DROP TABLE IF EXISTS search_term_trgm"]
POSTGRES_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "ALTER TABLE search_indexedproduct ADD COLUMN search_vector tsvector NOT NULL DEFAULT ''",
    "CREATE INDEX search_vector_gin ON search_indexedproduct USING GIN (search_vector)",
    "CREATE INDEX search_term_trgm_gin ON search_searchterm USING GIN (term gin_trgm_ops)",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS search_term_trgm_gin",
    "DROP INDEX IF EXISTS search_vector_gin",
    "ALTER TABLE search_indexedproduct DROP COLUMN IF EXISTS search_vector",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)
    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}),
        ),
    ]
