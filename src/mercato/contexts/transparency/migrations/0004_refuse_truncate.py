"""PostgreSQL: refuse TRUNCATE on the log tables too (row triggers do not fire on it).

The test profile opts out per connection (`-c mercato.allow_log_truncate=on`) because Django's test harness
flushes tables with TRUNCATE; production connections never set it. An owner can still drop the trigger — the
proofs and the auditors' remembered heads catch what follows.
"""

from typing import Any

from django.db import migrations

TABLES = ("transparency_leaf", "transparency_perfectsubtree", "transparency_signedtreehead")

PG_FUNCTION = """
CREATE OR REPLACE FUNCTION transparency_reject_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF coalesce(current_setting('mercato.allow_log_truncate', true), '') = 'on' THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION 'transparency log table % is append-only: TRUNCATE rejected', TG_TABLE_NAME
        USING ERRCODE = 'integrity_constraint_violation';
END;
$$;
"""


def _create(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return  # SQLite has no TRUNCATE; its DELETE triggers cover the unqualified DELETE it uses instead
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(PG_FUNCTION)
    for table in TABLES:
        schema_editor.execute(f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
                              "FOR EACH STATEMENT EXECUTE FUNCTION transparency_reject_truncate();")


def _drop(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table};")
    schema_editor.execute("DROP FUNCTION IF EXISTS transparency_reject_truncate();")


class Migration(migrations.Migration):
    dependencies = [("transparency", "0003_entries")]
    operations = [migrations.RunPython(_create, _drop)]
