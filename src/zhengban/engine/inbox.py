"""Everyone's lists as queries over tasks: to-do (待办), done (已办), to-read (待阅), watched, overdue.

Each list is one query whatever its length (the actor's roles and delegations are loaded once), and
filters classification inside the query.
"""

from django.db.models import Q
from django.utils import timezone

from .access import acting
from .models import Matter, Task, TaskKind, TaskState

LISTS = ("todo", "done", "toread", "watched", "overdue")
ACTIONABLE = (TaskKind.HANDLE, TaskKind.APPROVE, TaskKind.COUNTERSIGN)


def _base(who):
    return Task.objects.select_related(
        "matter", "matter__lead_unit", "assigned_by", "assignee_unit", "assignee_person"
    ).filter(matter__classification__lte=who.person.clearance)


def inbox(person, which="todo", *, type_=None, urgency=None, unit=None, due_before=None, now=None):
    """Tasks of one list, newest-due first for to-do; apply the inbox filters inside the query."""
    who = acting(person)
    now = now or timezone.now()
    tasks = _base(who)
    if which == "todo":
        tasks = tasks.filter(who.task_filter(), state=TaskState.OPEN, kind__in=ACTIONABLE).order_by(
            "due_at", "-created_at"
        )
    elif which == "toread":
        tasks = tasks.filter(who.task_filter(), state=TaskState.OPEN, kind=TaskKind.READ).order_by("-created_at")
    elif which == "overdue":
        tasks = tasks.filter(who.task_filter(), state=TaskState.OPEN, kind__in=ACTIONABLE, due_at__lt=now).order_by(
            "due_at"
        )
    elif which == "done":
        tasks = tasks.filter(completed_by=who.person, state=TaskState.DONE).order_by("-completed_at")
    elif which == "watched":
        tasks = tasks.filter(state=TaskState.OPEN, matter__watchers=who.person).order_by("due_at")
    else:
        raise ValueError(f"unknown inbox list {which!r}")
    if type_:
        tasks = tasks.filter(matter__type=type_)
    if urgency:
        tasks = tasks.filter(matter__urgency=urgency)
    if unit:
        tasks = tasks.filter(Q(matter__lead_unit__code=unit) | Q(assignee_unit__code=unit))
    if due_before:
        tasks = tasks.filter(due_at__lt=due_before)
    return tasks


def counts(person, now=None):
    """The numbers in the navigation: one aggregate query."""
    from django.db.models import Count

    who = acting(person)
    now = now or timezone.now()
    mine = Q(state=TaskState.OPEN) & who.task_filter()
    result = Task.objects.filter(matter__classification__lte=person.clearance).aggregate(
        todo=Count("pk", filter=mine & Q(kind__in=ACTIONABLE)),
        toread=Count("pk", filter=mine & Q(kind=TaskKind.READ)),
        overdue=Count("pk", filter=mine & Q(kind__in=ACTIONABLE, due_at__lt=now)),
    )
    return result


def matters_of_tasks(tasks):
    return Matter.objects.filter(pk__in=tasks.values("matter_id"))
