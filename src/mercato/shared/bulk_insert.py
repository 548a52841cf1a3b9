"""Insert many new rows of one model with PostgreSQL's COPY: the hot path's bulk_create.

`QuerySet.bulk_create` prepares every value of every row field by field in Python and, with psycopg's
client-side binding, quotes each one into the statement: at a flash sale's pace that was the largest share of
an accepted purchase's CPU. COPY takes the rows as they are and lets PostgreSQL parse them. Other databases
(SQLite, the embedded profile) use bulk_create unchanged.

Rows are inserted exactly as their instances hold them (a TextChoices member as its text, JSON as the field's
encoder writes it); nothing is returned, so an auto-increment primary key stays None (callers that need it use
bulk_create). Fields with `auto_now`/`auto_now_add` get the current time as bulk_create would give them.
Database errors arrive as Django's (IntegrityError, ...).
"""

from __future__ import annotations

import json
import operator
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.db import connection, models

_JSON, _AUTO_TIME = 1, 2


@dataclass(frozen=True)
class _Plan:
    statement: str
    values: Callable[[models.Model], tuple[Any, ...]]  # the row's attributes in column order
    fixes: tuple[tuple[int, int, models.Field[Any, Any]], ...]  # (column, kind, field) needing more than a read


@cache
def _plan(model: type[models.Model]) -> _Plan:
    fields = [f for f in model._meta.concrete_fields
              if not (f.primary_key and isinstance(f, models.AutoField | models.BigAutoField | models.SmallAutoField))]
    quote = connection.ops.quote_name
    statement = (f"COPY {quote(model._meta.db_table)} "
                 f"({', '.join(quote(str(f.column)) for f in fields)}) FROM STDIN")
    fixes = tuple(
        (i, _JSON if isinstance(f, models.JSONField) else _AUTO_TIME, f) for i, f in enumerate(fields)
        if isinstance(f, models.JSONField) or getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False))
    names = [f.attname for f in fields]
    values = operator.attrgetter(*names) if len(names) > 1 else (lambda obj: (getattr(obj, names[0]),))
    return _Plan(statement, values, fixes)


def insert_rows(model: type[models.Model], objs: Sequence[models.Model]) -> None:
    """Insert `objs` (new instances of `model`) in one statement, in the caller's transaction."""
    if not objs:
        return
    if connection.vendor != "postgresql":
        model._default_manager.bulk_create(objs)
        return
    plan = _plan(model)
    started = time.monotonic()
    with connection.cursor() as cursor, connection.wrap_database_errors, cursor.cursor.copy(plan.statement) as copy:
        for obj in objs:
            row = list(plan.values(obj))
            for column, kind, field in plan.fixes:
                if kind == _AUTO_TIME:
                    row[column] = field.pre_save(obj, add=True)
                elif row[column] is not None:
                    row[column] = json.dumps(row[column], cls=getattr(field, "encoder", None))
            copy.write_row(row)
    if connection.queries_logged:  # counted like any statement by query budgets and the debug toolbar
        connection.queries_log.append({"sql": f"{plan.statement} -- {len(objs)} rows",
                                       "time": f"{time.monotonic() - started:.3f}"})
    for obj in objs:
        obj._state.adding = False
        obj._state.db = connection.alias
