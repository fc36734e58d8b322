"""The matter page every type shares: header, the module's own fields, actions, timeline,
attachments, links and open tasks."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.template import TemplateDoesNotExist
from django.template.loader import select_template
from django.utils import timezone
from django.utils.translation import gettext as _

from zhengban.attachments.models import Attachment
from zhengban.audit.models import Event

from ..access import Context, acting, can_see, holds_task, is_creator, is_unit_head, visible_matters
from ..actions import available_transitions
from ..flow import get_flow
from ..generic import can_withdraw, return_targets
from ..models import Matter, MatterLink, Task, TaskKind, TaskState
from ..reading import do_record_classified_read
from .common import Lights, holder_label, state_label
from .timeline import describe_events


def load_matter(user, pk):
    """The matter if `user` may see it; a 404 otherwise, so its existence is not revealed."""
    matters = visible_matters(user, Matter.objects.select_related("lead_unit", "creator", "creator_unit"))
    return get_object_or_404(matters, pk=pk)


def open_tasks(matter):
    return list(
        Task.objects.filter(matter=matter, state=TaskState.OPEN).select_related("assignee_person", "assignee_unit")
    )


class Offered:
    """One action button: a declared transition or a generic step, possibly about one task."""

    def __init__(self, name, label, style="secondary", task=None, direct=False):
        self.name, self.label, self.style, self.task, self.direct = name, label, style, task, direct


def may_steer(who, ctx):
    return holds_task()(ctx) or is_creator(ctx) or any(
        is_unit_head(identity, ctx.matter.lead_unit_id) for identity in who.identities
    )


def offered_actions(user, matter, tasks, watching):
    who = acting(user)
    ctx = Context(who, matter, tasks)
    offered = [Offered(t.name, t.label, t.style) for t in available_transitions(who, matter, tasks)]
    if not matter.closed_at:
        if not matter.paused_at and holds_task()(ctx) and return_targets(matter):
            offered.append(Offered("return", _("Return to an earlier step")))
        if can_withdraw(user, matter):
            offered.append(Offered("withdraw", _("Withdraw my last step")))
        if may_steer(who, ctx):
            offered.append(Offered("resume", _("Resume")) if matter.paused_at else Offered("suspend", _("Suspend")))
    for task in tasks:
        if who.holder_of(task) is None:
            continue
        if task.kind == TaskKind.COUNTERSIGN:
            offered.append(Offered("countersign", _("Give the countersignature"), "primary", task))
        elif task.kind == TaskKind.READ:
            offered.append(Offered("mark-read", _("Mark as read"), "secondary", task, direct=True))
        elif task.assignee_person_id is None:
            offered.append(Offered("claim", _("Claim (抢办)"), "secondary", task, direct=True))
    if watching:
        offered.append(Offered("unwatch", _("Stop watching"), "secondary", direct=True))
    else:
        offered.append(Offered("watch", _("Watch"), "secondary", direct=True))
    return offered


def detail_template(matter_type):
    """The module's own fields: `<type>/_matter_detail.html`, or under the app named for the type's
    plural (memo → memos/), which is how modules name their apps."""
    try:
        return select_template([f"{matter_type}/_matter_detail.html", f"{matter_type}s/_matter_detail.html"])
    except TemplateDoesNotExist:
        return None


def may_attach(user, matter, tasks):
    """Those who work on the matter may add files: the sender's, lead and co-units, and task holders."""
    if matter.closed_at:
        return False
    who = acting(user)
    if who.in_unit(matter.creator_unit_id) or who.in_unit(matter.lead_unit_id) or matter.creator_id == user.pk:
        return True
    if any(who.holder_of(t) is not None for t in tasks):
        return True
    return matter.co_units.filter(pk=user.unit_id).exists()


def matter_context(request, matter):
    user = request.user
    tasks = open_tasks(matter)
    lights = Lights(timezone.now())
    watching = matter.watchers.filter(pk=user.pk).exists()
    visible = visible_matters(user)
    links = [
        (link.get_kind_display(), link.target, False)
        for link in MatterLink.objects.filter(source=matter, target__in=visible).select_related("target")
    ] + [
        (link.get_kind_display(), link.source, True)
        for link in MatterLink.objects.filter(target=matter, source__in=visible).select_related("source")
    ]
    for task in tasks:
        task.step_label = state_label(matter.type, task.step)
        task.holder = holder_label(task)
        task.due = lights.due(task.due_at, task.due_provisional)
    return {
        "matter": matter,
        "flow": get_flow(matter.type),
        "state_label": state_label(matter.type, matter.state),
        "due": None if matter.closed_at else lights.due(matter.due_at, matter.due_provisional),
        "co_units": list(matter.co_units.all()),
        "open_tasks": tasks,
        "actions": offered_actions(user, matter, tasks, watching),
        "timeline": describe_events(
            matter, Event.objects.filter(subject_type="engine.matter", subject_id=matter.pk)
            .select_related("actor", "on_behalf_of").order_by("seq")
        ),
        "attachments": Attachment.objects.of(matter).within_clearance(user.clearance).select_related(
            "blob", "uploaded_by"
        ),
        "may_attach": may_attach(user, matter, tasks),
        "links": links,
        "detail_template": detail_template(matter.type),
    }


@login_required
def matter_page(request, pk):
    matter = load_matter(request.user, pk)
    if matter.classification:
        do_record_classified_read(request.user, matter)
    return render(request, "engine/matter.html", matter_context(request, matter))


def attachment_readable(user, attachment):
    if attachment.owner_type != "engine.matter":
        return False
    try:
        matter = Matter.objects.get(pk=attachment.owner_id)
    except Matter.DoesNotExist:
        raise Http404 from None
    return can_see(user, matter)
