"""Steps every flow has without module code: return, withdraw, suspend, resume, reassign, claim,
countersign, read, watch and link."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhengban.audit.chain import append_event
from zhengban.core.errors import ActionError, Conflict, NotAllowed, NotFound
from zhengban.core.models import Person, Unit

from .access import Context, acting, holds_task, is_creator, is_unit_head
from . import changes
from .actions import MATTER_FIELDS, _task_rows, check_version, lock_matter, open_tasks_of
from .flow import Assignee, get_flow
from .models import LinkKind, Matter, MatterLink, Task, TaskKind, TaskState
from .timing import resumed_due


def _reason(reason):
    reason = (reason or "").strip()
    if not reason:
        raise ActionError(_("Please give a reason."), fields={"reason": "required"})
    return reason


def _record(matter, verb, actor, payload, now):
    matter.version += 1
    append_event(matter, f"{matter.type}.{verb}", actor=actor, payload=payload, save_subject=False, at=now)
    matter.save(update_fields=MATTER_FIELDS)


def _locked_context(actor, matter, expected_version):
    matter = lock_matter(matter.pk)
    check_version(matter, expected_version)
    if matter.closed_at:
        raise Conflict(_("This matter is closed."))
    return Context(acting(actor), matter, open_tasks_of(matter))


def return_targets(matter):
    """Earlier steps the matter may be sent back to (退回): those on its path before the current one."""
    path = matter.data.get("path", [])
    flow = get_flow(matter.type)
    seen, targets = set(), []
    for state in path[:-1]:
        if state not in seen and state != matter.state:
            seen.add(state)
            targets.append(flow.state(state))
    return targets


def do_return(actor, matter, to_state, reason, *, expected_version=None):
    """Send the matter back to an earlier step with a reason; whoever did that step gets it again."""
    reason = _reason(reason)
    with transaction.atomic():
        ctx = _locked_context(actor, matter, expected_version)
        matter = ctx.matter
        if not holds_task()(ctx):
            raise NotAllowed(_("Only the holder of the current step may return the matter."))
        if to_state not in {s.name for s in return_targets(matter)}:
            raise ActionError(_("The matter never passed that step."), fields={"to_state": to_state})
        now = timezone.now()
        previous = matter.state
        Task.objects.filter(matter=matter, state=TaskState.OPEN, step=previous).exclude(kind=TaskKind.READ).update(
            state=TaskState.CANCELLED, completed_at=now, completed_by=actor, outcome="returned"
        )
        earlier = (
            Task.objects.filter(matter=matter, step=to_state, state=TaskState.DONE)
            .exclude(kind__in=[TaskKind.READ, TaskKind.COUNTERSIGN])
            .order_by("-completed_at", "-pk")
            .first()
        )
        assignee = _same_assignee(earlier) if earlier else Assignee(person=matter.creator)
        tasks = _task_rows(matter, [(TaskKind.HANDLE, to_state, assignee)], now, None, actor)
        path = list(matter.data.get("path", []))
        matter.data["path"] = path[: len(path) - 1 - path[::-1].index(to_state)] + [to_state] if to_state in path else path
        matter.state = to_state
        matter.data["last"] = {"transition": "return", "actor": actor.pk, "version": matter.version + 1}
        _record(matter, "returned", actor, {"from": previous, "to": to_state, "reason": reason}, now)
        changes.publish(matter, "returned", tasks)
    return matter


def _same_assignee(task):
    if task.assignee_person_id:
        return Assignee(person=task.assignee_person)
    if task.completed_by_id:
        return Assignee(person=task.completed_by)
    return Assignee(unit=task.assignee_unit, role=task.assignee_role)


def can_withdraw(actor, matter):
    last = matter.data.get("last") or {}
    return (
        not matter.closed_at
        and last.get("actor") == actor.pk
        and last.get("version") == matter.version
        and last.get("finished") is not None
        and not last.get("numbered")
        and "from" in last
    )


def do_withdraw(actor, matter, reason="", *, expected_version=None):
    """Take back one's last step (撤回) while nobody after has acted on it."""
    with transaction.atomic():
        matter = lock_matter(matter.pk)
        check_version(matter, expected_version)
        if not can_withdraw(actor, matter):
            raise Conflict(_("This step can no longer be withdrawn: someone has already acted on it, or it assigned a number."))
        last = matter.data["last"]
        if Task.objects.filter(pk__in=last["opened"]).exclude(state=TaskState.OPEN).exists():
            raise Conflict(_("This step can no longer be withdrawn: the next person has already acted."))
        now = timezone.now()
        Task.objects.filter(pk__in=last["opened"]).update(state=TaskState.CANCELLED, completed_at=now, outcome="withdrawn")
        Task.objects.filter(pk=last["finished"]).update(
            state=TaskState.OPEN, completed_at=None, completed_by=None, on_behalf_of=None, outcome=""
        )
        previous = matter.state
        matter.state = last["from"]
        path = list(matter.data.get("path", []))
        if path and path[-1] == previous and previous != matter.state:
            path.pop()
        matter.data["path"] = path
        matter.data["last"] = {"transition": "withdraw", "actor": actor.pk, "version": matter.version + 1}
        _record(matter, "withdrawn", actor, {"from": previous, "to": matter.state, "reason": (reason or "").strip()}, now)
        changes.publish(matter, "withdrawn", [])
    return matter


def _may_steer(ctx):
    return holds_task()(ctx) or is_creator(ctx) or any(
        is_unit_head(who, ctx.matter.lead_unit_id) for who in ctx.acting.each_identity()
    )


def do_suspend(actor, matter, reason, *, expected_version=None):
    """Stop the matter's clock (a hearing, a suspended item); the paused time is not counted."""
    reason = _reason(reason)
    with transaction.atomic():
        ctx = _locked_context(actor, matter, expected_version)
        matter = ctx.matter
        if matter.paused_at:
            raise Conflict(_("The matter is already suspended."))
        if not _may_steer(ctx):
            raise NotAllowed(_("Only the holder of the current step, the sender or the lead unit's chief may suspend it."))
        now = timezone.now()
        matter.paused_at, matter.pause_reason = now, reason
        _record(matter, "suspended", actor, {"reason": reason}, now)
    return matter


def do_resume(actor, matter, reason="", *, expected_version=None):
    with transaction.atomic():
        ctx = _locked_context(actor, matter, expected_version)
        matter = ctx.matter
        if not matter.paused_at:
            raise Conflict(_("The matter is not suspended."))
        if not _may_steer(ctx):
            raise NotAllowed(_("Only the holder of the current step, the sender or the lead unit's chief may resume it."))
        now = timezone.now()
        old_due = matter.due_at
        if old_due is not None:
            due = resumed_due(matter, now)
            matter.due_at, matter.due_provisional = due.at, due.provisional or matter.due_provisional
            shift = matter.due_at - old_due
            for task in Task.objects.filter(matter=matter, state=TaskState.OPEN, due_at__isnull=False):
                Task.objects.filter(pk=task.pk).update(due_at=task.due_at + shift)
        paused_from = matter.paused_at
        matter.paused_at, matter.pause_reason = None, ""
        _record(
            matter,
            "resumed",
            actor,
            {"reason": (reason or "").strip(), "paused_from": paused_from, "due_before": old_due, "due_after": matter.due_at},
            now,
        )
    return matter


def _task_unit_id(task):
    return task.assignee_unit_id or (task.assignee_person.unit_id if task.assignee_person_id else None)


def _may_reassign(actor, task):
    return actor.is_system_administrator or is_unit_head(actor, _task_unit_id(task))


def do_reassign(actor, tasks, *, person=None, unit=None, role="", reason):
    """Give open tasks to someone else (a unit chief for their unit's tasks, or an administrator)."""
    reason = _reason(reason)
    if (person is None) == (unit is None):
        raise ActionError(_("Choose either a person or a unit to give the tasks to."))
    if person is not None and not isinstance(person, Person):
        raise ActionError(_("Unknown person."))
    if unit is not None and not isinstance(unit, Unit):
        raise ActionError(_("Unknown unit."))
    task_ids = sorted({t.pk for t in tasks})
    if not task_ids:
        raise ActionError(_("Choose at least one task."))
    with transaction.atomic():
        matter_ids = sorted(set(Task.objects.filter(pk__in=task_ids).values_list("matter_id", flat=True)))
        matters = {m.pk: m for m in Matter.objects.select_for_update().filter(pk__in=matter_ids).order_by("pk")}
        locked = list(Task.objects.select_related("assignee_person").filter(pk__in=task_ids).order_by("pk"))
        if len(locked) != len(task_ids):
            raise NotFound(_("Some of these tasks no longer exist."))
        now = timezone.now()
        for task in locked:
            if task.state != TaskState.OPEN:
                raise Conflict(_("A task was completed meanwhile; reload and try again."))
            if not _may_reassign(actor, task):
                raise NotAllowed(_("You may only reassign tasks of your own unit."))
            if not actor.is_system_administrator and _task_unit_id(task) != (unit.pk if unit else person.unit_id):
                # Passing a matter to another unit is the assigning office's decision, never the unit's own.
                raise NotAllowed(_("A unit chief reassigns within the unit; to another unit, ask the office that assigned it."))
            if person is not None and person.clearance < matters[task.matter_id].classification:
                raise ActionError(_("%(p)s lacks the clearance for one of these matters.") % {"p": person.display_name})
        for task in locked:
            matter = matters[task.matter_id]
            before = {"person": task.assignee_person.username if task.assignee_person_id else None,
                      "unit": task.assignee_unit.code if task.assignee_unit_id else None}
            Task.objects.filter(pk=task.pk).update(
                assignee_person=person, assignee_unit=unit, assignee_role=role if unit else "", assigned_by=actor
            )
            _record(
                matter,
                "reassigned",
                actor,
                {"task": task.pk, "from": before, "to": {"person": person.username if person else None,
                                                          "unit": unit.code if unit else None, "role": role},
                 "reason": reason},
                now,
            )
            changes.publish(matter, "reassigned", [task])
    return locked


def _lock_task(actor, task, claiming=False):
    matter = lock_matter(task.matter_id)
    try:
        task = Task.objects.select_related("assignee_person").get(pk=task.pk, matter=matter)
    except Task.DoesNotExist:
        raise NotFound(_("No such task.")) from None
    if task.state != TaskState.OPEN:
        raise Conflict(_("This task has already been taken care of by someone else."))
    if claiming and task.assignee_person_id:
        raise Conflict(_("%(p)s has already claimed this task.") % {"p": task.assignee_person.display_name})
    who = acting(actor)
    holder = who.holder_of(task)
    if holder is None:
        raise NotAllowed(_("This task is not yours."))
    return matter, task, holder


def do_claim(actor, task):
    """Take a unit's task as one's own (抢办): the first to claim wins."""
    with transaction.atomic():
        matter, task, holder = _lock_task(actor, task, claiming=True)
        Task.objects.filter(pk=task.pk).update(assignee_person=actor)
        _record(matter, "claimed", actor, {"task": task.pk}, timezone.now())
    task.assignee_person = actor
    return task


def do_countersign(actor, task, *, agree, opinion):
    """Give a unit's opinion on a countersign task; a refusal is recorded and blocks nothing by itself."""
    opinion = (opinion or "").strip()
    if not opinion:
        raise ActionError(_("Please write your opinion."), fields={"opinion": "required"})
    with transaction.atomic():
        matter, task, holder = _lock_task(actor, task)
        if task.kind != TaskKind.COUNTERSIGN:
            raise ActionError(_("This task is not a countersignature."))
        now = timezone.now()
        on_behalf = holder if holder.pk != actor.pk else None
        Task.objects.filter(pk=task.pk).update(
            state=TaskState.DONE, completed_at=now, completed_by=actor, on_behalf_of=on_behalf,
            outcome="agreed" if agree else "refused", note=opinion,
        )
        matter.version += 1
        append_event(
            matter, f"{matter.type}.countersigned", actor=actor, on_behalf_of=on_behalf,
            payload={"task": task.pk, "agree": bool(agree), "opinion": opinion}, save_subject=False, at=now,
        )
        matter.save(update_fields=MATTER_FIELDS)
        changes.publish(matter, "countersigned", [])
    return task


def do_mark_read(actor, task):
    with transaction.atomic():
        matter, task, holder = _lock_task(actor, task)
        if task.kind != TaskKind.READ:
            raise ActionError(_("This task is not a to-read item."))
        now = timezone.now()
        Task.objects.filter(pk=task.pk).update(state=TaskState.DONE, completed_at=now, completed_by=actor, outcome="read")
        _record(matter, "read", actor, {"task": task.pk}, now)
    return task


def do_watch(actor, matter, watching=True):
    from .access import can_see

    if not can_see(actor, matter):
        raise NotFound(_("No such matter."))
    if watching:
        matter.watchers.add(actor)
    else:
        matter.watchers.remove(actor)
    return matter


def do_link(actor, source, target, kind):
    from .access import can_see

    if kind not in LinkKind.values:
        raise ActionError(_("Unknown link kind."), fields={"kind": kind})
    if source.pk == target.pk:
        raise ActionError(_("A matter cannot be linked to itself."))
    if not (can_see(actor, source) and can_see(actor, target)):
        raise NotFound(_("No such matter."))
    with transaction.atomic():
        matter = lock_matter(source.pk)
        link, created = MatterLink.objects.get_or_create(source=matter, target=target, kind=kind, defaults={"created_by": actor})
        if created:
            _record(matter, "linked", actor, {"target": target.pk, "kind": kind}, timezone.now())
    return link
