import datetime

import pytest
from django.utils import timezone

from zhengban.audit.chain import verify
from zhengban.audit.models import Event
from zhengban.core.errors import ActionError, Conflict, NotAllowed
from zhengban.engine.actions import available_transitions, do_transition
from zhengban.engine.generic import do_claim, do_countersign, do_return, do_withdraw
from zhengban.engine.models import Task, TaskKind, TaskState
from zhengban.memos.actions import do_create_memo, do_send_memo

pytestmark = pytest.mark.django_db
REQUESTED = datetime.date(2026, 12, 18)


def sent_memo(office, **kwargs):
    matter = do_create_memo(office.member, title="请协助提供年度经济运行数据", body="请于月底前提供。")
    return do_send_memo(office.member, matter, lead_unit="economic-affairs", requested_by=REQUESTED, **kwargs)


def open_task(matter, **filters):
    return Task.objects.get(matter=matter, state=TaskState.OPEN, **filters)


def test_full_lifecycle_numbers_tasks_and_audit(office):
    matter = sent_memo(office)
    year = timezone.localdate().year
    assert matter.number == f"联系单〔{year}〕1号"
    assert matter.state == "sent"
    unit_task = open_task(matter)
    assert unit_task.assignee_unit == office.other_unit and unit_task.assignee_person is None
    assert unit_task.due_at is not None

    matter = do_transition(office.other_member, matter, "accept", {})
    assert matter.state == "accepted"
    matter = do_transition(office.other_member, matter, "handle", {"result": "数据已整理完毕"})
    approve = open_task(matter)
    assert approve.kind == TaskKind.APPROVE and approve.assignee_role == "chief"
    with pytest.raises(NotAllowed):
        do_transition(office.other_member, matter, "reply", {"reply": "x"})
    matter = do_transition(office.other_chief, matter, "reply", {"reply": "数据见附件"})
    matter = do_transition(office.member, matter, "confirm", {})
    assert matter.state == "closed" and matter.closed_at is not None
    assert not Task.objects.filter(matter=matter, state=TaskState.OPEN).exists()
    assert matter.memo.reply == "数据见附件" and matter.memo.requested_by == REQUESTED
    verbs = list(Event.objects.filter(subject_type="engine.matter", subject_id=matter.pk).values_list("verb", flat=True))
    assert verbs == ["memo.opened", "memo.send", "memo.accept", "memo.handle", "memo.reply", "memo.confirm"]
    count, problems = verify()
    assert problems == [] and count >= 6


def test_numbers_are_sequential_and_only_on_send(office):
    draft = do_create_memo(office.member, title="草稿不编号")
    assert draft.number == ""
    first, second = sent_memo(office), sent_memo(office)
    assert [first.number[-3:], second.number[-3:]] == ["〕1号", "〕2号"]


def test_refusals_change_nothing(office):
    matter = do_create_memo(office.member, title="测试")
    with pytest.raises(NotAllowed):
        do_send_memo(office.other_member, matter, lead_unit="economic-affairs", requested_by=REQUESTED)
    with pytest.raises(ActionError) as bad:
        do_transition(office.member, matter, "send", {"lead_unit": "nowhere", "requested_by": "tomorrow"})
    assert set(bad.value.fields) == {"lead_unit", "requested_by"}
    with pytest.raises(ActionError):
        do_send_memo(office.member, matter, lead_unit="secretariat-1", requested_by=REQUESTED)
    with pytest.raises(Conflict):
        do_transition(office.member, matter, "accept", {})
    matter.refresh_from_db()
    assert matter.state == "draft" and matter.number == "" and matter.version == 1
    assert Event.objects.filter(subject_id=matter.pk, subject_type="engine.matter").count() == 1


def test_outsider_and_stale_version(office):
    matter = sent_memo(office)
    with pytest.raises(NotAllowed):
        do_transition(office.outsider, matter, "accept", {})
    with pytest.raises(Conflict):
        do_transition(office.other_member, matter, "accept", {}, expected_version=matter.version - 1)
    assert available_transitions(office.outsider, matter) == []
    assert [t.name for t in available_transitions(office.other_member, matter)] == ["accept"]


def test_countersign_blocks_handling_until_all_signed(office, make_unit, make_person):
    third = make_unit("finance-trade", "财贸科", "Finance and Trade Section")
    third_member = make_person("third", unit=third, roles=["clerk"])
    matter = sent_memo(office, co_units=["finance-trade"])
    matter = do_transition(office.other_member, matter, "accept", {})
    sign = open_task(matter, kind=TaskKind.COUNTERSIGN)
    with pytest.raises(ActionError) as pending:
        do_transition(office.other_member, matter, "handle", {"result": "x"})
    assert pending.value.code == "countersign_pending"
    with pytest.raises(NotAllowed):
        do_countersign(office.member, sign, agree=True, opinion="同意")
    do_countersign(third_member, sign, agree=True, opinion="同意，已提供财政数据")
    matter = do_transition(office.other_member, matter, "handle", {"result": "x"})
    assert matter.state == "handled"


def test_claim_first_wins(office, make_person):
    second = make_person("second", unit=office.other_unit, roles=["clerk"])
    matter = sent_memo(office)
    task = open_task(matter)
    do_claim(office.other_member, task)
    with pytest.raises(Conflict):
        do_claim(second, task)
    with pytest.raises(NotAllowed):
        do_transition(second, matter, "accept", {})
    do_transition(office.other_member, matter, "accept", {})


def test_return_to_an_earlier_step_reopens_it_for_its_doer(office):
    matter = sent_memo(office)
    matter = do_transition(office.other_member, matter, "accept", {})
    with pytest.raises(ActionError):
        do_return(office.other_member, matter, "accepted", "")
    matter = do_return(office.other_member, matter, "draft", "主办单位不对，请重新确定")
    assert matter.state == "draft"
    assert open_task(matter).assignee_person == office.member
    assert Event.objects.filter(subject_id=matter.pk, verb="memo.returned").get().payload["reason"]


def test_withdraw_before_the_next_person_acts(office):
    matter = do_create_memo(office.member, title="撤回测试")
    matter = sent_memo(office)
    matter = do_transition(office.other_member, matter, "accept", {})
    matter = do_withdraw(office.other_member, matter, "误操作")
    assert matter.state == "sent"
    assert open_task(matter).assignee_unit == office.other_unit
    matter = do_transition(office.other_member, matter, "accept", {})
    matter = do_transition(office.other_member, matter, "handle", {"result": "已办"})
    do_transition(office.other_chief, matter, "reply", {"reply": "答复"})
    with pytest.raises(Conflict):
        do_withdraw(office.other_member, matter)


def test_numbered_step_cannot_be_withdrawn(office):
    matter = sent_memo(office)
    with pytest.raises(Conflict):
        do_withdraw(office.member, matter)
