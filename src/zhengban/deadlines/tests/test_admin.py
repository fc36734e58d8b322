"""The calendar in the admin site: administrators change days through the audited actions."""

import datetime

import pytest
from django.urls import reverse

from zhengban.audit.models import Event
from zhengban.core.models import Person
from zhengban.deadlines.models import CalendarOverride, CalendarYear

pytestmark = pytest.mark.django_db


def test_an_administrator_adds_and_deletes_a_day_and_both_are_audited(client, cast):
    client.force_login(cast.admin)
    response = client.post(
        reverse("admin:deadlines_calendaroverride_add"),
        {"date": "2027-01-01", "is_workday": "", "name_zh": "元旦", "name_en": "New Year's Day", "source": "notice"},
    )
    assert response.status_code == 302, response.content
    row = CalendarOverride.objects.get(date=datetime.date(2027, 1, 1))
    assert row.notice.year == 2027 and not row.is_workday
    assert client.get(reverse("admin:deadlines_calendaryear_changelist")).status_code == 200
    assert client.get(reverse("admin:deadlines_calendaryear_change", args=[row.notice.pk])).status_code == 200
    response = client.post(reverse("admin:deadlines_calendaroverride_delete", args=[row.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not CalendarOverride.objects.exists()
    verbs = list(Event.objects.filter(subject_type="deadlines.calendaryear").values_list("verb", flat=True))
    assert verbs == ["calendar.day_set", "calendar.day_removed"]


def test_an_administrator_marks_a_year_official(client, cast):
    client.force_login(cast.admin)
    response = client.post(
        reverse("admin:deadlines_calendaryear_add"),
        {"year": "2027", "official": "on", "source": "国办发明电", "days-TOTAL_FORMS": "0", "days-INITIAL_FORMS": "0"},
    )
    assert response.status_code == 302, response.content
    assert CalendarYear.objects.get(year=2027).official
    assert Event.objects.filter(verb="calendar.year_changed").count() == 1


def test_other_staff_may_look_but_not_change(client, cast):
    Person.objects.filter(pk=cast.chief.pk).update(is_staff=True)
    client.force_login(Person.objects.get(pk=cast.chief.pk))
    assert client.get(reverse("admin:deadlines_calendaroverride_changelist")).status_code == 200
    response = client.post(reverse("admin:deadlines_calendaroverride_add"), {"date": "2027-01-01", "is_workday": ""})
    assert response.status_code == 403
    assert not CalendarOverride.objects.exists()
