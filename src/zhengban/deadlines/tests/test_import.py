"""Importing holiday notices: checked files, idempotent imports, audited calendar changes."""

import datetime
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from zhengban.audit.models import Event
from zhengban.core.errors import NotAllowed, NotFound
from zhengban.deadlines.actions import (
    do_import_calendar,
    do_remove_calendar_day,
    do_set_calendar_day,
    do_set_calendar_year,
)
from zhengban.deadlines.calendarfile import CalendarFileError, read_calendar_file
from zhengban.deadlines.compute import compute_due
from zhengban.deadlines.models import CalendarOverride, CalendarYear

from .test_compute import at, end_of

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "2027-example.yaml"
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    from django.utils import translation

    with translation.override("en"):
        yield

OFFICIAL_2027 = """\
year: 2027
official: yes
source: test notice 2027
days:
  - {date: 2026-12-31, workday: no, name_zh: 元旦, name_en: New Year's Day}
  - {from: 2027-01-01, to: 2027-01-03, workday: no, name_zh: 元旦, name_en: New Year's Day}
  - {date: 2027-01-09, workday: yes, name_zh: 元旦调休上班}
"""


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def events(verb):
    return list(Event.objects.filter(subject_type="deadlines.calendaryear", verb=verb).order_by("id"))


def test_the_example_file_is_valid_and_not_official():
    example = read_calendar_file(EXAMPLE)
    assert example.year == 2027 and example.official is False
    assert "EXAMPLE ONLY" in EXAMPLE.read_text(encoding="utf-8")
    do_import_calendar(None, example, system=True)
    assert compute_due(at(2027, 9, 29), 3, "working_days").provisional


def test_an_official_import_makes_2027_final_and_is_idempotent(tmp_path):
    path = write(tmp_path, "2027.yaml", OFFICIAL_2027)
    assert compute_due(at(2026, 12, 30), 3, "working_days").provisional
    first = do_import_calendar(None, read_calendar_file(path), system=True)
    assert (first.created, first.updated, first.removed) == (5, 0, 0)
    assert CalendarYear.objects.get(year=2027).official
    # 2026-12-31 is a holiday by the 2027 notice; 01-01..01-03 off, 01-04 (1), 01-05 (2), 01-06 (3)
    assert compute_due(at(2026, 12, 30), 3, "working_days").at == end_of(2027, 1, 6)
    assert compute_due(at(2026, 12, 30), 3, "working_days").provisional is False
    again = do_import_calendar(None, read_calendar_file(path), system=True)
    assert (again.created, again.updated, again.removed, again.unchanged) == (0, 0, 0, 5)
    assert CalendarOverride.objects.count() == 5
    logged = events("calendar.imported")
    assert len(logged) == 2 and logged[0].payload["sha256"] == logged[1].payload["sha256"]
    assert logged[0].payload["created"][0] == "2026-12-31" and logged[1].payload["created"] == []


def test_a_corrected_notice_replaces_the_years_days(tmp_path):
    do_import_calendar(None, read_calendar_file(write(tmp_path, "a.yaml", OFFICIAL_2027)), system=True)
    corrected = OFFICIAL_2027.replace("  - {date: 2027-01-09, workday: yes, name_zh: 元旦调休上班}\n", "").replace(
        "to: 2027-01-03", "to: 2027-01-02"
    )
    result = do_import_calendar(None, read_calendar_file(write(tmp_path, "b.yaml", corrected)), system=True)
    assert (result.created, result.updated, result.removed) == (0, 0, 2)
    assert not CalendarOverride.objects.filter(date__in=[datetime.date(2027, 1, 3), datetime.date(2027, 1, 9)]).exists()
    assert events("calendar.imported")[-1].payload["removed"] == ["2027-01-03", "2027-01-09"]


def test_a_csv_file_with_its_year_from_the_command_line(tmp_path):
    path = write(tmp_path, "2027.csv", "date,workday,name_zh,name_en\n2027-01-01,休,元旦,New Year's Day\n2027-01-09,班,,\n")
    calendar_file = read_calendar_file(path, year=2027, official=True, source="csv notice")
    assert [(d.date.day, d.is_workday, d.line) for d in calendar_file.days] == [(1, False, 2), (9, True, 3)]


@pytest.mark.parametrize(
    "text, line, words",
    [
        ("year: 27\nofficial: yes\ndays:\n  - {date: 2027-01-01, workday: no}\n", 1, "four-digit"),
        ("year: 2027\nofficial: maybe\ndays:\n  - {date: 2027-01-01, workday: no}\n", 1, "official"),
        ("year: 2027\nofficial: yes\ndays:\n  - {date: 2027-01-01, workday: no}\n  - {date: 2027-02-30, workday: no}\n", 5, "not a date"),
        ("year: 2027\nofficial: yes\ndays:\n  - {date: 2027-01-01, workday: perhaps}\n", 4, "yes or no"),
        ("year: 2027\nofficial: yes\ndays:\n  - {date: 2027-01-01, workday: no}\n  - {date: 2027-01-01, workday: yes}\n", 5, "already given on line 4"),
        ("year: 2027\nofficial: yes\ndays:\n  - {date: 2028-03-01, workday: no}\n", 4, "outside the notice year"),
        ("year: 2027\nofficial: yes\ndays:\n  - {from: 2027-02-10, to: 2027-02-01, workday: no}\n", 4, "backwards"),
        ("year: 2027\nofficial: yes\ndays:\n  - {date: 2027-01-01, workday: no, colour: red}\n", 4, "Unknown field"),
        ("year: 2027\nofficial: yes\ndays: [\n", 4, "not valid YAML"),
    ],
)
def test_bad_files_are_refused_naming_the_line_and_nothing_is_imported(tmp_path, text, line, words):
    path = write(tmp_path, "bad.yaml", text)
    with pytest.raises(CalendarFileError) as caught:
        read_calendar_file(path)
    assert any(found == line and words in message for found, message in caught.value.problems), caught.value.problems
    with pytest.raises(CommandError):
        call_command("calendar", "import", str(path))
    assert not CalendarOverride.objects.exists() and not CalendarYear.objects.exists()


def test_a_csv_without_a_year_or_header_is_refused(tmp_path):
    with pytest.raises(CalendarFileError, match="--year"):
        read_calendar_file(write(tmp_path, "a.csv", "date,workday\n2027-01-01,no\n"))
    with pytest.raises(CalendarFileError, match="header"):
        read_calendar_file(write(tmp_path, "b.csv", "2027-01-01,no\n"), year=2027)


def test_the_import_and_show_commands(tmp_path, capsys):
    path = write(tmp_path, "2027.yaml", OFFICIAL_2027)
    call_command("calendar", "import", str(path))
    call_command("calendar", "import", str(path))
    call_command("calendar", "show", "2027")
    call_command("calendar", "show", "2026")
    out = capsys.readouterr().out
    assert "5 added" in out and "5 unchanged" in out
    assert "2027-01-01 … 2027-01-03" in out and "2027-01-09" in out and "test notice 2027" in out
    assert "2026-02-15 … 2026-02-23" in out and "2026-02-14" in out and "2026-10-10" in out


def test_show_marks_an_uncovered_year_provisional(capsys):
    call_command("calendar", "show", "2029")
    assert "provisional" in capsys.readouterr().out


def test_an_administrator_sets_and_removes_a_day_with_audit_events(cast):
    day = datetime.date(2027, 1, 1)
    do_set_calendar_day(cast.admin, day, is_workday=False, name_zh="元旦", name_en="New Year's Day")
    assert compute_due(at(2026, 12, 31), 1, "working_days").at == end_of(2027, 1, 4)
    assert CalendarOverride.objects.get(date=day).notice.year == 2027
    do_set_calendar_day(cast.admin, day, is_workday=False, name_zh="元旦", name_en="New Year's Day")  # no change
    do_remove_calendar_day(cast.admin, day)
    assert compute_due(at(2026, 12, 31), 1, "working_days").at == end_of(2027, 1, 1)
    set_event, removed_event = events("calendar.day_set") + events("calendar.day_removed")
    assert set_event.actor_id == cast.admin.pk and set_event.payload["after"]["name_zh"] == "元旦"
    assert removed_event.payload["before"]["is_workday"] is False
    assert len(events("calendar.day_set")) == 1


def test_an_administrator_declares_a_year_official(cast):
    assert compute_due(at(2027, 3, 1), 1, "working_days").provisional
    do_set_calendar_year(cast.admin, 2027, official=True, source="国办发明电〔2026〕1号")
    assert compute_due(at(2027, 3, 1), 1, "working_days").provisional is False
    assert events("calendar.year_changed")[0].payload["changes"]["official"] == [False, True]


@pytest.mark.parametrize("who", ["member", "chief", "leader", "outsider"])
def test_only_administrators_change_the_calendar(cast, who):
    actor = getattr(cast, who)
    with pytest.raises(NotAllowed):
        do_set_calendar_day(actor, datetime.date(2027, 1, 1), is_workday=False)
    with pytest.raises(NotAllowed):
        do_set_calendar_year(actor, 2027, official=True)
    with pytest.raises(NotAllowed):
        do_import_calendar(actor, read_calendar_file(EXAMPLE))
    assert not CalendarOverride.objects.exists() and not CalendarYear.objects.exists()


def test_removing_a_missing_day_is_not_found(cast):
    with pytest.raises(NotFound):
        do_remove_calendar_day(cast.admin, datetime.date(2027, 1, 1))


def test_file_problems_are_reported_in_chinese(tmp_path):
    from django.utils import translation

    path = write(tmp_path, "bad.yaml", "year: 2027\nofficial: yes\ndays:\n  - {date: 2027-01-01, workday: perhaps}\n")
    with translation.override("zh-hans"), pytest.raises(CalendarFileError, match="workday 必须为 yes 或 no"):
        read_calendar_file(path)
