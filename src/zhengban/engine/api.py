"""The matter API: lists and pages of matters, what the caller may do now and doing it, the inbox.

A matter the caller may not see answers 404 everywhere, as if it did not exist. Every change goes
through the engine's actions; their errors become the API's one error format (api/errors.py).
"""

import datetime

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics
from rest_framework.response import Response
from rest_framework.views import APIView

from zhengban.api.views.base import AUTHENTICATION, errors
from zhengban.attachments.models import Attachment
from zhengban.audit.chain import subject_type_of
from zhengban.audit.models import Event
from zhengban.core.errors import ActionError, NotFound
from zhengban.core.models import Person, Unit
from zhengban.deadlines.workcalendar import work_calendar

from .access import visible_matters
from .actions import available_transitions, do_transition
from .flow import get_flow
from .generic import do_reassign
from .inbox import inbox
from .models import Matter, MatterLink, Task, TaskState
from .offers import GENERIC_NAMES, Offer, generic_offers, take_generic
from .reading import do_record_classified_read
from .serializers import (
    ActionSerializer,
    InboxFilterSerializer,
    InboxRowSerializer,
    MatterDetailSerializer,
    MatterFilterSerializer,
    MatterSerializer,
    ReassignResultSerializer,
    ReassignSerializer,
)

MATTERS = Matter.objects.select_related("lead_unit", "creator").prefetch_related("co_units")


def light_context():
    return {"now": timezone.now(), "calendar": work_calendar()}


def start_of(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def visible_matter_or_404(person, pk):
    matter = visible_matters(person, MATTERS).filter(pk=pk).first()
    if matter is None:
        raise NotFound(_("No such matter."))
    return matter


def detail_body(person, matter):
    """The matter page as JSON: the list fields plus body, data, links, open tasks, timeline, attachments."""
    matter = MATTERS.get(pk=matter.pk)
    visible = visible_matters(person).values("pk")
    links_out = MatterLink.objects.filter(source=matter, target__in=visible).select_related("target")
    links_in = MatterLink.objects.filter(target=matter, source__in=visible).select_related("source")
    open_tasks = list(
        Task.objects.filter(matter=matter, state=TaskState.OPEN).select_related("assignee_person", "assignee_unit")
    )
    for task in open_tasks:
        task.matter = matter
    context = {
        **light_context(),
        "links": {
            "out": [{"kind": link.kind, "matter": link.target} for link in links_out],
            "in": [{"kind": link.kind, "matter": link.source} for link in links_in],
        },
        "open_tasks": open_tasks,
        "timeline": Event.objects.filter(subject_type=subject_type_of(matter), subject_id=matter.pk)
        .select_related("actor", "on_behalf_of")
        .order_by("seq"),
        "attachments": Attachment.objects.of(matter).within_clearance(person.clearance).select_related("blob"),
    }
    return MatterDetailSerializer(matter, context=context).data


MATTER_FILTERS = [
    OpenApiParameter("type", OpenApiTypes.STR, description="Matter type, e.g. memo."),
    OpenApiParameter("state", OpenApiTypes.STR, description="Current state name."),
    OpenApiParameter("urgency", OpenApiTypes.STR, enum=["normal", "urgent", "very-urgent"]),
    OpenApiParameter("lead_unit", OpenApiTypes.STR, description="Lead unit code."),
    OpenApiParameter("q", OpenApiTypes.STR, description="Part of the title or number."),
    OpenApiParameter("opened_after", OpenApiTypes.DATE, description="Opened on or after this day."),
    OpenApiParameter("opened_before", OpenApiTypes.DATE, description="Opened before this day."),
    OpenApiParameter("due_before", OpenApiTypes.DATE, description="Due before this day."),
    OpenApiParameter("open", OpenApiTypes.BOOL, description="true: not closed; false: closed."),
]


@extend_schema(tags=["matters"], parameters=MATTER_FILTERS, responses={200: MatterSerializer(many=True), **errors(400, 401)})
class MatterList(generics.ListAPIView):
    """Matters the caller may see (classification is filtered inside the query), newest first."""

    authentication_classes = AUTHENTICATION
    serializer_class = MatterSerializer

    def get_queryset(self):
        form = MatterFilterSerializer(data=self.request.query_params)
        form.is_valid(raise_exception=True)
        given = form.validated_data
        matters = visible_matters(self.request.user, MATTERS)
        exact = {"type": "type", "state": "state", "urgency": "urgency", "lead_unit": "lead_unit__code"}
        for param, lookup in exact.items():
            if given.get(param):
                matters = matters.filter(**{lookup: given[param]})
        if given.get("q", "").strip():
            words = given["q"].strip()
            matters = matters.filter(Q(title__icontains=words) | Q(number__icontains=words))
        if given.get("opened_after"):
            matters = matters.filter(opened_at__gte=start_of(given["opened_after"]))
        if given.get("opened_before"):
            matters = matters.filter(opened_at__lt=start_of(given["opened_before"]))
        if given.get("due_before"):
            matters = matters.filter(due_at__lt=start_of(given["due_before"]))
        if given.get("open") is not None:
            matters = matters.filter(closed_at__isnull=given["open"])
        return matters

    def get_serializer_context(self):
        return {**super().get_serializer_context(), **light_context()}


@extend_schema(tags=["matters"], responses={200: MatterDetailSerializer, **errors(401, 404)})
class MatterDetail(APIView):
    """One matter with its body, links, open tasks, timeline and attachments. Reading a classified
    matter is recorded in its audit chain."""

    authentication_classes = AUTHENTICATION

    def get(self, request, pk):
        matter = visible_matter_or_404(request.user, pk)
        if matter.classification:
            do_record_classified_read(request.user, matter)
        return Response(detail_body(request.user, matter))


def _open_tasks(matter):
    return list(Task.objects.filter(matter=matter, state=TaskState.OPEN))


@extend_schema(tags=["matters"], responses={200: ActionSerializer(many=True), **errors(401, 404)})
class MatterActions(APIView):
    """What the caller may do on the matter now: the flow's transitions and the generic steps, each
    with the JSON Schema of its payload."""

    authentication_classes = AUTHENTICATION

    def get(self, request, pk):
        matter = visible_matter_or_404(request.user, pk)
        open_tasks = _open_tasks(matter)
        declared = [
            Offer(t.name, t.label, t.form, kind="transition", style=t.style)
            for t in available_transitions(request.user, matter, open_tasks)
        ]
        offers = declared + generic_offers(request.user, matter, open_tasks)
        return Response(ActionSerializer([offer.as_dict() for offer in offers], many=True).data)


def _expected_version(body):
    version = body.pop("version", None)
    if version is None:
        return None
    if isinstance(version, bool) or not isinstance(version, int):
        raise ActionError(_("Please correct the highlighted fields."), fields={"version": _("Enter a whole number.")})
    return version


@extend_schema(
    tags=["matters"],
    request=OpenApiTypes.OBJECT,
    responses={200: MatterDetailSerializer, **errors(400, 401, 403, 404, 409)},
    description=(
        "Take an action offered by GET …/actions/. The body is the action's payload as a JSON object; "
        "an optional integer `version` (the matter's version the caller saw) makes the request fail with "
        "409 if someone acted since. Answers with the matter as GET /api/matters/{id}/ shows it."
    ),
)
class MatterActionTake(APIView):
    authentication_classes = AUTHENTICATION

    def post(self, request, pk, name):
        matter = visible_matter_or_404(request.user, pk)
        if not isinstance(request.data, dict):
            raise ActionError(_("Send the payload as a JSON object."))
        payload = dict(request.data)
        version = _expected_version(payload)
        if name in get_flow(matter.type).transition_map:
            do_transition(request.user, matter, name, payload, expected_version=version)
        elif name in GENERIC_NAMES:
            take_generic(request.user, matter, name, payload, expected_version=version)
        else:
            raise NotFound(_("This matter has no action %(name)s.") % {"name": name})
        return Response(detail_body(request.user, matter))


INBOX_FILTERS = [
    OpenApiParameter("list", OpenApiTypes.STR, enum=["todo", "done", "toread", "watched", "overdue"],
                     description="Which list (default todo)."),
    OpenApiParameter("type", OpenApiTypes.STR, description="Matter type."),
    OpenApiParameter("urgency", OpenApiTypes.STR, enum=["normal", "urgent", "very-urgent"]),
    OpenApiParameter("unit", OpenApiTypes.STR, description="Lead or assignee unit code."),
    OpenApiParameter("due_before", OpenApiTypes.DATE, description="Due before this day."),
]


@extend_schema(tags=["tasks"], parameters=INBOX_FILTERS, responses={200: InboxRowSerializer(many=True), **errors(400, 401)})
class TaskList(generics.ListAPIView):
    """The caller's inbox: tasks of themselves, their unit (claimable) and those they stand in for."""

    authentication_classes = AUTHENTICATION
    serializer_class = InboxRowSerializer

    def get_queryset(self):
        form = InboxFilterSerializer(data=self.request.query_params)
        form.is_valid(raise_exception=True)
        given = form.validated_data
        due_before = start_of(given["due_before"]) if given.get("due_before") else None
        return inbox(self.request.user, given["list"], type_=given.get("type"), urgency=given.get("urgency"),
                     unit=given.get("unit"), due_before=due_before)

    def get_serializer_context(self):
        return {**super().get_serializer_context(), **light_context()}


@extend_schema(
    tags=["tasks"], request=ReassignSerializer,
    responses={200: ReassignResultSerializer, **errors(400, 401, 403, 404, 409)},
)
class TaskReassign(APIView):
    """Give open tasks to another person or unit (a unit chief for their unit's tasks, or an administrator)."""

    authentication_classes = AUTHENTICATION

    def post(self, request):
        form = ReassignSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        given = form.validated_data
        person = unit = None
        if "person" in given:
            person = Person.objects.filter(username=given["person"], is_active=True).first()
            if person is None:
                raise ActionError(_("Please correct the highlighted fields."), fields={"person": _("Unknown person.")})
        else:
            unit = Unit.objects.filter(code=given["unit"]).first()
            if unit is None:
                raise ActionError(_("Please correct the highlighted fields."), fields={"unit": _("Unknown unit.")})
        tasks = self._reachable_tasks(request.user, given["tasks"])
        done = do_reassign(request.user, tasks, person=person, unit=unit, role=given["role"], reason=given["reason"])
        return Response({"tasks": [task.pk for task in done]})

    @staticmethod
    def _reachable_tasks(person, task_ids):
        """The tasks by id among matters the caller may see (administrators: within their clearance)."""
        if person.is_system_administrator:
            tasks = Task.objects.filter(matter__classification__lte=person.clearance)
        else:
            tasks = Task.objects.filter(matter__in=visible_matters(person).values("pk"))
        found = list(tasks.filter(pk__in=set(task_ids)))
        if len(found) != len(set(task_ids)):
            raise NotFound(_("Some of these tasks do not exist."))
        return found
