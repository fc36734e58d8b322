"""Seal API: GET /api/seals/ (the register), GET /api/seals/uses/ (the log), POST /api/seals/requests/
(request a use), POST /api/seals/engravings/ (request a new seal), POST /api/seals/{code}/uses/
(record_seal_use). Later steps of the requests go through /api/matters/{id}/actions/…."""

from django.shortcuts import get_object_or_404
from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from zhengban.api.views.base import AUTHENTICATION, errors
from zhengban.core.errors import NotFound
from zhengban.core.models import Unit
from zhengban.engine.access import visible_matters
from zhengban.engine.api import detail_body
from zhengban.engine.models import Matter

from .actions import do_request_seal_engraving, do_request_seal_use, record_seal_use
from .models import Seal, SealKind, SealUse


class SealSerializer(serializers.ModelSerializer):
    keeper_unit = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Seal
        fields = ["code", "name_zh", "name_en", "kind", "keeper_unit", "active", "engraved_on", "retired_on"]


def use_body(person, use):
    readable = use.matter is not None and use.matter.classification <= person.clearance
    return {
        "id": use.pk, "seal": use.seal.code, "used_at": use.used_at, "impressions": use.impressions,
        "matter": use.matter_id, "matter_title": use.matter.title if readable else None,
        "request": use.request_id, "purpose": use.purpose, "note": use.note,
        "applied_by": use.applied_by.username, "approved_by": use.approved_by.username if use.approved_by else None,
    }


def _document(person, matter_id):
    if matter_id is None:
        return None
    document = visible_matters(person, Matter.objects.filter(pk=matter_id)).first()
    if document is None:
        raise NotFound("No such matter.")
    return document


class SealList(APIView):
    authentication_classes = AUTHENTICATION
    permission_classes = [IsAuthenticated]

    @extend_schema(tags=["seals"], responses={200: SealSerializer(many=True), **errors(401)})
    def get(self, request):
        return Response(SealSerializer(Seal.objects.select_related("keeper_unit"), many=True).data)


class SealUseList(APIView):
    """The use log, newest first (?seal=code, ?limit=n up to 500)."""

    authentication_classes = AUTHENTICATION
    permission_classes = [IsAuthenticated]

    @extend_schema(tags=["seals"], responses={200: dict, **errors(401)})
    def get(self, request):
        uses = SealUse.objects.select_related("seal", "matter", "applied_by", "approved_by")
        if request.query_params.get("seal"):
            uses = uses.filter(seal__code=request.query_params["seal"])
        try:
            limit = min(max(int(request.query_params.get("limit", 100)), 1), 500)
        except ValueError:
            limit = 100
        return Response({"results": [use_body(request.user, use) for use in uses.order_by("-used_at", "-id")[:limit]]})


class UseSerializer(serializers.Serializer):
    impressions = serializers.IntegerField()
    matter = serializers.IntegerField(required=False, allow_null=True, default=None)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class SealUseRecord(APIView):
    """The keeper records a use of the seal (record_seal_use)."""

    authentication_classes = AUTHENTICATION
    permission_classes = [IsAuthenticated]

    @extend_schema(tags=["seals"], request=UseSerializer, responses={201: dict, **errors(400, 401, 403, 404, 409)})
    def post(self, request, code):
        form = UseSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        seal = get_object_or_404(Seal, code=code)
        data = form.validated_data
        use = record_seal_use(request.user, seal, matter=_document(request.user, data["matter"]),
                              impressions=data["impressions"], note=data["note"])
        return Response(use_body(request.user, use), status=status.HTTP_201_CREATED)


class RequestSerializer(serializers.Serializer):
    seal = serializers.SlugField()
    purpose = serializers.CharField(max_length=300)
    impressions = serializers.IntegerField()
    document = serializers.IntegerField(required=False, allow_null=True, default=None)


class SealRequestCreate(APIView):
    authentication_classes = AUTHENTICATION
    permission_classes = [IsAuthenticated]

    @extend_schema(tags=["seals"], request=RequestSerializer, responses={201: dict, **errors(400, 401, 403, 404, 409)})
    def post(self, request):
        form = RequestSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        seal = get_object_or_404(Seal, code=data["seal"])
        matter = do_request_seal_use(request.user, seal=seal, purpose=data["purpose"], impressions=data["impressions"],
                                     document=_document(request.user, data["document"]))
        return Response(detail_body(request.user, matter), status=status.HTTP_201_CREATED)


class EngravingSerializer(serializers.Serializer):
    code = serializers.SlugField(max_length=60)
    name_zh = serializers.CharField(max_length=200)
    name_en = serializers.CharField(max_length=200)
    kind = serializers.ChoiceField(choices=SealKind.choices)
    keeper_unit = serializers.SlugRelatedField(slug_field="code", queryset=Unit.objects.all())
    reason = serializers.CharField()


class SealEngravingCreate(APIView):
    authentication_classes = AUTHENTICATION
    permission_classes = [IsAuthenticated]

    @extend_schema(tags=["seals"], request=EngravingSerializer, responses={201: dict, **errors(400, 401, 403, 409)})
    def post(self, request):
        form = EngravingSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        matter = do_request_seal_engraving(request.user, **form.validated_data)
        return Response(detail_body(request.user, matter), status=status.HTTP_201_CREATED)


urlpatterns = [
    path("seals/", SealList.as_view(), name="api-seals"),
    path("seals/uses/", SealUseList.as_view(), name="api-seal-uses"),
    path("seals/requests/", SealRequestCreate.as_view(), name="api-seal-requests"),
    path("seals/engravings/", SealEngravingCreate.as_view(), name="api-seal-engravings"),
    path("seals/<slug:code>/uses/", SealUseRecord.as_view(), name="api-seal-use-record"),
]
