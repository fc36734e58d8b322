"""The seal-request and seal-engraving flows through the engine."""

import datetime

import pytest

from zhengban.audit.models import Event
from zhengban.core.errors import ActionError, Conflict, NotAllowed
from zhengban.engine.actions import do_transition
from zhengban.engine.models import Task, TaskState
from zhengban.seals.actions import do_request_seal_engraving, do_request_seal_use, do_retire_seal
from zhengban.seals.models import Seal, SealEngraving, SealKind, SealUse

pytestmark = pytest.mark.django_db


def matter_verbs(matter):
    return list(Event.objects.filter(subject_type="engine.matter", subject_id=matter.pk).order_by("seq").values_list("verb", flat=True))


def test_office_seal_request_is_approved_by_the_section_chief_and_used(seals):
    matter = do_request_seal_use(seals.other_member, seal=seals.office_seal, purpose="报送材料", impressions=2)
    assert matter.state == "approval"
    task = Task.objects.get(matter=matter, state=TaskState.OPEN)
    assert (task.kind, task.assignee_unit, task.assignee_role) == ("approve", seals.unit, "chief")
    with pytest.raises(NotAllowed):
        do_transition(seals.leader, matter, "approve", {})
    matter = do_transition(seals.chief, matter, "approve", {"note": "同意"})
    assert matter.state == "approved"
    with pytest.raises(NotAllowed):
        do_transition(seals.other_member, matter, "record_use", {"impressions": 2})
    with pytest.raises(ActionError):
        do_transition(seals.member, matter, "record_use", {"impressions": 3})
    matter = do_transition(seals.member, matter, "record_use", {"impressions": 2, "note": "已盖章"})
    assert matter.state == "closed" and matter.closed_at
    use = SealUse.objects.get()
    assert (use.seal, use.impressions, use.applied_by, use.approved_by, use.requested_by, use.request) == (
        seals.office_seal, 2, seals.member, seals.chief, seals.other_member, matter)
    assert matter_verbs(matter) == ["seal-request.opened", "seal-request.submit", "seal-request.approve",
                                    "seal-request.record_use"]


def test_government_seal_request_goes_to_the_leaders(seals):
    matter = do_request_seal_use(seals.member, seal=seals.government_seal, purpose="市政府发文", impressions=1)
    task = Task.objects.get(matter=matter, state=TaskState.OPEN)
    assert task.assignee_person == seals.leader
    with pytest.raises(NotAllowed):
        do_transition(seals.chief, matter, "approve", {})
    with pytest.raises(ActionError):
        do_transition(seals.leader, matter, "refuse", {})
    matter = do_transition(seals.leader, matter, "refuse", {"reason": "请先完成签发"})
    assert matter.state == "refused" and matter.closed_at
    assert not SealUse.objects.exists()


def test_approver_cannot_approve_own_request(seals):
    matter = do_request_seal_use(seals.chief, seal=seals.office_seal, purpose="本科室用", impressions=1)
    with pytest.raises(NotAllowed):
        do_transition(seals.chief, matter, "approve", {})


def test_request_refusals(seals):
    with pytest.raises(ActionError):
        do_request_seal_use(seals.outsider, seal=seals.office_seal, purpose="x", impressions=1)
    with pytest.raises(ActionError):
        do_request_seal_use(seals.member, seal=seals.office_seal, purpose=" ", impressions=1)
    with pytest.raises(ActionError):
        do_request_seal_use(seals.member, seal=seals.office_seal, purpose="x", impressions=0)
    do_retire_seal(seals.chief, seals.mayor_seal, reason="更换")
    with pytest.raises(Conflict):
        do_request_seal_use(seals.member, seal=seals.mayor_seal, purpose="x", impressions=1)


def test_seal_retired_after_approval_cannot_be_applied(seals):
    matter = do_request_seal_use(seals.other_member, seal=seals.office_seal, purpose="x", impressions=1)
    matter = do_transition(seals.chief, matter, "approve", {})
    do_retire_seal(seals.chief, seals.office_seal, reason="遗失")
    with pytest.raises(Conflict):
        do_transition(seals.member, matter, "record_use", {"impressions": 1})
    matter.refresh_from_db()
    assert matter.state == "approved" and not SealUse.objects.exists()


def test_requester_may_cancel(seals):
    matter = do_request_seal_use(seals.other_member, seal=seals.office_seal, purpose="x", impressions=1)
    with pytest.raises(NotAllowed):
        do_transition(seals.member, matter, "cancel", {"reason": "x"})
    matter = do_transition(seals.other_member, matter, "cancel", {"reason": "不需要了"})
    assert matter.state == "cancelled"


def test_engraving_flow_creates_the_seal(seals):
    matter = do_request_seal_engraving(
        seals.other_member, code="economic-affairs-special", name_zh="衡阳市人民政府办公室经济科专用章",
        name_en="Economic Affairs Section special seal", kind=SealKind.SPECIAL, keeper_unit=seals.other_unit,
        reason="业务需要",
    )
    assert matter.state == "approval"
    with pytest.raises(NotAllowed):
        do_transition(seals.chief, matter, "approve", {})
    matter = do_transition(seals.leader, matter, "approve", {})
    with pytest.raises(NotAllowed):
        do_transition(seals.other_member, matter, "engrave", {"engraved_on": "2026-11-01"})
    matter = do_transition(seals.member, matter, "engrave", {"engraved_on": "2026-11-01"})
    seal = Seal.objects.get(code="economic-affairs-special")
    assert (seal.engraved_on, seal.keeper_unit, seal.active) == (datetime.date(2026, 11, 1), seals.other_unit, True)
    assert SealEngraving.objects.get(matter=matter).seal_id == seal.pk
    assert Event.objects.filter(subject_type="seals.seal", subject_id=seal.pk, verb="seal.engraved").exists()
    matter = do_transition(seals.member, matter, "hand_over", {"handed_over_to": "经济科 张三"})
    assert matter.state == "handed-over" and matter.closed_at


def test_engraving_refusals(seals):
    kwargs = dict(name_zh="章", name_en="Seal", kind=SealKind.SPECIAL, keeper_unit=seals.unit, reason="需要")
    with pytest.raises(Conflict):
        do_request_seal_engraving(seals.member, code="office", **kwargs)
    with pytest.raises(ActionError):
        do_request_seal_engraving(seals.member, code="new", **{**kwargs, "reason": ""})
    with pytest.raises(ActionError):
        do_request_seal_engraving(seals.outsider, code="new", **kwargs)
