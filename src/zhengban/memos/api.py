"""POST /api/memos/: write a liaison memo (a draft). Everything after goes through the matter
actions API (/api/matters/{id}/actions/…)."""

from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from zhengban.api.views.base import AUTHENTICATION, errors
from zhengban.core.models import Clearance
from zhengban.engine.api import detail_body
from zhengban.engine.models import Urgency
from zhengban.engine.serializers import MatterDetailSerializer

from .actions import do_create_memo


class MemoCreateSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=300)
    body = serializers.CharField(required=False, allow_blank=True, default="")
    classification = serializers.IntegerField(min_value=Clearance.NONE, max_value=Clearance.TOP_SECRET, default=Clearance.NONE)
    classification_period = serializers.CharField(required=False, allow_blank=True, default="", max_length=60)
    urgency = serializers.ChoiceField(choices=Urgency.choices, default=Urgency.NORMAL)


@extend_schema(
    tags=["memos"], request=MemoCreateSerializer,
    responses={201: MatterDetailSerializer, **errors(400, 401, 403)},
)
class MemoCreate(APIView):
    """Write a liaison memo (工作联系单) as a draft; send it with the matter action `send`."""

    authentication_classes = AUTHENTICATION

    def post(self, request):
        form = MemoCreateSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        matter = do_create_memo(request.user, **form.validated_data)
        return Response(detail_body(request.user, matter), status=status.HTTP_201_CREATED)


urlpatterns = [path("memos/", MemoCreate.as_view(), name="api-memos")]
