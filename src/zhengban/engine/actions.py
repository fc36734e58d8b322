"""The engine's verbs: opening a matter and taking a declared transition.

Each runs in one transaction: lock the matter row, check state, permission and guards, close and
open tasks, assign numbers and deadlines, append one audit event (the matter row keeps the chain's
head, so this is one INSERT) and save the matter once. Listeners run after commit.
"""

from types import SimpleNamespace

from django.db import transaction
from django.db.models.signals import pre_save
from django.utils import timezone
from django.utils.translation import gettext as _

from zhengban.audit.chain import append_event
from zhengban.core.errors import ActionError, Conflict, NotAllowed, NotFound
from zhengban.core.lookups import prefix_by_code
from zhengban.core import rows
from zhengban.core.models import Clearance, Unit
from zhengban.numbering.numbers import assign_number, format_number

from . import changes
from .access import Context, acting
from .flow import Assignee, get_flow
from .models import Matter, Task, TaskKind, TaskState, Urgency
from .timing import due_for, expect_deadline

MATTER_FIELDS = ["state", "number", "due_at", "due_provisional", "due_unit", "closed_at", "version", "data",
                 "lead_unit", "audit_seq", "audit_head", "paused_at", "pause_reason"]


def lock_matter(matter_id):
    found = rows.select(Matter, {"pk": matter_id}, for_update=True)
    if not found:
        raise NotFound(_("No such matter."))
    return found[0]


def lock_with_open_tasks(matter_id):
    """The matter, locked, and its open tasks: one statement on every transition."""
    matter, tasks = rows.lock_with_children(
        Matter, matter_id, Task, "matter", {"state": TaskState.OPEN}, order_by=("due_at", "pk")
    )
    if matter is None:
        raise NotFound(_("No such matter."))
    return matter, tasks


def check_version(matter, expected_version):
    if expected_version is not None and int(expected_version) != matter.version:
        raise Conflict(
            _("Someone else has acted on this matter since you opened it (it is now: %(state)s). Reload and try again.")
            % {"state": get_flow(matter.type).state(matter.state).label}
        )


def open_tasks_of(matter):
    return rows.select(Task, {"matter": matter.pk, "state": TaskState.OPEN}, order_by=("due_at", "pk"))


def _task_rows(matter, specs_with_assignees, now, due, assigned_by):
    new = []
    for kind, step, assignee in specs_with_assignees:
        if isinstance(assignee, Unit):
            assignee = Assignee(unit=assignee)
        elif not isinstance(assignee, Assignee):
            assignee = Assignee(person=assignee)
        # An assignee's person or unit may be given as its id: flows need not load the row.
        new.append(
            Task(
                matter=matter,
                kind=kind,
                step=step,
                assignee_person_id=getattr(assignee.person, "pk", assignee.person),
                assignee_unit_id=getattr(assignee.unit, "pk", assignee.unit),
                assignee_role=assignee.role,
                assigned_by=assigned_by,
                created_at=now,
                due_at=due.at if due and kind != TaskKind.READ else None,
                due_provisional=bool(due and due.provisional),
            )
        )
    return rows.insert_later(new, keys=True)


def do_open_matter(
    actor,
    type_,
    *,
    title,
    body="",
    classification=Clearance.NONE,
    classification_period="",
    urgency=Urgency.NORMAL,
    lead_unit=None,
    co_units=(),
    data=None,
):
    """Open a matter of a declared type in its initial state, with a task for its creator."""
    flow = get_flow(type_)
    title = (title or "").strip()
    if not title:
        raise ActionError(_("A title is required."), fields={"title": "required"})
    if classification not in Clearance.values:
        raise ActionError(_("Unknown classification."), fields={"classification": classification})
    if classification > actor.clearance:
        raise NotAllowed(_("You cannot create a matter classified above your own clearance."))
    if classification and not (classification_period or "").strip():
        raise ActionError(
            _("A classified matter needs a classification period (保密期限)."), fields={"classification_period": "required"}
        )
    if urgency not in Urgency.values:
        raise ActionError(_("Unknown urgency."), fields={"urgency": urgency})
    now = timezone.now()
    # Everything that can refuse was checked above, so inside a caller's transaction (a module
    # creating its own row beside the matter) no savepoint is needed: a database error here
    # fails the caller's whole action anyway.
    with transaction.atomic(savepoint=False), rows.writes_together():
        matter = Matter(
            type=flow.type,
            title=title,
            body=body or "",
            classification=classification,
            classification_period=(classification_period or "").strip(),
            urgency=urgency,
            lead_unit=lead_unit,
            creator=actor,
            creator_unit_id=actor.unit_id,
            state=flow.initial,
            opened_at=now,
            # The co-units' codes ride along in data so flows need not query an empty relation.
            data={**(data or {}), "path": [flow.initial], "co_units": [u.code for u in co_units]},
        )
        if flow.initial_deadline:
            due, unit = due_for(flow, flow.initial_deadline, now)
            matter.due_at, matter.due_provisional, matter.due_unit = due.at, due.provisional, unit
        rows.insert([matter])
        if co_units:
            matter.co_units.set(co_units)
        tasks = _task_rows(matter, [(TaskKind.HANDLE, flow.initial, actor)], now, None, actor)
        append_event(
            matter,
            f"{flow.type}.opened",
            actor=actor,
            payload={
                "title": matter.title,
                "state": matter.state,
                "classification": classification,
                "urgency": urgency,
                "lead_unit": lead_unit.code if lead_unit else None,
                "co_units": [u.code for u in co_units],
            },
            at=now,
        )
        changes.publish(matter, "opened", tasks)
    return matter


def do_transition(actor, matter, name, payload=None, *, expected_version=None):
    """Take the declared transition `name` on `matter` with its payload."""
    flow = get_flow(matter.type)
    transition = flow.transition_map.get(name)
    if transition is None:
        raise NotFound(_("This matter has no action %(name)s.") % {"name": name})
    cleaned = transition.form.clean(payload)
    who = acting(actor)
    with transaction.atomic(), rows.writes_together():
        if transition.deadline:
            expect_deadline()
        matter, open_tasks = lock_with_open_tasks(matter.pk)
        check_version(matter, expected_version)
        if matter.state not in transition.source:
            raise Conflict(
                _("This action is not possible now: the matter is at %(state)s.")
                % {"state": flow.state(matter.state).label}
            )
        ctx = Context(who, matter, open_tasks)
        if matter.paused_at:
            raise ActionError(_("The matter is suspended; resume it first."), code="suspended")
        if not transition.allowed(ctx):
            raise NotAllowed(_("You may not take the action “%(action)s” on this matter.") % {"action": transition.label})
        if transition.requires_countersign_done and any(
            t.kind == TaskKind.COUNTERSIGN and t.step == matter.state for t in ctx.open_tasks
        ):
            raise ActionError(_("Wait until every countersigning unit has given its opinion."), code="countersign_pending")
        for guard in transition.guards:
            guard(ctx, cleaned)
        return _apply(flow, transition, ctx, cleaned)


def _apply(flow, transition, ctx, cleaned):
    matter, actor = ctx.matter, ctx.actor
    now = timezone.now()
    previous = matter.state
    leaving = transition.target != previous
    mine = ctx.my_tasks(kinds=(TaskKind.HANDLE, TaskKind.APPROVE))
    acting_task = mine[0] if mine else None
    holder = ctx.acting.holder_of(acting_task) if acting_task else None
    on_behalf = holder if holder is not None and holder.pk != actor.pk else None
    if acting_task is not None:
        _finish_task(acting_task, actor, on_behalf, transition.name, now)
    stale = []
    if leaving:
        stale = [
            t.pk
            for t in ctx.open_tasks
            if t.step == previous and t.kind != TaskKind.READ and (acting_task is None or t.pk != acting_task.pk)
        ]
        if stale:
            Task.objects.filter(pk__in=stale).update(state=TaskState.CANCELLED, completed_at=now)
        path = list(matter.data.get("path", []))
        path.append(transition.target)
        matter.data["path"] = path
    matter.state = transition.target
    had_number = bool(matter.number)
    if transition.number and not matter.number:
        matter.number = _assign_number(transition.number, now)
    due = None
    if transition.deadline:
        due, unit = due_for(flow, transition.deadline, now)
        if transition.deadline.applies_to_matter:
            matter.due_at, matter.due_provisional, matter.due_unit = due.at, due.provisional, unit
    for effect in transition.effects:
        effect(ctx, cleaned)
    wanted = []
    for spec in transition.opens:
        for assignee in spec.to(ctx, cleaned):
            wanted.append((spec.kind, spec.step or transition.target, assignee))
    tasks = _task_rows(matter, wanted, now, due or _matter_due(matter), actor)
    target_state = flow.state(transition.target)
    if target_state.terminal:
        matter.closed_at = now
        # Tasks are only opened under the matter's row lock, which this transaction holds, so the
        # open tasks read at its start are all there are besides those opened just now.
        remaining = [
            t.pk
            for t in ctx.open_tasks
            if t.kind != TaskKind.READ and t.pk not in stale and (acting_task is None or t.pk != acting_task.pk)
        ]
        if remaining:
            Task.objects.filter(pk__in=remaining, state=TaskState.OPEN).update(state=TaskState.CANCELLED, completed_at=now)
    matter.version += 1
    matter.data["last"] = {
        "transition": transition.name,
        "actor": actor.pk,
        "from": previous,
        "version": matter.version,
        "opened": [t.pk for t in tasks],
        "finished": acting_task.pk if acting_task else None,
        # Numbered by the transition or by one of its effects (a register step): a gap-free number
        # once given is never taken back by withdrawing the step.
        "numbered": bool(matter.number) and not had_number,
    }
    append_event(
        matter,
        f"{flow.type}.{transition.name}",
        actor=actor,
        on_behalf_of=on_behalf,
        payload={"from": previous, "to": transition.target, "number": matter.number or None, **cleaned},
        save_subject=False,
        at=now,
    )
    save_matter(matter)
    for callback in transition.after_commit:
        transaction.on_commit(lambda cb=callback, m=matter, p=cleaned: cb(m, p))
    changes.publish(matter, transition.name, tasks)
    return matter


def _matter_due(matter):
    """New tasks inherit the matter's running deadline when the transition starts none of its own."""
    if matter.due_at is None:
        return None
    return SimpleNamespace(at=matter.due_at, provisional=matter.due_provisional)


def save_matter(matter):
    """Write the fields an action changes; the pre_save signal still lets other apps refuse (archive)."""
    pre_save.send(sender=Matter, instance=matter, raw=False, using=matter._state.db, update_fields=MATTER_FIELDS)
    rows.save_fields_later(matter, MATTER_FIELDS)


def _finish_task(task, actor, on_behalf, outcome, now):
    rows.update_later(
        Task,
        {"pk": task.pk},
        {
            "state": TaskState.DONE,
            "completed_at": now,
            "completed_by": actor.pk,
            "on_behalf_of": getattr(on_behalf, "pk", None),
            "outcome": outcome,
        },
    )
    task.state = TaskState.DONE


def _assign_number(prefix_code, now):
    prefix = prefix_by_code(prefix_code)
    if prefix is None:
        raise ActionError(
            _("The number prefix %(code)s is not configured; ask an administrator to load it.") % {"code": prefix_code}
        )
    year = timezone.localtime(now).year
    n = assign_number(prefix.code, year)
    return format_number(prefix.pattern, prefix.prefix, year, n)


def available_transitions(actor, matter, open_tasks=None):
    """The declared transitions `actor` may take on `matter` now (guards are checked on submit)."""
    flow = get_flow(matter.type)
    if matter.closed_at or matter.paused_at:
        return []
    ctx = Context(acting(actor), matter, open_tasks if open_tasks is not None else open_tasks_of(matter))
    return [t for t in flow.transitions_from(matter.state) if t.allowed(ctx)]
