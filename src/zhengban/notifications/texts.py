"""The words of task notifications, written in each recipient's own language."""

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from zhengban.core.models import RoleCode
from zhengban.engine.flow import get_flow

from .actions import Message, language_of

OPENED, REMINDER, DUE, OVERDUE = "task.opened", "task.reminder", "task.due", "task.overdue"


def matter_url(matter):
    return f"/matters/{matter.pk}/"


def _step_label(task):
    state = get_flow(task.matter.type).state_map.get(task.step)
    return state.label if state else task.step


def _due(task):
    return timezone.localtime(task.due_at).strftime("%Y-%m-%d %H:%M") if task.due_at else _("no due date")


def _holder(task):
    if task.assignee_person_id:
        return task.assignee_person.display_name
    if task.assignee_role:
        return f"{task.assignee_unit.name} · {RoleCode(task.assignee_role).label}"
    return task.assignee_unit.name


def _texts(verb, task):
    matter = task.matter
    names = {"matter": f"{matter.number} {matter.title}".strip(), "step": _step_label(task), "due": _due(task)}
    if verb == OPENED:
        title = _("New task: %(matter)s") % names
        lines = [_("Step: %(step)s") % names, _("Due: %(due)s") % names]
        if task.assignee_person_id is None:
            lines.append(_("Assigned to %(holder)s: any of you may claim it.") % {"holder": _holder(task)})
    elif verb == REMINDER:
        title = _("Reminder: %(matter)s is due %(due)s") % names
        lines = [_("Step: %(step)s") % names]
    elif verb == DUE:
        title = _("Due now: %(matter)s") % names
        lines = [_("Step: %(step)s") % names, _("Due: %(due)s") % names]
    else:
        title = _("Overdue: %(matter)s") % names
        lines = [_("%(holder)s has not finished the step “%(step)s”, due %(due)s.") % {**names, "holder": _holder(task)}]
    return title, "\n".join(lines)


def task_message(verb, task, recipient, on_behalf_of=None):
    with translation.override(language_of(recipient)):
        title, body = _texts(verb, task)
        if on_behalf_of is not None:
            title = _("For %(name)s: %(title)s") % {"name": on_behalf_of.display_name, "title": title}
    return Message(
        recipient=recipient, verb=verb, title=title, body=body, url=matter_url(task.matter),
        matter=task.matter, task=task, on_behalf_of=on_behalf_of,
    )
