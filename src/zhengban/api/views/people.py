"""People: the directory for everyone signed in; creation, changes and password resets by administrators."""

from django.contrib.auth import update_session_auth_hash
from django.db.models import Q
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import generics, status
from rest_framework.authentication import SessionAuthentication
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from zhengban.core.actions import do_create_person, do_set_password, do_update_person
from zhengban.core.models import Delegation, Person, RoleCode

from ..permissions import AdministratorsChange
from ..serializers import (
    MeSerializer,
    PasswordSerializer,
    PersonCreateSerializer,
    PersonSerializer,
    PersonWriteSerializer,
)
from .base import AUTHENTICATION, errors

PEOPLE = Person.objects.select_related("unit").prefetch_related("roles")


def person_or_404(username):
    person = PEOPLE.filter(username=username).first()
    if person is None:
        raise NotFound(_("There is no person with the username %(username)s.") % {"username": username})
    return person


@extend_schema_view(
    get=extend_schema(
        parameters=[
            OpenApiParameter("unit", OpenApiTypes.STR, description="Only members of the unit with this code."),
            OpenApiParameter("role", OpenApiTypes.STR, enum=RoleCode.values, description="Only people with this role."),
            OpenApiParameter("q", OpenApiTypes.STR, description="Part of the name, English name or username."),
        ],
        responses={200: PersonSerializer(many=True), **errors(400, 401)},
    ),
    post=extend_schema(
        request=PersonCreateSerializer,
        responses={201: PersonSerializer, **errors(400, 401, 403)},
    ),
)
@extend_schema(tags=["people"])
class PeopleList(generics.ListCreateAPIView):
    """The people of the office. Administrators create people here."""

    authentication_classes = AUTHENTICATION
    permission_classes = [IsAuthenticated, AdministratorsChange]
    serializer_class = PersonSerializer

    def get_queryset(self):
        people = PEOPLE
        params = self.request.query_params
        if params.get("unit"):
            people = people.filter(unit__code=params["unit"])
        if params.get("role"):
            if params["role"] not in RoleCode.values:
                raise ValidationError({"role": [_("Unknown role: %(role)s.") % {"role": params["role"]}]})
            people = people.filter(roles__role=params["role"])
        if params.get("q", "").strip():
            words = params["q"].strip()
            people = people.filter(
                Q(full_name__icontains=words) | Q(full_name_en__icontains=words) | Q(username__icontains=words)
            )
        return people

    def create(self, request, *args, **kwargs):
        form = PersonCreateSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        fields = dict(form.validated_data)
        person = do_create_person(
            request.user,
            username=fields.pop("username"),
            full_name=fields.pop("full_name"),
            unit=fields.pop("unit", None),
            roles=fields.pop("roles", []),
            password=fields.pop("password", None),
            **fields,
        )
        body = PersonSerializer(person_or_404(person.username), context=self.get_serializer_context()).data
        return Response(body, status=status.HTTP_201_CREATED)


@extend_schema_view(
    get=extend_schema(responses={200: PersonSerializer, **errors(401, 404)}),
    patch=extend_schema(
        request=PersonWriteSerializer(partial=True),
        responses={200: PersonSerializer, **errors(400, 401, 403, 404)},
    ),
)
@extend_schema(tags=["people"])
class PersonDetail(generics.RetrieveUpdateAPIView):
    """One person. Administrators change a person with PATCH (unit by code, roles as a list of codes)."""

    authentication_classes = AUTHENTICATION
    permission_classes = [IsAuthenticated, AdministratorsChange]
    serializer_class = PersonSerializer
    http_method_names = ["get", "patch", "head", "options"]
    lookup_field = "username"

    def get_object(self):
        return person_or_404(self.kwargs["username"])

    def partial_update(self, request, *args, **kwargs):
        person = self.get_object()
        form = PersonWriteSerializer(data=request.data, partial=True)
        form.is_valid(raise_exception=True)
        fields = dict(form.validated_data)
        unit_given = "unit" in fields
        do_update_person(
            request.user,
            person,
            roles=fields.pop("roles", None),
            unit=fields.pop("unit", None),
            unit_given=unit_given,
            **fields,
        )
        return Response(PersonSerializer(person_or_404(person.username), context=self.get_serializer_context()).data)


@extend_schema(
    tags=["people"],
    request=PasswordSerializer,
    responses={204: OpenApiResponse(description="Password changed."), **errors(400, 401, 403, 404)},
)
class PersonPassword(generics.GenericAPIView):
    """An administrator resets a person's password; a person changes their own with old_password."""

    authentication_classes = AUTHENTICATION
    serializer_class = PasswordSerializer

    def post(self, request, username):
        person = person_or_404(username)
        form = PasswordSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        do_set_password(
            request.user, person, form.validated_data["password"], old_password=form.validated_data.get("old_password")
        )
        if person.pk == request.user.pk and isinstance(request.successful_authenticator, SessionAuthentication):
            # Keep the caller signed in: a new password otherwise ends every session of the person.
            person.refresh_from_db(fields=["password"])
            update_session_auth_hash(request._request, person)
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema(tags=["people"], responses={200: MeSerializer, **errors(401)})
class Me(generics.RetrieveAPIView):
    """The caller: roles, unit, clearance and the delegations in force now, received and given."""

    authentication_classes = AUTHENTICATION
    serializer_class = MeSerializer

    def get_object(self):
        person = person_or_404(self.request.user.username)
        active = Delegation.objects.active().select_related("principal", "delegate")
        person.active_delegations_received = list(active.filter(delegate=person))
        person.active_delegations_given = list(active.filter(principal=person))
        return person
