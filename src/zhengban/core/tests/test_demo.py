"""The demo cast and the `zhengban demo` command."""

from io import StringIO

import pytest
from django.utils import translation
from django.core.management import call_command

from zhengban.audit.models import Event
from zhengban.core.actions import quota_usage
from zhengban.core.demo import DEMO_PASSWORD, create_demo_people, demo_cast, ensure_profile
from zhengban.core.management.commands.demo import demo_loaders
from zhengban.core.models import Appointment, Clearance, Person, Quota, RoleCode, Unit

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def demo_office():
    ensure_profile()
    create_demo_people()


def test_every_unit_has_a_chief_a_deputy_and_officers(demo_office):
    for unit in Unit.objects.all():
        roles = [set(p.role_codes()) for p in Person.objects.filter(unit=unit)]
        assert {RoleCode.CHIEF} in roles and {RoleCode.DEPUTY_CHIEF} in roles, unit.code
        assert 3 <= len(roles) <= 5, unit.code
    leaders = Person.objects.filter(unit__isnull=True)
    assert leaders.filter(roles__role=RoleCode.MAYOR).count() == 1
    assert leaders.filter(roles__role=RoleCode.VICE_MAYOR).count() == 5
    assert leaders.filter(roles__role=RoleCode.DEPUTY_SECRETARY_GENERAL).count() == 6


def test_demo_people_are_marked_as_sample_and_share_the_demo_password(demo_office):
    assert not Person.objects.filter(is_sample=False).exists()
    for person in Person.objects.all():
        assert person.full_name.endswith("（示例）") and person.full_name_en.endswith("(sample)")
    assert Person.objects.get(username="secretariat-1-clerk-1").check_password(DEMO_PASSWORD)


def test_special_roles_and_clearances(demo_office):
    def person(username):
        return Person.objects.get(username=username)

    assert person("mayor").clearance == Clearance.TOP_SECRET
    assert person("secretariat-1-clerk-1").clearance == Clearance.CONFIDENTIAL
    assert person("secretariat-1-archivist").has_role(RoleCode.ARCHIVIST)
    assert person("secretariat-2-duty-officer-1").has_role(RoleCode.DUTY_OFFICER)
    assert person("secretariat-3-petition-officer").has_role(RoleCode.PETITION_OFFICER)
    assert person("supervision-supervision-officer").has_role(RoleCode.SUPERVISION_OFFICER)
    assert person("foreign-affairs-foreign-affairs-officer").has_role(RoleCode.FOREIGN_AFFAIRS_OFFICER)
    admin = person("information-technology-sysadmin")
    assert admin.is_staff and admin.is_superuser and admin.is_system_administrator
    assert person("finance-clerk").clearance == Clearance.NONE


def test_everyone_is_appointed_within_the_quota(demo_office):
    assert Appointment.objects.count() == len(demo_cast()) == Person.objects.count()
    assert not Appointment.objects.exclude(override_reason="").exists()
    for quota in Quota.objects.exclude(authorized__isnull=True):
        used, authorized = quota_usage(quota.unit, quota.category)
        assert used <= authorized, quota
    assert quota_usage(None, "administrative") == (73, 75)


def test_creating_the_cast_twice_changes_nothing(demo_office):
    events = Event.objects.count()
    assert create_demo_people() == 0
    assert Event.objects.count() == events


def test_demo_command_prints_logins_and_a_second_run_changes_nothing():
    out = StringIO()
    call_command("demo", stdout=out)
    text = out.getvalue()
    assert DEMO_PASSWORD in text and "http://127.0.0.1:8000" in text
    assert "secretariat-1-clerk-1" in text and "information-technology-sysadmin" in text
    events = Event.objects.count()
    call_command("demo", stdout=StringIO())
    assert Event.objects.count() == events


def test_demo_loaders_follow_installed_apps_with_core_first():
    labels = [label for label, _ in demo_loaders()]
    assert labels[0] == "core"


def test_demo_logins_table_is_in_chinese_by_default():
    out = StringIO()
    with translation.override("zh-hans"):
        call_command("demo", stdout=out)
    text = out.getvalue()
    assert "所有示例账号的密码" in text and "秘书一科" in text and "档案员" in text
