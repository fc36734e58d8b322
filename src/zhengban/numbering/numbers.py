"""Assigning and formatting gap-free numbers (发文字号: 衡政发〔2026〕12号).

`assign_number` runs inside the caller's transaction and locks the counter row until that
transaction ends: concurrent actions queue on the row, so no number is issued twice, and an
action that rolls back takes its increment with it, so no number is skipped.
"""

import string

from django.db import connection, transaction
from django.db.transaction import TransactionManagementError
from django.utils.translation import gettext as _

from .models import Sequence

PATTERN_FIELDS = {"prefix", "year", "n"}
DEFAULT_PATTERN = "{prefix}〔{year}〕{n}号"


class InvalidPattern(ValueError):
    """A number pattern that could not produce a correct 发文字号."""


def _check_key_and_year(key, year):
    if not isinstance(key, str) or not key.strip() or len(key) > 60:
        raise ValueError(f"a sequence key is a non-empty string of at most 60 characters, got {key!r}")
    if not isinstance(year, int) or isinstance(year, bool) or not 1000 <= year <= 9999:
        raise ValueError(f"a sequence year is a four-digit year, got {year!r}")


def assign_number(key: str, year: int) -> int:
    """The next number of sequence (key, year); call it inside the acting transaction.atomic()."""
    _check_key_and_year(key, year)
    if not transaction.get_connection().in_atomic_block:
        raise TransactionManagementError(
            "assign_number must run inside the acting transaction (transaction.atomic), "
            "or a failed action would burn a number"
        )
    number = _bump(key, year)
    if number is None:
        # Another transaction may create the row at the same moment: the conflicting INSERT waits
        # for it and does nothing, and the bump then finds the one row.
        Sequence.objects.bulk_create([Sequence(key=key, year=year)], ignore_conflicts=True)
        number = _bump(key, year)
    return number


def _bump(key, year):
    """Increment the counter and read it back in one statement; the UPDATE holds the row lock until
    the acting transaction ends, so concurrent actions queue and never share or skip a number."""
    table = connection.ops.quote_name(Sequence._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f'UPDATE {table} SET "last" = "last" + 1 WHERE "key" = %s AND "year" = %s RETURNING "last"', [key, year]
        )
        row = cursor.fetchone()
    return row[0] if row else None


def check_pattern(pattern: str) -> str:
    """Return the pattern if it formats a correct number, else raise InvalidPattern saying why."""
    try:
        parts = list(string.Formatter().parse(pattern))
    except ValueError as exc:
        raise InvalidPattern(_("The number pattern is malformed: %(error)s") % {"error": exc}) from exc
    fields = set()
    for _literal, field, spec, conversion in parts:
        if field is None:
            continue
        if field not in PATTERN_FIELDS:
            raise InvalidPattern(
                _("Unknown field {%(field)s} in the number pattern; use {prefix}, {year} and {n}.") % {"field": field}
            )
        if spec or conversion:
            raise InvalidPattern(
                _("{%(field)s} may not carry a format: numbers have no leading zeros and years are written in full.")
                % {"field": field}
            )
        fields.add(field)
    if "n" not in fields:
        raise InvalidPattern(_("The number pattern must contain {n}."))
    return pattern


def format_number(pattern: str, prefix: str, year: int, n: int) -> str:
    """format_number("{prefix}〔{year}〕{n}号", "衡政发", 2026, 12) == "衡政发〔2026〕12号"."""
    check_pattern(pattern)
    if not isinstance(year, int) or isinstance(year, bool) or not 1000 <= year <= 9999:
        raise InvalidPattern(_("The year must be written in full (four digits)."))
    if not isinstance(n, int) or isinstance(n, bool) or n < 1:
        raise InvalidPattern(_("A number is a whole number from 1."))
    return pattern.format(prefix=prefix, year=year, n=n)


def pattern_validator(value):
    """check_pattern for model and form fields: the same refusal as a ValidationError."""
    from django.core.exceptions import ValidationError

    try:
        check_pattern(value)
    except InvalidPattern as exc:
        raise ValidationError(str(exc), code="invalid_number_pattern") from exc
