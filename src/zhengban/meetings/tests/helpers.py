"""Driving a meeting through its steps with the actions, for the tests."""

import datetime

from django.utils import timezone

from zhengban.attachments.actions import do_attach
from zhengban.engine.actions import do_transition
from zhengban.meetings.actions import do_propose_topic, do_save_minutes, do_schedule_meeting

from .conftest import material, soon


def schedule(office, days=7, room=True, type_="executive", title="市政府第5次常务会议"):
    return do_schedule_meeting(office.member, meeting_type=type_, title=title, starts_at=soon(days, 9),
                               ends_at=soon(days, 12), room=office.room if room else None)


def agreed_topic(office, title="关于加快老旧小区改造的议题", with_material=True):
    topic = do_propose_topic(office.other_member, title=title, body="拟提请常务会议研究。", meeting_type="executive")
    if with_material:
        do_attach(office.other_member, topic, material())
    topic = do_transition(office.other_member, topic, "submit", {"leader": "vicemayor"})
    return do_transition(office.vice_mayor, topic, "agree", {"opinion": "同意提交常务会议研究。"})


def to_minutes_signing(office, meeting, decisions):
    meeting = do_transition(office.member, meeting, "send-notice", {})
    meeting = do_transition(office.member, meeting, "hold", {})
    meeting = do_transition(office.member, meeting, "draft-minutes", {})
    do_save_minutes(office.member, meeting, body=meeting.meeting.__class__.objects.get(pk=meeting.pk).minutes_body,
                    decisions=decisions)
    meeting = do_transition(office.member, meeting, "submit-minutes", {})
    return do_transition(office.leader, meeting, "pass-review", {"opinion": "同意。"})


def a_decision(text="由市住房城乡建设局牵头，年底前完成120个老旧小区改造。", lead="economic-affairs", days=60):
    return {"text": text, "lead_unit": lead, "due": (timezone.localdate() + datetime.timedelta(days=days)).isoformat()}
