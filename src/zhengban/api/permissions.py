"""Who may call what: reading is for every signed-in person, changing people is for administrators."""

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import SAFE_METHODS, BasePermission


def is_administrator(person):
    return bool(person and person.is_authenticated and person.is_active and person.is_system_administrator)


class AdministratorsChange(BasePermission):
    """Safe methods for everyone signed in; anything else only for system administrators.

    The actions check again; refusing here first means an outsider's bad input is answered with
    403, not with a 400 that would reveal which fields exist.
    """

    message = _("Only a system administrator may do this.")

    def has_permission(self, request, view):
        return request.method in SAFE_METHODS or is_administrator(request.user)
