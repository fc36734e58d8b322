"""Petitions API: staff list, detail, registration and statistics; the public form, progress query
and rating (no login, rate-limited, nothing internal). Every later step of a petition goes through
the matter actions API (/api/matters/{id}/actions/…)."""

from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView
from django.utils.translation import gettext as _

from zhengban.api.views.base import AUTHENTICATION, errors
from zhengban.core.errors import NotFound

from .actions import do_rate_by_code, do_register_petition, do_submit_online_petition, petition_by_code
from .identity import handled_by, identity_visible, petitioner_rows
from .models import Category, Channel, Place, Rating
from .public import public_facts
from .queries import FILTERS, filtered, statistics, visible_petitions
from .ratelimit import client_ip


def petition_dict(petition, visible):
    matter = petition.matter
    return {
        "id": matter.pk,
        "number": matter.number,
        "title": matter.title,
        "state": matter.state,
        "channel": petition.channel,
        "category": petition.category,
        "place": petition.place,
        "against_officials": petition.against_officials,
        "is_repeat": petition.is_repeat,
        "repeat_of": petition.repeat_of_id,
        "lead_unit": matter.lead_unit.code if matter.lead_unit_id else None,
        "receiving_body": petition.receiving_body.code if petition.receiving_body_id else None,
        "opened_at": matter.opened_at,
        "due_at": matter.due_at,
        "paused": matter.paused_at is not None,
        "outcome": petition.outcome or None,
        "rating": petition.rating or None,
        "identity_protected": not visible,
        "petitioners": petitioner_rows(petition, visible),
    }


class PetitionerSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=100)
    id_number = serializers.CharField(max_length=18, required=False, allow_blank=True, default="")
    phone = serializers.CharField(max_length=30, required=False, allow_blank=True, default="")
    address = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class VisitSerializer(serializers.Serializer):
    arrived_at = serializers.DateTimeField()
    visitors = serializers.IntegerField(min_value=1)
    reception_officer = serializers.CharField(help_text="username")


class RegisterSerializer(serializers.Serializer):
    channel = serializers.ChoiceField(choices=Channel.choices)
    category = serializers.ChoiceField(choices=Category.choices)
    place = serializers.ChoiceField(choices=Place.choices)
    title = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    text = serializers.CharField()
    against_officials = serializers.BooleanField(default=False)
    petitioners = PetitionerSerializer(many=True)
    visit = VisitSerializer(required=False)


class PublicSubmitSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=100)
    phone = serializers.CharField(max_length=30)
    id_number = serializers.CharField(max_length=18, required=False, allow_blank=True, default="")
    address = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    category = serializers.ChoiceField(choices=Category.choices)
    place = serializers.ChoiceField(choices=Place.choices)
    text = serializers.CharField(max_length=20000)


class RatingSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=16)
    rating = serializers.ChoiceField(choices=Rating.choices)


LIST_FILTERS = [OpenApiParameter(name, OpenApiTypes.STR) for name in FILTERS]


@extend_schema(tags=["petitions"], parameters=LIST_FILTERS, responses={200: OpenApiTypes.OBJECT, **errors(401)})
class PetitionList(generics.GenericAPIView):
    """Petitions the caller may see, newest first; an accuser's identity only for those handling it."""

    authentication_classes = AUTHENTICATION

    @extend_schema(operation_id="petitions_list")
    def get(self, request):
        petitions = filtered(request.user, request.query_params).prefetch_related("petitioners")
        page = self.paginate_queryset(petitions)
        handled = handled_by(request.user, [p.pk for p in page if p.protected])
        return self.get_paginated_response([petition_dict(p, identity_visible(request.user, p, handled)) for p in page])

    @extend_schema(request=RegisterSerializer, responses={201: OpenApiTypes.OBJECT, **errors(400, 401, 403)})
    def post(self, request):
        form = RegisterSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        petition = do_register_petition(request.user, **form.validated_data)
        return Response(petition_dict(petition, True) | {"query_code": petition.query_code}, status=status.HTTP_201_CREATED)


@extend_schema(tags=["petitions"], responses={200: OpenApiTypes.OBJECT, **errors(401, 404)})
class PetitionDetail(APIView):
    authentication_classes = AUTHENTICATION

    def get(self, request, pk):
        petition = visible_petitions(request.user).filter(pk=pk).first()
        if petition is None:
            raise NotFound(_("No such matter."))
        return Response(petition_dict(petition, identity_visible(request.user, petition)))


@extend_schema(tags=["petitions"], parameters=LIST_FILTERS, responses={200: OpenApiTypes.OBJECT, **errors(401)})
class PetitionStatistics(APIView):
    authentication_classes = AUTHENTICATION

    def get(self, request):
        return Response(statistics(request.user, request.query_params))


class PublicView(APIView):
    authentication_classes = []
    permission_classes = [AllowAny]


@extend_schema(tags=["public"], request=PublicSubmitSerializer, responses={201: OpenApiTypes.OBJECT, **errors(400, 429)})
class PublicSubmit(PublicView):
    """Submit a petition online without an account; answers with the query code to check progress."""

    def post(self, request):
        form = PublicSubmitSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        petition = do_submit_online_petition(client_ip(request), **form.validated_data)
        return Response({"query_code": petition.query_code, **public_facts(petition)}, status=status.HTTP_201_CREATED)


@extend_schema(tags=["public"], parameters=[OpenApiParameter("code", OpenApiTypes.STR, required=True)],
               responses={200: OpenApiTypes.OBJECT, **errors(404, 429)})
class PublicStatus(PublicView):
    """The public facts of the petition with this query code."""

    def get(self, request):
        return Response(public_facts(petition_by_code(client_ip(request), request.query_params.get("code"))))


@extend_schema(tags=["public"], request=RatingSerializer, responses={200: OpenApiTypes.OBJECT, **errors(400, 404, 429)})
class PublicRating(PublicView):
    """The petitioner rates the reply (satisfied, basically satisfied, dissatisfied)."""

    def post(self, request):
        form = RatingSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        petition = do_rate_by_code(client_ip(request), form.validated_data["code"], form.validated_data["rating"])
        return Response(public_facts(petition))


urlpatterns = [
    path("petitions/", PetitionList.as_view(), name="api-petitions"),
    path("petitions/stats/", PetitionStatistics.as_view(), name="api-petition-stats"),
    path("petitions/<int:pk>/", PetitionDetail.as_view(), name="api-petition"),
    path("public/petitions/", PublicSubmit.as_view(), name="api-public-petitions"),
    path("public/petitions/status/", PublicStatus.as_view(), name="api-public-petition-status"),
    path("public/petitions/rating/", PublicRating.as_view(), name="api-public-petition-rating"),
]
