"""Append-only: reject UPDATE and DELETE on the log's leaves, perfect subtrees and signed tree heads.

The triggers keep honest code honest; a database owner can still drop them, which is what the proofs and signed
heads are for. PostgreSQL's TRUNCATE (which row triggers do not see) is refused by migration 0004.
"""

from typing import Any

from django.db import migrations

TABLES = ("transparency_leaf", "transparency_perfectsubtree", "transparency_signedtreehead")

PG_FUNCTION = """
CREATE OR REPLACE FUNCTION transparency_reject_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'transparency log table % is append-only: % rejected', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'integrity_constraint_violation';
END;
$$;
"""


def _create(apps: Any, schema_editor: Any) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(PG_FUNCTION)  # no params: the plpgsql % placeholders must reach the server as they are
        for table in TABLES:
            schema_editor.execute(
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION transparency_reject_change();"
            )
    elif vendor == "sqlite":
        for table in TABLES:
            for op in ("UPDATE", "DELETE"):
                schema_editor.execute(
                    f"CREATE TRIGGER {table}_no_{op.lower()} BEFORE {op} ON {table} "
                    f"BEGIN SELECT RAISE(ABORT, '{table} is append-only: {op} rejected'); END;"
                )
    else:
        raise RuntimeError(f"no append-only triggers for database vendor {vendor!r}")


def _drop(apps: Any, schema_editor: Any) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        for table in TABLES:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table};")
        schema_editor.execute("DROP FUNCTION IF EXISTS transparency_reject_change();")
    elif vendor == "sqlite":
        for table in TABLES:
            for op in ("update", "delete"):
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_no_{op};")


class Migration(migrations.Migration):
    dependencies = [("transparency", "0001_initial")]
    operations = [migrations.RunPython(_create, _drop)]
