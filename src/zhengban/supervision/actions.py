"""Supervision verbs. Opening (立项) makes the matter and its item; the flow's transitions do the
rest (交办, 签收, 反馈, 办结报告, 核实, 销号); extensions, leaders' instructions and the assessment
scheme are the module's own actions beside the flow."""

import datetime
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from zhengban.audit.chain import append_event
from zhengban.core.errors import ActionError, Conflict, NotAllowed, NotFound
from zhengban.core.models import LEADER_ROLES, Person, Unit
from zhengban.deadlines.compute import end_of_day
from zhengban.engine.access import acting, can_see
from zhengban.engine import changes
from zhengban.engine.actions import MATTER_FIELDS, _task_rows, do_open_matter, do_transition, lock_matter
from zhengban.engine.flow import Assignee
from zhengban.engine.models import LinkKind, Matter, MatterLink, Task, TaskKind, TaskState
from zhengban.numbering.numbers import assign_number, format_number

from .flows import OFFICER, TYPE
from .lights import behind_at, next_report_due
from .models import AssessmentScheme, Cadence, ExtensionRequest, ExtensionState, Instruction, Source, SupervisionItem

SUPERVISION_UNIT = "supervision"
NUMBER_KEY = "supervision"
NUMBER_PREFIX = "督办"
SCHEME_FIELDS = ("on_time_points", "verified_points", "quality_points", "red_deduction")


def is_supervision_officer(person):
    return any(
        who.has_role(OFFICER) and who.unit_id and who.unit.code == SUPERVISION_UNIT for who in acting(person).identities
    )


def _require_officer(actor):
    if not is_supervision_officer(actor):
        raise NotAllowed(_("Only the Supervision Office may do this."))


def _unit(value, field):
    if value is None or isinstance(value, Unit):
        return value
    unit = Unit.objects.filter(code=value).first()
    if unit is None:
        raise ActionError(_("Unknown unit %(code)s.") % {"code": value}, fields={field: value})
    return unit


def _person_username(value):
    if value is None or isinstance(value, str):
        return value or None
    return value.username


def _record(matter, verb, actor, payload, now):
    matter.version += 1
    append_event(matter, f"{TYPE}.{verb}", actor=actor, payload=payload, save_subject=False, at=now)
    matter.save(update_fields=MATTER_FIELDS)


def do_open_supervision_item(
    actor, *, source, title, body, lead_unit=None, co_units=(), due=None, cadence=None, leader=None,
    origin_matter=None, link_kind=LinkKind.DECISION_OF,
):
    """立项: open a numbered supervision item; with a lead unit and a deadline, also 交办 it at once.

    `origin_matter` (a meeting's decision, an instructed document, a suggestion) is linked to the
    item with `link_kind`, so each shows the other. `cadence` defaults to monthly reports.
    """
    _require_officer(actor)
    if source not in Source.values:
        raise ActionError(_("Unknown source."), fields={"source": source})
    if link_kind not in LinkKind.values:
        raise ActionError(_("Unknown link kind."), fields={"link_kind": link_kind})
    if origin_matter is not None and not can_see(actor, origin_matter):
        raise NotFound(_("No such matter."))
    lead = _unit(lead_unit, "lead_unit")
    if lead is not None and due is None:
        raise ActionError(_("Assigning an item needs a deadline."), fields={"due": "required"})
    leader_person = leader if isinstance(leader, Person) or leader is None else Person.objects.filter(username=leader).first()
    if leader is not None and leader_person is None:
        raise ActionError(_("Unknown leader."), fields={"leader": leader})
    with transaction.atomic():
        matter = do_open_matter(actor, TYPE, title=title, body=body)
        now = matter.opened_at
        year = timezone.localtime(now).year
        matter.number = format_number("{prefix}〔{year}〕{n}号", NUMBER_PREFIX, year, assign_number(NUMBER_KEY, year))
        Matter.objects.filter(pk=matter.pk).update(number=matter.number)
        SupervisionItem.objects.create(matter=matter, source=source, year=year, leader=leader_person)
        if origin_matter is not None:
            MatterLink.objects.create(source=matter, target=origin_matter, kind=link_kind, created_by=actor)
            matter = lock_matter(matter.pk)
            _record(matter, "linked", actor, {"target": origin_matter.pk, "kind": link_kind}, now)
        if lead is not None:
            due_day = due if isinstance(due, datetime.date) else parse_date(str(due))
            matter = do_transition(actor, matter, "assign", {
                "lead_unit": lead.code,
                "co_units": [_unit(u, "co_units").code for u in co_units],
                "due": due_day.isoformat() if due_day else due,
                "cadence": cadence or Cadence.MONTHLY,
                "leader": _person_username(leader_person),
            })
    return matter


def _lead_member(actor, matter):
    return acting(actor).in_unit(matter.lead_unit_id)


def do_request_extension(actor, matter, *, new_due, reason):
    """Ask, before the due date, for a later one; the Supervision Office or the responsible leader decides."""
    reason = (reason or "").strip()
    if not reason:
        raise ActionError(_("Please give a reason."), fields={"reason": "required"})
    new_day = new_due if isinstance(new_due, datetime.date) else parse_date(str(new_due or ""))
    if new_day is None:
        raise ActionError(_("Enter a date as YYYY-MM-DD."), fields={"new_due": new_due})
    with transaction.atomic():
        matter = lock_matter(matter.pk)
        if not _lead_member(actor, matter):
            raise NotAllowed(_("Only the lead unit may ask for an extension."))
        if matter.state not in ("assigned", "in-progress"):
            raise Conflict(_("An extension can only be asked for while the item is being handled."))
        now = timezone.now()
        if matter.due_at is None or now > matter.due_at:
            raise ActionError(_("The deadline has passed: an extension must be asked for before it."), code="overdue")
        if end_of_day(new_day) <= matter.due_at:
            raise ActionError(_("The new date must be later than the current deadline."), fields={"new_due": new_day.isoformat()})
        if ExtensionRequest.objects.filter(item_id=matter.pk, state=ExtensionState.PENDING).exists():
            raise Conflict(_("An extension request is already waiting for a decision."))
        extension = ExtensionRequest.objects.create(
            item_id=matter.pk, requested_by=actor, requested_at=now, reason=reason, old_due=matter.due_at,
            new_due=end_of_day(new_day),
        )
        item = SupervisionItem.objects.select_related("leader").get(pk=matter.pk)
        deciders = [Assignee(unit=matter.creator_unit, role=OFFICER)]
        if item.leader_id:
            deciders.append(Assignee(person=item.leader))
        tasks = _task_rows(matter, [(TaskKind.APPROVE, matter.state, who) for who in deciders], now, None, actor)
        _record(matter, "extension-requested", actor,
                {"extension": extension.pk, "new_due": new_day.isoformat(), "reason": reason}, now)
        changes.publish(matter, "extension-requested", tasks)
    return extension


def _may_decide(actor, item):
    return is_supervision_officer(actor) or any(who.pk == item.leader_id for who in acting(actor).identities)


def do_decide_extension(actor, extension, *, approve, note=""):
    """Approve (the due date moves, audited) or refuse a pending extension request."""
    with transaction.atomic():
        matter = lock_matter(extension.item_id)
        extension = ExtensionRequest.objects.select_for_update().get(pk=extension.pk)
        item = SupervisionItem.objects.get(pk=matter.pk)
        if not _may_decide(actor, item):
            raise NotAllowed(_("Only the Supervision Office or the responsible leader may decide on an extension."))
        if extension.state != ExtensionState.PENDING:
            raise Conflict(_("This extension request has already been decided."))
        now = timezone.now()
        extension.state = ExtensionState.APPROVED if approve else ExtensionState.REFUSED
        extension.decided_by, extension.decided_at, extension.decision_note = actor, now, (note or "").strip()
        extension.save(update_fields=["state", "decided_by", "decided_at", "decision_note"])
        Task.objects.filter(matter=matter, kind=TaskKind.APPROVE, state=TaskState.OPEN, created_at=extension.requested_at).update(
            state=TaskState.DONE, completed_at=now, completed_by=actor, outcome=extension.state
        )
        payload = {"extension": extension.pk, "approved": bool(approve), "note": extension.decision_note}
        if approve:
            payload.update(due_before=matter.due_at.isoformat(), due_after=extension.new_due.isoformat())
            matter.due_at = extension.new_due
            report_due = next_report_due(item.cadence, item.last_report_at or item.assigned_at or now, matter.due_at)
            Task.objects.filter(matter=matter, kind=TaskKind.HANDLE, state=TaskState.OPEN).update(due_at=report_due)
            SupervisionItem.objects.filter(pk=item.pk).update(
                behind_at=behind_at(item.assigned_at, matter.due_at, item.progress),
                next_report_at=report_due if matter.state == "in-progress" else None,
            )
        _record(matter, "extension-approved" if approve else "extension-refused", actor, payload, now)
        changes.publish(matter, "extension-decided", [])
    return extension


def do_instruct(actor, matter, *, text):
    """A leader's instruction (批示) on the item: recorded, and the lead unit gets it to read at once."""
    text = (text or "").strip()
    if not text:
        raise ActionError(_("Write the instruction."), fields={"text": "required"})
    if not acting(actor).has_role(*LEADER_ROLES):
        raise NotAllowed(_("Only a leader may give an instruction."))
    with transaction.atomic():
        matter = lock_matter(matter.pk)
        if matter.closed_at:
            raise Conflict(_("This item is closed."))
        if matter.lead_unit_id is None:
            raise Conflict(_("The item has not been assigned to a unit yet."))
        now = timezone.now()
        instruction = Instruction.objects.create(item_id=matter.pk, leader=actor, at=now, text=text)
        tasks = _task_rows(matter, [(TaskKind.READ, matter.state, Assignee(unit=matter.lead_unit))], now, None, actor)
        _record(matter, "instructed", actor, {"instruction": instruction.pk, "text": text}, now)
        changes.publish(matter, "instructed", tasks)
    return instruction


def scheme_for(year):
    return AssessmentScheme.objects.filter(year=year).first() or AssessmentScheme(year=year)


def do_set_assessment_scheme(actor, year, **weights):
    """Set a year's scoring weights (points for on-time, verified, quality; deduction per red item)."""
    _require_officer(actor)
    unknown = set(weights) - set(SCHEME_FIELDS)
    if unknown:
        raise ActionError(_("Unknown weights: %(names)s.") % {"names": ", ".join(sorted(unknown))})
    values, errors = {}, {}
    for name, raw in weights.items():
        try:
            value = Decimal(str(raw))
        except InvalidOperation:
            errors[name] = _("Enter a number.")
            continue
        if value < 0 or value > 1000:
            errors[name] = _("Enter a number from 0 to 1000.")
        values[name] = value
    if errors:
        raise ActionError(_("Please correct the highlighted fields."), fields=errors)
    with transaction.atomic():
        scheme, _created = AssessmentScheme.objects.select_for_update().get_or_create(year=year)
        before = {name: str(getattr(scheme, name)) for name in SCHEME_FIELDS}
        for name, value in values.items():
            setattr(scheme, name, value)
        scheme.updated_by = actor
        scheme.save()
        append_event(scheme, "supervision.scheme-set", actor=actor,
                     payload={"year": year, "before": before, "after": {n: str(getattr(scheme, n)) for n in SCHEME_FIELDS}})
    return scheme


__all__ = [
    "do_decide_extension", "do_instruct", "do_open_supervision_item", "do_request_extension",
    "do_set_assessment_scheme", "is_supervision_officer",
]
