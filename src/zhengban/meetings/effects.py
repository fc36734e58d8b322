"""What the meeting and topic transitions do besides changing state (their guards, effects and
after-commit notices), kept apart from the declarations in flows.py."""

from django.conf import settings
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from zhengban.core.errors import ActionError
from zhengban.core.models import Person
from zhengban.deadlines.compute import local_date
from zhengban.supervision.models import Cadence

from .models import AgendaItem, Attendance, AttendanceRole, Booking, Meeting, Topic

OPEN_MEETING_STATES = ("scheduled", "notice-sent")
CADENCES = tuple(Cadence.choices)
CHINESE_NUMERALS = "一二三四五六七八九十"


def chinese_ordinal(n):
    if n <= 10:
        return CHINESE_NUMERALS[n - 1]
    tens, ones = divmod(n, 10)
    return (CHINESE_NUMERALS[tens - 1] if tens > 1 else "") + "十" + (CHINESE_NUMERALS[ones - 1] if ones else "")


def chinese_day(moment):
    day = local_date(moment)
    return f"{day.year}年{day.month}月{day.day}日"


# Topic flow


def set_topic_leader(ctx, payload):
    Topic.objects.filter(pk=ctx.matter.pk).update(leader=Person.objects.get(username=payload["leader"]))


def check_meeting_open(ctx, payload):
    meeting = Meeting.objects.select_related("matter").filter(pk=payload["meeting"], matter__type="meeting").first()
    if meeting is None:
        raise ActionError(_("No such meeting."), fields={"meeting": payload["meeting"]})
    if meeting.matter.state not in OPEN_MEETING_STATES:
        raise ActionError(_("That meeting has already taken place or was cancelled: choose another."),
                          fields={"meeting": payload["meeting"]})
    if AgendaItem.objects.filter(meeting=meeting, topic_id=ctx.matter.pk).exists():
        raise ActionError(_("The topic is already on that meeting's agenda."), fields={"meeting": payload["meeting"]})
    ctx.agenda_meeting = meeting


def add_to_agenda(ctx, payload):
    meeting = ctx.agenda_meeting
    last = AgendaItem.objects.filter(meeting=meeting).aggregate(last=Max("order"))["last"] or 0
    AgendaItem.objects.create(meeting=meeting, topic_id=ctx.matter.pk, order=last + 1, added_by=ctx.actor,
                              added_at=timezone.now())
    # The department that proposed the topic sits in to report on it.
    Attendance.objects.get_or_create(meeting=meeting, person_id=ctx.matter.creator_id,
                                     defaults={"role": AttendanceRole.IN_ATTENDANCE})


def remove_from_open_agendas(ctx, payload):
    AgendaItem.objects.filter(topic_id=ctx.matter.pk, meeting__matter__state__in=OPEN_MEETING_STATES).delete()


# Meeting flow


def check_attendees(ctx, payload):
    if not ctx.matter.meeting.attendance.exists():
        raise ActionError(_("The meeting has no attendees to notify."), code="no_attendees")


def _notify_attendees(matter, verb, title_for, body_for):
    from zhengban.notifications.actions import notify

    url = reverse("meeting_page", args=[matter.pk])
    people = Person.objects.filter(meeting_attendance__meeting_id=matter.pk, is_active=True)
    for person in people:
        with translation.override(person.language or settings.LANGUAGE_CODE):
            notify(person, matter=matter, verb=verb, title=title_for(matter), body=body_for(matter), url=url)


def _when_and_where(matter):
    meeting = Meeting.objects.select_related("room").get(pk=matter.pk)
    start = timezone.localtime(meeting.starts_at)
    where = meeting.room.name if meeting.room_id else _("room to be announced")
    return _("%(when)s, %(where)s. The calendar file: %(ical)s") % {
        "when": start.strftime("%Y-%m-%d %H:%M"), "where": where, "ical": reverse("meeting_ical", args=[matter.pk]),
    }


def send_notice(matter, payload):
    _notify_attendees(matter, "meeting.notice", lambda m: _("Meeting notice: %(title)s") % {"title": m.title},
                      _when_and_where)


def send_cancellation(matter, payload):
    if "notice-sent" not in matter.data.get("path", []):
        return
    _notify_attendees(matter, "meeting.cancelled", lambda m: _("Meeting cancelled: %(title)s") % {"title": m.title},
                      lambda m: payload.get("reason", ""))


def release_rooms(ctx, payload):
    Booking.objects.filter(meeting_id=ctx.matter.pk, cancelled_at__isnull=True).update(cancelled_at=timezone.now())


def topics_discussed(ctx, payload):
    from zhengban.engine.actions import do_transition

    for item in AgendaItem.objects.filter(meeting_id=ctx.matter.pk, topic__matter__state="on-agenda").select_related("topic__matter"):
        do_transition(ctx.actor, item.topic.matter, "discuss", {})


def topic_subject(title):
    """What a topic is about: 关于加快老旧小区改造的议题 → 加快老旧小区改造."""
    subject = title.strip()
    subject = subject[2:] if subject.startswith("关于") else subject
    for ending in ("的议题", "议题"):
        if subject.endswith(ending) and len(subject) > len(ending):
            return subject[: -len(ending)]
    return subject


def minutes_draft(meeting):
    """The minutes pre-filled from the agenda: an opening line, then one section per topic."""
    matter = meeting.matter
    agenda = list(meeting.agenda.select_related("topic__matter__creator_unit"))
    chair = meeting.chair.full_name if meeting.chair_id else ""
    where = f"在{meeting.room.name_zh}" if meeting.room_id else ""
    subjects = "、".join(f"《{item.topic.matter.title}》" for item in agenda)
    lines = [f"{chinese_day(meeting.starts_at)}，{chair}{where}主持召开{matter.title}"
             + (f"，研究了{subjects}等事项。" if subjects else "。") + "现纪要如下："]
    for n, item in enumerate(agenda, start=1):
        topic = item.topic.matter
        unit = topic.creator_unit.name_zh if topic.creator_unit_id else ""
        subject = topic_subject(topic.title)
        lines.append(f"{chinese_ordinal(n)}、关于{subject}")
        lines.append(f"会议听取了{unit}关于{subject}的汇报，进行了研究。")
    return "\n".join(lines)


def prefill_minutes(ctx, payload):
    meeting = Meeting.objects.select_related("room", "chair").get(pk=ctx.matter.pk)
    if not meeting.minutes_body.strip():
        meeting.matter = ctx.matter
        Meeting.objects.filter(pk=meeting.pk).update(minutes_body=minutes_draft(meeting))


def check_minutes(ctx, payload):
    meeting = Meeting.objects.get(pk=ctx.matter.pk)
    if not meeting.minutes_body.strip():
        raise ActionError(_("Write the minutes first."), fields={"minutes": "required"})
    if meeting.decisions.filter(lead_unit__isnull=False, due__isnull=True).exists():
        raise ActionError(_("Every decision with a lead unit needs a due date."), fields={"decisions": "due"})


def record_signature(ctx, payload):
    Meeting.objects.filter(pk=ctx.matter.pk).update(minutes_signed_at=timezone.now(), minutes_signed_by=ctx.actor)


def decision_title(matter, decision):
    head = f"{matter.number or matter.title}第{decision.number}项决定："
    return (head + " ".join(decision.text.split()))[:300]


def open_decision_items(ctx, payload):
    """Each decision becomes a supervision item (立项, and 交办 when it has a lead unit), linked to the meeting."""
    from zhengban.supervision.actions import do_open_supervision_item

    decisions = ctx.matter.meeting.decisions.filter(item__isnull=True).select_related("lead_unit", "leader")
    for decision in decisions.prefetch_related("co_units"):
        item = do_open_supervision_item(
            ctx.actor, source="meeting-decision", title=decision_title(ctx.matter, decision), body=decision.text,
            lead_unit=decision.lead_unit, co_units=list(decision.co_units.all()), due=decision.due,
            cadence=payload.get("cadence") or None, leader=decision.leader, origin_matter=ctx.matter,
        )
        type(decision).objects.filter(pk=decision.pk).update(item=item)
