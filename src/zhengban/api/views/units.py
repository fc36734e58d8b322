"""GET /api/units/ and /api/units/{code}/: the organization with its quota and members."""

from django.db.models import Count, Prefetch
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics
from rest_framework.exceptions import NotFound

from zhengban.core.models import Appointment, Person, Unit

from ..serializers import UnitDetailSerializer, UnitSerializer
from .base import AUTHENTICATION, errors


def filled_places(units=None):
    """Current appointments per (unit id, quota category), in one query however many units."""
    appointments = Appointment.objects.current()
    if units is not None:
        appointments = appointments.filter(post__unit__in=units)
    # order_by() drops the model's ordering, which would otherwise split the groups.
    rows = appointments.order_by().values("post__unit_id", "post__quota_category").annotate(n=Count("id"))
    return {(row["post__unit_id"], row["post__quota_category"]): row["n"] for row in rows}


@extend_schema(tags=["organization"], responses={200: UnitSerializer(many=True), **errors(401)})
class UnitList(generics.ListAPIView):
    """Every unit of the office with its parent, subject areas and establishment quota."""

    authentication_classes = AUTHENTICATION
    serializer_class = UnitSerializer
    queryset = Unit.objects.select_related("parent").prefetch_related("quotas")

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "filled": filled_places()}


@extend_schema(tags=["organization"], responses={200: UnitDetailSerializer, **errors(401, 404)})
class UnitDetail(generics.RetrieveAPIView):
    """One unit, as in the list, with its active members and their roles."""

    authentication_classes = AUTHENTICATION
    serializer_class = UnitDetailSerializer
    lookup_field = "code"
    queryset = Unit.objects.select_related("parent").prefetch_related(
        "quotas",
        Prefetch(
            "members",
            queryset=Person.objects.filter(is_active=True).prefetch_related("roles"),
            to_attr="active_members",
        ),
    )

    def get_object(self):
        unit = self.get_queryset().filter(code=self.kwargs["code"]).first()
        if unit is None:
            raise NotFound(_("There is no unit with the code %(code)s.") % {"code": self.kwargs["code"]})
        self.check_object_permissions(self.request, unit)
        return unit

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if "code" in self.kwargs:
            context["filled"] = filled_places(Unit.objects.filter(code=self.kwargs["code"]))
        return context
