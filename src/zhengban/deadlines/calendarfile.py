"""Reading a holiday notice file (YAML or CSV) into checked days, with the line of every problem.

YAML (one notice year; see examples/2027-example.yaml)::

    year: 2027
    official: true            # the file holds the State Council's whole notice for the year
    source: 国务院办公厅关于2027年部分节假日安排的通知
    days:
      - {from: 2027-02-06, to: 2027-02-12, workday: no, name_zh: 春节, name_en: Spring Festival}
      - {date: 2027-02-20, workday: yes, name_zh: 春节调休上班, name_en: Spring Festival make-up day}

CSV: a header ``date,workday,name_zh,name_en`` and one day a row; the notice year, whether it is
official and its source come from the command line.

Dates lie in the notice year, or in December before it / January after it (a New Year holiday
may straddle the turn of the year). ``workday`` is yes/no (also true/false, 1/0, 是/否, 班/休).
"""

import csv
import datetime
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from django.utils.translation import gettext as _

TRUE_WORDS = {"yes", "y", "true", "1", "是", "班", "上班"}
FALSE_WORDS = {"no", "n", "false", "0", "否", "休", "放假"}
MAX_RANGE_DAYS = 31


@dataclass(frozen=True)
class CalendarDay:
    date: datetime.date
    is_workday: bool
    name_zh: str
    name_en: str
    line: int


@dataclass
class CalendarFile:
    name: str
    sha256: str
    year: int
    official: bool
    source: str
    days: list[CalendarDay] = field(default_factory=list)


class CalendarFileError(Exception):
    """Every problem found in a file, each as (line or None, message)."""

    def __init__(self, name, problems):
        self.name = name
        self.problems = problems
        super().__init__("\n".join(self.lines()))

    def lines(self):
        return [f"{self.name}:{line}: {message}" if line else f"{self.name}: {message}" for line, message in self.problems]


class _LineLoader(yaml.SafeLoader):
    """Keeps the 1-based line of every mapping under the key __line__."""

    def construct_mapping(self, node, deep=False):
        mapping = super().construct_mapping(node, deep=deep)
        mapping["__line__"] = node.start_mark.line + 1
        return mapping


# Dates stay text so that an impossible date (2027-02-30) is reported with its line, not raised.
_LineLoader.add_constructor("tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node))


class _Problems(list):
    def add(self, line, message):
        self.append((line, message))


def _as_bool(value):
    if isinstance(value, bool):
        return value
    word = str(value).strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    return None


def _as_date(value):
    if isinstance(value, datetime.datetime):
        return None
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value).strip())
    except ValueError:
        return None


def _as_year(value):
    if isinstance(value, bool):
        return None
    try:
        year = int(str(value).strip())
    except ValueError:
        return None
    return year if 1000 <= year <= 9999 else None


def _in_reach(day, year):
    return day.year == year or (day.year == year - 1 and day.month == 12) or (day.year == year + 1 and day.month == 1)


def _entry_days(entry, line, problems):
    """The dates an entry names: `date`, or `from` … `to` inclusive."""
    if "date" in entry:
        day = _as_date(entry["date"])
        if day is None:
            problems.add(line, _("“%(value)s” is not a date (YYYY-MM-DD).") % {"value": entry["date"]})
            return []
        return [day]
    first, last = _as_date(entry.get("from", "")), _as_date(entry.get("to", ""))
    if first is None or last is None:
        problems.add(line, _("Give either a date, or from and to dates (YYYY-MM-DD)."))
        return []
    if last < first or (last - first).days >= MAX_RANGE_DAYS:
        problems.add(line, _("The range %(first)s to %(last)s is backwards or longer than a month.") % {"first": first, "last": last})
        return []
    return [first + datetime.timedelta(days=n) for n in range((last - first).days + 1)]


def _check_days(year, raw_entries, problems):
    """raw_entries: (line, mapping) pairs; returns the checked days."""
    days, seen = [], {}
    for line, entry in raw_entries:
        workday = _as_bool(entry.get("workday", ""))
        if workday is None:
            problems.add(line, _("workday must be yes or no, not “%(value)s”.") % {"value": entry.get("workday", "")})
        names = {key: str(entry.get(key) or "").strip() for key in ("name_zh", "name_en")}
        for key, value in names.items():
            if len(value) > 60:
                problems.add(line, _("%(field)s is longer than 60 characters.") % {"field": key})
        unknown = set(entry) - {"date", "from", "to", "workday", "name_zh", "name_en", "__line__"}
        if unknown:
            problems.add(line, _("Unknown field(s): %(fields)s.") % {"fields": ", ".join(sorted(map(str, unknown)))})
        for day in _entry_days(entry, line, problems):
            if year is not None and not _in_reach(day, year):
                problems.add(line, _("%(day)s is outside the notice year %(year)s.") % {"day": day, "year": year})
            elif day in seen:
                problems.add(line, _("%(day)s is already given on line %(other)s.") % {"day": day, "other": seen[day]})
            elif workday is not None:
                seen[day] = line
                days.append(CalendarDay(day, workday, names["name_zh"], names["name_en"], line))
    if not days and not problems:
        problems.add(None, _("The file lists no days."))
    return sorted(days, key=lambda d: d.date)


def _read_yaml(name, text, problems):
    try:
        data = yaml.load(text, Loader=_LineLoader)  # noqa: S506 - _LineLoader is a SafeLoader
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problems.add(mark.line + 1 if mark else None, _("not valid YAML: %(problem)s") % {"problem": getattr(exc, "problem", exc)})
        return None
    if not isinstance(data, dict):
        problems.add(1, _("The file must be a mapping with year, official, source and days."))
        return None
    year = _as_year(data.get("year", ""))
    if year is None:
        problems.add(data["__line__"], _("year must be a four-digit year."))
    official = _as_bool(data.get("official", ""))
    if official is None:
        problems.add(data["__line__"], _("official must be yes or no: does the file hold the State Council's whole notice?"))
    entries = data.get("days")
    if not isinstance(entries, list):
        problems.add(data["__line__"], _("days must be a list of days."))
        entries = []
    raw = []
    for entry in entries:
        if isinstance(entry, dict):
            raw.append((entry["__line__"], entry))
        else:
            problems.add(data["__line__"], _("Each entry under days must be a mapping, not “%(value)s”.") % {"value": entry})
    days = _check_days(year, raw, problems)
    return CalendarFile(name, "", year, bool(official), str(data.get("source") or "").strip(), days)


def _read_csv(name, text, year, official, source, problems):
    reader = csv.DictReader(text.splitlines())
    if not reader.fieldnames or not {"date", "workday"} <= {f.strip() for f in reader.fieldnames}:
        problems.add(1, _("The first line must be the header date,workday,name_zh,name_en."))
        return None
    raw = []
    for row in reader:
        entry = {k.strip(): v for k, v in row.items() if k is not None and v not in (None, "")}
        if None in row:
            problems.add(reader.line_num, _("The row has more columns than the header."))
        if entry:
            raw.append((reader.line_num, entry))
    if year is None:
        problems.add(None, _("A CSV file needs the notice year (--year)."))
    days = _check_days(year, raw, problems)
    return CalendarFile(name, "", year, official, source.strip(), days)


def read_calendar_file(path, *, year=None, official=False, source=""):
    """Parse and check a YAML or CSV file; raise CalendarFileError listing every problem."""
    path = Path(path)
    problems = _Problems()
    try:
        raw = path.read_bytes()
        text = raw.decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise CalendarFileError(str(path), [(None, _("cannot read the file: %(error)s") % {"error": exc})]) from exc
    if path.suffix.lower() in {".yaml", ".yml"}:
        result = _read_yaml(path.name, text, problems)
    elif path.suffix.lower() == ".csv":
        result = _read_csv(path.name, text, year, official, source, problems)
    else:
        problems.add(None, _("Use a .yaml, .yml or .csv file."))
        result = None
    if problems or result is None:
        raise CalendarFileError(str(path), sorted(problems, key=lambda p: p[0] or 0))
    result.sha256 = hashlib.sha256(raw).hexdigest()
    return result
