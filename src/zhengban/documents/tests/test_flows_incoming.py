"""The incoming flow (收文) end to end, its other paths, and who may take each step."""

import datetime

import pytest
from django.utils import timezone

from zhengban.audit.models import Event
from zhengban.core.errors import ActionError, NotAllowed
from zhengban.engine.actions import do_transition
from zhengban.engine.generic import do_countersign
from zhengban.engine.models import MatterLink, Task, TaskState
from zhengban.documents.actions import do_chase_document, do_sign_in_batch, do_sign_in_document, do_start_draft
from zhengban.documents.models import Document

pytestmark = pytest.mark.django_db


def sign_in(office, **extra):
    spec = {"sender": "hy-drc", "sender_number": "衡发改〔2026〕12号", "doc_type": "request",
            "title": "关于申请重点项目建设资金的请示", "received_copies": 2, **extra}
    return do_sign_in_document(office.clerk, **spec)


def events(matter):
    return list(Event.objects.filter(subject_type="engine.matter", subject_id=matter.pk).values_list("verb", flat=True))


def open_tasks(matter, **filters):
    return list(Task.objects.filter(matter=matter, state=TaskState.OPEN, **filters))


def registered(office, **extra):
    matter = sign_in(office, **extra)
    matter = do_transition(office.clerk, matter, "register", {})
    return do_transition(office.clerk, matter, "check", {"note": "符合要求"})


def test_incoming_lifecycle_end_to_end(office):
    matter = sign_in(office, urgency="urgent")
    doc = Document.objects.get(matter=matter)
    assert (doc.direction, doc.sender.code, doc.received_copies, doc.holder) == ("incoming", "hy-drc", 2, office.clerk)
    assert matter.state == "signed" and matter.number == ""
    assert matter.data["routing"]["unit"] == "economic-affairs" and matter.data["routing"]["reasons"]

    matter = do_transition(office.clerk, matter, "register", {})
    year = timezone.localtime().year
    assert matter.number == f"收文〔{year}〕1号"
    matter = do_transition(office.clerk, matter, "check", {})
    deadline = (timezone.localdate() + datetime.timedelta(days=20)).isoformat()
    matter = do_transition(office.clerk, matter, "propose_action", {
        "opinion": "拟请经济科牵头办理", "lead_unit": "economic-affairs", "co_units": ["finance-trade"],
        "deadline": deadline, "leader": "sg",
    })
    assert matter.state == "instructing"
    assert Document.objects.get(matter=matter).holder == office.sg
    [approve] = open_tasks(matter)
    assert (approve.kind, approve.assignee_person) == ("approve", office.sg)

    matter = do_transition(office.sg, matter, "instruct", {
        "instruction": "请经济科会同财贸科研究办理。", "lead_unit": "economic-affairs", "co_units": ["finance-trade"],
    })
    doc = Document.objects.get(matter=matter)
    assert doc.instruction.startswith("请经济科") and doc.instructed_by == office.sg
    assert matter.lead_unit.code == "economic-affairs" and matter.due_at is not None  # urgent: the default limit
    handle = open_tasks(matter, kind="handle")
    countersign = open_tasks(matter, kind="countersign")
    assert [t.assignee_unit.code for t in handle] == ["economic-affairs"]
    assert [t.assignee_unit.code for t in countersign] == ["finance-trade"]

    with pytest.raises(ActionError):  # the co-unit has not contributed yet
        do_transition(office.econ, matter, "handle", {"result": "已办"})
    do_countersign(office.finance, countersign[0], agree=True, opinion="同意，资金可在预算中安排。")
    reply = do_start_draft(office.econ, doc_type="reply", title="关于重点项目建设资金的批复", number_prefix="government-letter",
                           main_recipients=["hy-drc"])
    matter = do_transition(office.econ, matter, "handle", {"result": "已会同财贸科提出资金安排意见。",
                                                           "reply_document": reply.pk})
    assert matter.state == "handled"

    matter = do_transition(office.clerk, matter, "circulate", {"to": "sg"})
    assert Document.objects.get(matter=matter).holder == office.sg
    matter = do_transition(office.sg, matter, "pass_on", {"to": "mayor", "opinion": "阅"})
    assert Document.objects.get(matter=matter).holder == office.mayor
    matter = do_transition(office.clerk2, matter, "recall", {"reason": "市长外出，先行收回"})
    assert matter.state == "handled" and Document.objects.get(matter=matter).holder == office.clerk2
    assert not open_tasks(matter, assignee_person=office.mayor)

    matter = do_transition(office.clerk, matter, "reply", {"reply": "已以复函答复"})
    assert matter.data["reply"] == {"text": "已以复函答复", "document": reply.pk}
    assert MatterLink.objects.filter(source=reply, target=matter, kind="reply-to").exists()
    matter = do_transition(office.clerk, matter, "file", {})
    assert matter.state == "filed" and matter.closed_at is not None
    assert events(matter)[:4] == ["incoming.opened", "incoming.signed_in", "incoming.register", "incoming.check"]
    assert "incoming.recall" in events(matter) and events(matter)[-1] == "incoming.file"


def test_returned_to_sender_with_reasons(office):
    matter = sign_in(office)
    matter = do_transition(office.clerk, matter, "register", {})
    matter = do_transition(office.clerk, matter, "return_to_sender", {"reasons": "一文多事，不符合请示的规定。"})
    assert matter.state == "returned" and matter.closed_at is not None
    assert matter.data["check"] == {"passed": False, "reasons": "一文多事，不符合请示的规定。"}
    assert not open_tasks(matter)


def test_for_information_goes_to_readers_then_filed(office):
    matter = registered(office, doc_type="bulletin", title="关于全省安全生产情况的通报")
    with pytest.raises(ActionError) as refused:
        do_transition(office.clerk, matter, "propose_reading", {})
    assert "readers" in refused.value.fields
    matter = do_transition(office.clerk, matter, "propose_reading", {
        "readers": "sg, dsg", "reader_units": ["economic-affairs"], "opinion": "请阅知",
    })
    reads = open_tasks(matter, kind="read")
    assert {(t.assignee_person.username if t.assignee_person else t.assignee_unit.code) for t in reads} == {
        "sg", "dsg", "economic-affairs"}
    assert Document.objects.get(matter=matter).for_action is False
    matter = do_transition(office.clerk, matter, "file", {})
    assert matter.state == "filed"
    assert len(open_tasks(matter, kind="read")) == 3  # reading goes on after filing


def test_chase_notifies_the_holder(office, django_capture_on_commit_callbacks):
    from zhengban.notifications.models import Notification

    matter = registered(office)
    matter = do_transition(office.clerk, matter, "propose_action", {
        "opinion": "拟办", "lead_unit": "economic-affairs", "leader": "sg"})
    with django_capture_on_commit_callbacks(execute=True):
        do_chase_document(office.clerk, matter, "请尽快批示")
    assert events(matter)[-1] == "incoming.chased"
    assert Notification.objects.filter(recipient=office.sg, verb="document.chased").exists()
    with pytest.raises(NotAllowed):
        do_chase_document(office.econ, matter, "快")


def test_batch_sign_in_creates_every_document_or_none(office):
    items = [
        {"sender": "hengyang-county", "doc_type": "report", "title": "衡阳县关于防汛工作的报告"},
        {"sender": "hy-finance", "doc_type": "letter", "title": "市财政局关于预算调整的函", "received_copies": 3},
    ]
    matters = do_sign_in_batch(office.clerk, items)
    assert [m.state for m in matters] == ["signed", "signed"]
    assert Document.objects.filter(direction="incoming").count() == 2
    with pytest.raises(ActionError) as refused:
        do_sign_in_batch(office.clerk, [items[0], {"sender": "nowhere", "doc_type": "report", "title": "x"}])
    assert "documents.2.sender" in refused.value.fields
    assert Document.objects.filter(direction="incoming").count() == 2


def test_sign_in_refuses_a_typed_number_and_strangers(office):
    with pytest.raises(ActionError) as refused:
        sign_in(office, number="收文〔2026〕9号")
    assert refused.value.code == "manual_number"
    with pytest.raises(NotAllowed):
        do_sign_in_document(office.econ, sender="hy-drc", doc_type="report", title="x")
    assert not Document.objects.exists()


def test_wrong_people_are_refused_at_each_step(office):
    matter = sign_in(office)
    with pytest.raises(NotAllowed):
        do_transition(office.econ, matter, "register", {})
    matter = do_transition(office.clerk, matter, "register", {})
    matter = do_transition(office.clerk, matter, "check", {})
    with pytest.raises(ActionError) as refused:
        do_transition(office.clerk, matter, "propose_action", {"opinion": "拟办", "lead_unit": "economic-affairs",
                                                               "leader": "econchief"})
    assert "leader" in refused.value.fields
    matter = do_transition(office.clerk, matter, "propose_action", {"opinion": "拟办", "lead_unit": "economic-affairs",
                                                                   "leader": "sg"})
    with pytest.raises(NotAllowed):
        do_transition(office.mayor, matter, "instruct", {"instruction": "办", "lead_unit": "economic-affairs"})
    matter = do_transition(office.sg, matter, "instruct", {"instruction": "办", "lead_unit": "economic-affairs"})
    with pytest.raises(NotAllowed):
        do_transition(office.finance, matter, "handle", {"result": "x"})
    matter = do_transition(office.econ, matter, "handle", {"result": "已办"})
    matter = do_transition(office.clerk, matter, "circulate", {"to": "sg"})
    with pytest.raises(NotAllowed):
        do_transition(office.econ, matter, "recall", {"reason": "x"})
    with pytest.raises(NotAllowed):
        do_transition(office.mayor, matter, "pass_on", {"to": "dsg"})
