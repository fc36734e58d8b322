"""The petition flow (信访事项办理), every clock of the 信访工作条例 a declared deadline:

registered ─forward/assign→ awaiting acceptance ─accept→ accepted ─reply→ replied ─close→ closed
     │  └─not accept / to discipline inspection (end)     │  └object→ registered      │
     └─refuse as already concluded (end)          extension requested ⇄ (once)       └request review→
review requested ─decide→ reviewed ─request second review→ second review requested ─decide→ concluded
"""

from django.utils import timezone
from django.utils.translation import gettext as _

from zhengban.core.errors import ActionError
from zhengban.core.models import RoleCode, Unit
from zhengban.deadlines.compute import compute_due, end_of_day
from zhengban.engine.access import any_of, has_role, holds_task, in_creator_unit
from zhengban.engine.fields import Field, Form
from zhengban.engine.flow import Assignee, Flow, State, TaskSpec, Transition, register

from . import clocks
from .models import Category, Mode, Outcome, Petition, Rating

TYPE = "petition"

petition_office = any_of(in_creator_unit, has_role(RoleCode.PETITION_OFFICER))


def petition_of(ctx):
    if getattr(ctx, "petition", None) is None:
        ctx.petition = Petition.objects.get(matter_id=ctx.matter.pk)
    return ctx.petition


def _update(ctx, **values):
    Petition.objects.filter(matter_id=ctx.matter.pk).update(**values)


# Assignees


def _office(ctx, payload):
    """The registering office (the creator's unit) keeps the petition between steps."""
    return [Assignee(unit=ctx.matter.creator_unit_id)]


def _office_chief(ctx, payload):
    return [Assignee(unit=ctx.matter.creator_unit_id, role=RoleCode.CHIEF)]


def _handling_unit(ctx, payload):
    return [Assignee(unit=ctx.matter.lead_unit_id)]


def _actor(ctx, payload):
    return [ctx.actor]


def _extension_requester(ctx, payload):
    return [Assignee(person=ctx.matter.data["extension_request"]["by"])]


# Guards


def _not_against_officials(ctx, payload):
    if petition_of(ctx).against_officials:
        raise ActionError(_("An accusation against officials goes to discipline inspection (市纪委监委)."),
                          code="discipline_only")


def _is_accusation(ctx, payload):
    if petition_of(ctx).category != Category.ACCUSATION:
        raise ActionError(_("Only accusations go to discipline inspection."), code="not_accusation")


def _assigned_date_ahead(ctx, payload):
    if payload["due_date"] <= timezone.localdate().isoformat():
        raise ActionError(_("The assigned deadline must lie in the future."), fields={"due_date": "past"})


def _object_in_time(ctx, payload):
    petition = petition_of(ctx)
    if petition.object_by and timezone.now() > petition.object_by:
        raise ActionError(
            _("The time to object has passed (%(n)s working days after the petition was forwarded); accept and handle it.")
            % {"n": clocks.limit(FLOW, clocks.OBJECT)[0]},
            code="objection_late",
        )


def _extension_allowed(ctx, payload):
    if petition_of(ctx).extension_days or ctx.matter.data.get("extension_request"):
        raise ActionError(_("The handling time can be extended only once."), code="second_extension")
    most = clocks.limit(FLOW, clocks.EXTENSION)[0]
    if not 1 <= payload["days"] <= most:
        raise ActionError(_("An extension is at most %(n)s days.") % {"n": most}, fields={"days": "too long"},
                          code="extension_too_long")


def _window(field_name, what):
    def guard(ctx, payload):
        ends = getattr(petition_of(ctx), field_name)
        if ends is None or timezone.now() > ends:
            raise ActionError(
                _("The time to request a %(what)s has passed.") % {"what": what()}, code="request_late"
            )

    return guard


def _not_rated(ctx, payload):
    if petition_of(ctx).rating:
        raise ActionError(_("The petitioner has already rated the handling."), code="rated")


# Effects


def _route(mode):
    def effect(ctx, payload):
        from zhengban.documents.models import Organization

        matter = ctx.matter
        matter.lead_unit = Unit.objects.get(code=payload["handling_unit"])
        body = None
        if payload.get("receiving_body"):
            body = Organization.objects.filter(code=payload["receiving_body"]).first()
            if body is None:
                raise ActionError(_("Please correct the highlighted fields."),
                                  fields={"receiving_body": _("Unknown organization.")})
        now = timezone.now()
        _update(ctx, mode=mode, receiving_body=body, forwarded_at=now,
                object_by=clocks.due_after(FLOW, clocks.OBJECT, now), assigned_due=payload.get("due_date"))

    return effect


def _refuse(ctx, payload):
    _update(ctx, refusal_reason=payload["reason"])


def _to_discipline(ctx, payload):
    from .discipline import discipline_body

    matter = ctx.matter
    matter.lead_unit = None
    _update(ctx, mode=Mode.FORWARD, receiving_body=discipline_body(), forwarded_at=timezone.now())


def _objected(ctx, payload):
    ctx.matter.lead_unit = None
    _update(ctx, mode="", receiving_body=None, forwarded_at=None, object_by=None, assigned_due=None)


def _accept(ctx, payload):
    petition = petition_of(ctx)
    if petition.assigned_due:
        assigned = end_of_day(petition.assigned_due)
        if assigned < ctx.matter.due_at:
            ctx.matter.due_at = assigned
    _update(ctx, acceptance_notice=payload["notice"], accepted_at=timezone.now())


def _request_extension(ctx, payload):
    ctx.matter.data["extension_request"] = {"days": payload["days"], "reason": payload["reason"], "by": ctx.actor.pk}


def _approve_extension(ctx, payload):
    request = ctx.matter.data["extension_request"]
    unit = clocks.limit(FLOW, clocks.EXTENSION)[1]
    due = compute_due(ctx.matter.due_at, request["days"], unit)
    ctx.matter.due_at, ctx.matter.due_provisional = due.at, due.provisional or ctx.matter.due_provisional
    ctx.matter.data["extension_request"] = {**request, "approved": True}
    _update(ctx, extension_days=request["days"], extension_notice=payload["notice"])


def _refuse_extension(ctx, payload):
    ctx.matter.data["extension_request"] = {**ctx.matter.data["extension_request"], "approved": False}


def _reply(ctx, payload):
    now = timezone.now()
    ctx.matter.due_at = None
    _update(ctx, outcome=payload["outcome"], reply=payload["reply"], replied_at=now,
            review_by=clocks.due_after(FLOW, clocks.REVIEW_REQUEST, now))


def _rate(ctx, payload):
    _update(ctx, rating=payload["rating"], rated_at=timezone.now())


def _decide_review(ctx, payload):
    now = timezone.now()
    ctx.matter.due_at = None
    _update(ctx, review_decision=payload["decision"], reviewed_at=now,
            re_review_by=clocks.due_after(FLOW, clocks.RE_REVIEW_REQUEST, now))


def _decide_re_review(ctx, payload):
    _update(ctx, re_review_decision=payload["decision"])


def _close(ctx, payload):
    ctx.matter.due_at = None


ROUTE_FIELDS = (
    Field("handling_unit", "unit", "Responsible unit", "责任单位"),
    Field("receiving_body", "text", "Receiving body (organization code)", "接收机关（单位代码）", required=False, max_length=80),
    Field("note", "longtext", "Note", "备注", required=False),
)
REASON = Form((Field("reason", "longtext", "Reasons (told to the petitioner in writing)", "理由（书面告知信访人）"),))
DECISION = Form((Field("decision", "longtext", "Decision", "意见"),))

FLOW = register(
    Flow(
        type=TYPE,
        label_en="Petition (letters and visits)",
        label_zh="信访事项",
        initial="registered",
        initial_deadline=clocks.DECIDE,
        parameters=clocks.parameters(),
        states=(
            State("registered", "Registered, to decide", "已登记待处理"),
            State("awaiting_acceptance", "Awaiting acceptance", "待受理"),
            State("accepted", "Being handled", "办理中"),
            State("extension_requested", "Extension awaiting approval", "延期待审批"),
            State("replied", "Replied", "已答复"),
            State("review_requested", "Under review (复查)", "复查中"),
            State("reviewed", "Review decided", "已复查"),
            State("re_review_requested", "Under second review (复核)", "复核中"),
            State("final", "Concluded after second review", "复核终结", terminal=True),
            State("closed", "Closed", "已办结", terminal=True),
            State("not_accepted", "Not accepted", "不予受理", terminal=True),
            State("discipline", "Forwarded to discipline inspection", "已转纪检监察机关", terminal=True),
        ),
        transitions=(
            Transition(
                "forward", ("registered",), "awaiting_acceptance", "Forward (转送)", "转送",
                allowed=holds_task(), form=Form(ROUTE_FIELDS), guards=(_not_against_officials,),
                effects=(_route(Mode.FORWARD),), deadline=clocks.ACCEPT, opens=(TaskSpec(_handling_unit),),
            ),
            Transition(
                "assign", ("registered",), "awaiting_acceptance", "Assign with a deadline (交办)", "交办",
                allowed=holds_task(),
                form=Form((*ROUTE_FIELDS, Field("due_date", "date", "Report the result by", "办结时限"))),
                guards=(_not_against_officials, _assigned_date_ahead),
                effects=(_route(Mode.ASSIGN),), deadline=clocks.ACCEPT, opens=(TaskSpec(_handling_unit),),
            ),
            Transition(
                "not_accept", ("registered",), "not_accepted", "Do not accept", "不予受理",
                allowed=holds_task(), form=REASON, effects=(_refuse,), style="danger",
            ),
            Transition(
                "to_discipline", ("registered",), "discipline", "Forward to discipline inspection", "转纪检监察机关",
                allowed=holds_task(), form=Form((Field("note", "longtext", "Note", "备注", required=False),)),
                guards=(_is_accusation,), effects=(_to_discipline,),
            ),
            Transition(
                "accept", ("awaiting_acceptance",), "accepted", "Accept (受理)", "受理",
                allowed=holds_task(),
                form=Form((Field("notice", "longtext", "Notice of acceptance to the petitioner", "受理告知"),)),
                effects=(_accept,), deadline=clocks.HANDLE, opens=(TaskSpec(_actor),),
            ),
            Transition(
                "object", ("awaiting_acceptance",), "registered", "Not our matter (异议)", "提出异议（非本机关职责）",
                allowed=holds_task(), form=REASON, guards=(_object_in_time,), effects=(_objected,),
                deadline=clocks.DECIDE, opens=(TaskSpec(_office),), style="secondary",
            ),
            Transition(
                "request_extension", ("accepted",), "extension_requested", "Request an extension", "申请延期",
                allowed=holds_task(),
                form=Form((Field("days", "int", "Days (at most 30)", "延长天数（不超过30日）"),
                           Field("reason", "longtext", "Reason", "理由"))),
                guards=(_extension_allowed,), effects=(_request_extension,),
                opens=(TaskSpec(_office_chief, kind="approve"),), style="secondary",
            ),
            Transition(
                "approve_extension", ("extension_requested",), "accepted", "Approve the extension", "批准延期",
                allowed=holds_task("approve"),
                form=Form((Field("notice", "longtext", "Written notice to the petitioner", "延期书面告知"),)),
                effects=(_approve_extension,), opens=(TaskSpec(_extension_requester),),
            ),
            Transition(
                "refuse_extension", ("extension_requested",), "accepted", "Refuse the extension", "不批准延期",
                allowed=holds_task("approve"), form=REASON, effects=(_refuse_extension,),
                opens=(TaskSpec(_extension_requester),), style="secondary",
            ),
            Transition(
                "reply", ("accepted",), "replied", "Reply in writing", "书面答复",
                allowed=holds_task(),
                form=Form((Field("outcome", "choice", "Outcome", "处理结果", choices=tuple(Outcome.choices)),
                           Field("reply", "longtext", "Written reply", "答复意见", max_length=20000))),
                effects=(_reply,), opens=(TaskSpec(_office),),
            ),
            Transition(
                "rate", ("replied",), "replied", "Record the petitioner's rating", "登记信访人评价",
                allowed=petition_office,
                form=Form((Field("rating", "choice", "Rating", "评价", choices=tuple(Rating.choices)),)),
                guards=(_not_rated,), effects=(_rate,), opens=(TaskSpec(_office),), style="secondary",
            ),
            Transition(
                "request_review", ("replied",), "review_requested", "Review requested (复查)", "申请复查",
                allowed=petition_office, form=REASON,
                guards=(_window("review_by", lambda: _("review (复查)")),),
                deadline=clocks.REVIEW_DECIDE, opens=(TaskSpec(_office),),
            ),
            Transition(
                "decide_review", ("review_requested",), "reviewed", "Decide the review", "作出复查意见",
                allowed=holds_task(), form=DECISION, effects=(_decide_review,), opens=(TaskSpec(_office),),
            ),
            Transition(
                "request_re_review", ("reviewed",), "re_review_requested", "Second review requested (复核)", "申请复核",
                allowed=petition_office, form=REASON,
                guards=(_window("re_review_by", lambda: _("second review (复核)")),),
                deadline=clocks.RE_REVIEW_DECIDE, opens=(TaskSpec(_office),),
            ),
            Transition(
                "decide_re_review", ("re_review_requested",), "final", "Decide the second review", "作出复核意见",
                allowed=holds_task(), form=DECISION, effects=(_decide_re_review,),
            ),
            Transition(
                "close", ("replied", "reviewed"), "closed", "Close", "办结",
                allowed=petition_office, form=Form((Field("note", "longtext", "Note", "备注", required=False),)),
                effects=(_close,),
            ),
        ),
    )
)
