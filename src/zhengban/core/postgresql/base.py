"""Django's PostgreSQL backend, with writes held back to travel with the next statement.

Inside `core.rows.writes_together()` the writes made with `rows.update_later` / `rows.insert_later`
are not sent at once: they are held on the connection and go out, in one pipeline (psycopg's
pipeline mode) and so in one round trip, with whatever the connection sends next, the COMMIT
included. An action that finishes a task, updates a memo, inserts an audit event, updates its
matter and records an outbox change thus waits for the server twice or three times instead of
eight. The first statement of such a transaction also travels with its BEGIN, and a read asked
ahead (`rows.select_ahead`: the calendar's revision, when the action will compute a deadline)
travels with the statement after it.

Nothing changes in what is written or in what a reader sees:
- every statement, whoever runs it (the ORM included), is sent after the writes held before it,
  so a read inside the transaction sees them;
- creating a savepoint sends them, so rolling back to a savepoint drops exactly what is held
  (all of it was written after the most recent savepoint), and a rollback drops them all;
- a block nested in someone else's transaction sends them by its end (with the RELEASE of its
  savepoint, or on its own), so they never outlive the action that made them there;
- an error in a held write surfaces at the statement or COMMIT it travelled with, inside the same
  transaction, which then rolls back as it would have.
A named cursor (QuerySet.iterator) cannot run in a pipeline: what is held is sent just before it.
While statements are being logged (DEBUG, a test or benchmark counting them) nothing is held, so
that every statement is logged inside the block that made it.
"""

import os
from contextlib import contextmanager

import psycopg
from django.db.backends.postgresql import base
from psycopg import pq


# Keys reserved at a time by `reserve_keys`; the unused rest of a block is lost with its process.
KEY_BLOCK = 64


class DatabaseWrapper(base.DatabaseWrapper):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.held_writes = []
        self.holding = 0
        self.reads_ahead = {}
        self.reserved_keys = {}
        self.reserved_by = os.getpid()
        self.execute_wrappers.append(self._send_held_first)

    def reserve_keys(self, model, count):
        """`count` new keys of `model`'s table, taken from its sequence in blocks, so that a held
        INSERT can carry its keys and the rows' keys are known before the INSERT is sent. Keys so
        given are unique but, between connections, not in the order the rows were made."""
        if self.reserved_by != os.getpid():
            # A forked process must not hand out the keys its parent reserved.
            self.reserved_keys, self.reserved_by = {}, os.getpid()
        pool = self.reserved_keys.setdefault(model, [])
        if len(pool) < count:
            with self.cursor() as cursor:
                cursor.execute(
                    "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                    [self.ops.quote_name(model._meta.db_table), model._meta.pk.column, max(KEY_BLOCK, count - len(pool))],
                )
                pool.extend(key for (key,) in cursor.fetchall())
        taken = pool[:count]
        del pool[:count]
        return taken

    @property
    def holds_writes(self):
        return self.holding > 0 and not self.queries_logged

    def hold(self, sql, params, cursor=None):
        """Hold a statement back; one whose result will be fetched comes with a cursor of its own."""
        self.held_writes.append((sql, params, cursor))

    def send_held(self, cursor):
        """Send what is held if the statement of `cursor` is among it (its result is wanted now)."""
        if any(own is cursor for _sql, _params, own in self.held_writes):
            self._pipelined(self._take_held())

    @contextmanager
    def holding_writes(self):
        self.holding += 1
        try:
            yield
        except BaseException:
            # What is held belongs to a transaction or savepoint now being rolled back.
            self.holding -= 1
            raise
        self.holding -= 1
        if not self.holding and self.held_writes and self.savepoint_ids and self.savepoint_ids[-1] is None:
            # Inside an atomic block without a savepoint of its own the caller's work goes on:
            # nothing ends here that the writes could travel with.
            self._pipelined(self._take_held())

    def _take_held(self):
        held, self.held_writes = self.held_writes, []
        return held

    def _drop_held(self):
        self.held_writes, self.reads_ahead = [], {}

    def _send_held_first(self, execute, sql, params, many, context):
        if isinstance(context["cursor"].cursor, psycopg.ServerCursor):
            # A named cursor (QuerySet.iterator) cannot run in a pipeline: what is held goes first.
            if self.held_writes:
                self._pipelined(self._take_held())
            return execute(sql, params, many, context)
        if not self.held_writes:
            if self.holds_writes and self._before_begin():
                return self._pipelined([], lambda: execute(sql, params, many, context))
            return execute(sql, params, many, context)
        if sql.startswith("ROLLBACK TO SAVEPOINT"):
            self._drop_held()
            return execute(sql, params, many, context)
        return self._pipelined(self._take_held(), lambda: execute(sql, params, many, context))

    def _before_begin(self):
        raw = self.connection.pgconn
        return raw.pipeline_status == pq.PipelineStatus.OFF and raw.transaction_status == pq.TransactionStatus.IDLE

    def _pipelined(self, held, then=None):
        """Send the held writes, then `then()`, with one Sync: its result is then's."""
        from zhengban.core.rows import statement_cursor

        with self.wrap_database_errors, self.connection.pipeline():
            with statement_cursor(self) as shared:
                for sql, params, own in held:
                    (own or shared).execute(sql, params)
            return then() if then else None

    def _commit(self):
        self.reads_ahead = {}
        if not self.held_writes:
            return super()._commit()
        # COMMIT as a statement of the pipeline: Connection.commit() would sync once more.
        return self._pipelined(self._take_held(), lambda: self.connection.execute("COMMIT", prepare=False))

    def _rollback(self):
        self._drop_held()
        return super()._rollback()

    def _close(self):
        self._drop_held()
        return super()._close()
