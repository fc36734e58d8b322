"""The generic steps every flow has, as the API offers and takes them: what the caller may do now
besides the flow's declared transitions, the payload each needs, and taking it through the
engine's actions (generic.py)."""

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from zhengban.core.errors import ActionError, NotFound

from .access import Context, acting, holds_task, visible_matters
from .actions import check_version, lock_matter
from .fields import Field, Form
from .flow import get_flow
from .generic import (
    _may_steer,
    can_withdraw,
    do_claim,
    do_countersign,
    do_link,
    do_mark_read,
    do_resume,
    do_return,
    do_suspend,
    do_watch,
    do_withdraw,
    return_targets,
)
from .models import LinkKind, Task, TaskKind

REASON = Field("reason", "longtext", "Reason", "理由", max_length=300)
OPTIONAL_REASON = Field("reason", "longtext", "Reason", "理由", required=False, max_length=300)
TASK = Field("task", "int", "Task", "任务")

FORMS = {
    "withdraw": Form((OPTIONAL_REASON,)),
    "suspend": Form((REASON,)),
    "resume": Form((OPTIONAL_REASON,)),
    "claim": Form((TASK,)),
    "countersign": Form((
        TASK,
        Field("agree", "bool", "Agree", "同意", required=False),
        Field("opinion", "longtext", "Opinion", "会签意见"),
    )),
    "read": Form((TASK,)),
    "watch": Form(()),
    "unwatch": Form(()),
    "link": Form((
        Field("target", "int", "Linked matter (id)", "关联事项（编号）"),
        Field("kind", "choice", "Kind of link", "关联类型", choices=tuple(LinkKind.choices)),
    )),
}
GENERIC_NAMES = ("return", *FORMS)


def return_form(states):
    return Form((
        Field("to_state", "choice", "Back to step", "退回至", choices=tuple((s.name, s.label_en) for s in states)),
        REASON,
    ))


def form_for(matter, name):
    if name == "return":
        # Any declared state is accepted here; do_return itself refuses steps the matter never passed.
        return return_form(get_flow(matter.type).states)
    return FORMS[name]


@dataclass(frozen=True)
class Offer:
    name: str
    label: str
    form: Form
    kind: str = "generic"
    style: str = "secondary"
    task: int | None = None

    def as_dict(self):
        return {"name": self.name, "label": str(self.label), "kind": self.kind, "style": self.style,
                "task": self.task, "schema": self.form.json_schema()}


def generic_offers(person, matter, open_tasks):
    """The generic steps `person` may take on `matter` now, in the order a page would show them."""
    who = acting(person)
    ctx = Context(who, matter, open_tasks)
    offers = []
    if not matter.closed_at:
        targets = return_targets(matter)
        if targets and holds_task()(ctx):
            offers.append(Offer("return", _("Return to an earlier step"), return_form(targets)))
        if can_withdraw(person, matter):
            offers.append(Offer("withdraw", _("Withdraw my last step"), FORMS["withdraw"]))
        if _may_steer(ctx):
            if matter.paused_at:
                offers.append(Offer("resume", _("Resume the clock"), FORMS["resume"]))
            else:
                offers.append(Offer("suspend", _("Suspend the clock"), FORMS["suspend"]))
    for task in open_tasks:
        if who.holder_of(task) is None:
            continue
        if task.kind == TaskKind.READ:
            offers.append(Offer("read", _("Mark as read"), FORMS["read"], style="primary", task=task.pk))
            continue
        if task.assignee_person_id is None:
            offers.append(Offer("claim", _("Claim this task for myself"), FORMS["claim"], style="primary", task=task.pk))
        if task.kind == TaskKind.COUNTERSIGN:
            offers.append(Offer("countersign", _("Give the countersign opinion"), FORMS["countersign"],
                                style="primary", task=task.pk))
    if matter.watchers.filter(pk=person.pk).exists():
        offers.append(Offer("unwatch", _("Stop watching"), FORMS["unwatch"]))
    else:
        offers.append(Offer("watch", _("Watch"), FORMS["watch"]))
    offers.append(Offer("link", _("Link to another matter"), FORMS["link"]))
    return offers


def _task_on(matter, task_id):
    task = Task.objects.filter(pk=task_id, matter=matter).first()
    if task is None:
        raise ActionError(_("Please correct the highlighted fields."), fields={"task": _("No such task on this matter.")})
    return task


def _visible_target(person, matter, target_id):
    target = visible_matters(person).filter(pk=target_id).first()
    if target is None or target.pk == matter.pk:
        raise ActionError(_("Please correct the highlighted fields."), fields={"target": _("No such matter to link to.")})
    return target


def take_generic(person, matter, name, payload, expected_version=None):
    """Take the generic step `name` with its payload; raise the engine's errors as they come."""
    cleaned = form_for(matter, name).clean(payload)
    if name == "return":
        return do_return(person, matter, cleaned["to_state"], cleaned["reason"], expected_version=expected_version)
    if name == "withdraw":
        return do_withdraw(person, matter, cleaned.get("reason", ""), expected_version=expected_version)
    if name == "suspend":
        return do_suspend(person, matter, cleaned["reason"], expected_version=expected_version)
    if name == "resume":
        return do_resume(person, matter, cleaned.get("reason", ""), expected_version=expected_version)
    # The remaining steps take no expected version themselves: check it under the same row lock.
    with transaction.atomic():
        check_version(lock_matter(matter.pk), expected_version)
        if name == "claim":
            do_claim(person, _task_on(matter, cleaned["task"]))
        elif name == "countersign":
            task = _task_on(matter, cleaned["task"])
            do_countersign(person, task, agree=cleaned["agree"], opinion=cleaned["opinion"])
        elif name == "read":
            do_mark_read(person, _task_on(matter, cleaned["task"]))
        elif name in ("watch", "unwatch"):
            do_watch(person, matter, watching=name == "watch")
        elif name == "link":
            do_link(person, matter, _visible_target(person, matter, cleaned["target"]), cleaned["kind"])
        else:
            raise NotFound(_("This matter has no action %(name)s.") % {"name": name})
    return matter
