"""Small, rarely changing tables read on hot paths (units by code, number prefixes), cached per
process. A change saved in this process clears its cache at once; other processes see it within
CACHE_SECONDS, like flow parameters."""

import threading
import time

from django.db.models.signals import post_delete, post_save

CACHE_SECONDS = 30


class CodeTable:
    """A model's rows by their `code`, loaded whole (the tables are tens of rows)."""

    def __init__(self, model):
        self.model = model
        self._lock = threading.Lock()
        self._rows = None
        self._loaded_at = 0.0
        post_save.connect(self.clear, sender=model, weak=False)
        post_delete.connect(self.clear, sender=model, weak=False)

    def clear(self, **_kwargs):
        with self._lock:
            self._rows = None

    def _all(self):
        with self._lock:
            if self._rows is not None and time.monotonic() - self._loaded_at < CACHE_SECONDS:
                return self._rows
        rows = {row.code: row for row in self.model.objects.all()}
        with self._lock:
            self._rows, self._loaded_at = rows, time.monotonic()
        return rows

    def get(self, code):
        """The row with this code, or None."""
        return self._all().get(code)

    def many(self, codes):
        rows = self._all()
        return [rows[c] for c in codes if c in rows]


_tables = {}


def code_table(model):
    if model not in _tables:
        _tables[model] = CodeTable(model)
    return _tables[model]


def unit_by_code(code):
    from .models import Unit

    return code_table(Unit).get(code)


def units_by_code(codes):
    from .models import Unit

    return code_table(Unit).many(codes)


def prefix_by_code(code):
    from .models import DocumentPrefix

    return code_table(DocumentPrefix).get(code)
