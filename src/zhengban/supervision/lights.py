"""An item's light and its reporting schedule.

Green: on track. Yellow: within 3 working days of the due date (deadlines.compute.light), or behind
the expected progress — the elapsed share of the time from assignment to due, linear — by more
than the flow parameter `behind_by_points` (default 20). Red: overdue. Items not under way (not yet
assigned, or completion reported) have no light.
"""

import datetime

from django.db.models import Case, IntegerField, Q, Value, When

from zhengban.deadlines.compute import GREEN, RED, YELLOW, add_months, end_of_day, light, local_date, shift_working_days
from zhengban.engine.parameters import flow_parameter

WARN_WORKING_DAYS = 3
UNDER_WAY = ("assigned", "in-progress")
LIGHTS = (RED, YELLOW, GREEN)


def behind_points():
    from .flows import FLOW

    return int(flow_parameter(FLOW, "behind_by_points"))


def expected_progress(assigned_at, due_at, now):
    """The share (0–100) of the time from assignment to due that has passed at `now`."""
    if assigned_at is None or due_at is None or due_at <= assigned_at:
        return 0
    share = (now - assigned_at) / (due_at - assigned_at) * 100
    return max(0, min(100, share))


def behind_at(assigned_at, due_at, progress, points=None):
    """The moment the expected progress runs more than `points` ahead of `progress` (None: never before due)."""
    points = behind_points() if points is None else points
    if assigned_at is None or due_at is None or progress + points >= 100:
        return None
    return assigned_at + (due_at - assigned_at) * ((progress + points) / 100)


def item_light(state, due_at, assigned_at, progress, now, *, points=None, calendar=None):
    if state not in UNDER_WAY or due_at is None:
        return None
    colour = light(due_at, now, WARN_WORKING_DAYS, calendar=calendar)
    if colour == GREEN:
        points = behind_points() if points is None else points
        if expected_progress(assigned_at, due_at, now) - progress > points:
            return YELLOW
    return colour


def warn_edge(now, calendar=None):
    """Items due at or before this moment are within the warning days (yellow at least)."""
    return end_of_day(shift_working_days(now, WARN_WORKING_DAYS, calendar=calendar))


def light_filters(now, calendar=None):
    """Query conditions (on SupervisionItem) for each light, agreeing with item_light."""
    under_way = Q(matter__state__in=UNDER_WAY, matter__due_at__isnull=False)
    edge = warn_edge(now, calendar)
    red = under_way & Q(matter__due_at__lt=now)
    yellow = under_way & Q(matter__due_at__gte=now) & (Q(matter__due_at__lte=edge) | Q(behind_at__lt=now))
    green = under_way & Q(matter__due_at__gt=edge) & (Q(behind_at__isnull=True) | Q(behind_at__gte=now))
    return {RED: red, YELLOW: yellow, GREEN: green}


def light_order(now, calendar=None):
    """An expression ordering red first, then yellow, green, and items without a light."""
    filters = light_filters(now, calendar)
    return Case(
        When(filters[RED], then=Value(0)), When(filters[YELLOW], then=Value(1)), When(filters[GREEN], then=Value(2)),
        default=Value(3), output_field=IntegerField(),
    )


def next_report_due(cadence, last, due_at):
    """When the next progress report falls due after one made (or the assignment signed) at `last`."""
    if due_at is None:
        return None
    day = local_date(last)
    if cadence == "weekly":
        day += datetime.timedelta(days=7)
    elif cadence == "monthly":
        day = add_months(day, 1)
    elif cadence == "quarterly":
        day = add_months(day, 3)
    else:
        return due_at
    return min(end_of_day(day), due_at)
