"""Listening to the engine: a task just opened is announced to whoever may act on it."""

from django.utils import timezone

from zhengban.engine.models import Task
from zhengban.engine.signals import tasks_opened

from .actions import send_messages
from .recipients import active_delegations, task_holders, with_delegates
from .texts import OPENED, task_message


def announce_tasks(task_ids, *, at=None):
    """Notify the holders of these tasks (and their delegates, "for" them). The person whose own
    action opened a task is not told about it: they are looking at it."""
    at = at or timezone.now()
    tasks = list(
        Task.objects.filter(pk__in=task_ids, state="open")
        .select_related("matter", "assignee_person", "assignee_unit")
        .order_by("pk")
    )
    holders = task_holders(tasks)
    delegations = active_delegations([p for people in holders.values() for p in people], at)
    messages = [
        task_message(OPENED, task, recipient, on_behalf_of)
        for task in tasks
        for recipient, on_behalf_of in with_delegates(holders[task.pk], delegations)
        if task.assigned_by_id not in (recipient.pk, getattr(on_behalf_of, "pk", None))
    ]
    return send_messages(messages, at=at) if messages else []


def on_tasks_opened(sender, matter_id, task_ids, **kwargs):
    # A failure propagates: the worker keeps the change and retries it (engine.changes); delivered
    # inline, it is logged and the action's success stands.
    announce_tasks(task_ids)


def connect():
    tasks_opened.connect(on_tasks_opened, dispatch_uid="notifications.on_tasks_opened")
