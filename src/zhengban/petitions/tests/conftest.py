import datetime
from unittest import mock

import pytest
from django.utils import timezone

from zhengban.core.models import RoleCode


class Clock:
    """Sets what timezone.now() answers, in the office's time zone."""

    def __init__(self):
        self.moment = timezone.now()

    def set(self, year, month, day, hour=10, minute=0):
        self.moment = datetime.datetime(year, month, day, hour, minute, tzinfo=timezone.get_default_timezone())
        return self.moment

    def now(self):
        return self.moment


@pytest.fixture
def clock():
    ticking = Clock()
    with mock.patch("django.utils.timezone.now", side_effect=ticking.now):
        yield ticking


class Office:
    """The shared cast plus the letters-and-visits section (秘书三科) that registers petitions."""

    def __init__(self, cast, make_unit, make_person):
        self.cast = cast
        self.intake = make_unit("secretariat-3", "秘书三科", "Secretariat Section 3", parent=cast.office)
        self.officer = make_person("officer", unit=self.intake, roles=[RoleCode.PETITION_OFFICER], full_name="样例·信访员")
        self.intake_chief = make_person("s3chief", unit=self.intake, roles=[RoleCode.CHIEF], full_name="样例·三科科长")
        self.handler = cast.other_member  # economic-affairs: the responsible unit in these tests
        self.handling_unit = cast.other_unit


@pytest.fixture
def office(cast, make_unit, make_person):
    return Office(cast, make_unit, make_person)


LETTER_TEXT = "衡南县某村道路年久失修，雨天泥泞，村民出行困难，请求政府安排资金硬化村道。"


def petition_values(**overrides):
    values = {
        "channel": "letter",
        "category": "claim",
        "place": "hengnan-county",
        "text": LETTER_TEXT,
        "petitioners": [{"name": "张某（示例）", "phone": "13800000001", "id_number": "430421198001010011",
                         "address": "衡南县某村"}],
    }
    values.update(overrides)
    return values


@pytest.fixture
def register(office):
    from zhengban.petitions.actions import do_register_petition

    def make(actor=None, **overrides):
        return do_register_petition(actor or office.officer, **petition_values(**overrides))

    return make
