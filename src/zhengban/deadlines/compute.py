"""Deadline arithmetic: when a limit that starts now falls due, pausing, and the traffic light.

Conventions (those of Chinese administrative law: a period counted in days starts on the day after
the event, and 期间届满的最后一日是法定休假日的，以休假日后的第一日为期间届满的日期):

- ``minutes`` / ``hours``: the exact offset from the start instant. No calendar is consulted.
- ``calendar_days``: the end (23:59:59.999999 local time, settings.TIME_ZONE) of the Nth calendar
  day after the start date; the start day itself does not count. With ``roll_forward`` (default) a
  last day that is not a working day moves to the end of the next working day.
- ``working_days``: the end of the Nth working day after the start date (the start day does not
  count, whether or not it is a working day). Zero working days: the end of the start day if it is
  a working day, else of the next working day.
- ``months``: the end of the day with the same day number N months later, clamped to the end of a
  shorter month (Jan 31 + 1 month = Feb 28, or Feb 29 in a leap year), rolled forward like
  calendar days.

A due time is *provisional* when any day consulted lies in a year that neither chinese-calendar
nor an official CalendarYear covers (the Monday–Friday rule was used).

Pausing (a petition under hearing, a suspended item): the engine stores ``due_at`` and
``paused_at``; on resume ``resume_due`` returns the new due time. For minutes and hours the due
moves by the exact paused duration. For day limits it moves by the days the clock stood still,
counted in the limit's own kind of day: the days after the pause date up to and including the
resume date — working days for ``working_days`` limits (a pause over a holiday costs the holiday
nothing), calendar days for ``calendar_days`` and ``months`` limits (then rolled forward again).
"""

import calendar as month_calendar
import datetime
from dataclasses import dataclass

from django.utils import timezone

from .workcalendar import work_calendar

MINUTES = "minutes"
HOURS = "hours"
CALENDAR_DAYS = "calendar_days"
WORKING_DAYS = "working_days"
MONTHS = "months"
UNITS = (MINUTES, HOURS, CALENDAR_DAYS, WORKING_DAYS, MONTHS)

GREEN, YELLOW, RED = "green", "yellow", "red"
ONE_DAY = datetime.timedelta(days=1)


@dataclass(frozen=True)
class Due:
    at: datetime.datetime
    provisional: bool


class _Consulted:
    """Looks days up in one calendar snapshot and remembers whether any answer was provisional."""

    def __init__(self, calendar):
        self.calendar = calendar or work_calendar()
        self.provisional = False

    def is_workday(self, day):
        workday, provisional = self.calendar.is_workday(day)
        self.provisional = self.provisional or provisional
        return workday

    def roll_forward(self, day):
        while not self.is_workday(day):
            day += ONE_DAY
        return day

    def settle(self, day, roll_forward):
        """The last day of a calendar-day period: rolled past non-working days, or kept but consulted."""
        if roll_forward:
            return self.roll_forward(day)
        self.is_workday(day)
        return day

    def add_working_days(self, day, count):
        """The Nth working day after `day` (count > 0), or before it (count < 0)."""
        step = ONE_DAY if count >= 0 else -ONE_DAY
        remaining = abs(count)
        while remaining:
            day += step
            if self.is_workday(day):
                remaining -= 1
        return day

    def working_days_in(self, after, through):
        """Working days d with after < d <= through."""
        count, day = 0, after
        while day < through:
            day += ONE_DAY
            count += self.is_workday(day)
        return count


def _require_aware(value, name):
    if not isinstance(value, datetime.datetime) or timezone.is_naive(value):
        raise ValueError(f"{name} must be an aware datetime, got {value!r}")


def _check_unit(unit):
    if unit not in UNITS:
        raise ValueError(f"unknown deadline unit {unit!r}; expected one of {', '.join(UNITS)}")


def local_date(moment: datetime.datetime) -> datetime.date:
    return timezone.localtime(moment, timezone.get_default_timezone()).date()


def end_of_day(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time.max, tzinfo=timezone.get_default_timezone())


def add_months(day: datetime.date, months: int) -> datetime.date:
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    last = month_calendar.monthrange(year, month + 1)[1]
    return datetime.date(year, month + 1, min(day.day, last))


def compute_due(start, amount, unit, *, roll_forward=True, calendar=None) -> Due:
    """When a limit of `amount` `unit`s that starts at `start` falls due (see the module docstring)."""
    _require_aware(start, "start")
    _check_unit(unit)
    if not isinstance(amount, int) or isinstance(amount, bool) or amount < 0:
        raise ValueError(f"a deadline amount is a whole number >= 0, got {amount!r}")
    if unit == MINUTES:
        return Due(start + datetime.timedelta(minutes=amount), False)
    if unit == HOURS:
        return Due(start + datetime.timedelta(hours=amount), False)
    days = _Consulted(calendar)
    start_day = local_date(start)
    if unit == WORKING_DAYS:
        last = days.add_working_days(start_day, amount) if amount else days.roll_forward(start_day)
    else:
        last = start_day + amount * ONE_DAY if unit == CALENDAR_DAYS else add_months(start_day, amount)
        last = days.settle(last, roll_forward)
    return Due(end_of_day(last), days.provisional)


def resume_due(due_at, paused_at, resumed_at, unit, *, roll_forward=True, calendar=None) -> Due:
    """The due time after a clock paused at `paused_at` resumes at `resumed_at` (module docstring)."""
    for value, name in ((due_at, "due_at"), (paused_at, "paused_at"), (resumed_at, "resumed_at")):
        _require_aware(value, name)
    _check_unit(unit)
    if resumed_at < paused_at:
        raise ValueError("a clock cannot resume before it was paused")
    if unit in (MINUTES, HOURS):
        return Due(due_at + (resumed_at - paused_at), False)
    days = _Consulted(calendar)
    due_day = local_date(due_at)
    pause_day, resume_day = local_date(paused_at), local_date(resumed_at)
    if unit == WORKING_DAYS:
        last = days.add_working_days(due_day, days.working_days_in(pause_day, resume_day))
    else:
        last = days.settle(due_day + (resume_day - pause_day), roll_forward)
    return Due(end_of_day(last), days.provisional)


def shift_working_days(moment, count, *, calendar=None) -> datetime.date:
    """The local date `count` working days after (or, negative, before) the moment's date.

    For reminders "N working days before the due time": shift_working_days(due_at, -N).
    """
    _require_aware(moment, "moment")
    return _Consulted(calendar).add_working_days(local_date(moment), count)


def working_days_between(a, b, *, calendar=None) -> int:
    """Working days after a's date up to and including b's date (negative when b is before a).

    Accepts dates or aware datetimes (taken at their local date).
    """
    first = local_date(a) if isinstance(a, datetime.datetime) else a
    last = local_date(b) if isinstance(b, datetime.datetime) else b
    days = _Consulted(calendar)
    if last >= first:
        return days.working_days_in(first, last)
    return -days.working_days_in(last, first)


def light(due_at, now, warn_working_days=3, *, calendar=None) -> str:
    """"red" when overdue, "yellow" within `warn_working_days` working days of the due date, else "green"."""
    _require_aware(due_at, "due_at")
    _require_aware(now, "now")
    if now > due_at:
        return RED
    if working_days_between(now, due_at, calendar=calendar) <= warn_working_days:
        return YELLOW
    return GREEN
