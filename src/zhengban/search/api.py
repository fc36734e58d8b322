"""GET /api/search/: full-text search over the matters the caller may see."""

from django.urls import path, reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from zhengban.api.views.base import AUTHENTICATION, errors

from . import filters
from .presentation import state_label, type_label
from .query import search


class HitSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="matter_id")
    type = serializers.CharField()
    type_label = serializers.SerializerMethodField()
    number = serializers.CharField()
    title = serializers.CharField()
    state = serializers.CharField()
    state_label = serializers.SerializerMethodField()
    opened_at = serializers.DateTimeField()
    title_match = serializers.BooleanField(help_text="Every query word is in the title or number.")
    title_html = serializers.CharField(help_text="The title, HTML-escaped, query words in <mark>.")
    snippet_html = serializers.CharField(help_text="Original text around the first match, escaped, words in <mark>.")
    url = serializers.SerializerMethodField()

    def get_type_label(self, hit) -> str:
        return type_label(hit.type)

    def get_state_label(self, hit) -> str:
        return state_label(hit.type, hit.state)

    def get_url(self, hit) -> str:
        return reverse("matter", args=[hit.matter_id])


class ResultsSerializer(serializers.Serializer):
    query = serializers.CharField()
    tokens = serializers.ListField(child=serializers.CharField(), help_text="The words every hit contains.")
    total = serializers.IntegerField(help_text="Matching matters the caller may see, counted up to 1,000.")
    total_capped = serializers.BooleanField(help_text="More than `total` match.")
    hits = HitSerializer(many=True)


TEXT = OpenApiTypes.STR


class Search(APIView):
    """Title matches first, then body matches, newest first; only matters the caller may see
    are returned or counted."""

    authentication_classes = AUTHENTICATION

    @extend_schema(
        parameters=[
            OpenApiParameter("q", TEXT, description="Words (Chinese or English); every one must match."),
            OpenApiParameter("type", TEXT, description="Matter type, e.g. memo."),
            OpenApiParameter("unit", TEXT, description="Lead or co-unit code."),
            OpenApiParameter("state", TEXT),
            OpenApiParameter("from", OpenApiTypes.DATE, description="Opened on or after."),
            OpenApiParameter("to", OpenApiTypes.DATE, description="Opened on or before."),
            OpenApiParameter("limit", OpenApiTypes.INT, description="1–100, default 20."),
        ],
        responses={200: ResultsSerializer, **errors(400, 401)},
    )
    def get(self, request):
        query, given, limit = filters.parse(request.query_params)
        return Response(ResultsSerializer(search(request.user, query, given, limit)).data)


urlpatterns = [path("search/", Search.as_view(), name="api-search")]
