"""The drafting and outgoing flow (拟制, 发文) end to end, the number's gap-free assignment, permissions."""

import pytest
from django.utils import timezone

from zhengban.core.errors import ActionError, Conflict, NotAllowed
from zhengban.documents.actions import do_confirm_receipt, do_start_draft
from zhengban.documents.models import Delivery, Document
from zhengban.engine.actions import do_transition
from zhengban.engine.generic import can_withdraw, do_countersign
from zhengban.engine.models import Task, TaskState
from zhengban.numbering.models import Sequence

pytestmark = pytest.mark.django_db
YES = {name: "yes" for name in ("grounds", "policy_law", "consultation", "type_format", "wording")}


def draft(office, **extra):
    spec = {"doc_type": "notice", "title": "关于做好2026年防汛工作的通知", "number_prefix": "office",
            "main_recipients": ["hengyang-county", "hy-water"], "cc_recipients": ["hy-emergency"], **extra}
    return do_start_draft(office.econ, **spec)


def to_office_review(office, matter):
    matter = do_transition(office.econ, matter, "submit", {})
    return do_transition(office.econ_chief, matter, "unit_approve", {"opinion": "同意"})


def to_signing(office, **extra):
    matter = to_office_review(office, draft(office, **extra))
    return do_transition(office.clerk, matter, "office_approve", {**YES, "comment": "可以"})


def signed(office, **extra):
    matter = to_signing(office, **extra)
    [task] = open_tasks(matter)
    return do_transition(task.assignee_person, matter, "sign", {"opinion": "同意印发"})


def open_tasks(matter, **filters):
    return list(Task.objects.filter(matter=matter, state=TaskState.OPEN, **filters))


def test_outgoing_lifecycle_end_to_end(office):
    matter = draft(office)
    doc = Document.objects.get(matter=matter)
    assert matter.body.startswith("各有关单位：") and matter.body.endswith("特此通知。")
    assert (doc.issuer_signature, doc.number_prefix.code) == ("衡阳市人民政府办公室", "office")
    matter = do_transition(office.econ, matter, "submit", {"body": "各有关单位：\n\n请做好防汛工作。\n\n特此通知。"})
    assert matter.state == "unit_review"
    matter.refresh_from_db()
    assert "请做好防汛工作" in matter.body
    matter = do_transition(office.econ_chief, matter, "unit_approve", {})

    with pytest.raises(ActionError) as refused:
        do_transition(office.clerk, matter, "office_approve", {**YES, "wording": "no"})
    assert refused.value.code == "review_failed"
    matter = do_transition(office.clerk, matter, "office_countersign", {
        **YES, "countersign_units": ["rural-affairs"]})
    assert matter.data["office_reviews"][-1]["answers"] == YES
    [countersign] = open_tasks(matter, kind="countersign")
    rural_chief = office.make_member("ruralchief", "rural-affairs")
    with pytest.raises(ActionError):
        do_transition(office.clerk, matter, "countersign_done", {})
    do_countersign(rural_chief, countersign, agree=True, opinion="同意")
    matter = do_transition(office.clerk, matter, "countersign_done", {})
    assert matter.state == "signing"
    [sign_task] = open_tasks(matter)
    assert sign_task.assignee_person == office.sg  # the office's documents: the secretary-general

    matter = do_transition(office.sg, matter, "sign", {"opinion": "同意印发"})
    doc.refresh_from_db()
    assert doc.written_date == timezone.localdate()
    assert [s["username"] for s in doc.signers] == ["sg"] and doc.signers[0]["opinion"] == "同意印发"

    matter = do_transition(office.clerk, matter, "recheck_changed", {"change": "第二条时限由10日改为7日",
                                                                     "body": "各有关单位：\n\n7日内报送。\n\n特此通知。"})
    assert matter.state == "signing" and open_tasks(matter)[0].assignee_person == office.sg
    assert matter.number == ""
    matter = do_transition(office.sg, matter, "sign", {"opinion": "同意"})
    doc.refresh_from_db()
    assert len(doc.signers) == 2
    matter = do_transition(office.clerk, matter, "recheck", {})
    matter = do_transition(office.clerk, matter, "register", {})
    year = timezone.localtime().year
    assert matter.number == f"衡政办发〔{year}〕1号"
    # The number came from the register step's effect; a given number is never taken back.
    assert matter.data["last"]["numbered"] and not can_withdraw(office.clerk, matter)
    matter = do_transition(office.clerk, matter, "seal", {"seal": "office-seal", "impressions": 2})
    doc.refresh_from_db()
    assert (doc.seal, doc.seal_impressions) == (office.seal, 2)
    from zhengban.seals.models import SealUse

    assert SealUse.objects.filter(seal=office.seal, matter=matter, impressions=2).exists()
    matter = do_transition(office.clerk, matter, "print", {"printing_date": timezone.localdate().isoformat(),
                                                           "copy_count": 30})
    matter = do_transition(office.clerk, matter, "dispatch", {})
    deliveries = list(Delivery.objects.filter(document=doc).order_by("copy_role", "organization__code"))
    assert [(d.copy_role, d.organization.code) for d in deliveries] == [
        ("cc", "hy-emergency"), ("main", "hengyang-county"), ("main", "hy-water")]
    delivered = do_confirm_receipt(office.clerk, deliveries[1], received_by_name="张三")
    assert delivered.received_at is not None and delivered.receipt_recorded_by == office.clerk
    with pytest.raises(Conflict):
        do_confirm_receipt(office.clerk, deliveries[1], received_by_name="张三")
    with pytest.raises(NotAllowed):
        do_confirm_receipt(office.econ, deliveries[2], received_by_name="李四")
    matter = do_transition(office.clerk, matter, "file", {})
    assert matter.state == "filed"


def test_office_review_sends_back_only_with_a_no_and_a_comment(office):
    matter = to_office_review(office, draft(office))
    with pytest.raises(ActionError) as refused:
        do_transition(office.clerk, matter, "office_send_back", {**YES, "comment": "再改改"})
    assert refused.value.code == "review_passed"
    with pytest.raises(ActionError) as refused:
        do_transition(office.clerk, matter, "office_send_back", {**YES, "grounds": "no"})
    assert "comment" in refused.value.fields
    matter = do_transition(office.clerk, matter, "office_send_back", {**YES, "grounds": "no", "comment": "无需行文"})
    assert matter.state == "drafting" and open_tasks(matter)[0].assignee_person == office.econ


def test_important_and_upward_documents_are_signed_by_the_mayor(office):
    matter = to_signing(office, doc_type="report", title="关于防汛工作的报告", main_recipients=["hunan-government"],
                        cc_recipients=[])
    assert open_tasks(matter)[0].assignee_person == office.mayor
    matter = to_signing(office, important=True)
    assert open_tasks(matter)[0].assignee_person == office.mayor
    matter = to_office_review(office, draft(office, important=True))
    with pytest.raises(ActionError) as refused:
        do_transition(office.clerk, matter, "office_approve", {**YES, "signer": "sg"})
    assert "signer" in refused.value.fields


def test_joint_signing_takes_the_last_signers_date(office):
    matter = to_signing(office)
    matter = do_transition(office.sg, matter, "sign_and_pass", {"opinion": "同意", "next_signer": "vicemayor"})
    assert matter.state == "signing" and open_tasks(matter)[0].assignee_person == office.vice_mayor
    matter = do_transition(office.vice_mayor, matter, "sign", {"opinion": "同意"})
    doc = Document.objects.get(matter=matter)
    assert [s["username"] for s in doc.signers] == ["sg", "vicemayor"]
    assert doc.written_date == timezone.localdate()


def test_numbers_stay_gap_free_across_a_rolled_back_registration(office):
    from zhengban.documents import outgoing_flow

    first, second = signed(office), signed(office)
    first = do_transition(office.clerk, first, "recheck", {})
    second = do_transition(office.clerk, second, "recheck", {})
    register = outgoing_flow.FLOW.transition_map["register"]

    def explode(ctx, payload):
        raise ActionError("the printer caught fire")

    object.__setattr__(register, "effects", (*register.effects, explode))
    try:
        with pytest.raises(ActionError):
            do_transition(office.clerk, first, "register", {})
    finally:
        object.__setattr__(register, "effects", register.effects[:-1])
    first.refresh_from_db()
    assert first.number == "" and first.state == "registering"
    assert not Sequence.objects.filter(key="office", last__gt=0).exists()
    second = do_transition(office.clerk, second, "register", {})
    first = do_transition(office.clerk, first, "register", {})
    year = timezone.localtime().year
    assert (second.number, first.number) == (f"衡政办发〔{year}〕1号", f"衡政办发〔{year}〕2号")


def test_wrong_people_are_refused(office):
    matter = draft(office)
    with pytest.raises(NotAllowed):
        do_transition(office.finance, matter, "submit", {})
    matter = do_transition(office.econ, matter, "submit", {})
    with pytest.raises(NotAllowed):
        do_transition(office.econ, matter, "unit_approve", {})
    matter = do_transition(office.econ_chief, matter, "unit_approve", {})
    with pytest.raises(NotAllowed):
        do_transition(office.econ_chief, matter, "office_approve", {**YES})
    matter = do_transition(office.dsg, matter, "office_approve", {**YES})  # a deputy secretary-general reviews too
    with pytest.raises(NotAllowed):
        do_transition(office.mayor, matter, "sign", {"opinion": "同意"})
    matter = do_transition(office.sg, matter, "sign", {"opinion": "同意"})
    with pytest.raises(NotAllowed):
        do_transition(office.econ, matter, "recheck", {})
    matter = do_transition(office.clerk, matter, "recheck", {})
    with pytest.raises(NotAllowed):
        do_transition(office.econ, matter, "register", {})
