"""Reading the search parameters (q, type, unit, state, from, to, limit) from a request's GET,
shared by the page and the API; bad values are a clear ActionError naming the field."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from zhengban.core.errors import ActionError
from zhengban.core.models import Unit

from .query import MAX_LIMIT, Filters


def _day(value, field):
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise ActionError(_("Enter a date as YYYY-MM-DD."), fields={field: value}) from None


def _start_of(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def parse(params, default_limit=20):
    """(query, Filters, limit) from a QueryDict."""
    query = (params.get("q") or "").strip()
    filters = Filters(type=(params.get("type") or "").strip(), state=(params.get("state") or "").strip())
    unit = (params.get("unit") or "").strip()
    if unit:
        found = Unit.objects.filter(code=unit).values_list("pk", flat=True).first()
        if found is None and unit.isdigit():
            found = Unit.objects.filter(pk=int(unit)).values_list("pk", flat=True).first()
        if found is None:
            raise ActionError(_("Unknown unit."), fields={"unit": unit})
        filters.unit = found
    if params.get("from"):
        filters.opened_from = _start_of(_day(params["from"], "from"))
    if params.get("to"):
        filters.opened_to = _start_of(_day(params["to"], "to") + datetime.timedelta(days=1))
    try:
        limit = int(params.get("limit") or default_limit)
    except ValueError:
        raise ActionError(_("The limit must be a number."), fields={"limit": params.get("limit")}) from None
    if not 1 <= limit <= MAX_LIMIT:
        raise ActionError(_("The limit must be between 1 and %(max)d.") % {"max": MAX_LIMIT}, fields={"limit": limit})
    return query, filters, limit
