"""Changing the working-day calendar. Each action is one transaction with one audit event on the
notice year's CalendarYear row, and bumps the revision so every process reloads the calendar."""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from zhengban.audit.chain import append_event
from zhengban.core.actions import require_administrator
from zhengban.core.errors import ActionError, NotFound

from .calendarfile import CalendarFile
from .models import CalendarOverride, CalendarRevision, CalendarYear

DAY_FIELDS = ("is_workday", "name_zh", "name_en", "source")


@dataclass(frozen=True)
class ImportResult:
    year: int
    created: int
    updated: int
    removed: int
    unchanged: int

    @property
    def changed(self):
        return bool(self.created or self.updated or self.removed)


def _locked_year(year):
    CalendarYear.objects.get_or_create(year=year)
    return CalendarYear.objects.select_for_update().get(year=year)


def do_import_calendar(actor, calendar_file: CalendarFile, *, system=False) -> ImportResult:
    """Make the notice year's days exactly those of the file (idempotent); `system` is the CLI."""
    if not system:
        require_administrator(actor)
    source = calendar_file.source or calendar_file.name
    with transaction.atomic():
        notice = _locked_year(calendar_file.year)
        wanted = {day.date: day for day in calendar_file.days}
        existing = {row.date: row for row in CalendarOverride.objects.select_for_update().filter(date__in=wanted)}
        stale = CalendarOverride.objects.filter(notice=notice).exclude(date__in=wanted)
        removed = sorted(str(d) for d in stale.values_list("date", flat=True))
        stale.delete()
        created, updated = [], []
        for date, day in wanted.items():
            values = {"is_workday": day.is_workday, "name_zh": day.name_zh, "name_en": day.name_en, "source": source}
            row = existing.get(date)
            if row is None:
                created.append(CalendarOverride(date=date, notice=notice, **values))
            elif row.notice_id != notice.pk or any(getattr(row, k) != v for k, v in values.items()):
                for name, value in values.items():
                    setattr(row, name, value)
                row.notice = notice
                updated.append(row)
        CalendarOverride.objects.bulk_create(created)
        CalendarOverride.objects.bulk_update(updated, [*DAY_FIELDS, "notice"])
        year_changes = {}
        for name, value in (("official", calendar_file.official), ("source", source)):
            if getattr(notice, name) != value:
                year_changes[name] = [getattr(notice, name), value]
                setattr(notice, name, value)
        append_event(
            notice,
            "calendar.imported",
            actor=None if system else actor,
            payload={
                "file": calendar_file.name,
                "sha256": calendar_file.sha256,
                "official": calendar_file.official,
                "source": source,
                "created": sorted(str(row.date) for row in created),
                "updated": sorted(str(row.date) for row in updated),
                "removed": removed,
                "year": year_changes,
            },
            save_subject=False,
        )
        notice.save()
        CalendarRevision.bump()
    return ImportResult(
        calendar_file.year, len(created), len(updated), len(removed), len(wanted) - len(created) - len(updated)
    )


def do_set_calendar_year(actor, year, *, official, source=""):
    """Declare whether a year's days are the complete official notice."""
    require_administrator(actor)
    if not isinstance(year, int) or not 1000 <= year <= 9999:
        raise ActionError(_("The year must have four digits."), fields={"year": year})
    with transaction.atomic():
        notice = _locked_year(year)
        changes = {}
        for name, value in (("official", bool(official)), ("source", source.strip())):
            if getattr(notice, name) != value:
                changes[name] = [getattr(notice, name), value]
                setattr(notice, name, value)
        if changes:
            append_event(notice, "calendar.year_changed", actor=actor, payload={"changes": changes}, save_subject=False)
            notice.save()
    return notice


def do_set_calendar_day(actor, date, *, is_workday, name_zh="", name_en="", source=""):
    """Add or change one day; it belongs to the notice that already holds it, else to its own year."""
    require_administrator(actor)
    if not isinstance(date, datetime.date) or isinstance(date, datetime.datetime):
        raise ActionError(_("A date is required."), fields={"date": "required"})
    values = {"is_workday": bool(is_workday), "name_zh": name_zh.strip(), "name_en": name_en.strip(), "source": source.strip()}
    for name in ("name_zh", "name_en"):
        if len(values[name]) > 60:
            raise ActionError(_("A name has at most 60 characters."), fields={name: "too_long"})
    with transaction.atomic():
        row = CalendarOverride.objects.select_for_update().filter(date=date).first()
        notice = _locked_year(row.notice.year if row else date.year)
        before = {name: getattr(row, name) for name in DAY_FIELDS} if row else None
        if before == values:
            return row
        row = row or CalendarOverride(date=date, notice=notice)
        for name, value in values.items():
            setattr(row, name, value)
        row.save()
        append_event(notice, "calendar.day_set", actor=actor, payload={"date": str(date), "before": before, "after": values})
    return row


def do_remove_calendar_day(actor, date):
    """Remove one day's override: it follows chinese-calendar or the weekday rule again."""
    require_administrator(actor)
    with transaction.atomic():
        row = CalendarOverride.objects.select_for_update().filter(date=date).first()
        if row is None:
            raise NotFound(_("No calendar entry for %(date)s.") % {"date": date})
        notice = _locked_year(row.notice.year)
        before = {name: getattr(row, name) for name in DAY_FIELDS}
        row.delete()
        append_event(notice, "calendar.day_removed", actor=actor, payload={"date": str(date), "before": before})
