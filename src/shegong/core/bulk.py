"""Fast inserts (and updates) of many rows, for imports, the audit trail of bulk writes and the
results of an assessment cycle (:func:`update`).

``bulk_create`` spends most of its time compiling SQL in Python (every value of every row goes
through the field's preparation, and SQLite allows only ~999 parameters a statement). For
tens of thousands of rows :func:`insert` does the same job more directly:

- PostgreSQL: ids are reserved from the table's sequence in one query, then the rows go in
  with ``COPY … FROM STDIN`` (psycopg);
- SQLite: ids follow the largest id used (the caller's transaction holds the write lock,
  ``transaction_mode=IMMEDIATE``), then one ``executemany``;
- any other database: ``bulk_create``.

Rows are dicts of field attribute names (``person_id``) to Python values; every concrete field
that a row leaves out gets its default (``auto_now``/``auto_now_add`` fields: now). Nothing
here validates: callers insert rows they have checked, inside their own transaction.

Statistics (issue 13): on PostgreSQL every table :func:`insert` filled is analysed once its
transaction commits (:func:`analyze_on_commit`), so the planner knows an import's (or the demo's)
thousands of new rows at once instead of when autovacuum gets round to them: before, the CPD
compliance page chose a nested loop over 6,000 × 2,500 rows and took 3 s until ``ANALYZE``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from operator import itemgetter

from django.core.exceptions import EmptyResultSet
from django.db import connection, models, transaction
from django.db.models import Lookup, Q
from django.utils import timezone


def _defaults(model, now) -> dict:
    values = {}
    for field in model._meta.concrete_fields:
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            values[field.attname] = now
        elif not field.primary_key:
            values[field.attname] = field.get_default()
    return values


class JSONText(str):
    """A value for a JSON column that is already serialised: inserted as the text it is."""

    __slots__ = ()


def _json(value):
    if value is None:
        return None
    if isinstance(value, JSONText):
        return str(value)
    return json.dumps(value, ensure_ascii=False)


def _converters(fields, vendor: str) -> list:
    """Per column: ``None`` (the driver takes the value as it is) or a conversion."""
    if vendor == "postgresql":
        return [_json if isinstance(f, models.JSONField) else None for f in fields]
    memo: dict = {}

    def sqlite_datetime(value):
        if value is None:
            return None
        if value not in memo:
            memo[value] = connection.ops.adapt_datetimefield_value(value)
        return memo[value]

    def sqlite_date(value):
        return None if value is None else value.isoformat()

    def sqlite_decimal(value):
        return None if value is None else str(value)

    converters = []
    for f in fields:
        if isinstance(f, models.JSONField):
            converters.append(_json)
        elif isinstance(f, models.DateTimeField):
            converters.append(sqlite_datetime)
        elif isinstance(f, models.DateField):
            converters.append(sqlite_date)
        elif isinstance(f, models.DecimalField):
            converters.append(sqlite_decimal)
        else:
            converters.append(None)
    return converters


def _values(rows, attnames, converters):
    """The rows as lists in column order, converted where the column needs it."""
    get = itemgetter(*attnames)
    convert = [(i, c) for i, c in enumerate(converters) if c is not None]
    for row in rows:
        values = list(get(row))
        for i, c in convert:
            values[i] = c(values[i])
        yield values


def insert(
    model: type[models.Model], rows: list[dict], batch_size: int = 5000, *, ids: bool = True
) -> list[dict]:
    """Insert ``rows`` into ``model``'s table; returns them completed (defaults, ``id``).

    ``ids=False``: the database numbers the rows itself and they are returned without their
    ``id`` (rows nothing else refers to by id, such as the audit trail's index)."""
    if not rows:
        return rows
    rows = _insert(model, rows, batch_size, ids=ids)
    analyze_on_commit(model)
    return rows


def _insert(model, rows: list[dict], batch_size: int, *, ids: bool) -> list[dict]:
    now = timezone.now()
    defaults = _defaults(model, now)
    if any(key not in rows[0] for key in defaults):  # rows all have the same keys
        for i, row in enumerate(rows):
            rows[i] = {**defaults, **row}
    pk = model._meta.pk.attname
    vendor = connection.vendor
    if not ids and vendor in ("postgresql", "sqlite"):
        fields = [f for f in model._meta.concrete_fields if not f.primary_key]
        with connection.cursor() as cursor:
            _write(cursor, model, fields, rows, batch_size, vendor)
        return rows
    if vendor not in ("postgresql", "sqlite"):
        objects = [model(**row) for row in rows]
        model._base_manager.bulk_create(objects, batch_size=batch_size)
        for row, obj in zip(rows, objects, strict=True):
            row[pk] = obj.pk
        return rows
    table = model._meta.db_table
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        if vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [table, model._meta.pk.column, len(rows)],
            )
            ids = sorted(r[0] for r in cursor.fetchall())
            for row, new_id in zip(rows, ids, strict=True):
                row[pk] = new_id
        else:
            # Identifiers from the model's own metadata, quoted; no user input in the SQL.
            cursor.execute(f"SELECT max({quote(model._meta.pk.column)}) FROM {quote(table)}")  # noqa: S608
            start = cursor.fetchone()[0] or 0
            cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
            seq = cursor.fetchone()
            start = max(start, seq[0] if seq else 0)
            for offset, row in enumerate(rows, 1):
                row[pk] = start + offset
        _write(cursor, model, list(model._meta.concrete_fields), rows, batch_size, vendor)
    return rows


#: Tables filled in the current transaction, waiting for their ``ANALYZE`` (per connection).
_TO_ANALYZE_ATTR = "_shegong_to_analyze"


def analyze(*models_: type[models.Model]) -> None:
    """``ANALYZE`` the tables of ``models_`` now (all tables when none is given): PostgreSQL
    and SQLite; nothing on other databases. Outside a transaction it is cheap (a sample of
    30,000 rows a table on PostgreSQL)."""
    if connection.vendor not in ("postgresql", "sqlite"):
        return
    quote = connection.ops.quote_name
    tables = sorted({m._meta.db_table for m in models_})
    with connection.cursor() as cursor:
        if not tables:
            cursor.execute("ANALYZE")
        elif connection.vendor == "postgresql":
            cursor.execute(f"ANALYZE {', '.join(quote(t) for t in tables)}")
        else:  # SQLite analyses one table (or the whole database) a statement
            for table in tables:
                cursor.execute(f"ANALYZE {quote(table)}")


def analyze_on_commit(model: type[models.Model]) -> None:
    """``ANALYZE`` ``model``'s table once the current transaction commits (PostgreSQL only: its
    planner decides joins by the statistics, and autovacuum analyses a table only after a
    tenth of it changed). All tables of one transaction are analysed in one statement."""
    if connection.vendor != "postgresql":
        return
    pending = getattr(connection, _TO_ANALYZE_ATTR, None)
    waiting = any(hook is _analyze_pending for _ids, hook, _robust in connection.run_on_commit)
    if pending is not None and waiting:
        pending.add(model)
        return
    # None yet, or it went with a rolled back transaction. (Outside a transaction the hook
    # runs at once, so the table is added first.)
    setattr(connection, _TO_ANALYZE_ATTR, {model})
    transaction.on_commit(_analyze_pending, robust=True)


def _analyze_pending() -> None:
    models_ = getattr(connection, _TO_ANALYZE_ATTR, None) or set()
    if hasattr(connection, _TO_ANALYZE_ATTR):
        delattr(connection, _TO_ANALYZE_ATTR)
    if models_:
        analyze(*models_)


def _write(cursor, model, fields: list, rows: list[dict], batch_size: int, vendor: str) -> None:
    """Insert ``rows`` into ``fields`` of ``model``'s table: ``COPY`` on PostgreSQL, else one
    ``executemany`` per ``batch_size`` rows."""
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = ", ".join(quote(f.column) for f in fields)
    converters = _converters(fields, vendor)
    attnames = [f.attname for f in fields]
    if vendor == "postgresql":
        with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for values in _values(rows, attnames, converters):
                copy.write_row(values)
        return
    placeholders = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {table} ({columns}) VALUES ({placeholders})"  # noqa: S608
    _executemany(cursor, sql, rows, attnames, converters, batch_size)


def _executemany(cursor, sql: str, rows: list[dict], attnames, converters, batch_size: int):
    for begin in range(0, len(rows), batch_size):
        cursor.executemany(
            sql, list(_values(rows[begin : begin + batch_size], attnames, converters))
        )


def update(model: type[models.Model], objects: list, fields: list[str], batch_size: int = 2000):
    """Write ``fields`` of each of ``objects`` (saved instances) to its row: one parameterised
    ``UPDATE … WHERE id = %s`` sent for every row with ``executemany`` (psycopg 3 pipelines
    them on PostgreSQL). Django's ``bulk_update`` builds one ``CASE WHEN`` per field over the
    batch, which took 5 ms a row in Python for the results of an assessment cycle; this takes
    a fraction of that. No signals, no validation: the caller checked the values, inside its
    own transaction."""
    if not objects:
        return
    vendor = connection.vendor
    concrete = [model._meta.get_field(name) for name in fields]
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(f.column)} = %s" for f in concrete)
    table, pk = quote(model._meta.db_table), quote(model._meta.pk.column)
    sql = f"UPDATE {table} SET {assignments} WHERE {pk} = %s"  # noqa: S608 - names from the model
    attnames = [f.attname for f in concrete]
    converters = [*_converters(concrete, vendor), None]
    rows = [{**{a: getattr(o, a) for a in attnames}, "__pk": o.pk} for o in objects]
    with connection.cursor() as cursor:
        _executemany(cursor, sql, rows, [*attnames, "__pk"], converters, batch_size)


# --- Looking up many values ---------------------------------------------------------------------

#: Values per query where each is a parameter (SQLite allows 999 parameters a statement).
IN_CHUNK = 900


class AnyOf(Lookup):
    """``field = ANY(%s)`` on PostgreSQL: the values as ONE array parameter (Django's ``__in``
    makes a parameter of every value, and preparing 100,000 of them costs more than the
    query). Elsewhere ``field IN (%s, …)``, a parameter a value: :func:`matching` keeps those
    within SQLite's limit of parameters."""

    lookup_name = "any_of"
    prepare_rhs = False

    def get_db_prep_lookup(self, value, connection):
        return ("%s", [list(value)])

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        if connection.vendor == "postgresql":
            return f"{lhs} = ANY({rhs})", [*lhs_params, *rhs_params]
        (values,) = rhs_params
        if not values:
            raise EmptyResultSet
        return f"{lhs} IN ({', '.join(['%s'] * len(values))})", [*lhs_params, *values]


models.Field.register_lookup(AnyOf)
models.ForeignObject.register_lookup(AnyOf)


def matching(field: str, values: list, chunk: int = IN_CHUNK) -> Iterator[Q]:
    """Filters selecting the rows whose ``field`` is one of ``values``, one per query: on
    PostgreSQL one for all of them (``= ANY(array)``), elsewhere ``__in`` ``chunk`` at a time."""
    if not values:
        return
    if connection.vendor == "postgresql":
        yield Q(**{f"{field}__any_of": values})
        return
    for start in range(0, len(values), chunk):
        yield Q(**{f"{field}__in": values[start : start + chunk]})
