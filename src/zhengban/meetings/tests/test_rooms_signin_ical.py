"""Room booking (no double booking), sign-in states, the iCalendar file, and agenda flags."""

import datetime

import pytest

from zhengban.attachments.actions import do_attach
from zhengban.audit.models import Event
from zhengban.core.errors import ActionError, Conflict, NotAllowed
from zhengban.engine.actions import do_transition
from zhengban.meetings.actions import do_book_room, do_cancel_booking, do_sign_in
from zhengban.meetings.ical import meeting_ical
from zhengban.meetings.models import Attendance, AttendanceStatus, Meeting
from zhengban.meetings.queries import agenda_with_flags, attendance_of

from .conftest import material, soon
from .helpers import agreed_topic, schedule

pytestmark = pytest.mark.django_db


def test_an_overlapping_booking_of_the_same_room_is_refused(office):
    schedule(office)
    with pytest.raises(Conflict) as refused:
        do_book_room(office.other_member, office.room, starts_at=soon(7, 11), ends_at=soon(7, 13), purpose="科务会")
    assert "市政府第一会议室" in str(refused.value.message) or "Meeting Room 1" in str(refused.value.message)
    assert office.room.bookings.count() == 1
    adjacent = do_book_room(office.other_member, office.room, starts_at=soon(7, 12), ends_at=soon(7, 13), purpose="科务会")
    assert Event.objects.filter(subject_type="meetings.room", subject_id=office.room.pk, verb="meetings.room-booked").count() == 2
    do_cancel_booking(office.other_member, adjacent)
    do_book_room(office.member, office.room, starts_at=soon(7, 12), ends_at=soon(7, 13), purpose="另一个会")


def test_bad_bookings_are_refused_with_a_reason(office):
    with pytest.raises(ActionError):
        do_book_room(office.member, office.room, starts_at=soon(7, 12), ends_at=soon(7, 11), purpose="x")
    with pytest.raises(ActionError):
        do_book_room(office.member, office.room, starts_at=soon(7, 10), ends_at=soon(7, 11), purpose=" ")
    with pytest.raises(NotAllowed):
        do_book_room(office.outsider, office.room, starts_at=soon(7, 10), ends_at=soon(7, 11), purpose="x")
    booking = do_book_room(office.member, office.room, starts_at=soon(7, 10), ends_at=soon(7, 11), purpose="x")
    with pytest.raises(NotAllowed):
        do_cancel_booking(office.other_member, booking)
    assert not office.room.bookings.filter(cancelled_at__isnull=False).exists()


def test_sign_in_states(office):
    meeting = schedule(office)
    with pytest.raises(Conflict):
        do_sign_in(office.member, meeting, office.mayor, status="present")
    meeting = do_transition(office.member, meeting, "send-notice", {})
    do_sign_in(office.member, meeting, office.mayor, status="present")
    with pytest.raises(ActionError) as refused:
        do_sign_in(office.member, meeting, "vicemayor", status="excused")
    assert "reason" in refused.value.fields
    do_sign_in(office.member, meeting, "vicemayor", status="excused", reason="在省里开会")
    with pytest.raises(ActionError):
        do_sign_in(office.member, meeting, office.leader, status="substituted")
    with pytest.raises(ActionError):
        do_sign_in(office.member, meeting, office.leader, status="substituted", substitute="leader")
    do_sign_in(office.member, meeting, office.leader, status="substituted", substitute="chief")
    do_sign_in(office.member, meeting, office.chief, status="absent")
    with pytest.raises(ActionError):
        do_sign_in(office.member, meeting, office.outsider, status="present")
    with pytest.raises(NotAllowed):
        do_sign_in(office.other_member, meeting, office.mayor, status="absent")
    rows = {a.person.username: a for a in Attendance.objects.filter(meeting_id=meeting.pk).select_related("person", "substitute")}
    assert rows["mayor"].status == AttendanceStatus.PRESENT
    assert (rows["vicemayor"].status, rows["vicemayor"].reason) == ("excused", "在省里开会")
    assert rows["leader"].substitute.username == "chief"
    assert rows["chief"].status == "absent"
    assert Event.objects.filter(subject_id=meeting.pk, subject_type="engine.matter", verb="meeting.signed-in").count() == 4


def test_the_minutes_list_who_was_present_excused_and_sat_in(office):
    from zhengban.meetings.minutes import attendance_lists

    meeting = do_transition(office.member, schedule(office), "send-notice", {})
    do_sign_in(office.member, meeting, office.mayor, status="present")
    do_sign_in(office.member, meeting, "vicemayor", status="excused", reason="出差")
    do_sign_in(office.member, meeting, office.leader, status="substituted", substitute="member")
    present, excused, sitting_in = attendance_lists(attendance_of(Meeting.objects.get(pk=meeting.pk)))
    assert present == "样例·市长、样例·办事员（代样例·秘书长）"
    assert excused == "样例·副市长（出差）" and sitting_in == "样例·科长"


def test_the_icalendar_file(office):
    matter = schedule(office)
    do_transition(office.mayor, agreed_topic(office), "schedule", {"meeting": matter.pk})
    meeting = Meeting.objects.select_related("matter", "room", "chair").get(pk=matter.pk)
    text = meeting_ical(meeting, attendance_of(meeting), list(meeting.agenda.select_related("topic__matter")))
    lines = text.replace("\r\n ", "").split("\r\n")
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-2] == "END:VCALENDAR" and text.endswith("\r\n")
    assert "BEGIN:VEVENT" in lines and "BEGIN:VTIMEZONE" in lines and "TZID:Asia/Shanghai" in lines
    start = soon(7, 9).astimezone(datetime.timezone(datetime.timedelta(hours=8)))
    assert f"DTSTART;TZID=Asia/Shanghai:{start:%Y%m%d}T090000" in lines
    assert f"DTEND;TZID=Asia/Shanghai:{start:%Y%m%d}T120000" in lines
    assert f"UID:meeting-{matter.pk}@" in text and "SUMMARY:市政府第5次常务会议" in lines
    assert "LOCATION:市政府第一会议室" in lines
    attendees = [line for line in lines if line.startswith("ATTENDEE")]
    assert len(attendees) == 5 and any('CN="样例·市长";ROLE=CHAIR' in line for line in attendees)
    assert "DESCRIPTION:1. 关于加快老旧小区改造的议题" in lines
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))


def test_agenda_flags_missing_materials_busy_leader_and_two_meetings(office):
    first = schedule(office)
    schedule(office, room=False, type_="special-topic", title="城建专题会议")  # the leader is busy at the same time
    with_material = agreed_topic(office)
    without = agreed_topic(office, title="关于另一事项的议题", with_material=False)
    do_transition(office.mayor, with_material, "schedule", {"meeting": first.pk})
    do_transition(office.mayor, without, "schedule", {"meeting": first.pk})
    flags = {item.topic_id: dict(item.flags) for item in agenda_with_flags(Meeting.objects.get(pk=first.pk))}
    assert "missing-materials" not in flags[with_material.pk] and "missing-materials" in flags[without.pk]
    assert flags[with_material.pk]["leader-busy"] == ["城建专题会议"]
    do_attach(office.other_member, without, material())
    flags = {item.topic_id: dict(item.flags) for item in agenda_with_flags(Meeting.objects.get(pk=first.pk))}
    assert "missing-materials" not in flags[without.pk]


def test_a_topic_on_two_agendas_is_flagged(office):
    from zhengban.meetings.models import AgendaItem, Topic
    from django.utils import timezone

    first, second = schedule(office), schedule(office, days=10, title="市政府第6次常务会议")
    topic = do_transition(office.mayor, agreed_topic(office), "schedule", {"meeting": first.pk})
    # Data carried over from an earlier system can put one topic on two agendas; the flag shows it.
    AgendaItem.objects.create(meeting_id=second.pk, topic=Topic.objects.get(pk=topic.pk), order=1, added_by=office.mayor,
                              added_at=timezone.now())
    flags = dict(agenda_with_flags(Meeting.objects.get(pk=first.pk))[0].flags)
    assert flags["on-two-meetings"] == ["市政府第6次常务会议"]
