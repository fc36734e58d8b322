"""One error shape for every API failure: {"status": 404, "code": "not_found", "message": "…"}."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from zhengban.core.errors import ActionError


def error_response(status_code, code, message, fields=None):
    body = {"status": status_code, "code": code, "message": str(message)}
    if fields:
        body["fields"] = fields
    return Response(body, status=status_code)


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
    if isinstance(exc, exceptions.ValidationError):
        fields = exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail}
        return error_response(status.HTTP_400_BAD_REQUEST, "invalid", "The request is not valid.", fields)
    code = exc.get_codes() if isinstance(exc, exceptions.APIException) else "error"
    if isinstance(code, (list, dict)):
        code = "error"
    return error_response(response.status_code, code, exc.detail if hasattr(exc, "detail") else exc)
