"""POST /api/auth/token/ exchanges a username and password for a token; DELETE revokes it."""

from django.conf import settings
from django.contrib.auth import authenticate
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response

from zhengban.core.errors import ActionError

from ..actions import do_issue_token, do_revoke_token
from ..errors import error_response
from ..serializers import TokenRequestSerializer, TokenSerializer
from .base import AUTHENTICATION, errors


@extend_schema(tags=["authentication"])
class AuthToken(generics.GenericAPIView):
    """Send the token as `Authorization: Token <token>` on every request."""

    authentication_classes = AUTHENTICATION
    serializer_class = TokenRequestSerializer

    def get_permissions(self):
        return [AllowAny()] if self.request.method == "POST" else [IsAuthenticated()]

    @extend_schema(request=TokenRequestSerializer, responses={200: TokenSerializer, **errors(400, 429)})
    def post(self, request):
        form = TokenRequestSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        # The request goes along so that django-axes (the first backend) counts failures and refuses
        # locked usernames here exactly as on the login page.
        person = authenticate(request=request, **form.validated_data)
        if getattr(request, "axes_locked_out", False):
            return error_response(
                settings.AXES_HTTP_RESPONSE_CODE,
                "locked_out",
                _("Too many failed sign-ins: this account is locked for a while. Try again later."),
            )
        if person is None:
            raise ActionError(_("The username or password is not correct."), code="invalid_credentials")
        return Response({"token": do_issue_token(person).key})

    @extend_schema(responses={204: OpenApiResponse(description="Token revoked."), **errors(401)})
    def delete(self, request):
        do_revoke_token(request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
