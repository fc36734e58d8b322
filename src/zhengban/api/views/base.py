"""What every API view shares: authentication and the documented error responses."""

from drf_spectacular.utils import OpenApiResponse
from rest_framework.authentication import SessionAuthentication, TokenAuthentication

from ..errors import ErrorSerializer

# Token first: DRF answers a request without credentials with the first authenticator's challenge,
# and only TokenAuthentication has one ("WWW-Authenticate: Token"), which makes it a 401, not a 403.
AUTHENTICATION = [TokenAuthentication, SessionAuthentication]


def errors(*statuses):
    """Schema entries for the error responses an endpoint can give."""
    return {status: OpenApiResponse(ErrorSerializer) for status in statuses}
