"""Every statutory clock of the 信访工作条例 with real calendar dates (chinese_calendar's 2026)."""

import datetime

import pytest
from django.utils import timezone

from zhengban.core.errors import ActionError
from zhengban.engine.generic import do_resume, do_suspend
from zhengban.engine.models import FlowParameter, Matter

from .helpers import accept, forward, fresh, reply, step

pytestmark = pytest.mark.django_db


def day(moment):
    return timezone.localtime(moment).date()


def test_decide_within_15_calendar_days(clock, register):
    clock.set(2026, 3, 2)
    petition = register()
    assert petition.matter.state == "registered"
    assert day(petition.matter.due_at) == datetime.date(2026, 3, 17)
    assert petition.matter.due_unit == "calendar_days"


def test_decide_deadline_crossing_the_october_holiday_rolls_to_the_next_working_day(clock, register):
    import chinese_calendar

    clock.set(2026, 9, 16)
    petition = register()
    # 15 days after 09-16 is 10-01, inside the National Day holiday; the period ends on the first
    # working day after it.
    assert not chinese_calendar.is_workday(datetime.date(2026, 10, 1))
    first_working = next(
        datetime.date(2026, 10, d) for d in range(1, 15) if chinese_calendar.is_workday(datetime.date(2026, 10, d))
    )
    assert day(petition.matter.due_at) == first_working == datetime.date(2026, 10, 8)


def test_receiving_body_accepts_within_15_days(clock, office, register):
    clock.set(2026, 4, 1)
    petition = forward(office, register())
    assert petition.matter.state == "awaiting_acceptance"
    assert day(petition.matter.due_at) == datetime.date(2026, 4, 16)
    assert petition.matter.lead_unit_id == office.handling_unit.pk


def test_objection_within_5_working_days_across_the_october_holiday(clock, office, register):
    clock.set(2026, 9, 29)
    petition = forward(office, register())
    # Working days after 09-29: 09-30, 10-08, 10-09, 10-10 (make-up Saturday), 10-12.
    assert day(petition.object_by) == datetime.date(2026, 10, 12)
    clock.set(2026, 10, 12, 17)
    objected = step(office.handler, petition, "object", reason="属交通运输部门职责，非本单位事项。")
    assert objected.matter.state == "registered"
    assert objected.matter.lead_unit_id is None


def test_objection_after_5_working_days_is_refused(clock, office, register):
    clock.set(2026, 9, 29)
    petition = forward(office, register())
    clock.set(2026, 10, 13, 9)
    with pytest.raises(ActionError) as refused:
        step(office.handler, petition, "object", reason="太晚了")
    assert refused.value.code == "objection_late"
    assert fresh(petition).matter.state == "awaiting_acceptance"


def test_objection_unit_is_a_parameter(clock, office, register):
    FlowParameter.objects.create(flow="petition", key="object_within", value=[5, "calendar_days"])
    clock.set(2026, 9, 29)
    petition = forward(office, register())
    assert day(petition.object_by) == datetime.date(2026, 10, 8)  # 10-04 is a holiday: rolled forward


def test_handling_within_60_days_of_acceptance(clock, office, register):
    clock.set(2026, 4, 20)
    petition = forward(office, register())
    clock.set(2026, 5, 4)
    petition = accept(office, petition)
    assert petition.matter.state == "accepted"
    assert day(petition.matter.due_at) == datetime.date(2026, 7, 3)


def test_assigned_deadline_shortens_handling(clock, office, register):
    clock.set(2026, 4, 20)
    petition = step(office.officer, register(), "assign", handling_unit=office.handling_unit.code, due_date="2026-05-29")
    assert petition.mode == "assign"
    clock.set(2026, 5, 4)
    petition = accept(office, petition)
    assert day(petition.matter.due_at) == datetime.date(2026, 5, 29)


def _accepted(clock, office, register):
    clock.set(2026, 4, 20)
    petition = forward(office, register())
    clock.set(2026, 5, 4)
    return accept(office, petition)


def test_one_extension_of_at_most_30_days_with_approval_and_written_notice(clock, office, register):
    petition = _accepted(clock, office, register)
    petition = step(office.handler, petition, "request_extension", days=30, reason="需现场勘测")
    assert petition.matter.state == "extension_requested"
    assert day(petition.matter.due_at) == datetime.date(2026, 7, 3)  # unchanged until approved
    with pytest.raises(ActionError):
        step(office.handler, petition, "approve_extension", notice="x")  # only the chief approves
    petition = step(office.intake_chief, petition, "approve_extension", notice="因需现场勘测，办理期限延长30日。")
    assert petition.matter.state == "accepted"
    assert petition.extension_days == 30 and petition.extension_notice
    # 07-03 + 30 days = 08-02, a Sunday: the period ends on Monday 08-03.
    assert day(petition.matter.due_at) == datetime.date(2026, 8, 3)
    with pytest.raises(ActionError) as second:
        step(office.handler, petition, "request_extension", days=5, reason="再延")
    assert second.value.code == "second_extension"


def test_extension_longer_than_30_days_is_refused(clock, office, register):
    petition = _accepted(clock, office, register)
    with pytest.raises(ActionError) as refused:
        step(office.handler, petition, "request_extension", days=31, reason="需要更久")
    assert refused.value.code == "extension_too_long"
    assert fresh(petition).matter.state == "accepted"


def test_refused_extension_leaves_the_deadline(clock, office, register):
    petition = _accepted(clock, office, register)
    petition = step(office.handler, petition, "request_extension", days=10, reason="需要")
    petition = step(office.intake_chief, petition, "refuse_extension", reason="理由不足")
    assert petition.matter.state == "accepted" and petition.extension_days == 0
    assert day(petition.matter.due_at) == datetime.date(2026, 7, 3)


def test_hearing_pauses_the_handling_clock(clock, office, register):
    petition = _accepted(clock, office, register)
    clock.set(2026, 5, 10)
    do_suspend(office.handler, Matter.objects.get(pk=petition.pk), "听证会")
    clock.set(2026, 5, 20)
    with pytest.raises(ActionError):
        reply(office, petition)  # no step while the hearing runs
    do_resume(office.handler, Matter.objects.get(pk=petition.pk), "听证结束")
    # Ten calendar days under hearing are not counted: 07-03 + 10 = 07-13.
    assert day(fresh(petition).matter.due_at) == datetime.date(2026, 7, 13)


def _replied(clock, office, register, **kwargs):
    petition = _accepted(clock, office, register)
    clock.set(2026, 6, 1)
    return reply(office, petition)


def test_reply_records_outcome_and_opens_the_30_day_review_window(clock, office, register):
    petition = _replied(clock, office, register)
    assert petition.matter.state == "replied" and petition.outcome == "support"
    assert petition.matter.due_at is None
    assert day(petition.review_by) == datetime.date(2026, 7, 1)


def test_review_requested_after_30_days_is_refused(clock, office, register):
    petition = _replied(clock, office, register)
    clock.set(2026, 7, 2)
    with pytest.raises(ActionError) as late:
        step(office.officer, petition, "request_review", reason="不服")
    assert late.value.code == "request_late"


def test_review_and_second_review_chain_then_refusal_of_the_same_matter(clock, office, register):
    petition = _replied(clock, office, register)
    clock.set(2026, 6, 30)
    petition = step(office.officer, petition, "request_review", reason="对答复不服")
    assert petition.matter.state == "review_requested"
    assert day(petition.matter.due_at) == datetime.date(2026, 7, 30)  # decided within 30 days
    clock.set(2026, 7, 20)
    petition = step(office.officer, petition, "decide_review", decision="维持原处理意见。")
    assert petition.matter.state == "reviewed" and petition.matter.due_at is None
    assert day(petition.re_review_by) == datetime.date(2026, 8, 19)
    clock.set(2026, 8, 19, 16)
    petition = step(office.officer, petition, "request_re_review", reason="对复查意见不服")
    # 30 days after 08-19 is 09-18, a Friday.
    assert day(petition.matter.due_at) == datetime.date(2026, 9, 18)
    clock.set(2026, 9, 1)
    petition = step(office.officer, petition, "decide_re_review", decision="复核维持。")
    assert petition.matter.state == "final" and petition.matter.closed_at

    clock.set(2026, 11, 2)
    again = register(text="衡南县某村道路年久失修，雨天泥泞，村民出行困难，再次请求政府安排资金硬化村道。")
    assert again.matter.state == "not_accepted"
    assert petition.matter.number in again.refusal_reason and "复核" in again.refusal_reason
    assert again.repeat_of_id == petition.pk
    assert again.matter.links_out.filter(kind="duplicate-of", target_id=petition.pk).exists()


def test_second_review_requested_late_is_refused(clock, office, register):
    petition = _replied(clock, office, register)
    petition = step(office.officer, petition, "request_review", reason="不服")
    clock.set(2026, 6, 10)
    petition = step(office.officer, petition, "decide_review", decision="维持")
    clock.set(2026, 7, 11)
    with pytest.raises(ActionError) as late:
        step(office.officer, petition, "request_re_review", reason="不服")
    assert late.value.code == "request_late"


def test_rating_once_and_close(clock, office, register):
    petition = _replied(clock, office, register)
    petition = step(office.officer, petition, "rate", rating="basically-satisfied")
    assert petition.rating == "basically-satisfied"
    with pytest.raises(ActionError):
        step(office.officer, petition, "rate", rating="satisfied")
    petition = step(office.officer, petition, "close")
    assert petition.matter.state == "closed"


def test_not_accepted_with_reasons(clock, office, register):
    petition = step(office.officer, register(), "not_accept", reason="已经或者依法应当通过诉讼途径解决。")
    assert petition.matter.state == "not_accepted" and petition.refusal_reason


def test_limits_are_declared_as_flow_parameters():
    from zhengban.petitions.flows import FLOW

    assert FLOW.parameters["decide_within"] == [15, "calendar_days"]
    assert FLOW.parameters["accept_within"] == [15, "calendar_days"]
    assert FLOW.parameters["object_within"] == [5, "working_days"]
    assert FLOW.parameters["handle_within"] == [60, "calendar_days"]
    assert FLOW.parameters["extension_at_most"] == [30, "calendar_days"]
    for key in ("review_request_within", "review_decide_within", "re_review_request_within", "re_review_decide_within"):
        assert FLOW.parameters[key] == [30, "calendar_days"]
