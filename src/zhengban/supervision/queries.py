"""The supervision lists: what a person may see, filtered inside the query, with each row's light."""

import datetime

from django.db.models import Count, Q
from django.utils import timezone

from zhengban.deadlines.compute import end_of_day, local_date
from zhengban.deadlines.workcalendar import work_calendar
from zhengban.engine.access import visible_matters
from zhengban.engine.models import Matter
from zhengban.engine.views.common import state_label

from .flows import TYPE
from .lights import LIGHTS, behind_points, item_light, light_filters, light_order
from .models import SupervisionItem

FILTERS = ("source", "unit", "leader", "light", "state", "due_before", "due_after", "year", "q", "scope")


def visible_items(person):
    matters = visible_matters(person, Matter.objects.filter(type=TYPE))
    return SupervisionItem.objects.filter(matter__in=matters.values("pk"))


def filtered_items(person, filters, now, calendar=None):
    """Items `person` may see matching `filters` (a dict of FILTERS), without the light filter."""
    items = visible_items(person)
    if filters.get("source"):
        items = items.filter(source=filters["source"])
    if filters.get("unit"):
        items = items.filter(matter__lead_unit__code=filters["unit"])
    if filters.get("leader"):
        items = items.filter(leader__username=filters["leader"])
    if filters.get("state"):
        items = items.filter(matter__state=filters["state"])
    if filters.get("year"):
        items = items.filter(year=filters["year"])
    if filters.get("due_before"):
        items = items.filter(matter__due_at__lte=end_of_day(filters["due_before"]))
    if filters.get("due_after"):
        items = items.filter(matter__due_at__gte=end_of_day(filters["due_after"]) - datetime.timedelta(days=1))
    if filters.get("q"):
        words = filters["q"].strip()
        items = items.filter(Q(matter__title__icontains=words) | Q(matter__number__icontains=words))
    scope = filters.get("scope")
    if scope == "unit" and person.unit_id:
        items = items.filter(Q(matter__lead_unit_id=person.unit_id) | Q(matter__co_units=person.unit_id)).distinct()
    elif scope == "leader":
        items = items.filter(leader=person)
    return items


def light_counts(items, now, calendar=None):
    """{"total": all the items, and one count per light}, in one query."""
    filters = light_filters(now, calendar)
    return items.aggregate(total=Count("pk"), **{colour: Count("pk", filter=filters[colour]) for colour in LIGHTS})


LIST_JOINS = ("matter", "matter__lead_unit", "leader")


def page_rows(keys):
    """The items of a list page with what the list shows (the keys were chosen under the reader's filter)."""
    return SupervisionItem.objects.filter(pk__in=keys).select_related(*LIST_JOINS)


def item_list(person, filters, now=None):
    """(rows queryset ordered for display, counts by light, calendar, how many rows the list holds).

    The counts are one query; the rows' number comes with them, so a page needs no count of its own.
    """
    now = now or timezone.now()
    calendar = work_calendar()
    items = filtered_items(person, filters, now, calendar)
    counts = light_counts(items, now, calendar)
    listed = counts.pop("total")
    if filters.get("light") in LIGHTS:
        items = items.filter(light_filters(now, calendar)[filters["light"]])
        listed = counts[filters["light"]]
    rows = items.select_related(*LIST_JOINS)
    if filters.get("scope") == "leader" or filters.get("order") == "light":
        rows = rows.annotate(light_rank=light_order(now, calendar)).order_by("light_rank", "matter__due_at", "pk")
    else:
        rows = rows.order_by("matter__due_at", "pk")
    return rows, counts, calendar, listed


def decorate(items, now, calendar):
    """Each row's light and state label, against one calendar snapshot."""
    points = behind_points()
    for item in items:
        matter = item.matter
        item.light = item_light(matter.state, matter.due_at, item.assigned_at, item.progress, now,
                                points=points, calendar=calendar)
        item.state_label = state_label(TYPE, matter.state)
    return items


def week_bounds(now):
    today = local_date(now)
    monday = today - datetime.timedelta(days=today.weekday())
    return monday, monday + datetime.timedelta(days=6)


def due_this_week(items, now):
    """Items whose deadline or next progress report falls in the current week (Monday to Sunday)."""
    monday, sunday = week_bounds(now)
    start, end = end_of_day(monday) - datetime.timedelta(days=1), end_of_day(sunday)
    return items.filter(
        Q(matter__due_at__gt=start, matter__due_at__lte=end) | Q(next_report_at__gt=start, next_report_at__lte=end),
        matter__closed_at__isnull=True,
    )
