"""Everyone's one inbox: to-do (with unit tasks to claim), done, to-read, watched and overdue."""

import datetime

from django.contrib import messages
from django.db.models import Q
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from zhengban.core.errors import ActionError
from zhengban.core.models import UNIT_HEAD_ROLES, Person, Unit

from ..flow import all_flows
from ..generic import do_claim, do_mark_read, do_reassign
from ..inbox import counts, inbox
from ..models import Task, TaskState, Urgency
from .common import Lights, holder_label, state_label

PAGE_SIZE = 100


def tabs():
    return [
        ("todo", pgettext("inbox tab", "To do")),
        ("done", pgettext("inbox tab", "Done")),
        ("toread", pgettext("inbox tab", "To read")),
        ("watched", pgettext("inbox tab", "Watched")),
        ("overdue", pgettext("inbox tab", "Overdue")),
    ]


def _filters(get):
    due_before = parse_date(get.get("due_before", "") or "")
    return {
        "type": get.get("type", ""),
        "urgency": get.get("urgency", ""),
        "unit": get.get("unit", ""),
        "due_before": due_before,
    }


def _rows(tasks, now):
    lights = Lights(now)
    rows = []
    for task in tasks:
        matter = task.matter
        task.step_label = state_label(matter.type, task.step)
        task.holder = holder_label(task)
        task.due = lights.due(task.due_at, task.due_provisional)
        task.claimable = task.state == TaskState.OPEN and task.assignee_person_id is None and task.kind != "read"
        rows.append(task)
    return rows


def _chief_unit(user):
    if user.unit_id and user.role_codes() & UNIT_HEAD_ROLES:
        return user.unit
    return None


@login_required
def inbox_page(request):
    user = request.user
    which = request.GET.get("tab", "todo")
    if which not in dict(tabs()):
        which = "todo"
    filters = _filters(request.GET)
    now = timezone.now()
    due_before = None
    if filters["due_before"]:
        due_before = timezone.make_aware(datetime.datetime.combine(filters["due_before"], datetime.time.min))
    tasks = inbox(
        user, which, type_=filters["type"] or None, urgency=filters["urgency"] or None,
        unit=filters["unit"] or None, due_before=due_before, now=now,
    )[:PAGE_SIZE]
    context = {
        "tab": which,
        "tabs": tabs(),
        "counts": counts(user, now=now),
        "rows": _rows(tasks, now),
        "filters": filters,
        "flows": [(name, flow.label) for name, flow in all_flows().items()],
        "urgencies": Urgency.choices,
        "page_size": PAGE_SIZE,
    }
    if request.headers.get("HX-Request") and request.headers.get("HX-Target") == "inbox-table":
        return render(request, "engine/_inbox_table.html", context)
    context["units"] = list(Unit.objects.all())
    chief_unit = _chief_unit(user)
    if chief_unit is not None:
        context["reassign"] = {
            "unit": chief_unit,
            "tasks": _unit_tasks(chief_unit, user, now),
            "people": list(Person.objects.filter(unit=chief_unit, is_active=True)),
        }
    return render(request, "engine/inbox.html", context)


def _unit_tasks(unit, user, now):
    tasks = (
        Task.objects.filter(state=TaskState.OPEN, matter__classification__lte=user.clearance)
        .filter(Q(assignee_unit=unit) | Q(assignee_person__unit=unit))
        .select_related("matter", "assignee_person", "assignee_unit", "assigned_by")
        .order_by("due_at", "id")[:PAGE_SIZE]
    )
    return _rows(tasks, now)


def _back(request):
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("inbox")


def _task_for(request, pk):
    task = Task.objects.filter(pk=pk).first()
    if task is None:
        messages.error(request, _("No such task."))
    return task


@login_required
@require_POST
def claim_task(request, pk):
    task = _task_for(request, pk)
    if task is not None:
        try:
            do_claim(request.user, task)
        except ActionError as error:
            messages.error(request, str(error.message))
        else:
            messages.success(request, _("The task is yours now."))
    return _back(request)


@login_required
@require_POST
def mark_read(request, pk):
    task = _task_for(request, pk)
    if task is not None:
        try:
            do_mark_read(request.user, task)
        except ActionError as error:
            messages.error(request, str(error.message))
        else:
            messages.success(request, _("Marked as read."))
    return _back(request)


@login_required
@require_POST
def reassign(request):
    ids = [int(v) for v in request.POST.getlist("task") if v.isdigit()]
    person = Person.objects.filter(username=request.POST.get("person", ""), is_active=True).first()
    try:
        if person is None:
            raise ActionError(_("Choose the person who takes the tasks over."))
        done = do_reassign(request.user, list(Task.objects.filter(pk__in=ids)), person=person,
                           reason=request.POST.get("reason", ""))
    except ActionError as error:
        messages.error(request, str(error.message))
        return redirect("inbox")
    messages.success(request, _("%(n)d task(s) given to %(person)s.") % {"n": len(done), "person": person.display_name})
    return redirect("inbox")
