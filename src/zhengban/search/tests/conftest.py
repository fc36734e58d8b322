import datetime

import pytest

from zhengban.core.models import DocumentPrefix, RoleCode
from zhengban.memos.actions import do_create_memo, do_send_memo

REQUESTED = datetime.date(2026, 12, 18)


@pytest.fixture
def office(cast, make_person):
    """The shared cast plus the memo number prefix, a chief in the other unit and a clerk with clearance."""
    DocumentPrefix.objects.create(code="memo", prefix="联系单", name_zh="工作联系单", name_en="Liaison memo")
    cast.other_chief = make_person("otherchief", unit=cast.other_unit, roles=[RoleCode.CHIEF], full_name="样例·他科科长")
    cast.cleared_other = make_person("cleared", unit=cast.other_unit, roles=[RoleCode.CLERK], clearance=2)
    cast.member.clearance = 3  # so the member can write classified matters
    cast.member.save(update_fields=["clearance"])
    return cast


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run a block and its after-commit work (signals, indexing), as a real request would."""

    def run(function, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return function(*args, **kwargs)

    return run


@pytest.fixture
def memo(committed):
    """Write (and optionally send to the other unit) a memo, with its indexing done."""

    def make(author, title, body="", send_to=None, **fields):
        if fields.get("classification"):
            fields.setdefault("classification_period", "10年")
        matter = committed(do_create_memo, author, title=title, body=body, **fields)
        if send_to:
            matter = committed(do_send_memo, author, matter, lead_unit=send_to, requested_by=REQUESTED)
        return matter

    return make
