"""Staff pages: the register of petitions with filters, registering one, statistics, the XLSX
export and the written notices as letters. Every later step happens on the shared matter page."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from zhengban.core.errors import ActionError
from zhengban.core.models import Person, Unit
from zhengban.engine.views.common import Lights, state_label

from .actions import do_register_petition, may_register
from .export import petitions_xlsx
from .flows import FLOW, TYPE
from .identity import handled_by, identity_visible, names
from .letters import KINDS, render_letter
from .models import Category, Channel, Petitioner, Place
from .queries import FILTERS, filtered, repeat_petitioners, statistics, visible_petitions
from .repeats import earlier_petitions

PAGE_SIZE = 50
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _choices():
    return {
        "channels": Channel.choices, "categories": Category.choices, "places": Place.choices,
        "states": [(s.name, s.label) for s in FLOW.states], "units": list(Unit.objects.all()),
    }


@login_required
def petition_list(request):
    given = {name: request.GET.get(name, "") for name in FILTERS}
    petitions = filtered(request.user, given).prefetch_related("petitioners")
    page = Paginator(petitions, PAGE_SIZE).get_page(request.GET.get("page"))
    handled = handled_by(request.user, [p.pk for p in page.object_list if p.protected])
    lights = Lights(timezone.now())
    for petition in page.object_list:
        matter = petition.matter
        petition.state_label = state_label(TYPE, matter.state)
        petition.names = names(petition, identity_visible(request.user, petition, handled))
        petition.due = None if matter.closed_at else lights.due(matter.due_at, matter.due_provisional)
    context = {"page": page, "filters": given, "may_register": may_register(request.user), **_choices()}
    if request.headers.get("HX-Request") and request.headers.get("HX-Target") == "petition-table":
        return render(request, "petitions/_table.html", context)
    return render(request, "petitions/list.html", context)


def _posted_registration(post, user):
    values = {k: post.get(k, "").strip() for k in (
        "channel", "category", "place", "title", "text", "name", "id_number", "phone", "address",
        "arrived_at", "visitors", "reception_officer")}
    values["against_officials"] = post.get("against_officials") == "on"
    return values


@login_required
def new_petition(request):
    if not may_register(request.user):
        raise Http404
    values = {"channel": Channel.LETTER, "reception_officer": request.user.username}
    errors, message, status = {}, "", 200
    if request.method == "POST":
        values = _posted_registration(request.POST, request.user)
        try:
            petition = do_register_petition(
                request.user, channel=values["channel"], category=values["category"], place=values["place"],
                title=values["title"], text=values["text"], against_officials=values["against_officials"],
                petitioners=[{k: values[k] for k in ("name", "id_number", "phone", "address")}],
                visit={"arrived_at": values["arrived_at"], "visitors": values["visitors"],
                       "reception_officer": values["reception_officer"]},
                files=request.FILES.getlist("files"),
            )
        except ActionError as error:
            message, errors, status = str(error.message), error.fields, 400
        else:
            return redirect("matter", pk=petition.pk)
    officers = Person.objects.filter(is_active=True, unit=request.user.unit_id) if request.user.unit_id else []
    context = {"values": values, "errors": errors, "message": message, "officers": officers, **_choices()}
    return render(request, "petitions/new.html", context, status=status)


@login_required
def repeat_check(request):
    """The htmx hint under the registration form: earlier petitions of the same person on a similar matter."""
    person = {k: request.GET.get(k, "") for k in ("phone", "id_number")}
    earlier = earlier_petitions([person], request.GET.get("text", ""), FLOW)
    visible = set(visible_petitions(request.user).filter(pk__in=[p.pk for p in earlier]).values_list("pk", flat=True))
    found = [p for p in earlier if p.pk in visible]
    for petition in found:
        petition.state_label = state_label(TYPE, petition.matter.state)
    return render(request, "petitions/_repeat_hint.html", {"earlier": found})


@login_required
def petition_stats(request):
    given = {name: request.GET.get(name, "") for name in FILTERS}
    stats = statistics(request.user, given)
    labels = {
        "channel": dict(Channel.choices), "category": dict(Category.choices), "place": dict(Place.choices),
        "matter__state": {s.name: s.label for s in FLOW.states},
        "matter__lead_unit__code": {u.code: u.name for u in Unit.objects.all()},
    }
    tables = []
    for key, field, title in (("by_channel", "channel", "channel"), ("by_category", "category", "category"),
                              ("by_unit", "matter__lead_unit__code", "unit"), ("by_place", "place", "place"),
                              ("by_state", "matter__state", "state")):
        tables.append((title, [(labels[field].get(row[field], row[field] or "—"), row["n"]) for row in stats[key]]))
    repeaters = repeat_petitioners(request.user)
    first_names = dict(Petitioner.objects.filter(phone__in=[r["phone"] for r in repeaters]).values_list("phone", "name"))
    for row in repeaters:
        row["name"] = first_names.get(row["phone"], "")
    context = {"stats": stats, "tables": tables, "repeaters": repeaters, "filters": given, **_choices()}
    return render(request, "petitions/stats.html", context)


@login_required
def petition_export(request):
    given = {name: request.GET.get(name, "") for name in FILTERS}
    body = petitions_xlsx(request.user, filtered(request.user, given))
    response = HttpResponse(body, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="petitions-{timezone.localdate().isoformat()}.xlsx"'
    return response


@login_required
def petition_letter(request, pk, kind, fmt):
    petition = visible_petitions(request.user).filter(pk=pk).first()
    if petition is None or fmt not in ("pdf", "docx") or kind not in KINDS or not getattr(petition, KINDS[kind][1]):
        raise Http404
    if not identity_visible(request.user, petition):
        raise Http404
    as_docx = fmt == "docx"
    response = HttpResponse(render_letter(petition, kind, as_docx), content_type=DOCX if as_docx else "application/pdf")
    response["Content-Disposition"] = f'inline; filename="{petition.pk}-{kind}.{fmt}"'
    return response
