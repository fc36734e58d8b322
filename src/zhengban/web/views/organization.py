"""The home page, the organization, a unit and a person."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render

from zhengban.core.models import Appointment, Delegation, Person, Unit

from ..organization import organization as load_organization
from ..organization import unit_summary


@login_required
def home(request):
    person = request.user
    roles = list(person.roles.all())
    context = {
        "person": person,
        "roles": roles,
        "acting_for": Delegation.objects.active().filter(delegate=person).select_related("principal"),
        "acted_for_by": Delegation.objects.active().filter(principal=person).select_related("delegate"),
        "unit_summary": unit_summary(person.unit) if person.unit_id else None,
    }
    return render(request, "web/home.html", context)


@login_required
def organization(request):
    return render(request, "web/organization.html", {"organization": load_organization()})


@login_required
def unit(request, code):
    unit = get_object_or_404(Unit.objects.select_related("parent"), code=code)
    return render(request, "web/unit.html", {"summary": unit_summary(unit)})


@login_required
def person(request, username):
    shown = get_object_or_404(Person.objects.select_related("unit"), username=username)
    viewer = request.user
    context = {
        "shown": shown,
        "roles": list(shown.roles.all()),
        "appointments": Appointment.objects.current().filter(person=shown).select_related("post__unit", "post__kind"),
        "show_contact": viewer.pk == shown.pk or viewer.is_system_administrator,
        "is_self": viewer.pk == shown.pk,
    }
    return render(request, "web/person.html", context)
