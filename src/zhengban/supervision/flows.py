"""The supervision item's flow (督办事项): 立项 → 交办 → 签收 → 反馈 (many) → 办结报告 → 核实 → 销号,
or back from 核实 for more work.

While in progress the lead unit always holds one open "report" task whose due time is the next
report date of the item's cadence; each report closes it and opens the next, so the worker's
reminders and escalations chase missed reports like any other task.
"""


from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from zhengban.core.errors import ActionError
from zhengban.core.models import Person, RoleCode, Unit
from zhengban.deadlines.compute import end_of_day, local_date
from zhengban.engine import changes
from zhengban.engine.access import any_of, has_role, holds_task
from zhengban.engine.fields import Field, Form
from zhengban.engine.flow import Assignee, Flow, State, TaskSpec, Transition, register
from zhengban.engine.models import Task, TaskKind

from .lights import behind_at, next_report_due
from .models import Cadence, ProgressReport, SupervisionItem

TYPE = "supervision"
OFFICER = RoleCode.SUPERVISION_OFFICER
RATINGS = tuple((str(n), str(n)) for n in range(1, 6))


def item_of(matter):
    return SupervisionItem.objects.get(pk=matter.pk)


def open_report_task(matter, item, now, actor):
    """The lead unit's task to report progress, due at the next report date."""
    due = next_report_due(item.cadence, now, matter.due_at)
    task = Task.objects.create(
        matter=matter, kind=TaskKind.HANDLE, step="in-progress", assignee_unit=matter.lead_unit,
        assigned_by=actor, created_at=now, due_at=due, due_provisional=matter.due_provisional,
    )
    changes.publish(matter, "", [task], matter_changed=False)
    return due


def _lead_unit(ctx, payload):
    return [Assignee(unit=ctx.matter.lead_unit)]


def _co_units(ctx, payload):
    return [Assignee(unit=u) for u in Unit.objects.filter(code__in=ctx.matter.data.get("co_units", []))]


def _office(ctx, payload):
    return [Assignee(unit=ctx.matter.creator_unit, role=OFFICER)]


def _check_assignment(ctx, payload):
    due = parse_date(payload["due"])
    if due < local_date(timezone.now()):
        raise ActionError(_("The deadline cannot lie in the past."), fields={"due": "past"})
    if payload.get("leader") and not Person.objects.filter(username=payload["leader"], is_active=True).exists():
        raise ActionError(_("Unknown leader."), fields={"leader": payload["leader"]})


def _assign(ctx, payload):
    matter, now = ctx.matter, timezone.now()
    matter.lead_unit = Unit.objects.get(code=payload["lead_unit"])
    co_codes = [c for c in payload.get("co_units", []) if c != payload["lead_unit"]]
    matter.co_units.set(Unit.objects.filter(code__in=co_codes))
    matter.data["co_units"] = co_codes
    matter.due_at = end_of_day(parse_date(payload["due"]))
    matter.due_provisional, matter.due_unit = False, "calendar_days"
    leader = Person.objects.filter(username=payload["leader"]).first() if payload.get("leader") else None
    item = item_of(matter)
    SupervisionItem.objects.filter(pk=matter.pk).update(
        cadence=payload["cadence"], assigned_at=now, leader=leader or item.leader,
        behind_at=behind_at(now, matter.due_at, item.progress),
    )


def _sign(ctx, payload):
    now = timezone.now()
    item = item_of(ctx.matter)
    due = open_report_task(ctx.matter, item, now, ctx.actor)
    SupervisionItem.objects.filter(pk=item.pk).update(next_report_at=due)


def _check_progress(ctx, payload):
    progress = payload["progress"]
    if not 0 <= progress <= 100:
        raise ActionError(_("Progress is a percentage from 0 to 100."), fields={"progress": progress})
    current = item_of(ctx.matter).progress
    if progress < current:
        raise ActionError(
            _("Progress cannot go backwards (it is %(current)d%% now).") % {"current": current},
            fields={"progress": progress},
        )
    if not payload["text"].strip():
        raise ActionError(_("Describe the progress."), fields={"text": "required"})


def _report(ctx, payload):
    matter, now = ctx.matter, timezone.now()
    item = item_of(matter)
    ProgressReport.objects.create(
        item=item, reported_by=ctx.actor, at=now, progress_before=item.progress, progress=payload["progress"],
        text=payload["text"], via_spreadsheet=bool(getattr(ctx, "via_spreadsheet", False)),
    )
    due = open_report_task(matter, item, now, ctx.actor)
    SupervisionItem.objects.filter(pk=item.pk).update(
        progress=payload["progress"], last_report_at=now, next_report_at=due,
        behind_at=behind_at(item.assigned_at, matter.due_at, payload["progress"]),
    )


def _complete(ctx, payload):
    now = timezone.now()
    SupervisionItem.objects.filter(pk=ctx.matter.pk).update(
        completion_report=payload["report"], completed_at=now, progress=100, next_report_at=None,
        completed_on_time=ctx.matter.due_at is None or now <= ctx.matter.due_at,
    )


def _rework(ctx, payload):
    now = timezone.now()
    item = item_of(ctx.matter)
    due = open_report_task(ctx.matter, item, now, ctx.actor)
    SupervisionItem.objects.filter(pk=item.pk).update(completed_at=None, completed_on_time=None, next_report_at=due)


def _verify(ctx, payload):
    SupervisionItem.objects.filter(pk=ctx.matter.pk).update(
        quality_rating=int(payload["rating"]), verified_at=timezone.now()
    )


office = any_of(holds_task(), has_role(OFFICER))

FLOW = register(
    Flow(
        type=TYPE,
        label_en="Supervision item",
        label_zh="督办事项",
        initial="registered",
        parameters={"behind_by_points": 20},
        states=(
            State("registered", "Registered", "已立项"),
            State("assigned", "Awaiting sign-off", "待签收"),
            State("in-progress", "In progress", "办理中"),
            State("completed", "Completion reported", "待核实"),
            State("verified", "Verified", "已核实"),
            State("closed", "Closed (销号)", "已销号", terminal=True),
            State("cancelled", "Cancelled", "已撤销", terminal=True),
        ),
        transitions=(
            Transition(
                "assign", ("registered",), "assigned", "Assign", "交办",
                allowed=office,
                form=Form((
                    Field("lead_unit", "unit", "Lead unit", "牵头单位"),
                    Field("co_units", "units", "Co-units", "协办单位", required=False),
                    Field("due", "date", "Deadline", "办理时限"),
                    Field("cadence", "choice", "Reporting cadence", "反馈周期", choices=tuple(Cadence.choices)),
                    Field("leader", "person", "Responsible leader", "责任领导", required=False),
                )),
                guards=(_check_assignment,),
                effects=(_assign,),
                opens=(TaskSpec(_lead_unit), TaskSpec(_co_units, kind="read")),
            ),
            Transition(
                "sign", ("assigned",), "in-progress", "Sign for it", "签收",
                allowed=holds_task(),
                form=Form((Field("note", "longtext", "Note", "备注", required=False),)),
                effects=(_sign,),
            ),
            Transition(
                "report", ("in-progress",), "in-progress", "Report progress", "反馈进展",
                allowed=holds_task("handle"),
                form=Form((
                    Field("progress", "int", "Progress %", "进度（%）"),
                    Field("text", "longtext", "Progress", "进展情况"),
                )),
                guards=(_check_progress,),
                effects=(_report,),
            ),
            Transition(
                "complete", ("in-progress",), "completed", "Report completion", "办结报告",
                allowed=holds_task("handle"),
                form=Form((Field("report", "longtext", "Completion report", "办结报告"),)),
                effects=(_complete,),
                opens=(TaskSpec(_office),),
            ),
            Transition(
                "verify", ("completed",), "verified", "Verify", "核实",
                allowed=holds_task(),
                form=Form((
                    Field("rating", "choice", "Quality rating (1–5)", "质量评分（1–5）", choices=RATINGS),
                    Field("opinion", "longtext", "Opinion", "核实意见", required=False),
                )),
                effects=(_verify,),
                opens=(TaskSpec(_office),),
            ),
            Transition(
                "rework", ("completed",), "in-progress", "Return for more work", "退回继续办理",
                allowed=holds_task(),
                form=Form((Field("reason", "longtext", "What is still missing", "退回理由"),)),
                effects=(_rework,),
                style="secondary",
            ),
            Transition(
                "close", ("verified",), "closed", "Close the item (销号)", "销号",
                allowed=holds_task(),
                form=Form((Field("note", "longtext", "Note", "备注", required=False),)),
            ),
            Transition(
                "cancel", ("registered",), "cancelled", "Cancel", "撤销",
                allowed=office,
                form=Form((Field("reason", "longtext", "Reason", "理由"),)),
                style="danger",
            ),
        ),
    )
)

