"""Liaison memo pages: writing a new memo and the list of memos a person may see.

Everything after creation (send, accept, handle, reply, confirm) happens on the shared matter page.
"""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from zhengban.core.errors import ActionError
from zhengban.core.models import Clearance, Unit
from zhengban.engine.access import visible_matters
from zhengban.engine.models import Matter, Urgency
from zhengban.engine.views.common import Lights, state_label

from .actions import do_create_memo
from .flows import FLOW, TYPE

PAGE_SIZE = 50


def _classification_choices(person):
    return [(value, label) for value, label in Clearance.choices if value <= person.clearance]


@login_required
def new_memo(request):
    values, errors, message = {"urgency": Urgency.NORMAL, "classification": "0"}, {}, ""
    if request.method == "POST":
        values = {k: request.POST.get(k, "") for k in ("title", "body", "classification", "classification_period", "urgency")}
        try:
            classification = int(values["classification"] or 0)
        except ValueError:
            classification = -1
        try:
            matter = do_create_memo(
                request.user, title=values["title"], body=values["body"], classification=classification,
                classification_period=values["classification_period"], urgency=values["urgency"],
            )
        except ActionError as error:
            message = str(error.message)
            errors = {name: message for name in (error.fields or {})}
        else:
            return redirect("matter", pk=matter.pk)
    context = {
        "values": values,
        "errors": errors,
        "message": message,
        "classifications": _classification_choices(request.user),
        "urgencies": Urgency.choices,
    }
    return render(request, "memos/new.html", context, status=400 if message else 200)


@login_required
def memo_list(request):
    state = request.GET.get("state", "")
    unit = request.GET.get("unit", "")
    query = request.GET.get("q", "").strip()
    memos = visible_matters(
        request.user, Matter.objects.filter(type=TYPE).select_related("lead_unit", "creator_unit", "memo")
    ).order_by("-opened_at", "-id")
    if state:
        memos = memos.filter(state=state)
    if unit:
        memos = memos.filter(Q(lead_unit__code=unit) | Q(creator_unit__code=unit))
    if query:
        memos = memos.filter(Q(number__icontains=query) | Q(title__icontains=query))
    page = Paginator(memos, PAGE_SIZE).get_page(request.GET.get("page"))
    lights = Lights(timezone.now())
    for matter in page.object_list:
        matter.state_label = state_label(TYPE, matter.state)
        matter.due = None if matter.closed_at else lights.due(matter.due_at, matter.due_provisional)
    context = {
        "page": page,
        "states": [(s.name, s.label) for s in FLOW.states],
        "units": list(Unit.objects.all()),
        "filters": {"state": state, "unit": unit, "q": query},
        "title": _("Liaison memos"),
    }
    if request.headers.get("HX-Request") and request.headers.get("HX-Target") == "memo-table":
        return render(request, "memos/_memo_table.html", context)
    return render(request, "memos/list.html", context)
