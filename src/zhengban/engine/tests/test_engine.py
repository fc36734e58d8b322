"""Engine behaviour shared by every flow, exercised on the liaison memo."""

import datetime

import pytest
from django.utils import timezone

from zhengban.audit.models import Event
from zhengban.core.actions import do_delegate
from zhengban.core.errors import ActionError, Conflict, NotAllowed
from zhengban.core.models import DocumentPrefix, RoleCode
from zhengban.deadlines.compute import compute_due
from zhengban.engine.access import can_see, visible_matters
from zhengban.engine.actions import do_transition
from zhengban.engine.generic import do_reassign, do_resume, do_suspend
from zhengban.engine.inbox import counts, inbox
from zhengban.engine.models import Task, TaskState
from zhengban.memos.actions import do_create_memo, do_send_memo

pytestmark = pytest.mark.django_db


@pytest.fixture
def office(cast, make_person):
    DocumentPrefix.objects.create(code="memo", prefix="联系单", name_zh="工作联系单", name_en="Liaison memo")
    cast.other_chief = make_person("otherchief", unit=cast.other_unit, roles=[RoleCode.CHIEF])
    cast.other_clerk = make_person("otherclerk", unit=cast.other_unit, roles=[RoleCode.CLERK])
    return cast


def send(office, **kw):
    matter = do_create_memo(office.member, title="关于提供经济数据的联系单", **kw)
    return do_send_memo(office.member, matter, lead_unit="economic-affairs", requested_by=datetime.date(2026, 12, 31))


def test_inbox_lists_unit_tasks_for_members_and_done_for_the_doer(office):
    matter = send(office)
    assert [t.matter_id for t in inbox(office.other_member)] == [matter.pk]
    assert list(inbox(office.member)) == []
    assert list(inbox(office.outsider)) == []
    assert counts(office.other_member)["todo"] == 1
    do_transition(office.other_member, matter, "accept", {})
    assert [t.step for t in inbox(office.other_member, "done")] == ["sent"]
    assert [t.step for t in inbox(office.other_member)] == ["accepted"]
    assert list(inbox(office.other_clerk)) == []


def test_inbox_filters_and_overdue(office):
    matter = send(office)
    later = timezone.now() + datetime.timedelta(days=30)
    assert list(inbox(office.other_member, "overdue", now=later))[0].matter_id == matter.pk
    assert list(inbox(office.other_member, "overdue")) == []
    assert list(inbox(office.other_member, type_="nothing")) == []
    assert len(inbox(office.other_member, unit="economic-affairs")) == 1


def test_classified_matter_hidden_without_clearance(office):
    secret = do_create_memo(office.leader, title="涉密事项", classification=1, classification_period="10年")
    assert can_see(office.leader, secret)
    assert not can_see(office.member, secret)
    assert secret not in visible_matters(office.other_member)
    with pytest.raises(NotAllowed):
        do_create_memo(office.member, title="越权定密", classification=2, classification_period="10年")
    with pytest.raises(ActionError):
        do_create_memo(office.leader, title="缺保密期限", classification=1)


def test_unit_sees_what_it_leads_others_do_not(office, make_unit, make_person):
    matter = send(office)
    elsewhere = make_person("elsewhere", unit=make_unit("research"), roles=[RoleCode.CLERK])
    assert can_see(office.member, matter) and can_see(office.other_clerk, matter)
    assert not can_see(elsewhere, matter) and not can_see(office.outsider, matter)


def test_delegate_acts_on_behalf_and_it_is_recorded(office, make_person):
    deputy = make_person("deputy", unit=office.office, roles=[RoleCode.CLERK])
    matter = send(office)
    matter = do_transition(office.other_member, matter, "accept", {})
    matter = do_transition(office.other_member, matter, "handle", {"result": "完成"})
    now = timezone.now()
    with pytest.raises(NotAllowed):
        do_transition(deputy, matter, "reply", {"reply": "代签"})
    do_delegate(office.other_chief, office.other_chief, deputy, start=now - datetime.timedelta(hours=1),
                end=now + datetime.timedelta(days=3), reason="休假")
    approve = Task.objects.get(matter=matter, state=TaskState.OPEN)
    assert approve.assignee_role == "chief"
    assert [t.pk for t in inbox(deputy)] == [approve.pk]
    do_transition(deputy, matter, "reply", {"reply": "代签"})
    event = Event.objects.get(subject_id=matter.pk, subject_type="engine.matter", verb="memo.reply")
    assert event.actor_id == deputy.pk and event.on_behalf_of_id == office.other_chief.pk


def test_deadline_of_a_step_uses_working_days(office):
    matter = send(office)
    task = Task.objects.get(matter=matter, state=TaskState.OPEN)
    expected = compute_due(task.created_at, 2, "working_days")
    assert task.due_at == expected.at and task.due_provisional == expected.provisional


def test_suspend_and_resume_move_the_due_time(office):
    matter = send(office)
    matter = do_transition(office.other_member, matter, "accept", {})
    due_before = matter.due_at
    with pytest.raises(NotAllowed):
        do_suspend(office.outsider, matter, "听证")
    with pytest.raises(ActionError):
        do_suspend(office.other_member, matter, "")
    matter = do_suspend(office.other_member, matter, "等待听证")
    with pytest.raises(ActionError):
        do_transition(office.other_member, matter, "handle", {"result": "x"})
    with pytest.raises(Conflict):
        do_suspend(office.other_member, matter, "again")
    matter = do_resume(office.other_member, matter, "听证结束")
    assert matter.paused_at is None and matter.due_at >= due_before
    verbs = list(Event.objects.filter(subject_id=matter.pk, subject_type="engine.matter").values_list("verb", flat=True))
    assert verbs[-2:] == ["memo.suspended", "memo.resumed"]


def test_chief_reassigns_in_bulk_clerk_cannot(office):
    first, second = send(office), send(office)
    tasks = list(Task.objects.filter(matter__in=[first, second], state=TaskState.OPEN))
    with pytest.raises(NotAllowed):
        do_reassign(office.other_member, tasks, person=office.other_clerk, reason="分工调整")
    with pytest.raises(ActionError):
        do_reassign(office.other_chief, tasks, person=office.other_clerk, reason="")
    do_reassign(office.other_chief, tasks, person=office.other_clerk, reason="分工调整")
    assert {t.assignee_person_id for t in Task.objects.filter(pk__in=[t.pk for t in tasks])} == {office.other_clerk.pk}
    assert len(inbox(office.other_clerk)) == 2 and len(inbox(office.other_member)) == 0
    assert Event.objects.filter(verb="memo.reassigned").count() == 2


def test_chief_cannot_pass_a_task_to_another_unit(office, make_unit, make_person):
    elsewhere = make_unit("research")
    stranger = make_person("stranger", unit=elsewhere, roles=[RoleCode.CLERK])
    task = Task.objects.get(matter=send(office), state=TaskState.OPEN)
    with pytest.raises(NotAllowed):
        do_reassign(office.other_chief, [task], unit=elsewhere, reason="不归我科")
    with pytest.raises(NotAllowed):
        do_reassign(office.other_chief, [task], person=stranger, reason="不归我科")
    do_reassign(office.admin, [task], unit=elsewhere, reason="管理员调整")
    task.refresh_from_db()
    assert task.assignee_unit == elsewhere
