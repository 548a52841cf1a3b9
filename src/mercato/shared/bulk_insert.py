"""Insert many new rows of one model with PostgreSQL's COPY: the hot path's bulk_create.

`QuerySet.bulk_create` prepares every value of every row field by field in Python and, with psycopg's
client-side binding, quotes each one into the statement: at a flash sale's pace that was the largest share of
an accepted purchase's CPU. COPY takes the rows as they are and lets PostgreSQL parse them. Other databases
(SQLite, the embedded profile) use bulk_create unchanged.

Rows are inserted exactly as their instances hold them; nothing is returned, so an auto-increment primary key
stays None (callers that need it use bulk_create). Fields with `auto_now`/`auto_now_add` get the current time
as bulk_create would give them. Database errors arrive as Django's (IntegrityError, ...).
"""

from __future__ import annotations

import enum
import json
from collections.abc import Sequence
from functools import cache
from typing import Any

from django.db import connection, models

_PLAIN, _JSON, _AUTO_TIME = 0, 1, 2


@cache
def _plan(model: type[models.Model]) -> tuple[str, tuple[tuple[str, int, models.Field[Any, Any]], ...]]:
    fields = [f for f in model._meta.concrete_fields
              if not (f.primary_key and isinstance(f, models.AutoField | models.BigAutoField | models.SmallAutoField))]
    quote = connection.ops.quote_name
    statement = (f"COPY {quote(model._meta.db_table)} "
                 f"({', '.join(quote(str(f.column)) for f in fields)}) FROM STDIN")
    plan = tuple(
        (f.attname,
         _JSON if isinstance(f, models.JSONField)
         else _AUTO_TIME if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
         else _PLAIN, f)
        for f in fields)
    return statement, plan


def insert_rows(model: type[models.Model], objs: Sequence[models.Model]) -> None:
    """Insert `objs` (new instances of `model`) in one statement, in the caller's transaction."""
    if not objs:
        return
    if connection.vendor != "postgresql":
        model._default_manager.bulk_create(objs)
        return
    statement, plan = _plan(model)
    rows = [[_value(obj, attname, kind, field) for attname, kind, field in plan] for obj in objs]
    with connection.cursor() as cursor, connection.wrap_database_errors, cursor.cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row(row)
    for obj in objs:
        obj._state.adding = False
        obj._state.db = connection.alias


def _value(obj: models.Model, attname: str, kind: int, field: models.Field[Any, Any]) -> Any:
    if kind == _AUTO_TIME:
        return field.pre_save(obj, add=True)
    value = getattr(obj, attname)
    if value is None:
        return None
    if kind == _JSON:
        return json.dumps(value, cls=getattr(field, "encoder", None))
    if isinstance(value, enum.Enum):
        return value.value
    return value
