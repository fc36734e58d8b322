"""The meetings API: meetings (list, detail, scheduling), the iCalendar file, sign-in, the minutes
and their decisions, topic proposals, rooms and bookings. Every flow step (notice, held, minutes
review and signature, hand-over; a topic's submit, agree, schedule, defer) goes through the matter
actions API (/api/matters/{id}/actions/{name}/)."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from zhengban.api.views.base import AUTHENTICATION, errors
from zhengban.engine.api import detail_body

from .actions import do_book_room, do_propose_topic, do_save_minutes, do_schedule_meeting, do_sign_in
from .ical import meeting_ical
from .models import AttendanceStatus, Booking, Room
from .queries import agenda_with_flags, attendance_of, decisions_with_lights, label_states, meetings_for, topics_for
from .views import load_meeting

LIST_LIMIT = 200


class MeetingSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    title = serializers.CharField(source="matter.title")
    type = serializers.CharField(source="meeting_type.code")
    state = serializers.CharField(source="matter.state")
    state_label = serializers.CharField()
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    room = serializers.CharField(source="room.code", default=None)
    chair = serializers.CharField(source="chair.username", default=None)
    minutes_number = serializers.CharField(source="matter.number")
    agenda_count = serializers.IntegerField()
    decision_count = serializers.IntegerField()


class AgendaItemSerializer(serializers.Serializer):
    order = serializers.IntegerField()
    topic = serializers.IntegerField(source="topic_id")
    title = serializers.CharField(source="topic.matter.title")
    unit = serializers.CharField(source="topic.matter.creator_unit.code", default=None)
    leader = serializers.CharField(source="topic.leader.username", default=None)
    flags = serializers.SerializerMethodField()

    def get_flags(self, item) -> list[dict]:
        return [{"flag": flag, "meetings": where} for flag, where in item.flags]


class AttendanceSerializer(serializers.Serializer):
    person = serializers.CharField(source="person.username")
    name = serializers.CharField(source="person.full_name")
    role = serializers.CharField()
    status = serializers.CharField()
    reason = serializers.CharField()
    substitute = serializers.CharField(source="substitute.username", default=None)


class MeetingDecisionSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    text = serializers.CharField()
    lead_unit = serializers.CharField(source="lead_unit.code", default=None)
    co_units = serializers.SerializerMethodField()
    due = serializers.DateField()
    leader = serializers.CharField(source="leader.username", default=None)
    item = serializers.IntegerField(source="item_id")
    item_number = serializers.CharField(source="item.number", default=None)
    item_state = serializers.CharField()
    light = serializers.CharField()

    def get_co_units(self, decision) -> list[str]:
        return [u.code for u in decision.co_units.all()]


class MeetingFilterSerializer(serializers.Serializer):
    type = serializers.CharField(required=False, default="")
    state = serializers.CharField(required=False, default="")
    upcoming = serializers.BooleanField(required=False, default=False)


class ScheduleSerializer(serializers.Serializer):
    meeting_type = serializers.CharField()
    title = serializers.CharField(max_length=300)
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    room = serializers.CharField(required=False, allow_blank=True, default="")
    chair = serializers.CharField(required=False, allow_blank=True, default="")


@extend_schema(tags=["meetings"])
class MeetingList(APIView):
    """Meetings the caller may see, newest first (or coming up, soonest first); POST schedules one."""

    authentication_classes = AUTHENTICATION

    @extend_schema(parameters=[MeetingFilterSerializer], responses={200: MeetingSerializer(many=True), **errors(400, 401)})
    def get(self, request):
        filters = MeetingFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        f = filters.validated_data
        meetings = meetings_for(request.user, type_code=f["type"], state=f["state"],
                                upcoming_from=timezone.now() if f["upcoming"] else None)
        if not f["upcoming"]:
            meetings = meetings.order_by("-starts_at", "-pk")
        return Response(MeetingSerializer(label_states(list(meetings[:LIST_LIMIT])), many=True).data)

    @extend_schema(request=ScheduleSerializer, responses={201: OpenApiTypes.OBJECT, **errors(400, 401, 403, 409)})
    def post(self, request):
        form = ScheduleSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        room = get_object_or_404(Room, code=data["room"]) if data["room"] else None
        matter = do_schedule_meeting(request.user, meeting_type=data["meeting_type"], title=data["title"],
                                     starts_at=data["starts_at"], ends_at=data["ends_at"], room=room, chair=data["chair"] or None)
        return Response(detail_body(request.user, matter), status=status.HTTP_201_CREATED)


def meeting_detail(user, meeting):
    label_states([meeting])
    meeting.agenda_count, meeting.decision_count = meeting.agenda.count(), meeting.decisions.count()
    return {
        **MeetingSerializer(meeting).data,
        "minutes": meeting.minutes_body,
        "agenda": AgendaItemSerializer(agenda_with_flags(meeting), many=True).data,
        "attendance": AttendanceSerializer(attendance_of(meeting), many=True).data,
        "decisions": MeetingDecisionSerializer(decisions_with_lights(meeting, timezone.now()), many=True).data,
        "matter": detail_body(user, meeting.matter),
    }


@extend_schema(tags=["meetings"], responses={200: OpenApiTypes.OBJECT, **errors(401, 404)})
class MeetingDetail(APIView):
    """A meeting: agenda with flags, attendance, minutes, decisions with their items' lights, and its matter."""

    authentication_classes = AUTHENTICATION

    def get(self, request, pk):
        return Response(meeting_detail(request.user, load_meeting(request.user, pk)))


@extend_schema(tags=["meetings"], responses={(200, "text/calendar"): OpenApiTypes.STR, **errors(401, 404)})
class MeetingIcal(APIView):
    """The meeting as an iCalendar (RFC 5545) file."""

    authentication_classes = AUTHENTICATION

    def get(self, request, pk):
        meeting = load_meeting(request.user, pk)
        body = meeting_ical(meeting, attendance_of(meeting), list(meeting.agenda.select_related("topic__matter")))
        return HttpResponse(body, content_type="text/calendar; charset=utf-8")


class SignInSerializer(serializers.Serializer):
    person = serializers.CharField()
    status = serializers.ChoiceField(choices=[c for c in AttendanceStatus.choices if c[0] != AttendanceStatus.EXPECTED])
    reason = serializers.CharField(required=False, allow_blank=True, default="")
    substitute = serializers.CharField(required=False, allow_blank=True, default="")


@extend_schema(tags=["meetings"], request=SignInSerializer, responses={200: AttendanceSerializer, **errors(400, 401, 403, 404, 409)})
class MeetingSignIn(APIView):
    """Record one attendee's sign-in: present, absent, excused (reason) or substituted (substitute's username)."""

    authentication_classes = AUTHENTICATION

    def post(self, request, pk):
        meeting = load_meeting(request.user, pk)
        form = SignInSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        row = do_sign_in(request.user, meeting.matter, data["person"], status=data["status"], reason=data["reason"],
                         substitute=data["substitute"] or None)
        return Response(AttendanceSerializer(row).data)


class DecisionInputSerializer(serializers.Serializer):
    text = serializers.CharField()
    lead_unit = serializers.CharField(required=False, allow_blank=True, default="")
    co_units = serializers.ListField(child=serializers.CharField(), required=False, default=list)
    due = serializers.DateField(required=False, allow_null=True, default=None)
    leader = serializers.CharField(required=False, allow_blank=True, default="")


class MinutesSerializer(serializers.Serializer):
    minutes = serializers.CharField()
    decisions = DecisionInputSerializer(many=True, required=False, default=list)
    version = serializers.IntegerField(required=False)


@extend_schema(tags=["meetings"])
class MeetingDecisions(APIView):
    """GET the decisions with their supervision items' lights; PUT the minutes' text and decisions (while drafting)."""

    authentication_classes = AUTHENTICATION

    @extend_schema(responses={200: MeetingDecisionSerializer(many=True), **errors(401, 404)})
    def get(self, request, pk):
        meeting = load_meeting(request.user, pk)
        return Response(MeetingDecisionSerializer(decisions_with_lights(meeting, timezone.now()), many=True).data)

    @extend_schema(request=MinutesSerializer, responses={200: MeetingDecisionSerializer(many=True), **errors(400, 401, 403, 404, 409)})
    def put(self, request, pk):
        meeting = load_meeting(request.user, pk)
        form = MinutesSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        do_save_minutes(request.user, meeting.matter, body=data["minutes"], decisions=data["decisions"],
                        expected_version=data.get("version"))
        return Response(MeetingDecisionSerializer(decisions_with_lights(meeting, timezone.now()), many=True).data)


class TopicSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    title = serializers.CharField(source="matter.title")
    state = serializers.CharField(source="matter.state")
    unit = serializers.CharField(source="matter.creator_unit.code", default=None)
    meeting_type = serializers.CharField(source="meeting_type.code")
    leader = serializers.CharField(source="leader.username", default=None)
    opened_at = serializers.DateTimeField(source="matter.opened_at")


class TopicCreateSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=300)
    body = serializers.CharField(required=False, allow_blank=True, default="")
    meeting_type = serializers.CharField()


@extend_schema(tags=["meetings"])
class TopicList(APIView):
    """Topic proposals the caller may see; POST proposes one (a draft: attach materials through
    /api/matters/{id}/attachments/ if offered, then take the action `submit`)."""

    authentication_classes = AUTHENTICATION

    @extend_schema(responses={200: TopicSerializer(many=True), **errors(401)})
    def get(self, request):
        topics, _flow = topics_for(request.user, state=request.query_params.get("state", ""))
        return Response(TopicSerializer(topics[:LIST_LIMIT], many=True).data)

    @extend_schema(request=TopicCreateSerializer, responses={201: OpenApiTypes.OBJECT, **errors(400, 401, 403)})
    def post(self, request):
        form = TopicCreateSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        matter = do_propose_topic(request.user, **form.validated_data)
        return Response(detail_body(request.user, matter), status=status.HTTP_201_CREATED)


class RoomSerializer(serializers.Serializer):
    code = serializers.CharField()
    name_zh = serializers.CharField()
    name_en = serializers.CharField()
    location = serializers.CharField()
    capacity = serializers.IntegerField()


class BookingSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    room = serializers.CharField(source="room.code")
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    purpose = serializers.CharField()
    meeting = serializers.IntegerField(source="meeting_id", allow_null=True)
    booked_by = serializers.CharField(source="booked_by.username")


class BookingCreateSerializer(serializers.Serializer):
    room = serializers.CharField()
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    purpose = serializers.CharField(max_length=300)


@extend_schema(tags=["meetings"], responses={200: RoomSerializer(many=True), **errors(401)})
class RoomList(APIView):
    authentication_classes = AUTHENTICATION

    def get(self, request):
        return Response(RoomSerializer(Room.objects.filter(active=True), many=True).data)


@extend_schema(tags=["meetings"])
class BookingList(APIView):
    """Bookings still to come (or running); POST books a room — an overlapping booking is refused with 409."""

    authentication_classes = AUTHENTICATION

    @extend_schema(responses={200: BookingSerializer(many=True), **errors(401)})
    def get(self, request):
        bookings = Booking.objects.filter(cancelled_at__isnull=True, ends_at__gte=timezone.now()).select_related("room", "booked_by")
        room = request.query_params.get("room")
        if room:
            bookings = bookings.filter(room__code=room)
        return Response(BookingSerializer(bookings[:LIST_LIMIT], many=True).data)

    @extend_schema(request=BookingCreateSerializer, responses={201: BookingSerializer, **errors(400, 401, 403, 404, 409)})
    def post(self, request):
        form = BookingCreateSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        room = get_object_or_404(Room, code=data["room"])
        booking = do_book_room(request.user, room, starts_at=data["starts_at"], ends_at=data["ends_at"], purpose=data["purpose"])
        return Response(BookingSerializer(booking).data, status=status.HTTP_201_CREATED)


urlpatterns = [
    path("meetings/", MeetingList.as_view(), name="api-meetings"),
    path("meetings/<int:pk>/", MeetingDetail.as_view(), name="api-meeting"),
    path("meetings/<int:pk>/ical", MeetingIcal.as_view(), name="api-meeting-ical"),
    path("meetings/<int:pk>/sign-in/", MeetingSignIn.as_view(), name="api-meeting-sign-in"),
    path("meetings/<int:pk>/decisions/", MeetingDecisions.as_view(), name="api-meeting-decisions"),
    path("meetings/topics/", TopicList.as_view(), name="api-meeting-topics"),
    path("meetings/rooms/", RoomList.as_view(), name="api-meeting-rooms"),
    path("meetings/bookings/", BookingList.as_view(), name="api-meeting-bookings"),
]
