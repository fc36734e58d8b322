"""POST /api/routing/recommend/ — the recommended units with reasons; POST /api/routing/confirm/ — the unit chosen."""

from django.urls import path
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from zhengban.api.views.base import AUTHENTICATION, errors

from .actions import confirm, may_ask
from .recommend import recommend


class RecommendRequestSerializer(serializers.Serializer):
    text = serializers.CharField(required=False, allow_blank=True, default="", max_length=100_000)
    title = serializers.CharField(required=False, allow_blank=True, default="", max_length=500)
    sender = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="The sender organization's code, if known."
    )
    top = serializers.IntegerField(required=False, default=3, min_value=1, max_value=25)

    def validate(self, data):
        if not data["text"].strip() and not data["title"].strip():
            raise ValidationError({"text": [_("Give the title or the text of the matter.")]})
        return data


class RoutingReasonSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["subject", "word", "sender", "example"])
    text = serializers.CharField()
    weight = serializers.FloatField(required=False)


class UnitRecommendationSerializer(serializers.Serializer):
    unit = serializers.CharField(help_text="The unit's code.")
    name = serializers.CharField()
    score = serializers.FloatField(help_text="Between 0 and 1; the scores of all units sum to 1.")
    reasons = RoutingReasonSerializer(many=True)


class RecommendationSerializer(serializers.Serializer):
    units = UnitRecommendationSerializer(many=True)
    co_units = serializers.ListField(child=serializers.CharField(), help_text="Units worth adding as co-units.")
    language = serializers.CharField()


class ConfirmRequestSerializer(RecommendRequestSerializer):
    unit = serializers.CharField(help_text="The code of the unit finally chosen as lead.")
    recommended_unit = serializers.CharField(required=False, allow_blank=True, default="")
    matter = serializers.IntegerField(required=False, allow_null=True, default=None)
    top = None


class ConfirmedSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    unit = serializers.CharField()


def _require_staff(request):
    if not may_ask(request.user):
        raise PermissionDenied(_("Only members of the office may ask for routing recommendations."))


@extend_schema(tags=["routing"])
class RecommendView(APIView):
    """The units that should handle a matter, best first, each with the reasons that decided it."""

    authentication_classes = AUTHENTICATION
    permission_classes = [IsAuthenticated]

    @extend_schema(request=RecommendRequestSerializer, responses={200: RecommendationSerializer, **errors(400, 401, 403)})
    def post(self, request):
        _require_staff(request)
        form = RecommendRequestSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        sender = data["sender"] or None
        if sender:
            from zhengban.documents.models import Organization

            if not Organization.objects.filter(code=sender).exists():
                raise ValidationError({"sender": [_("Unknown organization.")]})
        recommendation = recommend(data["text"], title=data["title"], sender=sender, top=data["top"])
        return Response(recommendation.as_dict())


@extend_schema(tags=["routing"])
class ConfirmView(APIView):
    """Record the unit a clerk finally chose; routing learns from it from the next recommendation on."""

    authentication_classes = AUTHENTICATION
    permission_classes = [IsAuthenticated]

    @extend_schema(request=ConfirmRequestSerializer, responses={201: ConfirmedSerializer, **errors(400, 401, 403, 404)})
    def post(self, request):
        form = ConfirmRequestSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        matter = None
        if data["matter"] is not None:
            from zhengban.engine.models import Matter

            matter = Matter.objects.filter(pk=data["matter"]).first()
            if matter is None:
                raise ValidationError({"matter": [_("Unknown matter.")]})
        example = confirm(
            request.user, data["text"], data["title"], data["sender"] or None, data["unit"],
            source_matter=matter, recommended_unit=data["recommended_unit"] or None,
        )
        return Response({"id": example.pk, "unit": example.unit.code}, status=201)


urlpatterns = [
    path("routing/recommend/", RecommendView.as_view(), name="api-routing-recommend"),
    path("routing/confirm/", ConfirmView.as_view(), name="api-routing-confirm"),
]
