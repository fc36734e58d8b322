"""Meeting verbs beside the declared flows: booking rooms, scheduling a meeting, proposing a topic,
sign-in, and writing the minutes with their decisions. Every flow step is a transition
(zhengban.engine.actions.do_transition)."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from zhengban.audit.chain import append_event
from zhengban.core.errors import ActionError, Conflict, NotAllowed
from zhengban.core.models import LEADER_ROLES, Person, RoleCode, Unit
from zhengban.engine.access import Context, acting
from zhengban.engine.actions import MATTER_FIELDS, check_version, do_open_matter, lock_matter
from zhengban.engine.parameters import flow_parameter

from .flows import MEETING, MEETING_FLOW, TOPIC, organizer, people_with_role
from .models import (
    Attendance, AttendanceRole, AttendanceStatus, Booking, Decision, Meeting, MeetingType, Room, Topic,
)

SIGN_IN_STATES = ("notice-sent", "held")
MINUTES_STATES = ("minutes-drafting",)


def is_organizer(actor):
    return organizer(Context(acting(actor), None, []))


def _require_organizer(actor):
    if not (is_organizer(actor) or acting(actor).has_role(RoleCode.SECRETARY_GENERAL)):
        raise NotAllowed(_("Only Secretariat Section 1 (or the secretary-general) may do this."))


def _record(matter, verb, actor, payload):
    matter.version += 1
    append_event(matter, f"{MEETING}.{verb}", actor=actor, payload=payload, save_subject=False)
    matter.save(update_fields=MATTER_FIELDS)


def _aware(value, field):
    if isinstance(value, str):
        value = datetime.datetime.fromisoformat(value) if value else None
    if not isinstance(value, datetime.datetime):
        raise ActionError(_("Enter a date and time."), fields={field: "required"})
    return value if timezone.is_aware(value) else timezone.make_aware(value)


def do_book_room(actor, room, *, starts_at, ends_at, purpose, meeting=None):
    """Book a room; an overlapping booking of the same room is refused (checked under the room's row lock)."""
    if actor.unit_id is None and not acting(actor).has_role(*LEADER_ROLES):
        raise NotAllowed(_("Only a member of a unit may book a meeting room."))
    starts_at, ends_at = _aware(starts_at, "starts_at"), _aware(ends_at, "ends_at")
    if ends_at <= starts_at:
        raise ActionError(_("A booking must end after it starts."), fields={"ends_at": "before start"})
    purpose = (purpose or "").strip()
    if not purpose:
        raise ActionError(_("Say what the room is booked for."), fields={"purpose": "required"})
    with transaction.atomic():
        room = Room.objects.select_for_update().get(pk=room.pk)
        if not room.active:
            raise ActionError(_("This room is not in use."), fields={"room": room.code})
        clash = (
            Booking.objects.filter(room=room, cancelled_at__isnull=True, starts_at__lt=ends_at, ends_at__gt=starts_at)
            .order_by("starts_at").first()
        )
        if clash is not None:
            raise Conflict(
                _("%(room)s is already booked from %(start)s to %(end)s (%(purpose)s). Choose another time or room.") % {
                    "room": room.name, "start": timezone.localtime(clash.starts_at).strftime("%Y-%m-%d %H:%M"),
                    "end": timezone.localtime(clash.ends_at).strftime("%H:%M"), "purpose": clash.purpose,
                }
            )
        booking = Booking.objects.create(room=room, starts_at=starts_at, ends_at=ends_at, purpose=purpose,
                                         meeting=meeting, booked_by=actor, booked_at=timezone.now())
        append_event(room, "meetings.room-booked", actor=actor, payload={
            "booking": booking.pk, "starts_at": starts_at.isoformat(), "ends_at": ends_at.isoformat(), "purpose": purpose,
            "meeting": meeting.pk if meeting else None,
        })
    return booking


def do_cancel_booking(actor, booking):
    with transaction.atomic():
        room = Room.objects.select_for_update().get(pk=booking.room_id)
        booking = Booking.objects.select_for_update().get(pk=booking.pk)
        if booking.booked_by_id != actor.pk and not is_organizer(actor):
            raise NotAllowed(_("Only whoever booked the room, or Secretariat Section 1, may cancel the booking."))
        if booking.cancelled_at:
            raise Conflict(_("This booking is already cancelled."))
        booking.cancelled_at = timezone.now()
        booking.save(update_fields=["cancelled_at"])
        append_event(room, "meetings.booking-cancelled", actor=actor, payload={"booking": booking.pk})
    return booking


def _default_attendance(meeting_type, chair):
    """(person, role) pairs from the type's rules: the chair, holders of the attending roles, unit chiefs sitting in."""
    rows = {}
    if chair is not None:
        rows[chair.pk] = (chair, AttendanceRole.CHAIR)
    for person in Person.objects.filter(roles__role__in=meeting_type.attendee_roles, is_active=True).distinct().order_by("pk"):
        rows.setdefault(person.pk, (person, AttendanceRole.MEMBER))
    chiefs = Person.objects.filter(unit__code__in=meeting_type.in_attendance_units, roles__role=RoleCode.CHIEF, is_active=True)
    for person in chiefs.distinct().order_by("pk"):
        rows.setdefault(person.pk, (person, AttendanceRole.IN_ATTENDANCE))
    return list(rows.values())


def do_schedule_meeting(actor, *, meeting_type, title, starts_at, ends_at, room=None, chair=None, body=""):
    """Schedule a meeting of a type: its matter, its room booked, its attendees from the type's rules."""
    _require_organizer(actor)
    if isinstance(meeting_type, str):
        meeting_type = MeetingType.objects.filter(code=meeting_type).first()
        if meeting_type is None:
            raise ActionError(_("Unknown meeting type."), fields={"meeting_type": "unknown"})
    starts_at, ends_at = _aware(starts_at, "starts_at"), _aware(ends_at, "ends_at")
    if ends_at <= starts_at:
        raise ActionError(_("A meeting must end after it starts."), fields={"ends_at": "before start"})
    if isinstance(chair, str) and chair:
        username, chair = chair, Person.objects.filter(username=chair, is_active=True).first()
        if chair is None:
            raise ActionError(_("Unknown person %(u)s.") % {"u": username}, fields={"chair": username})
    if chair is None:
        chair = next(iter(people_with_role(meeting_type.chair_role)), None)
    with transaction.atomic():
        if meeting_type.max_per_month:
            local = timezone.localtime(starts_at)
            same_month = Meeting.objects.filter(
                meeting_type=meeting_type, starts_at__year=local.year, starts_at__month=local.month,
            ).exclude(matter__state="cancelled").count()
            if same_month >= meeting_type.max_per_month:
                raise ActionError(
                    _("%(type)s: at most %(n)d a month, and %(month)s already has them.")
                    % {"type": meeting_type.name, "n": meeting_type.max_per_month, "month": local.strftime("%Y-%m")},
                    fields={"starts_at": "month full"},
                )
        organizer_unit = Unit.objects.filter(code=flow_parameter(MEETING_FLOW, "organizer_unit")).first()
        matter = do_open_matter(actor, MEETING, title=title, body=body, lead_unit=organizer_unit)
        meeting = Meeting.objects.create(matter=matter, meeting_type=meeting_type, starts_at=starts_at, ends_at=ends_at,
                                         room=room, chair=chair)
        if room is not None:
            do_book_room(actor, room, starts_at=starts_at, ends_at=ends_at, purpose=matter.title, meeting=meeting)
        Attendance.objects.bulk_create(
            [Attendance(meeting=meeting, person=person, role=role) for person, role in _default_attendance(meeting_type, chair)]
        )
    return matter


def do_propose_topic(actor, *, title, body, meeting_type):
    """A department proposes a topic (议题申报) as a draft; materials are attached, then it is submitted."""
    if actor.unit_id is None:
        raise ActionError(_("Topics are proposed by a unit."))
    if isinstance(meeting_type, str):
        meeting_type = MeetingType.objects.filter(code=meeting_type).first()
        if meeting_type is None:
            raise ActionError(_("Unknown meeting type."), fields={"meeting_type": "unknown"})
    with transaction.atomic():
        matter = do_open_matter(actor, TOPIC, title=title, body=body, lead_unit=actor.unit)
        Topic.objects.create(matter=matter, meeting_type=meeting_type)
    return matter


def do_sign_in(actor, meeting_matter, person, *, status, reason="", substitute=None):
    """Record one attendee's sign-in: present, absent, excused (with a reason) or represented by a substitute."""
    _require_organizer(actor)
    if status not in AttendanceStatus.values or status == AttendanceStatus.EXPECTED:
        raise ActionError(_("Choose present, absent, excused or substitute."), fields={"status": status})
    reason = (reason or "").strip()
    if status == AttendanceStatus.EXCUSED and not reason:
        raise ActionError(_("An excused absence needs a reason."), fields={"reason": "required"})
    if isinstance(substitute, str):
        substitute = Person.objects.filter(username=substitute, is_active=True).first() if substitute else None
    if status == AttendanceStatus.SUBSTITUTED and substitute is None:
        raise ActionError(_("Name the substitute."), fields={"substitute": "required"})
    if status != AttendanceStatus.SUBSTITUTED:
        substitute = None
    with transaction.atomic():
        matter = lock_matter(meeting_matter.pk)
        if matter.state not in SIGN_IN_STATES:
            raise Conflict(_("Sign-in is recorded once the notice is out and until the minutes are started."))
        username = person if isinstance(person, str) else person.username
        row = Attendance.objects.select_for_update().filter(meeting_id=matter.pk, person__username=username).first()
        if row is None:
            raise ActionError(_("%(who)s is not on this meeting's attendance list.") % {"who": username},
                              fields={"person": username})
        if substitute is not None and substitute.pk == row.person_id:
            raise ActionError(_("A substitute is someone else."), fields={"substitute": substitute.username})
        row.status, row.reason, row.substitute = status, reason, substitute
        row.recorded_by, row.recorded_at = actor, timezone.now()
        row.save(update_fields=["status", "reason", "substitute", "recorded_by", "recorded_at"])
        _record(matter, "signed-in", actor, {
            "person": username, "status": status, "reason": reason, "substitute": substitute.username if substitute else None,
        })
    return row


def _clean_decisions(decisions):
    cleaned, errors = [], {}
    units = {u.code: u for u in Unit.objects.all()}
    for n, raw in enumerate(decisions, start=1):
        text = (raw.get("text") or "").strip()
        if not text:
            continue
        lead = raw.get("lead_unit") or None
        due = raw.get("due") or None
        if due is not None and not isinstance(due, datetime.date):
            due = parse_date(str(due))
            if due is None:
                errors[f"decisions.{n}.due"] = _("Enter a date as YYYY-MM-DD.")
        if lead is not None and lead not in units:
            errors[f"decisions.{n}.lead_unit"] = _("Unknown unit %(code)s.") % {"code": lead}
        if lead is not None and due is None and f"decisions.{n}.due" not in errors:
            errors[f"decisions.{n}.due"] = _("A decision with a lead unit needs a due date.")
        co = [c for c in (raw.get("co_units") or []) if c and c != lead]
        for code in co:
            if code not in units:
                errors[f"decisions.{n}.co_units"] = _("Unknown unit %(code)s.") % {"code": code}
        leader = raw.get("leader") or None
        leader_person = Person.objects.filter(username=leader, is_active=True).first() if leader else None
        if leader and leader_person is None:
            errors[f"decisions.{n}.leader"] = _("Unknown person %(u)s.") % {"u": leader}
        cleaned.append((text, units.get(lead), [units[c] for c in co if c in units], due, leader_person))
    if errors:
        raise ActionError(_("Please correct the highlighted fields."), fields=errors)
    return cleaned


def do_save_minutes(actor, meeting_matter, *, body, decisions=(), expected_version=None):
    """Save the minutes' text and its decisions (numbered 1..n in the order given) while they are drafted."""
    _require_organizer(actor)
    body = (body or "").strip()
    if not body:
        raise ActionError(_("Write the minutes first."), fields={"minutes": "required"})
    cleaned = _clean_decisions(list(decisions))
    with transaction.atomic():
        matter = lock_matter(meeting_matter.pk)
        check_version(matter, expected_version)
        if matter.state not in MINUTES_STATES:
            raise Conflict(_("The minutes can be edited only while they are being drafted."))
        meeting = Meeting.objects.get(pk=matter.pk)
        meeting.minutes_body = body
        meeting.save(update_fields=["minutes_body"])
        meeting.decisions.all().delete()
        for number, (text, lead, co_units, due, leader) in enumerate(cleaned, start=1):
            decision = Decision.objects.create(meeting=meeting, number=number, text=text, lead_unit=lead, due=due, leader=leader)
            decision.co_units.set(co_units)
        _record(matter, "minutes-saved", actor, {
            "length": len(body),
            "decisions": [{"number": n, "text": text, "lead_unit": lead.code if lead else None,
                           "due": due.isoformat() if due else None} for n, (text, lead, _co, due, _l) in enumerate(cleaned, 1)],
        })
    return meeting


__all__ = [
    "do_book_room", "do_cancel_booking", "do_propose_topic", "do_save_minutes", "do_schedule_meeting", "do_sign_in",
    "is_organizer",
]
