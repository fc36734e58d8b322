"""The full-text part of a search, per database: PostgreSQL (tsvector + GIN) and SQLite (FTS5).

Both answer the same two questions with the same meaning: `fetch` the ids of the newest `limit` entries
matching every token (in the title only, or anywhere), the reader's access and the filters; and
`count` them up to a cap. The access keys and the unit filter are terms of the full-text match
itself, and so is clearance (`_c<level>`, one of the levels the reader is cleared for): the common
search touches the full-text index alone. Type, state and dates are column conditions of the
same statement (joined only when given).

Ranking is title-first then newest-first (query.py), so both databases can stop after `limit`
hits: ORDER BY the primary key / FTS5 rowid, which the index yields in order."""

from zhengban.core.models import Clearance

TOP_CLEARANCE = max(Clearance.values)

def _column_conditions(connection, reader, filters, alias):
    conditions, params = [], []
    for column, value, operator in (
        ("type", filters.type, "="),
        ("state", filters.state, "="),
        ("opened_at", filters.opened_from, ">="),
        ("opened_at", filters.opened_to, "<"),
    ):
        if value:
            conditions.append(f"{alias}{column} {operator} %s")
            if column == "opened_at":
                value = connection.ops.adapt_datetimefield_value(value)
            params.append(value)
    return conditions, params


def _key_groups(reader, filters):
    """Groups of keys of which an entry must hold at least one each: clearance, access, unit."""
    groups = []
    if reader.clearance < TOP_CLEARANCE:
        groups.append([f"_c{level}" for level in range(reader.clearance + 1)])
    if reader.keys is not None:
        groups.append(reader.keys)
    if filters.unit:
        groups.append([f"_o{filters.unit}"])
    return groups


class PostgreSQLBackend:
    table = "search_searchentry"

    @staticmethod
    def _lexeme(token, weight=""):
        return "'" + token.replace("\\", "\\\\").replace("'", "''") + "'" + (f":{weight}" if weight else "")

    def _where(self, tokens, reader, filters, title_only):
        text_query = " & ".join(self._lexeme(t, "A" if title_only else "") for t in tokens)
        match = "document @@ to_tsquery('simple', %s)"
        params = [text_query]
        key_terms = ["(" + " | ".join(self._lexeme(k) for k in group) + ")" for group in _key_groups(reader, filters)]
        if key_terms:
            # Keys are cast, not parsed, exactly as they were stored (array_to_tsvector).
            match = "document @@ (to_tsquery('simple', %s) && %s::tsquery)"
            params.append(" & ".join(key_terms))
        conditions, column_params = _column_conditions(self.connection, reader, filters, "")
        return " AND ".join([match, *conditions]), params + column_params, bool(conditions)

    def fetch(self, tokens, reader, filters, limit, title_only, exclude=()):
        where, params, _ = self._where(tokens, reader, filters, title_only)
        if exclude:
            where += " AND NOT (matter_id = ANY(%s))"
            params.append(list(exclude))
        sql = f"SELECT matter_id FROM {self.table} WHERE {where} ORDER BY matter_id DESC LIMIT %s"
        return self._ids(sql, params + [limit])

    def count(self, tokens, reader, filters, cap):
        where, params, _ = self._where(tokens, reader, filters, title_only=False)
        return self._scalar(f"SELECT count(*) FROM (SELECT 1 FROM {self.table} WHERE {where} LIMIT %s) hits", params + [cap])

    def __init__(self, connection):
        self.connection = connection

    def _ids(self, sql, params):
        with self.connection.cursor() as cursor:
            cursor.execute(sql, params)
            return [row[0] for row in cursor.fetchall()]

    def _scalar(self, sql, params):
        with self.connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchone()[0]


class SQLiteBackend(PostgreSQLBackend):
    @staticmethod
    def _phrase(token):
        return '"' + token.replace('"', '""') + '"'

    def _where(self, tokens, reader, filters, title_only):
        columns = "{title_tokens}" if title_only else "{title_tokens body_tokens}"
        match = f"{columns}: (" + " AND ".join(self._phrase(t) for t in tokens) + ")"
        for group in _key_groups(reader, filters):
            match += " AND keys: (" + " OR ".join(self._phrase(k) for k in group) + ")"
        conditions, params = _column_conditions(self.connection, reader, filters, "e.")
        return " AND ".join(["search_fts MATCH %s", *conditions]), [match, *params], bool(conditions)

    @staticmethod
    def _from(joined):
        join = " JOIN search_searchentry e ON e.matter_id = search_fts.rowid" if joined else ""
        return "search_fts" + join

    def fetch(self, tokens, reader, filters, limit, title_only, exclude=()):
        where, params, joined = self._where(tokens, reader, filters, title_only)
        if exclude:
            where += f" AND search_fts.rowid NOT IN ({', '.join(['%s'] * len(exclude))})"
            params += list(exclude)
        sql = f"SELECT search_fts.rowid FROM {self._from(joined)} WHERE {where} ORDER BY search_fts.rowid DESC LIMIT %s"
        return self._ids(sql, params + [limit])

    def count(self, tokens, reader, filters, cap):
        where, params, joined = self._where(tokens, reader, filters, title_only=False)
        return self._scalar(f"SELECT count(*) FROM (SELECT 1 FROM {self._from(joined)} WHERE {where} LIMIT %s)", params + [cap])


BACKENDS = {"postgresql": PostgreSQLBackend, "sqlite": SQLiteBackend}


def backend(connection):
    return BACKENDS[connection.vendor](connection)
