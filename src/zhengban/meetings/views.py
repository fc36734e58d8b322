"""Meeting pages: the list with what is coming up, scheduling, a meeting (agenda with flags,
attendance and sign-in, minutes and decisions with their items' lights), its iCalendar file and
minutes (PDF/DOCX), topic proposals, and rooms with their bookings.

Flow steps (notice, held, minutes review and signing, hand-over) are taken on the shared matter page
(/matters/<id>/); this page links each step the reader may take.
"""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhengban.attachments.actions import do_attach
from zhengban.core.errors import ActionError, Conflict, NotAllowed
from zhengban.core.models import LEADER_ROLES, Person, RoleCode, Unit
from zhengban.engine.access import visible_matters
from zhengban.engine.actions import available_transitions, do_transition
from zhengban.engine.models import Matter

from .actions import (
    do_book_room, do_cancel_booking, do_propose_topic, do_save_minutes, do_schedule_meeting, do_sign_in, is_organizer,
)
from .flows import MEETING, MEETING_FLOW, TOPIC
from .ical import meeting_ical
from .minutes import minutes_docx, minutes_pdf
from .models import AttendanceStatus, Booking, Meeting, MeetingType, Room
from .queries import (
    agenda_with_flags, attendance_of, decisions_with_lights, label_states, meetings_for, topics_for,
)

PAGE_SIZE = 50
BLANK_DECISION_ROWS = 3
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def load_meeting(user, pk):
    matters = visible_matters(user, Matter.objects.filter(type=MEETING))
    return get_object_or_404(
        Meeting.objects.select_related("matter", "meeting_type", "room", "chair", "minutes_signed_by"), matter__in=matters, pk=pk
    )


def _problem(request, error):
    messages.error(request, str(error.message))


@login_required
def meeting_list(request):
    filters = {"type": request.GET.get("type", ""), "state": request.GET.get("state", "")}
    now = timezone.now()
    upcoming = label_states(list(meetings_for(request.user, upcoming_from=now)[:10]))
    every = meetings_for(request.user, type_code=filters["type"], state=filters["state"]).order_by("-starts_at", "-pk")
    page = Paginator(every, PAGE_SIZE).get_page(request.GET.get("page"))
    label_states(page.object_list)
    return render(request, "meetings/list.html", {
        "upcoming": upcoming, "page": page, "filters": filters,
        "types": list(MeetingType.objects.all()), "states": [(s.name, s.label) for s in MEETING_FLOW.states],
        "may_schedule": is_organizer(request.user) or request.user.has_role(RoleCode.SECRETARY_GENERAL),
    })


def _parse_local(value):
    try:
        moment = datetime.datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return None
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)


@login_required
def meeting_new(request):
    values, message = {}, ""
    if request.method == "POST":
        values = {k: request.POST.get(k, "").strip() for k in ("meeting_type", "title", "starts_at", "ends_at", "room", "chair")}
        try:
            room = Room.objects.filter(code=values["room"]).first() if values["room"] else None
            matter = do_schedule_meeting(
                request.user, meeting_type=values["meeting_type"], title=values["title"],
                starts_at=_parse_local(values["starts_at"]), ends_at=_parse_local(values["ends_at"]), room=room,
                chair=values["chair"] or None,
            )
        except (ActionError, NotAllowed, Conflict) as error:
            message = str(error.message)
        else:
            return redirect("meeting_page", pk=matter.pk)
    return render(request, "meetings/new.html", {
        "values": values, "message": message, "types": MeetingType.objects.all(), "rooms": Room.objects.filter(active=True),
        "leaders": Person.objects.filter(roles__role__in=LEADER_ROLES, is_active=True).distinct().order_by("pk"),
    }, status=400 if message else 200)


@login_required
def meeting_page(request, pk):
    meeting = load_meeting(request.user, pk)
    matter = meeting.matter
    organizer = is_organizer(request.user) or request.user.has_role(RoleCode.SECRETARY_GENERAL)
    decisions = decisions_with_lights(meeting, timezone.now())
    editing = organizer and matter.state == "minutes-drafting"
    rows = decisions + [None] * BLANK_DECISION_ROWS if editing else decisions
    return render(request, "meetings/meeting.html", {
        "meeting": meeting, "matter": matter, "state_label": MEETING_FLOW.state(matter.state).label,
        "agenda": agenda_with_flags(meeting), "attendance": attendance_of(meeting), "decisions": decisions,
        "decision_rows": rows, "editing": editing,
        "may_sign_in": organizer and matter.state in ("notice-sent", "held"),
        "statuses": [c for c in AttendanceStatus.choices if c[0] != AttendanceStatus.EXPECTED],
        "transitions": available_transitions(request.user, matter),
        "units": list(Unit.objects.all()),
        "leaders": Person.objects.filter(roles__role__in=LEADER_ROLES, is_active=True).distinct().order_by("pk"),
        "has_minutes": bool(matter.number),
    })


@login_required
@require_POST
def sign_in(request, pk):
    meeting = load_meeting(request.user, pk)
    try:
        do_sign_in(request.user, meeting.matter, request.POST.get("person", ""), status=request.POST.get("status", ""),
                   reason=request.POST.get("reason", ""), substitute=request.POST.get("substitute", "").strip() or None)
    except (ActionError, NotAllowed, Conflict) as error:
        _problem(request, error)
    return redirect("meeting_page", pk=pk)


def _posted_decisions(post):
    decisions = []
    for index in range(int(post.get("rows", "0") or 0)):
        decisions.append({
            "text": post.get(f"text-{index}", ""), "lead_unit": post.get(f"lead-{index}", ""),
            "co_units": post.getlist(f"co-{index}"), "due": post.get(f"due-{index}", ""), "leader": post.get(f"leader-{index}", ""),
        })
    return decisions


@login_required
@require_POST
def save_minutes(request, pk):
    meeting = load_meeting(request.user, pk)
    try:
        do_save_minutes(request.user, meeting.matter, body=request.POST.get("minutes", ""),
                        decisions=_posted_decisions(request.POST), expected_version=request.POST.get("version") or None)
    except (ActionError, NotAllowed, Conflict) as error:
        _problem(request, error)
        if getattr(error, "fields", None):
            messages.error(request, "; ".join(f"{k}: {v}" for k, v in error.fields.items()))
    else:
        messages.success(request, _("The minutes were saved."))
    return redirect("meeting_page", pk=pk)


@login_required
def meeting_ical_file(request, pk):
    meeting = load_meeting(request.user, pk)
    body = meeting_ical(meeting, attendance_of(meeting), list(meeting.agenda.select_related("topic__matter")))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="meeting-{meeting.pk}.ics"'
    return response


@login_required
def minutes_file(request, pk, fmt):
    meeting = load_meeting(request.user, pk)
    if not meeting.matter.number:
        raise Http404(_("The minutes are not signed yet."))
    args = (meeting, attendance_of(meeting), list(meeting.decisions.select_related("lead_unit")))
    if fmt == "pdf":
        response = HttpResponse(minutes_pdf(*args), content_type="application/pdf")
    elif fmt == "docx":
        response = HttpResponse(minutes_docx(*args), content_type=DOCX)
    else:
        raise Http404
    response["Content-Disposition"] = f'inline; filename="minutes-{meeting.pk}.{fmt}"'
    return response


@login_required
def topic_list(request):
    state = request.GET.get("state", "")
    topics, flow = topics_for(request.user, state=state)
    page = Paginator(topics, PAGE_SIZE).get_page(request.GET.get("page"))
    for topic in page.object_list:
        topic.state_label = flow.state(topic.matter.state).label
    return render(request, "meetings/topics.html", {
        "page": page, "state": state, "states": [(s.name, s.label) for s in flow.states],
    })


@login_required
def topic_new(request):
    values, message = {}, ""
    if request.method == "POST":
        values = {k: request.POST.get(k, "").strip() for k in ("title", "body", "meeting_type", "leader")}
        try:
            matter = do_propose_topic(request.user, title=values["title"], body=values["body"],
                                      meeting_type=values["meeting_type"])
            for upload in request.FILES.getlist("materials"):
                do_attach(request.user, matter, upload)
            if values["leader"]:
                do_transition(request.user, matter, "submit", {"leader": values["leader"]})
        except (ActionError, NotAllowed, Conflict) as error:
            message = str(error.message)
        else:
            return redirect("matter", pk=matter.pk)
    return render(request, "meetings/topic_new.html", {
        "values": values, "message": message, "types": MeetingType.objects.all(),
        "leaders": Person.objects.filter(roles__role__in=(RoleCode.MAYOR, RoleCode.VICE_MAYOR, RoleCode.SECRETARY_GENERAL),
                                         is_active=True).distinct().order_by("pk"),
    }, status=400 if message else 200)


@login_required
@require_POST
def topic_schedule(request, pk):
    matter = get_object_or_404(visible_matters(request.user, Matter.objects.filter(type=TOPIC)), pk=pk)
    try:
        do_transition(request.user, matter, "schedule", {"meeting": request.POST.get("meeting", "")},
                      expected_version=request.POST.get("version") or None)
    except (ActionError, NotAllowed, Conflict) as error:
        _problem(request, error)
    return redirect("matter", pk=pk)


@login_required
def rooms(request):
    message = ""
    if request.method == "POST":
        try:
            room = get_object_or_404(Room, code=request.POST.get("room", ""))
            do_book_room(request.user, room, starts_at=_parse_local(request.POST.get("starts_at", "")),
                         ends_at=_parse_local(request.POST.get("ends_at", "")), purpose=request.POST.get("purpose", ""))
        except (ActionError, NotAllowed, Conflict) as error:
            message = str(error.message)
        else:
            messages.success(request, _("The room is booked."))
            return redirect("meeting_rooms")
    since = timezone.now() - datetime.timedelta(days=1)
    bookings = Booking.objects.filter(cancelled_at__isnull=True, ends_at__gte=since).select_related("room", "booked_by", "meeting__matter")
    return render(request, "meetings/rooms.html", {
        "rooms": Room.objects.filter(active=True), "bookings": bookings[:200], "message": message, "values": request.POST,
    }, status=409 if message else 200)


@login_required
@require_POST
def cancel_booking(request, pk):
    try:
        do_cancel_booking(request.user, get_object_or_404(Booking, pk=pk))
    except (ActionError, NotAllowed, Conflict) as error:
        _problem(request, error)
    return redirect("meeting_rooms")
