"""`zhengban calendar import FILE` loads a holiday notice; `zhengban calendar show YEAR` lists a year."""

import datetime

import chinese_calendar
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from zhengban.deadlines.actions import do_import_calendar
from zhengban.deadlines.calendarfile import CalendarFileError, read_calendar_file
from zhengban.deadlines.models import CalendarOverride, CalendarYear
from zhengban.deadlines.workcalendar import PACKAGE_YEARS, WorkCalendar


class Command(BaseCommand):
    help = _("Import the State Council's holiday notice into the working-day calendar, or show a year.")

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, metavar="{import,show}")
        load = actions.add_parser("import", help=_("Make a notice year's days exactly those of a YAML or CSV file."))
        load.add_argument("file", help=_("The .yaml or .csv file."))
        load.add_argument("--year", type=int, help=_("The notice year (CSV files only)."))
        load.add_argument(
            "--official", action="store_true", help=_("The CSV file holds the whole official notice (CSV files only).")
        )
        load.add_argument("--source", default="", help=_("Where the days come from (CSV files only)."))
        show = actions.add_parser("show", help=_("List a year's holidays and make-up working days."))
        show.add_argument("year", type=int)

    def handle(self, *args, action, **options):
        if action == "import":
            self.import_file(options)
        else:
            self.show(options["year"])

    def import_file(self, options):
        try:
            calendar_file = read_calendar_file(
                options["file"], year=options["year"], official=options["official"], source=options["source"]
            )
        except CalendarFileError as exc:
            for line in exc.lines():
                self.stderr.write(line)
            raise CommandError(_("Nothing was imported: %(n)s problem(s).") % {"n": len(exc.problems)}) from exc
        result = do_import_calendar(None, calendar_file, system=True)
        summary = _("%(year)s: %(created)s added, %(updated)s changed, %(removed)s removed, %(unchanged)s unchanged.") % {
            "year": result.year,
            "created": result.created,
            "updated": result.updated,
            "removed": result.removed,
            "unchanged": result.unchanged,
        }
        status = _("official") if calendar_file.official else _("not official: deadlines in this year stay provisional")
        self.stdout.write(self.style.SUCCESS(f"{summary} ({status})"))

    def show(self, year):
        if not 1000 <= year <= 9999:
            raise CommandError(_("The year must have four digits."))
        calendar = WorkCalendar.load()
        notice = CalendarYear.objects.filter(year=year).first()
        if calendar.is_official_year(year):
            origin = notice.source if notice and notice.official else _("the chinese-calendar package")
            self.stdout.write(_("%(year)s: official (%(origin)s)") % {"year": year, "origin": origin or "-"})
        else:
            self.stdout.write(
                self.style.WARNING(
                    _("%(year)s: no official calendar; days not listed below follow Monday to Friday and deadlines are provisional.")
                    % {"year": year}
                )
            )
        for first, last, workday, name in self.special_periods(year, calendar):
            kind = _("make-up working day") if workday else _("holiday")
            span = str(first) if first == last else f"{first} … {last}"
            days = _("%(n)s day(s)") % {"n": (last - first).days + 1}
            self.stdout.write(f"{span:<26} {kind:<20} {name} ({days})")

    def special_periods(self, year, calendar):
        """Runs of consecutive days that break the Monday-to-Friday rule, with their names."""
        chinese = get_language().startswith("zh")
        names = {
            row.date: (row.name_zh if chinese else row.name_en) or row.name_zh or row.name_en
            for row in CalendarOverride.objects.filter(date__year=year)
        }
        periods, day = [], datetime.date(year, 1, 1)
        while day.year == year:
            workday, _provisional = calendar.is_workday(day)
            name = names.get(day)
            if name is None and year in PACKAGE_YEARS:
                name = chinese_calendar.get_holiday_detail(day)[1]
            special = (workday and day.weekday() >= 5) or (not workday and (day.weekday() < 5 or name))
            if special:
                key = (workday, name or "")
                previous = periods[-1] if periods else None
                if previous and previous[1] == day - datetime.timedelta(days=1) and previous[2:] == key:
                    periods[-1] = (previous[0], day, *key)
                else:
                    periods.append((day, day, *key))
            day += datetime.timedelta(days=1)
        return periods
