"""The whole chain 立项 → 交办 → 签收 → 反馈 ×2 → 办结报告 → 核实 (returned) → 办结报告 → 核实 → 销号."""

import datetime

import pytest

from zhengban.audit.models import Event
from zhengban.core.errors import ActionError, NotAllowed
from zhengban.engine.actions import do_transition
from zhengban.engine.models import Matter, Task
from zhengban.supervision.actions import do_open_supervision_item
from zhengban.supervision.models import ProgressReport, SupervisionItem

pytestmark = pytest.mark.django_db

D = datetime.date


def verbs(matter):
    return list(Event.objects.filter(subject_type="engine.matter", subject_id=matter.pk).order_by("seq")
                .values_list("verb", flat=True))


def open_tasks(matter):
    return list(Task.objects.filter(matter=matter, state="open").order_by("pk"))


def test_the_whole_chain(office, clock):
    clock.set(D(2026, 3, 2))
    matter = do_open_supervision_item(office.officer, source="annual-key-task", title="推进城区老旧小区改造",
                                      body="年内完成30个小区改造。")
    assert matter.state == "registered" and matter.number == "督办〔2026〕1号"
    matter = do_transition(office.officer, matter, "assign", {
        "lead_unit": "secretariat-1", "co_units": ["economic-affairs"], "due": "2026-06-30", "cadence": "monthly",
        "leader": "vicemayor",
    })
    assert matter.state == "assigned" and matter.lead_unit == office.unit
    item = SupervisionItem.objects.get(pk=matter.pk)
    assert item.leader == office.vice_mayor and item.cadence == "monthly"
    kinds = {(t.kind, t.assignee_unit.code) for t in open_tasks(matter)}
    assert kinds == {("handle", "secretariat-1"), ("read", "economic-affairs")}

    with pytest.raises(NotAllowed):
        do_transition(office.other_member, matter, "sign", {})
    matter = do_transition(office.member, matter, "sign", {})
    report_task = [t for t in open_tasks(matter) if t.kind == "handle"][0]
    assert matter.state == "in-progress" and report_task.due_at.date() == D(2026, 4, 2)

    clock.set(D(2026, 3, 30))
    matter = do_transition(office.member, matter, "report", {"progress": 30, "text": "已完成10个小区。"})
    clock.set(D(2026, 4, 28))
    matter = do_transition(office.chief, matter, "report", {"progress": 60, "text": "已完成20个小区。"})
    item.refresh_from_db()
    assert item.progress == 60 and item.next_report_at.date() == D(2026, 5, 28)
    assert [r.progress for r in ProgressReport.objects.filter(item=item)] == [60, 30]
    assert len([t for t in open_tasks(matter) if t.kind == "handle"]) == 1

    clock.set(D(2026, 6, 10))
    matter = do_transition(office.member, matter, "complete", {"report": "30个小区全部完工。"})
    assert matter.state == "completed" and [t.assignee_role for t in open_tasks(matter) if t.kind == "handle"] == [
        "supervision-officer"]
    with pytest.raises(NotAllowed):
        do_transition(office.member, matter, "verify", {"rating": "5"})
    matter = do_transition(office.officer, matter, "rework", {"reason": "缺少验收资料。"})
    assert matter.state == "in-progress"
    assert SupervisionItem.objects.get(pk=matter.pk).completed_at is None

    clock.set(D(2026, 6, 20))
    matter = do_transition(office.member, matter, "complete", {"report": "已补齐验收资料。"})
    matter = do_transition(office.officer, matter, "verify", {"rating": "4", "opinion": "属实。"})
    matter = do_transition(office.officer, matter, "close", {})
    assert matter.state == "closed" and matter.closed_at is not None
    item.refresh_from_db()
    assert item.quality_rating == 4 and item.completed_on_time is True and item.progress == 100
    assert not [t for t in open_tasks(matter) if t.kind != "read"]
    assert verbs(matter) == [
        "supervision.opened", "supervision.assign", "supervision.sign", "supervision.report", "supervision.report",
        "supervision.complete", "supervision.rework", "supervision.complete", "supervision.verify",
        "supervision.close",
    ]


def test_only_the_supervision_office_opens_items(office):
    for person in (office.member, office.leader, office.outsider):
        with pytest.raises(NotAllowed):
            do_open_supervision_item(person, source="annual-key-task", title="x", body="")
    assert not Matter.objects.filter(type="supervision").exists()


def test_open_and_assign_in_one_step_linked_to_its_origin(office, clock):
    from zhengban.memos.actions import do_create_memo

    clock.set(D(2026, 3, 2))
    origin = do_create_memo(office.officer, title="代表建议：加快老旧小区改造")
    matter = do_open_supervision_item(
        office.officer, source="deputy-suggestion", title="办理代表建议", body="", lead_unit="secretariat-1",
        due=D(2026, 5, 29), cadence="weekly", origin_matter=origin, link_kind="follow-up-of",
    )
    assert matter.state == "assigned"
    assert list(origin.links_in.values_list("source_id", "kind")) == [(matter.pk, "follow-up-of")]
    assert verbs(matter) == ["supervision.opened", "supervision.linked", "supervision.assign"]


@pytest.mark.parametrize("bad", [{"progress": 101, "text": "x"}, {"progress": 10, "text": "x"}, {"progress": 50, "text": " "}])
def test_a_bad_report_changes_nothing(office, clock, bad):
    clock.set(D(2026, 3, 2))
    matter = do_open_supervision_item(office.officer, source="annual-key-task", title="事项", body="",
                                      lead_unit=office.unit, due=D(2026, 6, 30))
    matter = do_transition(office.member, matter, "sign", {})
    matter = do_transition(office.member, matter, "report", {"progress": 20, "text": "起步"})
    with pytest.raises(ActionError):
        do_transition(office.member, matter, "report", bad)
    assert SupervisionItem.objects.get(pk=matter.pk).progress == 20
    assert ProgressReport.objects.count() == 1


def test_another_unit_cannot_report(office, clock):
    clock.set(D(2026, 3, 2))
    matter = do_open_supervision_item(office.officer, source="annual-key-task", title="事项", body="",
                                      lead_unit=office.unit, due=D(2026, 6, 30))
    matter = do_transition(office.member, matter, "sign", {})
    with pytest.raises(NotAllowed):
        do_transition(office.other_member, matter, "report", {"progress": 20, "text": "冒报"})
