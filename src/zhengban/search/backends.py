"""The full-text part of a search, per database: PostgreSQL (tsvector + GIN) and SQLite (FTS5).

Both answer the same two questions with the same meaning: `fetch` the ids of the newest `limit` entries
matching every token (in the title only, or anywhere), the reader's access and the filters; and
`count` them up to a cap. The access keys and the unit filter are terms of the full-text match
itself, and so is clearance (`_v<level>`: "visible at clearance <level>", see index.py): the common
search touches the full-text index alone. Type, state and dates are column conditions of the
same statement (joined only when given).

Ranking is title-first then newest-first (query.py), so both databases can stop after `limit`
hits: ORDER BY the primary key / FTS5 rowid, which the index yields in order."""

from django.db import transaction

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
        groups.append([f"_v{reader.clearance}"])
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
        column = "title_document" if title_only else "document"
        text_query = " & ".join(self._lexeme(t) for t in tokens)
        match = f"{column} @@ to_tsquery('simple', %s)"
        params = [text_query]
        key_terms = ["(" + " | ".join(self._lexeme(k) for k in group) + ")" for group in _key_groups(reader, filters)]
        if key_terms:
            # Keys are cast, not parsed, exactly as they were stored (array_to_tsvector).
            match = f"{column} @@ (to_tsquery('simple', %s) && %s::tsquery)"
            params.append(" & ".join(key_terms))
        conditions, column_params = _column_conditions(self.connection, reader, filters, "")
        return " AND ".join([match, *conditions]), params + column_params, bool(conditions)

    # The plan is chosen from the hit count, not left to the planner's estimate of a tsquery
    # (which, for a rare or self-contradicting AND, picks a backward primary-key scan that reads
    # the whole table): below the cap, the GIN bitmap and a top-n sort of the few hits; at the
    # cap or above, the primary key backwards, which finds `limit` hits within about
    # limit * rows / cap rows.
    FEW_HITS = {"enable_seqscan": "off", "enable_indexscan": "off", "enable_bitmapscan": "on"}
    MANY_HITS = {"enable_seqscan": "off", "enable_indexscan": "on", "enable_bitmapscan": "off"}

    def fetch(self, tokens, reader, filters, limit, title_only, exclude=(), many=False):
        where, params, _ = self._where(tokens, reader, filters, title_only)
        if exclude:
            where += " AND NOT (matter_id = ANY(%s))"
            params.append(list(exclude))
        sql = f"SELECT matter_id FROM {self.table} WHERE {where} ORDER BY matter_id DESC LIMIT %s"
        return self._ids(sql, params + [limit], self.MANY_HITS if many else self.FEW_HITS)

    def count(self, tokens, reader, filters, cap, title_only=False):
        """Hits up to `cap`; counted from the GIN bitmap (all-visible pages are not read)."""
        where, params, _ = self._where(tokens, reader, filters, title_only)
        sql = f"SELECT count(*) FROM (SELECT 1 FROM {self.table} WHERE {where} LIMIT %s) hits"
        return self._ids(sql, params + [cap], self.FEW_HITS)[0]

    def __init__(self, connection):
        self.connection = connection

    def _ids(self, sql, params, settings=None):
        """Run with planner settings local to this statement: set, run, reset (the caller may be
        inside a longer transaction, where SET LOCAL alone would outlive the search)."""
        with transaction.atomic(using=self.connection.alias), self.connection.cursor() as cursor:
            if settings:
                assignments = ", ".join(f"set_config('{name}', '{value}', true)" for name, value in settings.items())
                cursor.execute(f"SELECT {assignments}")
            cursor.execute(sql, params)
            ids = [row[0] for row in cursor.fetchall()]
            if settings:
                cursor.execute("; ".join(f"RESET {name}" for name in settings))
            return ids


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

    def fetch(self, tokens, reader, filters, limit, title_only, exclude=(), many=False):
        where, params, joined = self._where(tokens, reader, filters, title_only)
        if exclude:
            where += f" AND search_fts.rowid NOT IN ({', '.join(['%s'] * len(exclude))})"
            params += list(exclude)
        sql = f"SELECT search_fts.rowid FROM {self._from(joined)} WHERE {where} ORDER BY search_fts.rowid DESC LIMIT %s"
        return self._ids(sql, params + [limit])

    def count(self, tokens, reader, filters, cap, title_only=False):
        where, params, joined = self._where(tokens, reader, filters, title_only)
        return self._ids(f"SELECT count(*) FROM (SELECT 1 FROM {self._from(joined)} WHERE {where} LIMIT %s)", params + [cap])[0]


BACKENDS = {"postgresql": PostgreSQLBackend, "sqlite": SQLiteBackend}


def backend(connection):
    return BACKENDS[connection.vendor](connection)
