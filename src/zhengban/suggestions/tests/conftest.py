import datetime
import io

import pytest
from django.utils import timezone
from openpyxl import Workbook

from zhengban.core.models import RoleCode


@pytest.fixture
def office(cast, make_unit, make_person):
    """The shared cast plus the Supervision Office (督查室) with its officer, a third unit and its chief."""
    cast.supervision = make_unit("supervision", "督查室", "Supervision Office", parent=cast.office)
    cast.officer = make_person("officer", unit=cast.supervision, roles=[RoleCode.SUPERVISION_OFFICER],
                               full_name="样例·督查员")
    cast.third_unit = make_unit("urban-construction", "城建科", "Urban Construction Section", parent=cast.office)
    cast.third_member = make_person("third", unit=cast.third_unit, roles=[RoleCode.CLERK], full_name="样例·城建科")
    cast.other_chief = make_person("otherchief", unit=cast.other_unit, roles=[RoleCode.CHIEF], full_name="样例·他科科长")
    return cast


def at(day, hour=10):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


@pytest.fixture
def clock(monkeypatch):
    """Set the time every action sees: clock.set(date or datetime)."""

    class Clock:
        def set(self, moment):
            if not isinstance(moment, datetime.datetime):
                moment = at(moment)
            monkeypatch.setattr(timezone, "now", lambda: moment)
            return moment

    return Clock()


@pytest.fixture(autouse=True)
def result_codes(db):
    """The default codes come from a data migration, which a transactional test's flush removes."""
    from importlib import import_module

    from zhengban.suggestions.models import ResultCode

    for code, label_zh, label_en, order in import_module("zhengban.suggestions.migrations.0002_result_codes").CODES:
        ResultCode.objects.get_or_create(code=code, defaults={"label_zh": label_zh, "label_en": label_en, "sort_order": order})


@pytest.fixture(autouse=True)
def fresh_parameters():
    """Flow parameters are cached per process; a test that sets one must not leak it to the next."""
    from zhengban.engine.parameters import clear_cache

    clear_cache()
    yield
    clear_cache()


@pytest.fixture(autouse=True)
def english(settings):
    from django.utils import translation

    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


HEADER = ("number", "title", "authors", "text", "category")


def workbook(rows, header=HEADER):
    book = Workbook()
    book.active.append(list(header))
    for row in rows:
        book.active.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


ROWS = [
    ("1", "关于加快推进湘江衡阳段生态修复的建议", "代表李某（示例）, 代表王某（示例）", "建议加大湘江衡阳段生态修复投入。", "生态环境"),
    ("2", "关于完善城区停车设施的建议", "代表张某（示例）", "建议在老城区增建立体停车场。", "城乡建设"),
    ("3", "关于增加城区停车位的建议", "代表赵某（示例）、代表钱某（示例）", "城区停车难，建议增加停车位。", "城乡建设"),
]


@pytest.fixture
def session(office):
    from zhengban.suggestions.actions import do_create_session

    return do_create_session(office.officer, name="衡阳市第十七届人民代表大会第五次会议", kind="npc", year=2026)


@pytest.fixture
def imported(office, session):
    from zhengban.suggestions.importing import do_import_suggestions

    return do_import_suggestions(office.officer, session, workbook(ROWS))
