"""An executive meeting from topic proposal to signed minutes and supervision items, through the actions."""

import re

import pytest

from zhengban.audit.models import Event
from zhengban.core.errors import ActionError, Conflict, NotAllowed
from zhengban.engine.actions import do_transition
from zhengban.engine.models import MatterLink, Task, TaskKind, TaskState
from zhengban.meetings.actions import do_save_minutes
from zhengban.meetings.minutes import minutes_docx, minutes_pdf, minutes_spec
from zhengban.meetings.models import AgendaItem, Attendance, AttendanceRole, Decision, Meeting
from zhengban.meetings.queries import attendance_of
from zhengban.notifications.models import Notification

from .helpers import a_decision, agreed_topic, schedule, to_minutes_signing

pytestmark = pytest.mark.django_db


def events(matter, verb):
    return Event.objects.filter(subject_type="engine.matter", subject_id=matter.pk, verb=verb)


def test_executive_meeting_from_topic_to_signed_minutes_and_supervision_items(office, django_capture_on_commit_callbacks):
    meeting = schedule(office)
    roles = dict(Attendance.objects.filter(meeting_id=meeting.pk).values_list("person__username", "role"))
    assert roles == {"mayor": "chair", "vicemayor": "member", "leader": "member", "chief": "in-attendance"}
    topic = agreed_topic(office)
    assert Task.objects.filter(matter=topic, state=TaskState.OPEN, assignee_person=office.mayor).exists()
    topic = do_transition(office.mayor, topic, "schedule", {"meeting": meeting.pk})
    assert topic.state == "on-agenda" and AgendaItem.objects.get(topic_id=topic.pk).meeting_id == meeting.pk
    assert Attendance.objects.get(meeting_id=meeting.pk, person=office.other_member).role == AttendanceRole.IN_ATTENDANCE

    with django_capture_on_commit_callbacks(execute=True):
        meeting = do_transition(office.member, meeting, "send-notice", {})
    assert Notification.objects.filter(matter=meeting, verb="meeting.notice").count() == 5
    assert Task.objects.filter(matter=meeting, kind=TaskKind.READ, assignee_person=office.mayor).exists()

    meeting = do_transition(office.member, meeting, "hold", {})
    topic.refresh_from_db()
    assert topic.state == "discussed" and topic.closed_at
    meeting = do_transition(office.member, meeting, "draft-minutes", {})
    draft = Meeting.objects.get(pk=meeting.pk).minutes_body
    assert "一、关于加快老旧小区改造\n会议听取了经济科关于加快老旧小区改造的汇报" in draft

    do_save_minutes(office.member, meeting, body=draft, decisions=[
        a_decision(), a_decision("市财政局统筹安排改造资金。", lead="secretariat-1", days=30), {"text": "  "},
    ])
    assert list(Decision.objects.filter(meeting_id=meeting.pk).values_list("number", flat=True)) == [1, 2]
    meeting = do_transition(office.member, meeting, "submit-minutes", {})
    meeting = do_transition(office.leader, meeting, "pass-review", {"opinion": "同意。"})
    meeting = do_transition(office.mayor, meeting, "sign-minutes", {"opinion": "签发。"})
    assert re.fullmatch(r"纪要〔20\d\d〕1号", meeting.number)
    assert events(meeting, "meeting.sign-minutes").exists()
    assert Task.objects.filter(matter=meeting, state=TaskState.OPEN, assignee_unit=office.supervision).exists()

    loaded = Meeting.objects.select_related("matter", "meeting_type").get(pk=meeting.pk)
    decisions = list(loaded.decisions.select_related("lead_unit"))
    assert minutes_pdf(loaded, attendance_of(loaded), decisions).startswith(b"%PDF")
    assert minutes_docx(loaded, attendance_of(loaded), decisions)[:2] == b"PK"
    spec = minutes_spec(loaded, attendance_of(loaded), decisions)
    assert spec.issuer_mark == "衡阳市人民政府常务会议纪要" and spec.number == meeting.number
    assert "1. 由市住房城乡建设局牵头" in spec.body

    meeting = do_transition(office.officer, meeting, "hand-over", {"cadence": "monthly"})
    assert meeting.state == "closed"
    items = [d.item for d in Decision.objects.filter(meeting_id=meeting.pk).select_related("item__supervision")]
    assert all(item.supervision.source == "meeting-decision" for item in items)
    assert [item.state for item in items] == ["assigned", "assigned"]
    assert items[0].lead_unit == office.other_unit
    assert MatterLink.objects.filter(target=meeting, kind="decision-of").count() == 2


def test_minutes_are_drafted_by_secretariat_reviewed_and_signed_by_the_right_people(office):
    meeting = schedule(office)
    meeting = do_transition(office.member, meeting, "send-notice", {})
    with pytest.raises(NotAllowed):
        do_transition(office.other_member, meeting, "hold", {})
    meeting = do_transition(office.member, meeting, "hold", {})
    with pytest.raises(NotAllowed):
        do_transition(office.other_member, meeting, "draft-minutes", {})
    meeting = do_transition(office.member, meeting, "draft-minutes", {})
    assert Meeting.objects.get(pk=meeting.pk).minutes_body.startswith(meeting.opened_at.strftime("%Y")[:2])
    meeting = do_transition(office.member, meeting, "submit-minutes", {})
    for someone in (office.member, office.other_member, office.mayor):
        with pytest.raises(NotAllowed):
            do_transition(someone, meeting, "pass-review", {})
    meeting = do_transition(office.leader, meeting, "pass-review", {})
    assert meeting.state == "minutes-signing"
    assert Task.objects.filter(matter=meeting, state=TaskState.OPEN, kind=TaskKind.APPROVE, assignee_person=office.mayor).exists()


def test_a_clerk_cannot_sign_the_minutes(office):
    meeting = to_minutes_signing(office, schedule(office), [a_decision()])
    with pytest.raises(NotAllowed):
        do_transition(office.member, meeting, "sign-minutes", {})
    with pytest.raises(NotAllowed):
        do_transition(office.leader, meeting, "sign-minutes", {})
    meeting.refresh_from_db()
    assert meeting.state == "minutes-signing" and meeting.number == ""


def test_the_mayor_can_return_the_minutes_and_they_can_be_edited_again(office):
    meeting = to_minutes_signing(office, schedule(office), [a_decision()])
    meeting = do_transition(office.mayor, meeting, "return-minutes", {"reason": "第1项补充资金来源。"})
    assert meeting.state == "minutes-drafting"
    do_save_minutes(office.member, meeting, body="会议纪要正文。", decisions=[a_decision("补充后的决定。")])
    assert Decision.objects.get(meeting_id=meeting.pk).text == "补充后的决定。"


def test_a_department_cannot_set_the_agenda(office):
    meeting = schedule(office)
    topic = agreed_topic(office)
    with pytest.raises(NotAllowed):
        do_transition(office.other_member, topic, "schedule", {"meeting": meeting.pk})
    with pytest.raises(NotAllowed):
        do_transition(office.vice_mayor, topic, "schedule", {"meeting": meeting.pk})
    assert not AgendaItem.objects.exists()


def test_the_secretary_general_sets_the_agenda_when_the_parameter_says_so(office):
    from zhengban.engine.parameter_actions import do_set_flow_parameter

    do_set_flow_parameter(office.admin, "meeting-topic", "agenda_setter_role", "secretary-general")
    meeting = schedule(office)
    topic = agreed_topic(office)
    assert Task.objects.filter(matter=topic, state=TaskState.OPEN, assignee_person=office.leader).exists()
    with pytest.raises(NotAllowed):
        do_transition(office.mayor, topic, "schedule", {"meeting": meeting.pk})
    topic = do_transition(office.leader, topic, "schedule", {"meeting": meeting.pk})
    assert topic.state == "on-agenda"


def test_the_leader_sends_a_topic_back_and_the_department_resubmits(office):
    from zhengban.meetings.actions import do_propose_topic

    topic = do_propose_topic(office.other_member, title="关于某事的议题", body="", meeting_type="executive")
    with pytest.raises(ActionError):
        do_transition(office.other_member, topic, "submit", {"leader": "member"})
    topic = do_transition(office.other_member, topic, "submit", {"leader": "vicemayor"})
    with pytest.raises(NotAllowed):
        do_transition(office.other_member, topic, "agree", {})
    topic = do_transition(office.vice_mayor, topic, "send-back", {"reason": "请补充材料。"})
    assert topic.state == "draft"
    topic = do_transition(office.other_member, topic, "submit", {"leader": "vicemayor"})
    assert topic.state == "with-leader"


def test_deferring_takes_the_topic_off_the_agenda(office):
    meeting = schedule(office)
    topic = do_transition(office.mayor, agreed_topic(office), "schedule", {"meeting": meeting.pk})
    topic = do_transition(office.mayor, topic, "defer", {"reason": "待调研后再议。"})
    assert topic.state == "deferred" and not AgendaItem.objects.exists()
    later = schedule(office, days=14, title="市政府第6次常务会议")
    topic = do_transition(office.mayor, topic, "schedule", {"meeting": later.pk})
    assert AgendaItem.objects.get().meeting_id == later.pk


def test_a_topic_cannot_go_on_a_held_meeting(office):
    meeting = schedule(office)
    meeting = do_transition(office.member, meeting, "send-notice", {})
    do_transition(office.member, meeting, "hold", {})
    topic = agreed_topic(office)
    with pytest.raises(ActionError) as refused:
        do_transition(office.mayor, topic, "schedule", {"meeting": meeting.pk})
    assert "meeting" in refused.value.fields


def test_hand_over_needs_the_supervision_office(office):
    meeting = do_transition(office.mayor, to_minutes_signing(office, schedule(office), [a_decision()]), "sign-minutes", {})
    with pytest.raises(NotAllowed):
        do_transition(office.member, meeting, "hand-over", {})
    assert not Decision.objects.filter(item__isnull=False).exists()


def test_minutes_without_decisions_are_closed_by_the_secretariat(office):
    meeting = do_transition(office.mayor, to_minutes_signing(office, schedule(office), []), "sign-minutes", {})
    meeting = do_transition(office.member, meeting, "hand-over", {})
    assert meeting.state == "closed"


def test_minutes_numbers_run_without_gaps(office):
    first = do_transition(office.mayor, to_minutes_signing(office, schedule(office), []), "sign-minutes", {})
    second = do_transition(office.mayor, to_minutes_signing(office, schedule(office, days=9, title="第6次"), []),
                           "sign-minutes", {})
    assert first.number.endswith("〕1号") and second.number.endswith("〕2号")


def test_cancelling_releases_the_room(office):
    from zhengban.meetings.models import Booking

    meeting = schedule(office)
    do_transition(office.member, meeting, "cancel", {"reason": "改期。"})
    assert Booking.objects.get().cancelled_at is not None
    schedule(office, title="改期后的会议")


def test_an_executive_meeting_is_held_at_most_three_times_a_month(office):
    import datetime

    from django.utils import timezone

    from zhengban.meetings.actions import do_schedule_meeting

    first = timezone.make_aware(datetime.datetime(timezone.localdate().year + 1, 3, 2, 9))
    for n in range(3):
        start = first + datetime.timedelta(days=7 * n)
        do_schedule_meeting(office.member, meeting_type="executive", title=f"第{n}次", starts_at=start,
                            ends_at=start + datetime.timedelta(hours=2))
    with pytest.raises(ActionError):
        do_schedule_meeting(office.member, meeting_type="executive", title="第4次", starts_at=first + datetime.timedelta(days=25),
                            ends_at=first + datetime.timedelta(days=25, hours=2))


def test_only_the_secretariat_schedules_meetings(office):
    with pytest.raises(NotAllowed):
        schedule_as(office.other_member, office)


def schedule_as(person, office):
    from zhengban.meetings.actions import do_schedule_meeting

    from .conftest import soon

    return do_schedule_meeting(person, meeting_type="executive", title="x", starts_at=soon(), ends_at=soon(7, 11))


def test_minutes_edits_are_refused_outside_drafting(office):
    meeting = schedule(office)
    with pytest.raises(Conflict):
        do_save_minutes(office.member, meeting, body="正文", decisions=[])
    meeting = do_transition(office.member, do_transition(office.member, meeting, "send-notice", {}), "hold", {})
    meeting = do_transition(office.member, meeting, "draft-minutes", {})
    with pytest.raises(ActionError) as refused:
        do_save_minutes(office.member, meeting, body="正文", decisions=[{"text": "无时限", "lead_unit": "economic-affairs"}])
    assert "decisions.1.due" in refused.value.fields
    with pytest.raises(NotAllowed):
        do_save_minutes(office.other_member, meeting, body="正文", decisions=[])
    do_save_minutes(office.member, meeting, body="正文", decisions=[])
    assert events(meeting, "meeting.minutes-saved").count() == 1
