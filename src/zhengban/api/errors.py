"""One error shape for every API failure: {"status": 404, "code": "not_found", "message": "…", "fields"?}."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from zhengban.core.errors import ActionError


class ErrorSerializer(serializers.Serializer):
    """The body of every error response (documented in the schema)."""

    status = serializers.IntegerField()
    code = serializers.CharField()
    message = serializers.CharField()
    fields = serializers.DictField(required=False, help_text=gettext_lazy("Per-field problems, for status 400."))


def error_body(status_code, code, message, fields=None):
    body = {"status": status_code, "code": code, "message": str(message)}
    if fields:
        body["fields"] = fields
    return body


def error_response(status_code, code, message, fields=None, headers=None):
    return Response(error_body(status_code, code, message, fields), status=status_code, headers=headers)


def exception_handler(exc, context):
    if isinstance(exc, ActionError):
        return error_response(exc.status, exc.code, exc.message, exc.fields)
    if isinstance(exc, ValidationError):
        return error_response(400, "invalid", " ".join(exc.messages))
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    # DRF's handler computed the WWW-Authenticate (401) and Allow (405) headers; keep them.
    headers = {name: value for name, value in response.items() if name in ("WWW-Authenticate", "Allow", "Retry-After")}
    if isinstance(exc, exceptions.ValidationError):
        fields = exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail}
        return error_response(
            status.HTTP_400_BAD_REQUEST, "invalid", _("The request is not valid."), fields, headers=headers
        )
    code = exc.get_codes() if isinstance(exc, exceptions.APIException) else "error"
    if isinstance(code, (list, dict)):
        code = "error"
    return error_response(response.status_code, code, getattr(exc, "detail", exc), headers=headers)


def api_not_found(request, unknown_path=""):
    """Unknown addresses under /api/ answer in the API's error format, not with the HTML 404 page."""
    message = _("There is no API endpoint at %(path)s.") % {"path": request.path}
    return JsonResponse(error_body(404, "not_found", message), status=404)
