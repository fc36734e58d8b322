"""Deadline arithmetic on real 2026 dates (checked against chinese-calendar) and a provisional 2027."""

import datetime
from zoneinfo import ZoneInfo

import chinese_calendar
import pytest
from django.db import transaction

from zhengban.deadlines.compute import (
    Due,
    compute_due,
    light,
    resume_due,
    shift_working_days,
    working_days_between,
)
from zhengban.deadlines.models import CalendarOverride, CalendarYear
from zhengban.deadlines.workcalendar import is_workday, work_calendar

SHANGHAI = ZoneInfo("Asia/Shanghai")
pytestmark = pytest.mark.django_db


def at(year, month, day, hour=9, minute=0):
    return datetime.datetime(year, month, day, hour, minute, tzinfo=SHANGHAI)


def end_of(year, month, day):
    return datetime.datetime(year, month, day, 23, 59, 59, 999999, tzinfo=SHANGHAI)


def test_the_2026_facts_these_tests_rely_on_come_from_chinese_calendar():
    d = datetime.date
    assert chinese_calendar.is_workday(d(2026, 2, 14)) and d(2026, 2, 14).weekday() == 5
    assert chinese_calendar.is_workday(d(2026, 2, 28)) and d(2026, 2, 28).weekday() == 5
    assert not any(chinese_calendar.is_workday(d(2026, 2, n)) for n in range(15, 24))
    assert chinese_calendar.is_workday(d(2026, 2, 24))
    assert not any(chinese_calendar.is_workday(d(2026, 10, n)) for n in range(1, 8))
    assert chinese_calendar.is_workday(d(2026, 10, 10)) and d(2026, 10, 10).weekday() == 5
    assert not chinese_calendar.is_workday(d(2026, 10, 11))
    with pytest.raises(NotImplementedError):
        chinese_calendar.is_workday(d(2027, 1, 4))


def test_make_up_saturday_is_a_working_day_and_final():
    assert is_workday(datetime.date(2026, 2, 14)) == (True, False)
    assert is_workday(datetime.date(2026, 2, 16)) == (False, False)
    assert is_workday(datetime.date(2026, 2, 21)) == (False, False)


def test_minutes_and_hours_are_exact_offsets():
    start = at(2026, 10, 1, 22, 40)  # a holiday night: emergencies do not wait for working days
    assert compute_due(start, 30, "minutes") == Due(at(2026, 10, 1, 23, 10), False)
    assert compute_due(start, 1, "hours") == Due(at(2026, 10, 1, 23, 40), False)


def test_five_working_days_across_the_october_holiday_count_the_make_up_saturday():
    # 09-30 (1), holiday 10-01..10-07, 10-08 (2), 10-09 (3), Saturday 10-10 (4), Sunday off, 10-12 (5)
    assert compute_due(at(2026, 9, 29), 5, "working_days") == Due(end_of(2026, 10, 12), False)


def test_working_days_across_the_spring_festival():
    assert compute_due(at(2026, 2, 12), 2, "working_days").at == end_of(2026, 2, 14)
    assert compute_due(at(2026, 2, 13), 3, "working_days").at == end_of(2026, 2, 25)


def test_start_day_does_not_count_even_if_it_is_a_working_day():
    assert compute_due(at(2026, 3, 2, 8, 0), 1, "working_days").at == end_of(2026, 3, 3)
    assert compute_due(at(2026, 3, 7), 1, "working_days").at == end_of(2026, 3, 9)  # from a Saturday


def test_local_date_of_the_start_decides_not_utc():
    utc_evening = datetime.datetime(2026, 9, 28, 17, 0, tzinfo=datetime.UTC)  # 09-29 01:00 in Shanghai
    assert compute_due(utc_evening, 5, "working_days").at == end_of(2026, 10, 12)


def test_calendar_days_ending_in_the_october_holiday_roll_to_the_first_working_day():
    assert compute_due(at(2026, 9, 17), 15, "calendar_days") == Due(end_of(2026, 10, 8), False)
    assert compute_due(at(2026, 9, 17), 15, "calendar_days", roll_forward=False).at == end_of(2026, 10, 2)


def test_calendar_days_ending_on_a_make_up_saturday_stay_there():
    assert compute_due(at(2026, 2, 4), 10, "calendar_days").at == end_of(2026, 2, 14)


def test_months_keep_the_day_number_clamped_to_the_month_end():
    assert compute_due(at(2026, 1, 31), 1, "months").at == end_of(2026, 2, 28)  # a make-up Saturday: stays
    assert compute_due(at(2026, 1, 15), 3, "months").at == end_of(2026, 4, 15)
    assert compute_due(at(2026, 9, 1), 1, "months").at == end_of(2026, 10, 8)  # 10-01 rolls forward
    assert compute_due(at(2026, 12, 31), 2, "months").at.date() == datetime.date(2027, 3, 1)  # Feb 28 is a Sunday
    leap = compute_due(at(2027, 12, 31), 2, "months")
    assert leap.at == end_of(2028, 2, 29) and leap.provisional


def test_a_deadline_in_2027_is_provisional_monday_to_friday():
    due = compute_due(at(2026, 12, 28), 5, "working_days")
    # 12-29, 12-30, 12-31, then Friday 2027-01-01 counts under the plain rule, Monday 01-04
    assert due == Due(end_of(2027, 1, 4), True)
    assert compute_due(at(2026, 12, 1), 10, "calendar_days").provisional is False


def test_an_official_2027_year_makes_the_deadline_final_and_uses_its_holidays():
    notice = CalendarYear.objects.create(year=2027, official=True, source="test notice")
    CalendarOverride.objects.create(date=datetime.date(2027, 1, 1), is_workday=False, name_zh="元旦", notice=notice)
    assert compute_due(at(2026, 12, 28), 5, "working_days") == Due(end_of(2027, 1, 5), False)


def test_override_rows_without_an_official_year_change_days_but_stay_provisional():
    notice = CalendarYear.objects.create(year=2027, official=False)
    CalendarOverride.objects.create(date=datetime.date(2027, 1, 1), is_workday=False, notice=notice)
    assert compute_due(at(2026, 12, 28), 5, "working_days") == Due(end_of(2027, 1, 5), True)


def test_an_override_beats_chinese_calendar():
    notice = CalendarYear.objects.create(year=2026, official=True)
    CalendarOverride.objects.create(date=datetime.date(2026, 10, 12), is_workday=False, name_en="test", notice=notice)
    assert compute_due(at(2026, 9, 29), 5, "working_days").at == end_of(2026, 10, 13)


def test_a_rolled_back_calendar_change_is_not_seen_afterwards():
    before = compute_due(at(2026, 9, 29), 5, "working_days")
    with pytest.raises(RuntimeError), transaction.atomic():
        notice = CalendarYear.objects.create(year=2026, official=True)
        CalendarOverride.objects.create(date=datetime.date(2026, 10, 12), is_workday=False, notice=notice)
        assert compute_due(at(2026, 9, 29), 5, "working_days") != before
        raise RuntimeError("roll back")
    assert compute_due(at(2026, 9, 29), 5, "working_days") == before


def test_deleting_an_override_is_seen_at_once():
    notice = CalendarYear.objects.create(year=2026, official=True)
    row = CalendarOverride.objects.create(date=datetime.date(2026, 10, 12), is_workday=False, notice=notice)
    assert compute_due(at(2026, 9, 29), 5, "working_days").at == end_of(2026, 10, 13)
    row.delete()
    assert compute_due(at(2026, 9, 29), 5, "working_days").at == end_of(2026, 10, 12)


def test_one_snapshot_serves_many_lookups_without_queries(django_assert_num_queries):
    calendar = work_calendar()
    with django_assert_num_queries(0):
        for day in range(1, 29):
            compute_due(at(2026, 2, day), 20, "working_days", calendar=calendar)
            light(end_of(2026, 3, day), at(2026, 2, day), calendar=calendar)


def test_work_calendar_costs_one_query_when_nothing_changed(django_assert_num_queries):
    work_calendar()
    with django_assert_num_queries(1):
        compute_due(at(2026, 2, 1), 5, "working_days")


@pytest.mark.parametrize(
    "start, amount, unit",
    [
        (datetime.datetime(2026, 1, 1, 9, 0), 1, "hours"),
        (at(2026, 1, 1), -1, "working_days"),
        (at(2026, 1, 1), 1.5, "calendar_days"),
        (at(2026, 1, 1), 1, "weeks"),
    ],
)
def test_bad_arguments_are_refused(start, amount, unit):
    with pytest.raises(ValueError):
        compute_due(start, amount, unit)


def test_zero_working_days_is_the_end_of_the_start_day_or_the_next_working_day():
    assert compute_due(at(2026, 9, 30), 0, "working_days").at == end_of(2026, 9, 30)
    assert compute_due(at(2026, 10, 3), 0, "working_days").at == end_of(2026, 10, 8)


def test_pausing_a_working_day_clock_across_the_october_holiday_costs_only_working_days():
    due = compute_due(at(2026, 9, 29), 5, "working_days").at  # 10-12
    # Paused on 09-30, resumed 10-09: the clock stood still on 10-08 and 10-09 (holiday days are free).
    resumed = resume_due(due, at(2026, 9, 30, 10), at(2026, 10, 9, 9), "working_days")
    assert resumed == Due(end_of(2026, 10, 14), False)


def test_pausing_a_calendar_day_clock_moves_it_by_calendar_days_and_rolls_forward():
    due = end_of(2026, 9, 24)
    # 7 calendar days paused: 09-24 + 7 = 10-01, a holiday, rolls to 10-08.
    assert resume_due(due, at(2026, 9, 20), at(2026, 9, 27), "calendar_days").at == end_of(2026, 10, 8)
    assert resume_due(due, at(2026, 9, 20, 8), at(2026, 9, 20, 17), "calendar_days").at == due


def test_pausing_an_hour_clock_adds_the_exact_duration():
    due = at(2026, 10, 1, 12)
    resumed = resume_due(due, at(2026, 10, 1, 10, 0), at(2026, 10, 1, 10, 45), "hours")
    assert resumed == Due(at(2026, 10, 1, 12, 45), False)


def test_resuming_before_pausing_is_refused():
    with pytest.raises(ValueError):
        resume_due(end_of(2026, 10, 12), at(2026, 10, 2), at(2026, 10, 1), "working_days")


def test_pausing_into_2027_is_provisional():
    resumed = resume_due(end_of(2026, 12, 30), at(2026, 12, 1), at(2026, 12, 10), "working_days")
    assert resumed.provisional


def test_working_days_between_counts_after_the_first_through_the_last():
    assert working_days_between(datetime.date(2026, 9, 29), datetime.date(2026, 10, 12)) == 5
    assert working_days_between(datetime.date(2026, 10, 12), datetime.date(2026, 9, 29)) == -5
    assert working_days_between(at(2026, 10, 1), at(2026, 10, 7)) == 0
    assert working_days_between(datetime.date(2026, 2, 13), datetime.date(2026, 2, 14)) == 1


def test_shift_working_days_back_for_reminders():
    assert shift_working_days(end_of(2026, 10, 12), -3) == datetime.date(2026, 10, 8)
    assert shift_working_days(end_of(2026, 10, 8), 1) == datetime.date(2026, 10, 9)


def test_lights():
    due = end_of(2026, 10, 12)
    assert light(due, at(2026, 10, 13)) == "red"
    assert light(due, at(2026, 10, 12, 18)) == "yellow"
    assert light(due, at(2026, 10, 8)) == "yellow"  # 10-09, 10-10, 10-12: three working days
    assert light(due, at(2026, 9, 30)) == "green"  # the holiday does not make it look urgent
    assert light(due, at(2026, 9, 30), warn_working_days=4) == "yellow"
    assert light(due, at(2026, 10, 12), warn_working_days=0) == "yellow"
