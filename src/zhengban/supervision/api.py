"""The supervision API: item lists with filters, an item's page, opening items, extensions,
instructions, bulk spreadsheet reports and the annual assessment. The flow's steps (assign, sign,
report, complete, verify, rework, close) go through the matter actions API
(/api/matters/{id}/actions/…)."""

from django.http import HttpResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from zhengban.api.pagination import KeysFirstPagination
from zhengban.api.views.base import AUTHENTICATION, errors
from zhengban.core.errors import ActionError, NotAllowed, NotFound
from zhengban.engine.api import detail_body

from .actions import do_decide_extension, do_instruct, do_open_supervision_item, do_request_extension
from .assessment import as_json, assessment_xlsx
from .models import Cadence, ExtensionRequest, Source
from .queries import decorate, item_list, page_rows, visible_items
from .xlsx import do_apply_progress_xlsx, preview, template_xlsx

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class SupervisionItemSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    number = serializers.CharField(source="matter.number")
    title = serializers.CharField(source="matter.title")
    state = serializers.CharField(source="matter.state")
    state_label = serializers.CharField()
    source = serializers.CharField()
    year = serializers.IntegerField()
    lead_unit = serializers.CharField(source="matter.lead_unit.code", default=None)
    leader = serializers.CharField(source="leader.username", default=None)
    cadence = serializers.CharField()
    progress = serializers.IntegerField()
    due_at = serializers.DateTimeField(source="matter.due_at")
    next_report_at = serializers.DateTimeField()
    light = serializers.CharField(allow_null=True)


class ItemFilterSerializer(serializers.Serializer):
    source = serializers.ChoiceField(choices=Source.choices, required=False)
    unit = serializers.CharField(required=False)
    leader = serializers.CharField(required=False)
    light = serializers.ChoiceField(choices=["red", "yellow", "green"], required=False)
    state = serializers.CharField(required=False)
    year = serializers.IntegerField(required=False)
    due_before = serializers.DateField(required=False)
    due_after = serializers.DateField(required=False)
    q = serializers.CharField(required=False)
    scope = serializers.ChoiceField(choices=["unit", "leader"], required=False)
    order = serializers.ChoiceField(choices=["due", "light"], required=False)


class OpenSerializer(serializers.Serializer):
    source = serializers.ChoiceField(choices=Source.choices)
    title = serializers.CharField(max_length=300)
    body = serializers.CharField(required=False, allow_blank=True, default="")
    lead_unit = serializers.CharField(required=False, default=None)
    co_units = serializers.ListField(child=serializers.CharField(), required=False, default=list)
    due = serializers.DateField(required=False, default=None)
    cadence = serializers.ChoiceField(choices=Cadence.choices, required=False, default=None)
    leader = serializers.CharField(required=False, default=None)
    origin_matter = serializers.IntegerField(required=False, default=None)
    link_kind = serializers.CharField(required=False, default="decision-of")


@extend_schema(tags=["supervision"], parameters=[ItemFilterSerializer], responses={200: SupervisionItemSerializer(many=True), **errors(400, 401)})
class ItemList(generics.GenericAPIView):
    """Supervision items the caller may see, with each one's light and the counts by light."""

    authentication_classes = AUTHENTICATION
    serializer_class = SupervisionItemSerializer
    pagination_class = KeysFirstPagination

    def get(self, request):
        form = ItemFilterSerializer(data=request.query_params)
        form.is_valid(raise_exception=True)
        now = timezone.now()
        rows, counts, calendar, listed = item_list(request.user, form.validated_data, now)
        self.paginator.known_count = listed
        page = self.paginate_queryset(rows)
        decorate(page, now, calendar)
        response = self.get_paginated_response(SupervisionItemSerializer(page, many=True).data)
        response.data["lights"] = counts
        return response

    def page_rows(self, keys):
        return page_rows(keys)

    @extend_schema(request=OpenSerializer, responses={201: OpenApiTypes.OBJECT, **errors(400, 403, 404)})
    def post(self, request):
        form = OpenSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        given = dict(form.validated_data)
        origin = given.pop("origin_matter", None)
        if origin is not None:
            origin = _visible_matter(request.user, origin)
        matter = do_open_supervision_item(request.user, origin_matter=origin, **given)
        return Response(detail_body(request.user, matter), status=status.HTTP_201_CREATED)


def _visible_matter(person, pk):
    from zhengban.engine.access import visible_matters

    matter = visible_matters(person).filter(pk=pk).first()
    if matter is None:
        raise NotFound(_("No such matter."))
    return matter


def _visible_item(person, pk):
    item = visible_items(person).select_related("matter").filter(pk=pk).first()
    if item is None:
        raise NotFound(_("No such supervision item."))
    return item


@extend_schema(tags=["supervision"], responses={200: OpenApiTypes.OBJECT, **errors(401, 404)})
class ItemDetail(APIView):
    """The item's matter page (as /api/matters/{id}/) with its progress history, extensions and instructions."""

    authentication_classes = AUTHENTICATION

    def get(self, request, pk):
        item = _visible_item(request.user, pk)
        body = detail_body(request.user, item.matter)
        body["supervision"] = {
            "source": item.source, "year": item.year, "cadence": item.cadence, "progress": item.progress,
            "leader": item.leader.username if item.leader_id else None,
            "next_report_at": item.next_report_at, "quality_rating": item.quality_rating,
            "reports": [{"at": r.at, "progress": r.progress, "text": r.text, "by": r.reported_by.username,
                         "via_spreadsheet": r.via_spreadsheet} for r in item.reports.select_related("reported_by")],
            "extensions": [{"id": e.pk, "state": e.state, "new_due": e.new_due, "reason": e.reason}
                           for e in item.extensions.all()],
            "instructions": [{"at": i.at, "leader": i.leader.username, "text": i.text}
                             for i in item.instructions.select_related("leader")],
        }
        return Response(body)


class ExtensionSerializer(serializers.Serializer):
    new_due = serializers.DateField()
    reason = serializers.CharField()


@extend_schema(tags=["supervision"], request=ExtensionSerializer, responses={201: OpenApiTypes.OBJECT, **errors(400, 403, 404, 409)})
class ItemExtensions(APIView):
    """Ask for a later deadline (before the current one passes)."""

    authentication_classes = AUTHENTICATION

    def post(self, request, pk):
        item = _visible_item(request.user, pk)
        form = ExtensionSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        extension = do_request_extension(request.user, item.matter, **form.validated_data)
        return Response({"id": extension.pk, "state": extension.state}, status=status.HTTP_201_CREATED)


class ExtensionDecisionSerializer(serializers.Serializer):
    approve = serializers.BooleanField()
    note = serializers.CharField(required=False, allow_blank=True, default="")


@extend_schema(tags=["supervision"], request=ExtensionDecisionSerializer, responses={200: OpenApiTypes.OBJECT, **errors(400, 403, 404, 409)})
class ExtensionDecision(APIView):
    """Approve or refuse an extension (the Supervision Office or the responsible leader)."""

    authentication_classes = AUTHENTICATION

    def post(self, request, pk):
        extension = ExtensionRequest.objects.filter(pk=pk, item__in=visible_items(request.user)).first()
        if extension is None:
            raise NotFound(_("No such extension request."))
        form = ExtensionDecisionSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        extension = do_decide_extension(request.user, extension, **form.validated_data)
        return Response({"id": extension.pk, "state": extension.state})


class InstructionSerializer(serializers.Serializer):
    text = serializers.CharField()


@extend_schema(tags=["supervision"], request=InstructionSerializer, responses={201: OpenApiTypes.OBJECT, **errors(400, 403, 404, 409)})
class ItemInstructions(APIView):
    """A leader's instruction (批示) on the item; the lead unit is notified at once."""

    authentication_classes = AUTHENTICATION

    def post(self, request, pk):
        item = _visible_item(request.user, pk)
        form = InstructionSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        instruction = do_instruct(request.user, item.matter, **form.validated_data)
        return Response({"id": instruction.pk}, status=status.HTTP_201_CREATED)


def _upload(request):
    upload = request.FILES.get("file")
    if upload is None:
        raise ActionError(_("Choose an XLSX file."), fields={"file": "required"})
    return upload


@extend_schema(tags=["supervision"], request={"multipart/form-data": {"type": "object", "properties": {"file": {"type": "string", "format": "binary"}}}},
               responses={200: OpenApiTypes.OBJECT, **errors(400, 401)})
class ProgressPreview(APIView):
    """Check a progress spreadsheet: each row's item and old → new progress, or its error."""

    authentication_classes = AUTHENTICATION
    parser_classes = [MultiPartParser]

    def post(self, request):
        return Response(preview(request.user, _upload(request)))


@extend_schema(tags=["supervision"], request={"multipart/form-data": {"type": "object", "properties": {"file": {"type": "string", "format": "binary"}}}},
               responses={200: OpenApiTypes.OBJECT, **errors(400, 401)})
class ProgressApply(APIView):
    """Apply a progress spreadsheet whole; with any bad row nothing is applied (400 naming the rows)."""

    authentication_classes = AUTHENTICATION
    parser_classes = [MultiPartParser]

    def post(self, request):
        return Response({"applied": do_apply_progress_xlsx(request.user, _upload(request))})


def xlsx_response(content, filename):
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@extend_schema(tags=["supervision"], responses={(200, XLSX): OpenApiTypes.BINARY})
class ProgressTemplate(APIView):
    """A spreadsheet of the caller's unit's items in progress, to fill in and upload."""

    authentication_classes = AUTHENTICATION

    def get(self, request):
        return xlsx_response(template_xlsx(request.user), "progress.xlsx")


def _may_assess(person):
    from .actions import is_supervision_officer

    return is_supervision_officer(person) or person.is_leader


@extend_schema(tags=["supervision"], responses={200: OpenApiTypes.OBJECT, **errors(401, 403)})
class Assessment(APIView):
    """A year's target assessment: the scheme, and each unit's score with every point explained, ranked."""

    authentication_classes = AUTHENTICATION

    def get(self, request, year):
        _check_assessor(request.user)
        return Response(as_json(year))


@extend_schema(tags=["supervision"], responses={(200, XLSX): OpenApiTypes.BINARY, **errors(401, 403)})
class AssessmentXlsx(APIView):
    authentication_classes = AUTHENTICATION

    def get(self, request, year):
        _check_assessor(request.user)
        return xlsx_response(assessment_xlsx(year), f"assessment-{year}.xlsx")


def _check_assessor(person):
    if not _may_assess(person):
        raise NotAllowed(_("Only the Supervision Office and leaders see the assessment."))


urlpatterns = [
    path("supervision/items/", ItemList.as_view(), name="api-supervision-items"),
    path("supervision/items/<int:pk>/", ItemDetail.as_view(), name="api-supervision-item"),
    path("supervision/items/<int:pk>/extensions/", ItemExtensions.as_view(), name="api-supervision-extensions"),
    path("supervision/items/<int:pk>/instructions/", ItemInstructions.as_view(), name="api-supervision-instructions"),
    path("supervision/extensions/<int:pk>/decision/", ExtensionDecision.as_view(), name="api-supervision-decision"),
    path("supervision/progress/preview/", ProgressPreview.as_view(), name="api-supervision-progress-preview"),
    path("supervision/progress/apply/", ProgressApply.as_view(), name="api-supervision-progress-apply"),
    path("supervision/progress/template/", ProgressTemplate.as_view(), name="api-supervision-progress-template"),
    path("supervision/assessment/<int:year>/", Assessment.as_view(), name="api-supervision-assessment"),
    path("supervision/assessment/<int:year>/xlsx/", AssessmentXlsx.as_view(), name="api-supervision-assessment-xlsx"),
]
