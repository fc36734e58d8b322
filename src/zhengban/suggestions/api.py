"""The suggestions API: sessions, import (preview, apply), the list with filters, one item, the
table by unit, and 督办. Every handling step (assign, split, merge, accept, return-to-office,
reply, feedback, dissatisfied) goes through the engine's /api/matters/{id}/actions/{name}/."""

from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from zhengban.api.views.base import AUTHENTICATION, errors
from zhengban.core.errors import ActionError, NotFound
from zhengban.engine.api import detail_body

from .actions import do_create_session, do_open_supervision_for
from .importing import do_import_suggestions, preview
from .models import Kind, ReplyLetter, Session
from .queries import FILTERS, item_list, visible_items
from .routing_help import recommendation_for
from .stats import unit_table


class SessionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Session
        fields = ["id", "name", "kind", "year"]


class SessionCreateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    kind = serializers.ChoiceField(choices=Kind.choices)
    year = serializers.IntegerField(min_value=2000, max_value=2100)


class SuggestionItemSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    number = serializers.CharField()
    matter_number = serializers.CharField(source="matter.number")
    title = serializers.CharField(source="matter.title")
    kind = serializers.CharField()
    session = serializers.IntegerField(source="session_id")
    category = serializers.CharField()
    authors = serializers.SerializerMethodField()
    state = serializers.CharField(source="matter.state")
    lead_unit = serializers.SerializerMethodField()
    due_at = serializers.DateTimeField(source="matter.due_at", allow_null=True)
    result_code = serializers.CharField()
    feedback = serializers.CharField()
    replied_on_time = serializers.BooleanField(allow_null=True)
    recommended_unit = serializers.CharField()

    def get_authors(self, item) -> list[str]:
        return [a.name for a in item.authors.all()]

    def get_lead_unit(self, item) -> str | None:
        return item.matter.lead_unit.code if item.matter.lead_unit_id else None


class LetterSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    author = serializers.CharField(source="author.name")
    author_item = serializers.CharField(source="author.suggestion.number")
    round = serializers.IntegerField()
    result_code = serializers.CharField()
    text = serializers.CharField()
    replied_at = serializers.DateTimeField()
    pdf = serializers.SerializerMethodField()
    docx = serializers.SerializerMethodField()

    def get_pdf(self, letter) -> str:
        return reverse("suggestion_letter", args=[letter.pk, "pdf"])

    def get_docx(self, letter) -> str:
        return reverse("suggestion_letter", args=[letter.pk, "docx"])


def _session(pk):
    session = Session.objects.filter(pk=pk).first()
    if session is None:
        raise NotFound(_("No such session."))
    return session


def _upload(request):
    upload = request.FILES.get("file")
    if upload is None:
        raise ActionError(_("Choose an XLSX file."), fields={"file": "required"})
    return upload.read()


@extend_schema(tags=["suggestions"])
class SessionList(APIView):
    """Sessions (GET) and a new one (POST, the Supervision Office)."""

    authentication_classes = AUTHENTICATION

    @extend_schema(responses={200: SessionSerializer(many=True)})
    def get(self, request):
        return Response(SessionSerializer(Session.objects.all(), many=True).data)

    @extend_schema(request=SessionCreateSerializer, responses={201: SessionSerializer, **errors(400, 403, 409)})
    def post(self, request):
        form = SessionCreateSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        session = do_create_session(request.user, **form.validated_data)
        return Response(SessionSerializer(session).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["suggestions"], request={"multipart/form-data": OpenApiTypes.OBJECT},
               responses={200: OpenApiTypes.OBJECT, **errors(400, 403, 404)})
class ImportPreview(APIView):
    """Check an XLSX file (field `file`) against the session: every row with its problem; nothing is imported."""

    authentication_classes = AUTHENTICATION
    parser_classes = [MultiPartParser, FormParser]

    def post(self, request, pk):
        return Response(preview(request.user, _session(pk), _upload(request)).as_dict())


@extend_schema(tags=["suggestions"], request={"multipart/form-data": OpenApiTypes.OBJECT},
               responses={201: OpenApiTypes.OBJECT, **errors(400, 403, 404)})
class ImportApply(APIView):
    """Import every row of the file, or none (400 naming the bad rows in `fields`)."""

    authentication_classes = AUTHENTICATION
    parser_classes = [MultiPartParser, FormParser]

    def post(self, request, pk):
        matters = do_import_suggestions(request.user, _session(pk), _upload(request))
        return Response({"imported": len(matters), "ids": [m.pk for m in matters]}, status=status.HTTP_201_CREATED)


LIST_FILTERS = [OpenApiParameter(name, OpenApiTypes.STR) for name in FILTERS]


@extend_schema(tags=["suggestions"], parameters=LIST_FILTERS, responses={200: SuggestionItemSerializer(many=True), **errors(401)})
class ItemList(generics.ListAPIView):
    """Suggestions and proposals the caller may see: session (id), kind, state, unit, result, overdue=1, q."""

    authentication_classes = AUTHENTICATION
    serializer_class = SuggestionItemSerializer

    def get_queryset(self):
        filters = {name: self.request.query_params.get(name, "").strip() for name in FILTERS}
        return item_list(self.request.user, filters, timezone.now())


@extend_schema(tags=["suggestions"], responses={200: OpenApiTypes.OBJECT, **errors(401, 404)})
class ItemDetail(APIView):
    """The item (the matter as /api/matters/{id}/ shows it, plus authors, letters, routing's advice)."""

    authentication_classes = AUTHENTICATION

    def get(self, request, pk):
        item = visible_items(request.user).select_related("matter__lead_unit", "session").prefetch_related("authors").filter(pk=pk).first()
        if item is None:
            raise NotFound(_("No such suggestion or proposal."))
        letters = ReplyLetter.objects.filter(suggestion=item).select_related("author__suggestion")
        recommendation = recommendation_for(item.matter) if item.matter.state == "registered" else None
        return Response({
            "matter": detail_body(request.user, item.matter),
            "suggestion": SuggestionItemSerializer(item).data,
            "letters": LetterSerializer(letters, many=True).data,
            "recommendation": recommendation.as_dict() if recommendation else None,
        })


def _rate_row(row):
    return {key: value for key, value in row.items() if key != "unit"} | {"unit": row["unit"].code if row["unit"] else None}


@extend_schema(tags=["suggestions"], parameters=LIST_FILTERS, responses={200: OpenApiTypes.OBJECT, **errors(401, 403)})
class Statistics(APIView):
    """The table by lead unit: items, replied, on time (and rate), overdue, result codes, feedback and rates."""

    authentication_classes = AUTHENTICATION

    def get(self, request):
        from .views import _office_or_leader

        _office_or_leader(request.user)
        filters = {name: request.query_params.get(name, "").strip() for name in FILTERS}
        rows, total, codes = unit_table(request.user, filters, timezone.now())
        return Response({"codes": codes, "units": [_rate_row(r) for r in rows], "total": _rate_row(total)})


class SuperviseSerializer(serializers.Serializer):
    due = serializers.DateField()
    cadence = serializers.ChoiceField(choices=["one-off", "weekly", "monthly", "quarterly"], required=False)


@extend_schema(tags=["suggestions"], request=SuperviseSerializer, responses={201: OpenApiTypes.OBJECT, **errors(400, 403, 404, 409)})
class Supervise(APIView):
    """督办: open a supervision item for the suggestion, linked back to it."""

    authentication_classes = AUTHENTICATION

    def post(self, request, pk):
        form = SuperviseSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        item = visible_items(request.user).select_related("matter").filter(pk=pk).first()
        if item is None:
            raise NotFound(_("No such suggestion or proposal."))
        supervision = do_open_supervision_for(request.user, item.matter, **form.validated_data)
        return Response({"id": supervision.pk, "number": supervision.number}, status=status.HTTP_201_CREATED)


urlpatterns = [
    path("suggestions/", ItemList.as_view(), name="api-suggestions"),
    path("suggestions/<int:pk>/", ItemDetail.as_view(), name="api-suggestion"),
    path("suggestions/<int:pk>/supervise/", Supervise.as_view(), name="api-suggestion-supervise"),
    path("suggestions/statistics/", Statistics.as_view(), name="api-suggestion-statistics"),
    path("suggestions/sessions/", SessionList.as_view(), name="api-suggestion-sessions"),
    path("suggestions/sessions/<int:pk>/import/preview/", ImportPreview.as_view(), name="api-suggestion-import-preview"),
    path("suggestions/sessions/<int:pk>/import/", ImportApply.as_view(), name="api-suggestion-import"),
]
