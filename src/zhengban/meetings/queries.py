"""Reading meetings: the lists (a fixed number of queries whatever their length), a meeting with its
agenda flags, attendance and decisions with their supervision items' lights."""

from django.db.models import Count

from zhengban.attachments.models import Attachment, owner_label
from zhengban.deadlines.compute import light
from zhengban.engine.access import visible_matters
from zhengban.engine.flow import get_flow
from zhengban.engine.models import Matter

from .flows import MEETING, TOPIC
from .models import AgendaItem, Attendance, Decision, Meeting, Topic

FLAG_MISSING_MATERIALS = "missing-materials"
FLAG_LEADER_BUSY = "leader-busy"
FLAG_ON_TWO_MEETINGS = "on-two-meetings"


def meetings_for(person, *, type_code="", state="", upcoming_from=None):
    matters = visible_matters(person, Matter.objects.filter(type=MEETING))
    meetings = (
        Meeting.objects.filter(matter__in=matters)
        .select_related("matter", "meeting_type", "room", "chair")
        .annotate(agenda_count=Count("agenda", distinct=True), decision_count=Count("decisions", distinct=True))
    )
    if type_code:
        meetings = meetings.filter(meeting_type__code=type_code)
    if state:
        meetings = meetings.filter(matter__state=state)
    if upcoming_from is not None:
        meetings = meetings.filter(ends_at__gte=upcoming_from).exclude(matter__state="cancelled").order_by("starts_at")
    return meetings


def label_states(meetings):
    flow = get_flow(MEETING)
    for meeting in meetings:
        meeting.state_label = flow.state(meeting.matter.state).label
    return meetings


def topics_for(person, *, state=""):
    matters = visible_matters(person, Matter.objects.filter(type=TOPIC))
    topics = Topic.objects.filter(matter__in=matters).select_related(
        "matter", "matter__creator_unit", "meeting_type", "leader"
    ).order_by("-matter__opened_at", "-pk")
    if state:
        topics = topics.filter(matter__state=state)
    flow = get_flow(TOPIC)
    return topics, flow


def _overlapping(meeting):
    return (
        Meeting.objects.filter(starts_at__lt=meeting.ends_at, ends_at__gt=meeting.starts_at)
        .exclude(pk=meeting.pk).exclude(matter__state="cancelled")
    )


def agenda_with_flags(meeting):
    """The agenda, each item flagged: no materials attached, its leader is due at another meeting at
    the same time, or the topic is on the agenda of another meeting too."""
    items = list(meeting.agenda.select_related("topic__matter__creator_unit", "topic__leader"))
    topic_ids = [item.topic_id for item in items]
    with_materials = set(
        Attachment.objects.filter(owner_type=owner_label(Matter()), owner_id__in=topic_ids).values_list("owner_id", flat=True)
    )
    elsewhere = {}
    for topic_id, title in (
        AgendaItem.objects.filter(topic_id__in=topic_ids).exclude(meeting=meeting)
        .exclude(meeting__matter__state="cancelled").values_list("topic_id", "meeting__matter__title")
    ):
        elsewhere.setdefault(topic_id, []).append(title)
    overlapping = _overlapping(meeting)
    leader_ids = {item.topic.leader_id for item in items if item.topic.leader_id}
    busy = {}
    for person_id, title in Attendance.objects.filter(meeting__in=overlapping, person_id__in=leader_ids).values_list(
        "person_id", "meeting__matter__title"
    ):
        busy.setdefault(person_id, []).append(title)
    for person_id, title in AgendaItem.objects.filter(meeting__in=overlapping, topic__leader_id__in=leader_ids).values_list(
        "topic__leader_id", "meeting__matter__title"
    ):
        busy.setdefault(person_id, []).append(title)
    for item in items:
        item.flags = []
        if item.topic_id not in with_materials:
            item.flags.append((FLAG_MISSING_MATERIALS, []))
        if item.topic.leader_id in busy:
            item.flags.append((FLAG_LEADER_BUSY, sorted(set(busy[item.topic.leader_id]))))
        if item.topic_id in elsewhere:
            item.flags.append((FLAG_ON_TWO_MEETINGS, sorted(set(elsewhere[item.topic_id]))))
    return items


def attendance_of(meeting):
    return list(meeting.attendance.select_related("person", "substitute").order_by("role", "id"))


def decisions_with_lights(meeting, now):
    decisions = list(
        Decision.objects.filter(meeting=meeting).select_related("lead_unit", "leader", "item").prefetch_related("co_units")
    )
    for decision in decisions:
        item = decision.item
        if item is None:
            decision.light = ""
        elif item.closed_at:
            decision.light = "done"
        elif item.due_at:
            decision.light = light(item.due_at, now)
        else:
            decision.light = "none"
        decision.item_state = get_flow(item.type).state(item.state).label if item else ""
    return decisions


def open_meetings_for_agenda():
    return Meeting.objects.filter(matter__state__in=("scheduled", "notice-sent")).select_related("matter", "meeting_type").order_by("starts_at")

