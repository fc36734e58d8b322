"""Is a day a working day? The override table, then chinese-calendar, then Monday to Friday.

Order of authority for a date:
1. a CalendarOverride row (an administrator's entry from the State Council's notice);
2. the chinese-calendar package, for the years it ships data for (2004–2026 in 1.11);
3. Monday to Friday — and then the answer is *provisional*.

A day is final (not provisional) when its year is covered by chinese-calendar or has an official
CalendarYear row. Each process keeps one snapshot of the (small) override table, keyed by the
CalendarRevision token; `work_calendar()` costs one primary-key query to check the token. Callers
that look up many days (an inbox computing lights) take one snapshot and pass it along.
"""

import datetime
import threading
from dataclasses import dataclass

import chinese_calendar

from .models import CalendarOverride, CalendarRevision, CalendarYear


def _package_years():
    known = set(chinese_calendar.holidays) | set(chinese_calendar.workdays)
    return frozenset(range(min(known).year, max(known).year + 1))


PACKAGE_YEARS = _package_years()


@dataclass(frozen=True)
class DayStatus:
    is_workday: bool
    provisional: bool


class WorkCalendar:
    """An immutable snapshot of the calendar: overrides and the years known officially."""

    def __init__(self, overrides, official_years, package_years=PACKAGE_YEARS):
        self._overrides = dict(overrides)
        self._official_years = frozenset(official_years) | package_years
        self._package_years = package_years
        # A snapshot never changes, so each day's answer is worked out once per snapshot.
        self._answers = {}

    @classmethod
    def load(cls):
        overrides = CalendarOverride.objects.values_list("date", "is_workday")
        official = CalendarYear.objects.filter(official=True).values_list("year", flat=True)
        return cls(overrides, official)

    def is_official_year(self, year):
        return year in self._official_years

    def status(self, day: datetime.date) -> DayStatus:
        provisional = not self.is_official_year(day.year)
        if day in self._overrides:
            return DayStatus(self._overrides[day], provisional)
        if day.year in self._package_years:
            return DayStatus(chinese_calendar.is_workday(day), provisional)
        return DayStatus(day.weekday() < 5, provisional)

    def is_workday(self, day: datetime.date) -> tuple[bool, bool]:
        """(working day?, provisional?) for one date."""
        answer = self._answers.get(day)
        if answer is None:
            status = self.status(day)
            answer = self._answers[day] = (status.is_workday, status.provisional)
        return answer


_cache_lock = threading.Lock()
_cached = {"token": None, "calendar": None}


def work_calendar() -> WorkCalendar:
    """The current calendar snapshot, reloaded whenever the database's revision token changed."""
    token = CalendarRevision.current()
    with _cache_lock:
        if _cached["token"] == token and _cached["calendar"] is not None:
            return _cached["calendar"]
    calendar = WorkCalendar.load()
    with _cache_lock:
        _cached["token"], _cached["calendar"] = token, calendar
    return calendar


def is_workday(day: datetime.date) -> tuple[bool, bool]:
    """(working day?, provisional?) for one date, from the current calendar."""
    return work_calendar().is_workday(day)
