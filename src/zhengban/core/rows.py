"""Statements on the hot path of every action, built once per model and run without the ORM's
per-call query compilation.

An action takes a handful of primary-key shaped statements: lock the matter, read its open tasks,
insert a task and an audit event, update two rows. Through the QuerySet API each costs 0.1–0.3 ms
of Python compiling SQL and building objects, several times what the database spends executing it.
Here the SQL text is made once per (model, columns) and values pass through the fields' own
database adaptation (`get_db_prep_save`) and converters (`get_db_converters`), so what is stored
and read back is exactly what the ORM would store and read, on SQLite and PostgreSQL alike.
Model signals are not sent; callers that need them (the matter's pre_save guard) send them.

Writes whose outcome the caller does not wait for (`update_later`, `insert_later`) can be held back
inside `writes_together()` and sent with the connection's next statement, the COMMIT included, in
one round trip (on PostgreSQL: core.postgresql).
"""

import datetime
from contextlib import contextmanager
from functools import lru_cache

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Field

# Field types whose database value is the Python value itself when it already has the right type.
_AS_IS = {
    "AutoField": int, "BigAutoField": int, "IntegerField": int, "BigIntegerField": int,
    "PositiveIntegerField": int, "PositiveBigIntegerField": int, "PositiveSmallIntegerField": int,
    "SmallIntegerField": int, "BooleanField": bool, "CharField": str, "TextField": str,
}


def _connection():
    # One lookup per statement: django.db.connection resolves the thread's connection on every
    # attribute access.
    return connections[DEFAULT_DB_ALIAS]


def statement_cursor(connection):
    """A cursor for these statements.

    On PostgreSQL it binds parameters on the server, so that each statement, sent again and again
    with other values, is prepared once per connection (psycopg prepares a query from its fifth
    use; settings give the connection a prepare_threshold); the rest of Django keeps its
    client-side binding. On SQLite the statements go straight to the sqlite3 cursor, each one's %s
    turned into ? once, errors still raised as Django's: Django's cursor layer would cost more
    than SQLite takes to run them. While statements are being logged (DEBUG, or a test
    or benchmark counting them) they go through Django's own cursor, which logs them."""
    if connection.queries_logged:
        return connection.cursor()
    if connection.vendor == "sqlite":
        return _SqliteStatements(connection)
    cursor = connection.cursor()
    if connection.vendor == "postgresql":
        import psycopg

        cursor.cursor = psycopg.Cursor(connection.connection)
    return cursor


class _SqliteStatements:
    def __init__(self, connection):
        connection.ensure_connection()
        self.connection = connection
        self.cursor = connection.connection.cursor()

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.cursor.close()

    def execute(self, sql, params=()):
        with self.connection.wrap_database_errors:
            return self.cursor.execute(_qmark(sql), params)

    def fetchall(self):
        return self.cursor.fetchall()

    @property
    def rowcount(self):
        return self.cursor.rowcount


@lru_cache(maxsize=1024)
def _qmark(sql):
    return sql.replace("%s", "?")


def _holds_writes(connection):
    # Only zhengban's PostgreSQL backend holds writes (core.postgresql); SQLite never does.
    return getattr(connection, "holds_writes", False)


def _quote(name):
    return _connection().ops.quote_name(name)


def _field(model, name):
    return model._meta.pk if name == "pk" else model._meta.get_field(name)


def _equal_to(where):
    # "column = NULL" matches nothing; a None here is a caller's mistake, not an empty answer.
    if any(value is None for value in where.values()):
        raise ValueError(f"rows: cannot match None in {where!r}")
    return tuple(where)


def _preparer(field, *, save):
    """(value, connection) -> the database value, as field.get_db_prep_save (or _value) gives it."""
    kind = field.target_field.get_internal_type() if field.is_relation else field.get_internal_type()
    python_type = _AS_IS.get(kind)
    general = field.get_db_prep_save if save else field.get_db_prep_value
    if python_type is not None:
        return lambda value, connection: (
            value if value is None or type(value) is python_type else general(value, connection)
        )
    if kind == "DateTimeField":
        return lambda value, connection: (
            connection.ops.adapt_datetimefield_value(value)
            if type(value) is datetime.datetime
            else general(value, connection)
        )
    return general


@lru_cache(maxsize=None)
def _preparers(model, names, save):
    return tuple(_preparer(_field(model, name), save=save) for name in names)


@lru_cache(maxsize=None)
def _select_sql(model, where, order_by, for_update, vendor):
    meta = model._meta
    columns = ", ".join(_quote(f.column) for f in meta.concrete_fields)
    conditions = " AND ".join(f"{_quote(_field(model, name).column)} = %s" for name in where)
    sql = f"SELECT {columns} FROM {_quote(meta.db_table)} WHERE {conditions}"
    if order_by:
        sql += " ORDER BY " + ", ".join(_quote(_field(model, name).column) for name in order_by)
    if for_update and _connection().features.has_select_for_update:
        sql += " FOR UPDATE"
    return sql


@lru_cache(maxsize=None)
def _converters(model, vendor):
    """(position, column expression, converter functions) of each field whose value needs converting."""
    found = []
    connection = _connection()
    for position, field in enumerate(model._meta.concrete_fields):
        column = field.get_col(model._meta.db_table)
        functions = connection.ops.get_db_converters(column) + field.get_db_converters(connection)
        if functions:
            found.append((position, column, tuple(functions)))
    return tuple(found)


@lru_cache(maxsize=None)
def _attnames(model):
    return [f.attname for f in model._meta.concrete_fields]


def _select_statement(connection, model, where, order_by=(), for_update=False):
    names = _equal_to(where)
    sql = _select_sql(model, names, tuple(order_by), for_update, connection.vendor)
    return sql, [prepare(where[name], connection) for name, prepare in zip(names, _preparers(model, names, False))]


def select(model, where, *, order_by=(), for_update=False):
    """Instances of `model` whose fields equal `where` ({name: value}), as the ORM would load them."""
    connection = _connection()
    ahead = _read_ahead(connection, model, where, order_by, for_update)
    if ahead is not None:
        return [_instance(model, list(row), connection) for row in ahead]
    with statement_cursor(connection) as cursor:
        cursor.execute(*_select_statement(connection, model, where, order_by, for_update))
        return [_instance(model, list(row), connection) for row in cursor.fetchall()]


def select_ahead(model, where, *, order_by=(), for_update=False):
    """Ask now what `select` will be asked with the same arguments later in this transaction.

    Inside `writes_together()` on PostgreSQL the read is held like a write and travels with the
    next statement (an action reads the calendar's revision together with its lock); the later
    `select` is answered from it, once, as of the moment it was sent. Elsewhere this does nothing
    and the later `select` reads as usual.
    """
    connection = _connection()
    if not _holds_writes(connection):
        return
    cursor = statement_cursor(connection)
    connection.hold(*_select_statement(connection, model, where, order_by, for_update), cursor=cursor)
    connection.reads_ahead[_ahead_key(model, where, order_by, for_update)] = cursor


def _ahead_key(model, where, order_by, for_update):
    return model, tuple(where.items()), tuple(order_by), for_update


def _read_ahead(connection, model, where, order_by, for_update):
    """The rows a read ahead of this select fetched, or None (none was asked, or it was dropped)."""
    reads = getattr(connection, "reads_ahead", None)
    cursor = reads.pop(_ahead_key(model, where, order_by, for_update), None) if reads else None
    if cursor is None:
        return None
    connection.send_held(cursor)
    with cursor:
        return cursor.fetchall()


@lru_cache(maxsize=None)
def _select_with_children_sql(model, child_model, link, child_where, order_by, vendor):
    parent, child = model._meta, child_model._meta
    columns = [f"p.{_quote(f.column)}" for f in parent.concrete_fields]
    columns += [f"c.{_quote(f.column)}" for f in child.concrete_fields]
    on = [f"c.{_quote(_field(child_model, link).column)} = p.{_quote(parent.pk.column)}"]
    on += [f"c.{_quote(_field(child_model, name).column)} = %s" for name in child_where]
    sql = (
        f"SELECT {', '.join(columns)} FROM {_quote(parent.db_table)} p "
        f"LEFT JOIN {_quote(child.db_table)} c ON {' AND '.join(on)} WHERE p.{_quote(parent.pk.column)} = %s"
    )
    if order_by:
        sql += " ORDER BY " + ", ".join(f"c.{_quote(_field(child_model, name).column)}" for name in order_by)
    if _connection().features.has_select_for_update_of:
        sql += " FOR UPDATE OF p"
    return sql


def _instance(model, values, connection):
    for position, column, functions in _converters(model, connection.vendor):
        for convert in functions:
            values[position] = convert(values[position], column, connection)
    return model.from_db(connection.alias, _attnames(model), values)


def lock_with_children(model, pk, child_model, link, child_where, *, order_by=()):
    """(the row of `model` with this key, locked for the transaction, or None; its rows of
    `child_model` linked by `link` whose fields equal `child_where`) in one statement."""
    connection = _connection()
    names = _equal_to(child_where)
    sql = _select_with_children_sql(model, child_model, link, names, tuple(order_by), connection.vendor)
    params = [prepare(child_where[name], connection) for name, prepare in zip(names, _preparers(child_model, names, False))]
    params.append(_preparers(model, ("pk",), False)[0](pk, connection))
    with statement_cursor(connection) as cursor:
        cursor.execute(sql, params)
        found = cursor.fetchall()
    if not found:
        return None, []
    width = len(model._meta.concrete_fields)
    parent = _instance(model, list(found[0][:width]), connection)
    child_pk = width + child_model._meta.concrete_fields.index(child_model._meta.pk)
    children = [_instance(child_model, list(row[width:]), connection) for row in found if row[child_pk] is not None]
    return parent, children


@lru_cache(maxsize=None)
def _insert_parts(model, vendor, keyed=False):
    # A generated key is left to the database unless the caller set it (keyed); a key that is a
    # one-to-one link is always written.
    fields = [f for f in model._meta.concrete_fields if keyed or f is not model._meta.auto_field]
    head = f"INSERT INTO {_quote(model._meta.db_table)} ({', '.join(_quote(f.column) for f in fields)}) VALUES "
    row = "(" + ", ".join(["%s"] * len(fields)) + ")"
    # Fields with a pre_save of their own (auto_now, auto_now_add) compute their value from the instance.
    plain = [type(f).pre_save is Field.pre_save for f in fields]
    prepare = [_preparer(f, save=True) for f in fields]
    return list(zip(fields, plain, prepare)), head, row


def _insert_statement(connection, objs, keyed=False):
    """The INSERT of these instances of one model, without its RETURNING clause, and its values."""
    fields, head, row = _insert_parts(type(objs[0]), connection.vendor, keyed)
    params = []
    for obj in objs:
        params.extend(
            prepare(getattr(obj, f.attname) if plain else f.pre_save(obj, True), connection)
            for f, plain, prepare in fields
        )
    return head + ", ".join([row] * len(objs)), params


def insert(objs):
    """Insert new instances of one model and set their primary keys."""
    if not objs:
        return objs
    model = type(objs[0])
    connection = _connection()
    if not connection.features.can_return_rows_from_bulk_insert:
        # An SQLite older than 3.35 has no RETURNING: one ORM insert each, which sets the key.
        for obj in objs:
            obj.save(force_insert=True)
        return objs
    sql, params = _insert_statement(connection, objs)
    with statement_cursor(connection) as cursor:
        cursor.execute(f"{sql} RETURNING {_quote(model._meta.pk.column)}", params)
        keys = [r[0] for r in cursor.fetchall()]
    _set_keys(objs, keys, connection)
    return objs


def _set_keys(objs, keys, connection):
    """Give inserted instances their keys and mark them as stored, as Model.save would."""
    for obj, key in zip(objs, keys):
        obj.pk = key
        obj._state.adding = False
        obj._state.db = connection.alias


@lru_cache(maxsize=None)
def _update_sql(model, columns, where, vendor):
    assignments = ", ".join(f"{_quote(_field(model, name).column)} = %s" for name in columns)
    conditions = " AND ".join(f"{_quote(_field(model, name).column)} = %s" for name in where)
    return f"UPDATE {_quote(model._meta.db_table)} SET {assignments} WHERE {conditions}"


def _update_statement(connection, model, where, values):
    columns, names = tuple(values), _equal_to(where)
    sql = _update_sql(model, columns, names, connection.vendor)
    params = [prepare(values[name], connection) for name, prepare in zip(columns, _preparers(model, columns, True))]
    params += [prepare(where[name], connection) for name, prepare in zip(names, _preparers(model, names, False))]
    return sql, params


def update(model, where, values):
    """UPDATE the rows of `model` whose fields equal `where` with `values`; the number of rows changed."""
    connection = _connection()
    with statement_cursor(connection) as cursor:
        cursor.execute(*_update_statement(connection, model, where, values))
        return cursor.rowcount


def update_later(model, where, values):
    """`update` without its row count: inside `writes_together()` it is held back and sent later."""
    connection = _connection()
    if _holds_writes(connection):
        connection.hold(*_update_statement(connection, model, where, values))
    else:
        update(model, where, values)


def insert_later(objs, *, keys=False):
    """`insert`, except that inside `writes_together()` the rows are held back and sent later.

    A key the database generates is then not read back (the instances keep pk None) unless `keys`
    is set: the instances then get their keys before they are sent, from a block of the table's
    sequence the connection has reserved, so that the caller can use them at once.
    """
    if not objs:
        return objs
    connection = _connection()
    if not _holds_writes(connection):
        return insert(objs)
    model = type(objs[0])
    keyed = keys and model._meta.auto_field is not None
    if keyed:
        _set_keys(objs, connection.reserve_keys(model, len(objs)), connection)
    connection.hold(*_insert_statement(connection, objs, keyed))
    return objs


def save_fields_later(instance, names):
    """Write the named fields of a loaded instance (Model.save(update_fields=...) without signals),
    held back inside `writes_together()`."""
    model = type(instance)
    update_later(model, {"pk": instance.pk}, {name: getattr(instance, _field(model, name).attname) for name in names})


@contextmanager
def writes_together():
    """Let the writes made with `update_later` / `insert_later` inside this block be held back and
    sent together with the connection's next statement (on PostgreSQL: see core.postgresql). The
    block must be inside the transaction (`transaction.atomic`) that the writes belong to."""
    connection = _connection()
    if not connection.in_atomic_block:
        raise RuntimeError("rows.writes_together() must run inside transaction.atomic()")
    if not hasattr(connection, "holding_writes"):
        # SQLite runs in the process: a statement costs no round trip, so there is nothing to save.
        yield
        return
    with connection.holding_writes():
        yield
