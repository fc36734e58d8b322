"""The suggestion lists: what a person may see, filtered in the query (session, kind, state, unit,
result code, overdue, words), with a constant number of queries whatever the page holds."""

from django.db.models import Q

from zhengban.engine.access import visible_matters
from zhengban.engine.models import Matter

from .flows import TYPE

FILTERS = ("session", "kind", "state", "unit", "result", "overdue", "q")
OPEN_STATES = ("assigned", "handling")


def visible_items(person):
    from .models import Suggestion

    return Suggestion.objects.filter(matter__in=visible_matters(person, Matter.objects.filter(type=TYPE)).values("pk"))


def overdue_q(now):
    """Assigned or in handling past its reply deadline."""
    return Q(matter__state__in=OPEN_STATES, matter__due_at__lt=now)


def filtered_items(person, filters, now):
    items = visible_items(person)
    if filters.get("session"):
        items = items.filter(session_id=filters["session"]) if str(filters["session"]).isdigit() else items.none()
    if filters.get("kind"):
        items = items.filter(kind=filters["kind"])
    if filters.get("state"):
        items = items.filter(matter__state=filters["state"])
    if filters.get("unit"):
        items = items.filter(matter__lead_unit__code=filters["unit"])
    if filters.get("result"):
        items = items.filter(result_code=filters["result"])
    if filters.get("overdue") in ("1", "true", "yes", True):
        items = items.filter(overdue_q(now))
    if filters.get("q"):
        words = filters["q"]
        items = items.filter(Q(matter__title__icontains=words) | Q(number__icontains=words)
                             | Q(authors__name__icontains=words)).distinct()
    return items


def item_list(person, filters, now):
    return (
        filtered_items(person, filters, now)
        .select_related("matter", "matter__lead_unit", "session")
        .prefetch_related("authors")
        .order_by("session_id", "kind", "matter_id")
    )
