"""GET /api/notifications/ — the caller's own notifications; POST marks some or all of them read."""

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from zhengban.api.views.base import AUTHENTICATION, errors

from .actions import do_mark_all_notifications_read, do_mark_notifications_read, unread_count
from .models import Notification


class NotificationSerializer(serializers.ModelSerializer):
    matter = serializers.IntegerField(source="matter_id", allow_null=True)
    task = serializers.IntegerField(source="task_id", allow_null=True)
    on_behalf_of = serializers.CharField(source="on_behalf_of.username", allow_null=True, default=None)
    read = serializers.BooleanField(source="is_read")

    class Meta:
        model = Notification
        fields = ["id", "verb", "title", "body", "url", "matter", "task", "on_behalf_of", "created_at", "read", "read_at"]


class NotificationPageSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    unread = serializers.IntegerField(help_text="The caller's unread notifications, whatever the filter.")
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = NotificationSerializer(many=True)


class MarkReadSerializer(serializers.Serializer):
    read = serializers.ListField(child=serializers.IntegerField(), required=False, help_text="Ids to mark read.")
    all_read = serializers.BooleanField(required=False, help_text="true marks every notification read.")

    def validate(self, data):
        if ("read" in data) == ("all_read" in data):
            raise ValidationError(_('Give either "read" (a list of ids) or "all_read": true.'))
        if "all_read" in data and not data["all_read"]:
            raise ValidationError({"all_read": [_("Only true is meaningful here.")]})
        return data


class MarkedSerializer(serializers.Serializer):
    marked = serializers.IntegerField()
    unread = serializers.IntegerField()


@extend_schema(tags=["notifications"])
class NotificationList(APIView):
    """The caller's notifications, newest first. Nobody sees or marks anyone else's."""

    authentication_classes = AUTHENTICATION
    permission_classes = [IsAuthenticated]

    @extend_schema(
        parameters=[OpenApiParameter("unread", OpenApiTypes.BOOL, description="true: only unread ones.")],
        responses={200: NotificationPageSerializer, **errors(400, 401)},
    )
    def get(self, request):
        notifications = Notification.objects.filter(recipient=request.user).select_related("on_behalf_of")
        unread = request.query_params.get("unread", "").lower()
        if unread not in ("", "true", "false"):
            raise ValidationError({"unread": [_("Use true or false.")]})
        if unread == "true":
            notifications = notifications.filter(read_at__isnull=True)
        paginator = LimitOffsetPagination()
        page = paginator.paginate_queryset(notifications, request, view=self)
        return Response(
            {
                "count": paginator.count,
                "unread": unread_count(request.user),
                "next": paginator.get_next_link(),
                "previous": paginator.get_previous_link(),
                "results": NotificationSerializer(page, many=True).data,
            }
        )

    @extend_schema(request=MarkReadSerializer, responses={200: MarkedSerializer, **errors(400, 401)})
    def post(self, request):
        form = MarkReadSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        if form.validated_data.get("all_read"):
            marked = do_mark_all_notifications_read(request.user)
        else:
            marked = do_mark_notifications_read(request.user, form.validated_data["read"])
        return Response({"marked": marked, "unread": unread_count(request.user)})
