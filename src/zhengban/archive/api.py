"""Archive API: GET /api/archive/records/ (filters q, year, category, retention, status), POST
/api/archive/records/ (do_archive), POST /api/archive/records/{id}/corrections/, POST
/api/archive/records/{id}/holds/, POST /api/archive/holds/{id}/release/, POST /api/archive/dispositions/
(propose). A disposition list's approval and execution go through /api/matters/{id}/actions/…."""

from django.shortcuts import get_object_or_404
from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from zhengban.api.views.base import AUTHENTICATION, errors
from zhengban.engine.access import visible_matters
from zhengban.engine.api import detail_body
from zhengban.engine.models import Matter

from .access import visible_records
from .actions import do_archive, do_correct_record, do_place_hold, do_release_hold
from .disposition import do_propose_disposition
from .models import DispositionKind, FileCategory, LegalHold, Retention
from .views import filter_records

LIMIT = 200


def record_body(record):
    return {
        "id": record.pk, "archive_number": record.archive_number, "title": record.title, "year": record.year,
        "category": record.category.code, "retention": record.retention, "retention_until": record.retention_until,
        "classification": record.classification, "unit": record.unit.code, "matter": record.matter_id,
        "archived_at": record.archived_at, "archived_by": record.archived_by.username, "note": record.note,
        "held": bool(getattr(record, "held", record.holds.filter(released_at__isnull=True).exists())),
        "disposed_at": record.disposed_at, "disposition_kind": record.disposition_kind or None,
    }


class Base(APIView):
    authentication_classes = AUTHENTICATION
    permission_classes = [IsAuthenticated]


class ArchiveSerializer(serializers.Serializer):
    matter = serializers.IntegerField()
    category = serializers.SlugRelatedField(slug_field="code", queryset=FileCategory.objects.all())
    title = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)
    year = serializers.IntegerField(required=False, allow_null=True, default=None)


class RecordList(Base):
    @extend_schema(tags=["archive"], responses={200: dict, **errors(401)})
    def get(self, request):
        """Archived records the caller may see (newest first, at most 200 per page: ?offset=)."""
        records, _filters = filter_records(
            visible_records(request.user).select_related("category", "unit", "archived_by"), request.query_params
        )
        offset = int(request.query_params.get("offset", 0) or 0) if str(request.query_params.get("offset", "0")).isdigit() else 0
        rows = records.order_by("-year", "category__sort_order", "item_number")[offset:offset + LIMIT]
        return Response({"count": records.count(), "results": [record_body(r) for r in rows]})

    @extend_schema(tags=["archive"], request=ArchiveSerializer, responses={201: dict, **errors(400, 401, 403, 404, 409)})
    def post(self, request):
        form = ArchiveSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        matter = get_object_or_404(visible_matters(request.user, Matter.objects.all()), pk=data["matter"])
        record = do_archive(request.user, matter, category=data["category"], title=data["title"], year=data["year"])
        return Response(record_body(record), status=status.HTTP_201_CREATED)


class CorrectionSerializer(serializers.Serializer):
    reason = serializers.CharField()
    title = serializers.CharField(required=False, max_length=300)
    note = serializers.CharField(required=False, allow_blank=True)
    retention = serializers.ChoiceField(choices=Retention.choices, required=False)


class RecordCorrection(Base):
    @extend_schema(tags=["archive"], request=CorrectionSerializer, responses={200: dict, **errors(400, 401, 403, 404, 409)})
    def post(self, request, pk):
        record = get_object_or_404(visible_records(request.user), pk=pk)
        form = CorrectionSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        changes = dict(form.validated_data)
        reason = changes.pop("reason")
        return Response(record_body(do_correct_record(request.user, record, reason=reason, **changes)))


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField()


def hold_body(hold):
    return {"id": hold.pk, "record": hold.record_id, "reason": hold.reason, "placed_by": hold.placed_by.username,
            "placed_at": hold.placed_at, "released_at": hold.released_at, "release_reason": hold.release_reason}


class RecordHold(Base):
    @extend_schema(tags=["archive"], request=ReasonSerializer, responses={201: dict, **errors(400, 401, 403, 404, 409)})
    def post(self, request, pk):
        record = get_object_or_404(visible_records(request.user), pk=pk)
        form = ReasonSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        return Response(hold_body(do_place_hold(request.user, record, **form.validated_data)), status=status.HTTP_201_CREATED)


class HoldRelease(Base):
    @extend_schema(tags=["archive"], request=ReasonSerializer, responses={200: dict, **errors(400, 401, 403, 404, 409)})
    def post(self, request, pk):
        hold = get_object_or_404(LegalHold.objects.filter(record__in=visible_records(request.user)), pk=pk)
        form = ReasonSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        return Response(hold_body(do_release_hold(request.user, hold, **form.validated_data)))


class ProposalSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=DispositionKind.choices)
    as_of = serializers.DateField(required=False, allow_null=True, default=None)


class DispositionCreate(Base):
    @extend_schema(tags=["archive"], request=ProposalSerializer, responses={201: dict, **errors(400, 401, 403)})
    def post(self, request):
        form = ProposalSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        matter = do_propose_disposition(request.user, **form.validated_data)
        return Response(detail_body(request.user, matter), status=status.HTTP_201_CREATED)


urlpatterns = [
    path("archive/records/", RecordList.as_view(), name="api-archive-records"),
    path("archive/records/<int:pk>/corrections/", RecordCorrection.as_view(), name="api-archive-correction"),
    path("archive/records/<int:pk>/holds/", RecordHold.as_view(), name="api-archive-holds"),
    path("archive/holds/<int:pk>/release/", HoldRelease.as_view(), name="api-archive-hold-release"),
    path("archive/dispositions/", DispositionCreate.as_view(), name="api-archive-dispositions"),
]
