"""Statements on the hot path of every action, built once per model and run without the ORM's
per-call query compilation.

An action takes a handful of primary-key shaped statements: lock the matter, read its open tasks,
insert a task and an audit event, update two rows. Through the QuerySet API each costs 0.1–0.3 ms
of Python compiling SQL and building objects, several times what the database spends executing it.
Here the SQL text is made once per (model, columns) and values pass through the fields' own
database adaptation (`get_db_prep_save`) and converters (`get_db_converters`), so what is stored
and read back is exactly what the ORM would store and read, on SQLite and PostgreSQL alike.
Model signals are not sent; callers that need them (the matter's pre_save guard) send them.
"""

from functools import lru_cache

from django.db import connection


def _quote(name):
    return connection.ops.quote_name(name)


def _field(model, name):
    return model._meta.pk if name == "pk" else model._meta.get_field(name)


@lru_cache(maxsize=None)
def _select_sql(model, where, order_by, for_update, vendor):
    meta = model._meta
    columns = ", ".join(_quote(f.column) for f in meta.concrete_fields)
    conditions = " AND ".join(f"{_quote(_field(model, name).column)} = %s" for name in where)
    sql = f"SELECT {columns} FROM {_quote(meta.db_table)} WHERE {conditions}"
    if order_by:
        sql += " ORDER BY " + ", ".join(_quote(_field(model, name).column) for name in order_by)
    if for_update and connection.features.has_select_for_update:
        sql += " FOR UPDATE"
    return sql


@lru_cache(maxsize=None)
def _converters(model, vendor):
    """(position, column expression, converter functions) of each field whose value needs converting."""
    found = []
    for position, field in enumerate(model._meta.concrete_fields):
        column = field.get_col(model._meta.db_table)
        functions = connection.ops.get_db_converters(column) + field.get_db_converters(connection)
        if functions:
            found.append((position, column, tuple(functions)))
    return tuple(found)


@lru_cache(maxsize=None)
def _attnames(model):
    return [f.attname for f in model._meta.concrete_fields]


def select(model, where, *, order_by=(), for_update=False):
    """Instances of `model` whose fields equal `where` ({name: value}), as the ORM would load them."""
    names = tuple(where)
    sql = _select_sql(model, names, tuple(order_by), for_update, connection.vendor)
    params = [_field(model, name).get_db_prep_value(where[name], connection) for name in names]
    converters = _converters(model, connection.vendor)
    attnames = _attnames(model)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    instances = []
    for row in rows:
        values = list(row)
        for position, column, functions in converters:
            for convert in functions:
                values[position] = convert(values[position], column, connection)
        instances.append(model.from_db(connection.alias, attnames, values))
    return instances


@lru_cache(maxsize=None)
def _insert_parts(model, vendor):
    # A generated key is left to the database; a key that is a one-to-one link is written.
    fields = [f for f in model._meta.concrete_fields if f is not model._meta.auto_field]
    head = f"INSERT INTO {_quote(model._meta.db_table)} ({', '.join(_quote(f.column) for f in fields)}) VALUES "
    row = "(" + ", ".join(["%s"] * len(fields)) + ")"
    return fields, head, row, f" RETURNING {_quote(model._meta.pk.column)}"


def insert(objs):
    """Insert new instances of one model and set their primary keys."""
    if not objs:
        return objs
    model = type(objs[0])
    if not connection.features.can_return_rows_from_bulk_insert:
        return model.objects.bulk_create(objs)
    fields, head, row, returning = _insert_parts(model, connection.vendor)
    params = []
    for obj in objs:
        params.extend(f.get_db_prep_save(f.pre_save(obj, True), connection) for f in fields)
    with connection.cursor() as cursor:
        cursor.execute(head + ", ".join([row] * len(objs)) + returning, params)
        keys = [r[0] for r in cursor.fetchall()]
    for obj, key in zip(objs, keys):
        obj.pk = key
        obj._state.adding = False
        obj._state.db = connection.alias
    return objs


@lru_cache(maxsize=None)
def _update_sql(model, columns, where, vendor):
    assignments = ", ".join(f"{_quote(_field(model, name).column)} = %s" for name in columns)
    conditions = " AND ".join(f"{_quote(_field(model, name).column)} = %s" for name in where)
    return f"UPDATE {_quote(model._meta.db_table)} SET {assignments} WHERE {conditions}"


def update(model, where, values):
    """UPDATE the rows of `model` whose fields equal `where` with `values`; the number of rows changed."""
    columns, names = tuple(values), tuple(where)
    sql = _update_sql(model, columns, names, connection.vendor)
    params = [_field(model, name).get_db_prep_save(values[name], connection) for name in columns]
    params += [_field(model, name).get_db_prep_value(where[name], connection) for name in names]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


def save_fields(instance, names):
    """Write the named fields of a loaded instance (Model.save(update_fields=...) without signals)."""
    model = type(instance)
    values = {name: getattr(instance, _field(model, name).attname) for name in names}
    return update(model, {"pk": instance.pk}, values)
