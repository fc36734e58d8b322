"""The full-text part of a search, per database: PostgreSQL (tsvector + GIN) and SQLite (FTS5).

Both answer one question with the same meaning: `page` gives the ids of one page of hits (the
newest `limit` entries whose title holds every token, then, to fill it, the newest entries that
match elsewhere), the ids among them that are title hits, and the number of hits counted up to
`cap`. The access keys and the unit filter are terms of the full-text match itself, and so is
clearance (`_v<level>`: "visible at clearance <level>", see index.py), so a hidden entry is never
read, returned or counted. Type, state and dates are column conditions of the same statement.

Ranking is title-first then newest-first (query.py), so neither database scores hits: SQLite's
FTS5 walks its doclist backwards and stops after `limit`; PostgreSQL first reads the newest rows
(see PostgreSQLBackend). The figures that chose this are in bench/SEARCH.md."""

import time
from dataclasses import dataclass

from zhengban.core.models import Clearance

TOP_CLEARANCE = max(Clearance.values)


@dataclass
class Page:
    ids: list
    title_ids: set
    total: int  # hits counted up to the cap asked for


def _column_conditions(connection, filters, alias):
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


@dataclass
class WordShares:
    """What ANALYZE saw of the index: how many entries, and the share of entries holding each of
    the most common words (access keys included)."""

    entries: float
    share: dict
    least: float  # the share of the least common word ANALYZE kept

    def expected_hits(self, tokens, key_groups):
        """Entries expected to hold every token and a key of every group. The tokens of one query
        come together (cut_for_search gives a word and its parts, a phrase its words), so they
        count as much as the rarest; the access keys are taken as independent of the text."""
        expected = self.entries * min(self._share([token]) for token in tokens)
        for group in key_groups:
            expected *= self._share(group)
        return expected

    def _share(self, words):
        # A word ANALYZE did not keep is rarer than the least common one it kept; half of that,
        # as PostgreSQL's own estimate takes.
        return min(1.0, sum(self.share.get(word, self.least / 2) for word in words))


class Backend:
    def __init__(self, connection):
        self.connection = connection

    def page(self, tokens, reader, filters, limit, cap):
        """Title hits first, then the other hits, newest first; every hit counted up to `cap`."""
        title_ids = self.fetch(tokens, reader, filters, limit, title_only=True)
        total = self.count(tokens, reader, filters, cap)
        ids = list(title_ids)
        if len(ids) < limit and total > len(ids):
            ids += self.fetch(tokens, reader, filters, limit - len(ids), title_only=False, exclude=title_ids)
        return Page(ids, set(title_ids), total)


class PostgreSQLBackend(Backend):
    """How a page is found (measured at 1,000,000 entries in bench/SEARCH.md):

    1. The probe: the newest PROBE_ROWS entries, read backwards along the primary key, are tested
       against the query, stopping at `cap` hits; each hit is marked title hit or not. For a
       common word this is the whole search: the page and "more than cap" both come out of a few
       thousand rows, where the GIN index would first build a bitmap of its whole posting list.
    2. What the probe leaves open comes from the GIN index, as a bitmap and a top-n sort by id:
       the title page when fewer than `limit` title hits were among the probed rows, the count
       when fewer than `cap` hits were, the rest of the page when the probed rows hold too few
       other hits. These are queries whose hits are rare among the newest entries, so the sort
       usually handles few rows; a word common only among older entries (or a date filter that
       leaves out the newest) sorts all its hits. A backward primary-key scan is never used
       beyond the probe: at 1M entries, a word with 1,001 hits meets its 20th newest hit only
       after some 20,000 rows.

    The probe runs only when at least PROBE_FROM_HITS hits are expected, estimated from the word
    shares ANALYZE keeps for the `document` column (pg_stats): below that the index sorts fewer
    hits than the probe reads rows, and a probe that finds too few hits is time lost. So most
    clerks' searches, whose access keys leave few hits, go to the index directly. (Measured at
    1M: a threshold of 20,000 or 2,000 gave a worse p95 than 5,000. The newest rows are read by
    every probe and stay in the buffer cache; the index's heap pages differ for every query.)
    The estimate only chooses the way; the probe and the index give the same hits in the same
    order (the tests compare them)."""

    table = "search_searchentry"
    PROBE_ROWS = 5000
    PROBE_FROM_HITS = 5000
    SHARES_SECONDS = 600  # how long a process keeps the word shares before reading them again
    _shares = {}  # connection alias -> (read at, WordShares or None before the first ANALYZE)
    # The planner's estimate for an AND of tsquery terms is often wrong in both directions; a
    # wrong guess means a sequential scan of every row, so the index statements are pinned to
    # the GIN bitmap and a sort. With the default 4 MB the bitmap of a word in 10 % of 1M
    # entries turns lossy, and every entry on a lossy page is read and its tsvector rechecked
    # (水库: 6,211 buffers instead of 842); an exact bitmap of 1M entries takes about 10 MB.
    BITMAP_ONLY = {"enable_seqscan": "off", "enable_indexscan": "off", "enable_bitmapscan": "on", "work_mem": "32MB"}

    @staticmethod
    def _lexeme(token):
        return "'" + token.replace("\\", "\\\\").replace("'", "''") + "'"

    def _query(self, tokens, reader, filters):
        """The tsquery of every token and the reader's keys, as SQL and parameters."""
        text_query = " & ".join(self._lexeme(t) for t in tokens)
        key_terms = ["(" + " | ".join(self._lexeme(k) for k in group) + ")" for group in _key_groups(reader, filters)]
        if not key_terms:
            return "to_tsquery('simple', %s)", [text_query]
        # Keys are cast, not parsed, exactly as they were stored (array_to_tsvector).
        return "(to_tsquery('simple', %s) && %s::tsquery)", [text_query, " & ".join(key_terms)]

    def _where(self, tokens, reader, filters, column):
        text_query, params = self._query(tokens, reader, filters)
        conditions, column_params = _column_conditions(self.connection, filters, "")
        return " AND ".join([f"{column} @@ {text_query}", *conditions]), params + column_params

    def probe(self, tokens, reader, filters, rows, cap):
        """(id, is a title hit) of the hits among the newest `rows` entries, newest first, at most `cap`."""
        text_query, params = self._query(tokens, reader, filters)
        conditions, column_params = _column_conditions(self.connection, filters, "")
        where = " AND ".join(["document @@ query.q", *conditions])
        # The LIMIT inside the subquery bounds the rows read whatever the planner estimates.
        sql = (
            f"SELECT matter_id, title_document @@ query.q FROM ("
            f"SELECT matter_id, document, title_document, type, state, opened_at FROM {self.table} "
            f"ORDER BY matter_id DESC LIMIT %s) newest, (SELECT {text_query} AS q) query WHERE {where} LIMIT %s"
        )
        with self.connection.cursor() as cursor:
            cursor.execute(sql, [rows, *params, *column_params, cap])
            return sorted(cursor.fetchall(), reverse=True)

    def fetch(self, tokens, reader, filters, limit, title_only, exclude=()):
        where, params = self._where(tokens, reader, filters, "title_document" if title_only else "document")
        if exclude:
            where += " AND NOT (matter_id = ANY(%s))"
            params.append(list(exclude))
        sql = f"SELECT matter_id FROM {self.table} WHERE {where} ORDER BY matter_id DESC LIMIT %s"
        return [row[0] for row in self._pinned(sql, params + [limit])]

    def count(self, tokens, reader, filters, cap):
        """Hits up to `cap`, from the GIN bitmap (all-visible pages are not read)."""
        where, params = self._where(tokens, reader, filters, "document")
        sql = f"SELECT count(*) FROM (SELECT 1 FROM {self.table} WHERE {where} LIMIT %s) hits"
        return self._pinned(sql, params + [cap])[0][0]

    def word_shares(self):
        read_at, shares = self._shares.get(self.connection.alias, (None, None))
        if read_at is None or time.monotonic() - read_at > self.SHARES_SECONDS:
            shares = self._read_word_shares()
            self._shares[self.connection.alias] = (time.monotonic(), shares)
        return shares

    def _read_word_shares(self):
        with self.connection.cursor() as cursor:
            cursor.execute(
                "SELECT c.reltuples, s.most_common_elems::text::text[], s.most_common_elem_freqs"
                " FROM pg_class c JOIN pg_stats s ON s.schemaname = current_schema()"
                " AND s.tablename = c.relname AND s.attname = 'document'"
                " WHERE c.oid = %s::regclass",
                [self.table],
            )
            row = cursor.fetchone()
        if row is None or row[1] is None:
            return None
        entries, words, shares = row
        # For a tsvector the shares are followed by the least and the greatest share.
        return WordShares(entries=max(entries, 0), share=dict(zip(words, shares)), least=shares[len(words)])

    def worth_probing(self, tokens, reader, filters):
        shares = self.word_shares()
        if shares is None:
            return False
        return shares.expected_hits(tokens, _key_groups(reader, filters)) >= self.PROBE_FROM_HITS

    def page(self, tokens, reader, filters, limit, cap):
        probing = self.PROBE_ROWS and self.worth_probing(tokens, reader, filters)
        window = self.probe(tokens, reader, filters, self.PROBE_ROWS, cap) if probing else []
        title_in_window = [matter_id for matter_id, in_title in window if in_title]
        if len(title_in_window) >= limit:
            title_ids = title_in_window[:limit]
        else:
            title_ids = self.fetch(tokens, reader, filters, limit, title_only=True)
        total = cap if len(window) >= cap else self.count(tokens, reader, filters, cap)
        ids = list(title_ids)
        needed = limit - len(ids)
        if needed > 0 and total > len(ids):
            # Fewer title hits than a page means title_ids holds them all, so the window's other
            # hits are the newest non-title hits.
            others = [matter_id for matter_id, in_title in window if not in_title]
            if len(others) >= needed:
                ids += others[:needed]
            else:
                ids += self.fetch(tokens, reader, filters, needed, title_only=False, exclude=title_ids)
        return Page(ids, set(title_ids), total)

    def _pinned(self, sql, params):
        """Run with the planner pinned to BITMAP_ONLY for this statement only: the settings, the
        statement and their reset go in one message (one round trip), so nothing outlives it even
        inside a caller's transaction. Several statements in one message need client-side
        binding, so this cursor binds client-side whatever the connection's
        `server_side_binding` option says."""
        from psycopg import ClientCursor

        names = list(self.BITMAP_ONLY)
        assignments = ", ".join(f"set_config('{name}', '{self.BITMAP_ONLY[name]}', true)" for name in names)
        resets = "; ".join(f"RESET {name}" for name in names)
        self.connection.ensure_connection()
        raw = ClientCursor(self.connection.connection)
        wrap = self.connection.make_debug_cursor if self.connection.queries_logged else self.connection.make_cursor
        with wrap(raw) as cursor:
            cursor.execute(f"SELECT {assignments}; {sql}; {resets}", params)
            cursor.nextset()
            return cursor.fetchall()


class SQLiteBackend(Backend):
    @staticmethod
    def _phrase(token):
        return '"' + token.replace('"', '""') + '"'

    def _where(self, tokens, reader, filters, title_only):
        columns = "{title_tokens}" if title_only else "{title_tokens body_tokens}"
        match = f"{columns}: (" + " AND ".join(self._phrase(t) for t in tokens) + ")"
        for group in _key_groups(reader, filters):
            match += " AND keys: (" + " OR ".join(self._phrase(k) for k in group) + ")"
        conditions, params = _column_conditions(self.connection, filters, "e.")
        return " AND ".join(["search_fts MATCH %s", *conditions]), [match, *params], bool(conditions)

    @staticmethod
    def _from(joined):
        join = " JOIN search_searchentry e ON e.matter_id = search_fts.rowid" if joined else ""
        return "search_fts" + join

    def fetch(self, tokens, reader, filters, limit, title_only, exclude=()):
        """`ORDER BY rowid DESC LIMIT n` is consumed by FTS5: the doclist is walked backwards."""
        where, params, joined = self._where(tokens, reader, filters, title_only)
        if exclude:
            where += f" AND search_fts.rowid NOT IN ({', '.join(['%s'] * len(exclude))})"
            params += list(exclude)
        sql = f"SELECT search_fts.rowid FROM {self._from(joined)} WHERE {where} ORDER BY search_fts.rowid DESC LIMIT %s"
        return [row[0] for row in self._rows(sql, params + [limit])]

    def count(self, tokens, reader, filters, cap):
        where, params, joined = self._where(tokens, reader, filters, False)
        return self._rows(f"SELECT count(*) FROM (SELECT 1 FROM {self._from(joined)} WHERE {where} LIMIT %s)", params + [cap])[0][0]

    def _rows(self, sql, params):
        with self.connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()


BACKENDS = {"postgresql": PostgreSQLBackend, "sqlite": SQLiteBackend}


def backend(connection):
    return BACKENDS[connection.vendor](connection)
