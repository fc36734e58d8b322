import datetime
from importlib import import_module

import pytest
from django.apps import apps as django_apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from zhengban.core.models import DocumentPrefix, RoleCode
from zhengban.meetings.models import Room


@pytest.fixture
def office(cast, make_unit, make_person):
    """The shared cast (Secretariat Section 1 = cast.unit, a department = cast.other_unit, the
    secretary-general = cast.leader) plus the mayor, a vice mayor, the Supervision Office, a room and
    the minutes' number prefix."""
    cast.mayor = make_person("mayor", unit=cast.office, roles=[RoleCode.MAYOR], full_name="样例·市长", clearance=3)
    cast.vice_mayor = make_person("vicemayor", unit=cast.office, roles=[RoleCode.VICE_MAYOR], full_name="样例·副市长",
                                  clearance=2)
    cast.supervision = make_unit("supervision", "督查室", "Supervision Office", parent=cast.office)
    cast.officer = make_person("officer", unit=cast.supervision, roles=[RoleCode.SUPERVISION_OFFICER], full_name="样例·督查员")
    cast.room = Room.objects.create(code="room-1", name_zh="市政府第一会议室", name_en="Meeting Room 1", capacity=40)
    DocumentPrefix.objects.create(code="minutes", prefix="纪要", name_zh="会议纪要", name_en="Minutes")
    # Tests with transaction=True flush the tables, and with them the types the data migration added.
    import_module("zhengban.meetings.migrations.0002_meeting_types").add_types(django_apps, None)
    return cast


def soon(days=7, hour=9):
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def material(name="方案.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", content_type="application/pdf")


@pytest.fixture(autouse=True)
def fresh_flow_parameters():
    """A test that changes a flow parameter rolls its row back, but not the process's cache of it."""
    from zhengban.engine.parameters import clear_cache

    clear_cache()
    yield
    clear_cache()
