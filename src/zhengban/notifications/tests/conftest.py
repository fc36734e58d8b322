import datetime

import pytest
from django.test import override_settings
from django.utils import timezone

from zhengban.core.models import DocumentPrefix, Person, RoleCode
from zhengban.memos.actions import do_create_memo, do_send_memo
from zhengban.notifications.sms import RecordingSmsGateway

REQUESTED = datetime.date(2026, 12, 18)


def local(*args):
    return datetime.datetime(*args, tzinfo=timezone.get_default_timezone())


@pytest.fixture
def office(cast, make_person):
    """The shared cast plus the memo number prefix, a chief in the other unit, and addresses to deliver to."""
    DocumentPrefix.objects.create(code="memo", prefix="联系单", name_zh="工作联系单", name_en="Liaison memo")
    cast.other_chief = make_person("otherchief", unit=cast.other_unit, roles=[RoleCode.CHIEF], full_name="样例·他科科长")
    for person in (cast.member, cast.other_member, cast.other_chief):
        Person.objects.filter(pk=person.pk).update(email=f"{person.username}@example.gov.cn", phone="13800000000")
        person.refresh_from_db()
    Person.objects.filter(pk=cast.member.pk).update(clearance=2)  # the sender may write classified memos
    cast.member.refresh_from_db()
    return cast


@pytest.fixture(autouse=True)
def sms_outbox():
    RecordingSmsGateway.outbox = []
    with override_settings(ZHENGBAN_SMS_GATEWAY="zhengban.notifications.sms.RecordingSmsGateway"):
        yield RecordingSmsGateway.outbox


@pytest.fixture
def send_memo(office, django_capture_on_commit_callbacks):
    """Send a memo from Secretariat 1 to Economic Affairs, running the commit hooks (notifications)."""

    def send(title="请协助提供年度经济运行数据", **memo_fields):
        with django_capture_on_commit_callbacks(execute=True):
            memo_fields.setdefault("body", "请于月底前提供。")
            matter = do_create_memo(office.member, title=title, **memo_fields)
            return do_send_memo(office.member, matter, lead_unit="economic-affairs", requested_by=REQUESTED)

    return send
