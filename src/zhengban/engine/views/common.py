"""What the inbox and matter pages share: due dates with their light, step labels, who holds a task."""

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from zhengban.deadlines.compute import GREEN, RED, YELLOW, light
from zhengban.deadlines.workcalendar import work_calendar

from ..flow import get_flow

WARN_WORKING_DAYS = 3


@dataclass
class Due:
    at: object
    provisional: bool
    light: str
    label: str
    icon: str


def light_label(colour):
    return {
        GREEN: (pgettext("deadline light", "On track"), "●"),
        YELLOW: (pgettext("deadline light", "Due soon"), "▲"),
        RED: (pgettext("deadline light", "Overdue"), "■"),
    }[colour]


class Lights:
    """Lights for many due dates against one calendar snapshot (one lookup per page, not per row)."""

    def __init__(self, now):
        self.now = now
        self._calendar = None

    def due(self, due_at, provisional=False):
        if due_at is None:
            return None
        if self._calendar is None:
            self._calendar = work_calendar()
        colour = light(due_at, self.now, WARN_WORKING_DAYS, calendar=self._calendar)
        label, icon = light_label(colour)
        return Due(due_at, provisional, colour, label, icon)


def state_label(matter_type, state):
    flow = get_flow(matter_type)
    return flow.state_map[state].label if state in flow.state_map else state


def holder_label(task):
    """Who holds a task now: a person, or a unit (with the role when only that role may take it)."""
    if task.assignee_person_id:
        return task.assignee_person.display_name
    if task.assignee_unit_id:
        name = task.assignee_unit.name
        if task.assignee_role:
            from zhengban.core.models import RoleCode

            role = dict(RoleCode.choices).get(task.assignee_role, task.assignee_role)
            return _("%(unit)s (%(role)s)") % {"unit": name, "role": role}
        return name
    return ""
