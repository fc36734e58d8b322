"""The flow of a deputies' suggestion (NPC) or a members' proposal (CPPCC) — one flow for both:

registered (待交办) → assigned (待签收) → handling (办理中) → replied (已答复) → closed (已办结);
the unit returns an item that is not its matter (退回督查室) within `return_within`; a dissatisfied
author sends it back to handling with a new deadline; before assignment an item can be merged into
another (并案) or split (分办).

Split handling is modelled as child items, one per lead unit, each running this whole flow: a
part has its own lead unit, deadline, co-units, return, reply letter, result code and feedback,
and those are exactly what the engine keeps per matter. Parallel handle tasks inside one matter
would need per-task deadlines, replies and result codes, and a state that depends on counting
tasks, none of which the engine's declared transitions express.
"""

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from zhengban.core.errors import ActionError
from zhengban.core.models import RoleCode, Unit
from zhengban.deadlines.compute import compute_due
from zhengban.engine import changes
from zhengban.engine.access import any_of, has_role, holds_task
from zhengban.engine.actions import _task_rows
from zhengban.engine.fields import Field, Form
from zhengban.engine.flow import Assignee, Deadline, Flow, State, TaskSpec, Transition, register
from zhengban.engine.models import LinkKind, Matter, MatterLink, TaskKind
from zhengban.engine.parameters import flow_parameter

from .limits import FLOW_TYPE, REPLY_LIMIT_KEY, check_reply_limit
from .models import Author, Feedback, FeedbackRecord, ReplyLetter, ResultCode, Suggestion, UnitReturn

TYPE = FLOW_TYPE
OFFICER = RoleCode.SUPERVISION_OFFICER
RETURN_LIMIT_KEY = "return_within"
CO_VIEWS_KEY = "co_views_within"
REHANDLE_KEY = "rehandle_within"


class ResultCodeChoices:
    """The active result codes, read when a form is drawn or checked: the set is data, not code."""

    def __iter__(self):
        english = (get_language() or "").startswith("en")
        for code in ResultCode.objects.filter(active=True):
            yield code.code, f"{code.code} {code.label_en if english else code.label_zh}"


def item_of(matter):
    return Suggestion.objects.get(pk=matter.pk)


def _lead_unit(ctx, payload):
    return [Assignee(unit=ctx.matter.lead_unit_id)]


def _office(ctx, payload):
    return [Assignee(unit=ctx.matter.creator_unit_id, role=OFFICER)]


def _check_reply_limit(ctx, payload):
    check_reply_limit(flow_parameter(FLOW, REPLY_LIMIT_KEY))


def recommended_lead(matter):
    """Routing's first choice for the matter, or "" when routing cannot answer (it never blocks a step)."""
    from .routing_help import recommendation_for

    recommendation = recommendation_for(matter)
    return recommendation.lead.unit if recommendation and recommendation.lead else ""


def _assign(ctx, payload):
    matter, now = ctx.matter, timezone.now()
    lead = Unit.objects.get(code=payload["lead_unit"])
    matter.lead_unit = lead
    co_codes = [c for c in payload.get("co_units", []) if c != lead.code]
    matter.co_units.set(Unit.objects.filter(code__in=co_codes))
    matter.data["co_units"] = co_codes
    # The path restarts at the assignment: going back to the Supervision Office is this flow's own
    # step, with its time limit and its reason, so the engine's generic "return to an earlier
    # step" must not offer the registration to the unit.
    matter.data["path"] = ["assigned"]
    amount, unit = flow_parameter(FLOW, RETURN_LIMIT_KEY)
    recommended = recommended_lead(matter)
    Suggestion.objects.filter(pk=matter.pk).update(
        assigned_at=now, return_by=compute_due(now, int(amount), unit).at, recommended_unit=recommended,
    )
    actor, title, body = ctx.actor, matter.title, matter.body

    def learn():
        from .routing_help import teach_routing

        teach_routing(actor, matter, title, body, lead, recommended)

    transaction.on_commit(learn)


def _check_return(ctx, payload):
    item = item_of(ctx.matter)
    if item.return_by is not None and timezone.now() > item.return_by:
        amount, unit = flow_parameter(FLOW, RETURN_LIMIT_KEY)
        raise ActionError(
            _("An item may be returned only within %(n)s working days of its assignment (until %(until)s); "
              "ask the Supervision Office.") % {"n": amount, "until": timezone.localtime(item.return_by).strftime("%Y-%m-%d")},
            code="return_limit_passed",
        )


def _return(ctx, payload):
    matter, now = ctx.matter, timezone.now()
    UnitReturn.objects.create(
        suggestion_id=matter.pk, unit_id=matter.lead_unit_id, reason=payload["reason"], returned_by=ctx.actor,
        returned_at=now,
    )
    matter.lead_unit = None
    matter.co_units.clear()
    matter.data["co_units"] = []
    matter.due_at, matter.due_provisional, matter.due_unit = None, False, ""
    Suggestion.objects.filter(pk=matter.pk).update(assigned_at=None, return_by=None)


def _open_co_unit_views(ctx, payload):
    """Each co-unit's views (会办意见) are due a calendar month after the assignment, not the lead's 3."""
    matter, now = ctx.matter, timezone.now()
    codes = matter.data.get("co_units") or []
    if not codes:
        return
    item = item_of(matter)
    amount, unit = flow_parameter(FLOW, CO_VIEWS_KEY)
    due = compute_due(item.assigned_at or now, int(amount), unit)
    co_units = list(Unit.objects.filter(code__in=codes).order_by("pk"))
    tasks = _task_rows(matter, [(TaskKind.COUNTERSIGN, "handling", Assignee(unit=u)) for u in co_units], now, due,
                       ctx.actor)
    changes.publish(matter, "", tasks, matter_changed=False)


def _reply(ctx, payload):
    """One letter per author of this item and of every item merged into it."""
    matter, now = ctx.matter, timezone.now()
    item = item_of(matter)
    authors = Author.objects.filter(Q(suggestion=item) | Q(suggestion__merged_into=item)).order_by("suggestion_id", "position")
    ReplyLetter.objects.bulk_create([
        ReplyLetter(suggestion=item, author=author, round=item.round, result_code=payload["result_code"],
                    text=payload["reply"], lead_unit_id=matter.lead_unit_id, replied_by=ctx.actor, replied_at=now)
        for author in authors
    ])
    updates = {"result_code": payload["result_code"], "replied_at": now}
    if item.first_replied_at is None:
        updates.update(first_replied_at=now, replied_on_time=matter.due_at is None or now <= matter.due_at)
    Suggestion.objects.filter(pk=item.pk).update(**updates)
    Suggestion.objects.filter(merged_into=item).update(result_code=payload["result_code"], replied_at=now)


def _record_feedback(feedback):
    def effect(ctx, payload):
        item = item_of(ctx.matter)
        FeedbackRecord.objects.create(
            suggestion=item, round=item.round, feedback=payload.get("feedback", feedback),
            note=payload.get("note", "") or payload.get("reason", ""), recorded_by=ctx.actor, recorded_at=timezone.now(),
        )
        updates = {"feedback": payload.get("feedback", feedback)}
        if feedback == Feedback.DISSATISFIED:
            updates["round"] = item.round + 1
        Suggestion.objects.filter(pk=item.pk).update(**updates)

    return effect


def _primary_for_merge(ctx, payload):
    item = item_of(ctx.matter)
    primary = (
        Suggestion.objects.select_related("matter").filter(session_id=item.session_id, number=payload["into"].strip()).first()
    )
    if primary is None or primary.pk == item.pk:
        raise ActionError(_("There is no other item %(number)s in this session.") % {"number": payload["into"]},
                          fields={"into": "unknown"})
    if primary.matter.state not in ("registered", "assigned", "handling") or primary.merged_into_id:
        raise ActionError(_("Items can be merged only into an item that is still to be answered."), fields={"into": "state"})
    if Suggestion.objects.filter(merged_into=item).exists():
        raise ActionError(_("Other items were merged into this one: merge them into the other item instead."),
                          fields={"into": "has merged items"})
    return item, primary


def _check_merge(ctx, payload):
    _primary_for_merge(ctx, payload)


def _merge(ctx, payload):
    item, primary = _primary_for_merge(ctx, payload)
    MatterLink.objects.get_or_create(source=ctx.matter, target=primary.matter, kind=LinkKind.DUPLICATE_OF,
                                     defaults={"created_by": ctx.actor})
    Suggestion.objects.filter(pk=item.pk).update(merged_into=primary)


def _check_split(ctx, payload):
    if len(payload["units"]) < 2:
        raise ActionError(_("Split handling needs at least two lead units."), fields={"units": "at least two"})
    if item_of(ctx.matter).parent_id:
        raise ActionError(_("A part of a split item cannot be split again."), fields={"units": "part"})
    _check_reply_limit(ctx, payload)


def _split(ctx, payload):
    from zhengban.engine.actions import do_open_matter, do_transition

    parent_matter = ctx.matter
    parent = item_of(parent_matter)
    authors = list(parent.authors.all())
    for index, code in enumerate(payload["units"], start=1):
        number = f"{parent.number}-{index}"
        part_matter = do_open_matter(ctx.actor, TYPE, title=parent_matter.title, body=parent_matter.body,
                                     classification=parent_matter.classification,
                                     classification_period=parent_matter.classification_period)
        Matter.objects.filter(pk=part_matter.pk).update(number=matter_number(parent.kind, number))
        part = Suggestion.objects.create(matter=part_matter, session_id=parent.session_id, kind=parent.kind,
                                         number=number, category=parent.category, parent=parent)
        Author.objects.bulk_create([Author(suggestion=part, name=a.name, position=a.position) for a in authors])
        MatterLink.objects.create(source=part_matter, target=parent_matter, kind=LinkKind.RELATED, created_by=ctx.actor)
        do_transition(ctx.actor, part_matter, "assign", {"lead_unit": code})


def matter_number(kind, number):
    return f"{'建议' if kind == 'npc' else '提案'}第{number}号"


office = any_of(holds_task(), has_role(OFFICER))
lead_handler = holds_task("handle")
NOTE = Field("note", "longtext", "Note", "备注", required=False)

FLOW = register(
    Flow(
        type=TYPE,
        label_en="Deputy's suggestion or CPPCC proposal",
        label_zh="建议提案",
        initial="registered",
        parameters={
            RETURN_LIMIT_KEY: [5, "working_days"],
            CO_VIEWS_KEY: [1, "months"],
        },
        states=(
            State("registered", "To be assigned", "待交办"),
            State("assigned", "Awaiting the unit's sign-off", "待签收"),
            State("handling", "Being handled", "办理中"),
            State("replied", "Replied, awaiting feedback", "已答复待反馈"),
            State("closed", "Closed", "已办结", terminal=True),
            State("merged", "Merged into another item", "已并案", terminal=True),
            State("split", "Split among units", "已分办", terminal=True),
        ),
        transitions=(
            Transition(
                "assign", ("registered",), "assigned", "Assign (交办)", "交办",
                allowed=has_role(OFFICER),
                form=Form((
                    Field("lead_unit", "unit", "Lead unit (主办)", "主办单位"),
                    Field("co_units", "units", "Co-units (协办/会办)", "协办（会办）单位", required=False),
                    NOTE,
                )),
                guards=(_check_reply_limit,),
                effects=(_assign,),
                deadline=Deadline(REPLY_LIMIT_KEY, 3, "months"),
                opens=(TaskSpec(_lead_unit),),
            ),
            Transition(
                "split", ("registered",), "split", "Split among units (分办)", "分办",
                allowed=has_role(OFFICER),
                form=Form((Field("units", "units", "Lead units, one per part", "各分办主办单位"), NOTE)),
                guards=(_check_split,),
                effects=(_split,),
                style="secondary",
            ),
            Transition(
                "merge", ("registered",), "merged", "Merge into another item (并案)", "并案办理",
                allowed=has_role(OFFICER),
                form=Form((Field("into", "text", "Number of the item handled for it (same session)", "并入的同届建议提案编号",
                                 max_length=40), NOTE)),
                guards=(_check_merge,),
                effects=(_merge,),
                style="secondary",
            ),
            Transition(
                "accept", ("assigned",), "handling", "Sign for it (签收)", "签收",
                allowed=lead_handler,
                form=Form((NOTE,)),
                effects=(_open_co_unit_views,),
                opens=(TaskSpec(_lead_unit),),
            ),
            Transition(
                "return-to-office", ("assigned",), "registered", "Not our matter: return to the Supervision Office",
                "非本单位职责，退回督查室",
                allowed=lead_handler,
                form=Form((Field("reason", "longtext", "Reason", "退回理由"),)),
                guards=(_check_return,),
                effects=(_return,),
                opens=(TaskSpec(_office),),
                style="secondary",
            ),
            Transition(
                "reply", ("handling",), "replied", "Reply to the authors", "答复代表委员",
                allowed=lead_handler,
                requires_countersign_done=True,
                form=Form((
                    Field("result_code", "choice", "Result code", "办理结果类别", choices=ResultCodeChoices()),
                    Field("reply", "longtext", "Reply letter text", "答复函正文", max_length=20000),
                )),
                effects=(_reply,),
                opens=(TaskSpec(_office),),
            ),
            Transition(
                "feedback", ("replied",), "closed", "Record the author's feedback and close", "登记代表委员反馈并办结",
                allowed=office,
                form=Form((
                    Field("feedback", "choice", "Author's feedback", "代表委员意见", choices=(
                        (Feedback.SATISFIED.value, "Satisfied (满意)"),
                        (Feedback.BASICALLY_SATISFIED.value, "Basically satisfied (基本满意)"),
                    )),
                    NOTE,
                )),
                effects=(_record_feedback(Feedback.SATISFIED),),
            ),
            Transition(
                "dissatisfied", ("replied",), "handling", "Author dissatisfied: handle again", "代表委员不满意，重新办理",
                allowed=office,
                form=Form((Field("reason", "longtext", "What the author finds lacking", "不满意的理由"),)),
                effects=(_record_feedback(Feedback.DISSATISFIED),),
                deadline=Deadline(REHANDLE_KEY, 1, "months"),
                opens=(TaskSpec(_lead_unit),),
                style="secondary",
            ),
        ),
    )
)
