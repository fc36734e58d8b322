"""The two seal flows (Secretariat Section 1 keeps the seals):

- "seal-request" (用印申请): draft → approval (the seal's approver) → approved (the keeper applies the
  seal and records the use) → closed; or refused with a reason, or cancelled by the requester.
- "seal-engraving" (刻制印章): draft → approval (the secretary-general) → approved (the engraving
  unit has it made) → engraved (the Seal row exists) → handed over; or refused, or cancelled.

Who approves a seal request depends on the seal's kind: a flow parameter an administrator can
change (`approvers`: kind → {"roles": […]} for office-wide leaders, or {"unit": code, "roles": […]}
for a unit's heads).
"""

from django.utils.translation import gettext as _

from zhengban.core.errors import ActionError, NotAllowed
from zhengban.core.models import Person, RoleCode, Unit
from zhengban.engine.access import any_of, holds_task, is_creator
from zhengban.engine.fields import Field, Form
from zhengban.engine.flow import Assignee, Flow, State, TaskSpec, Transition, register
from zhengban.engine.parameters import flow_parameter

REQUEST = "seal-request"
ENGRAVING = "seal-engraving"

LEADERS = [RoleCode.DEPUTY_SECRETARY_GENERAL, RoleCode.SECRETARY_GENERAL]
DEFAULT_APPROVERS = {
    "government": {"roles": LEADERS},
    "mayor": {"roles": LEADERS},
    "office": {"unit": "secretariat-1", "roles": [RoleCode.CHIEF]},
    "special": {"unit": "secretariat-1", "roles": [RoleCode.CHIEF]},
}


def assignees_for(rule):
    """The tasks a rule {"roles": [...], "unit"?: code} opens: the unit's role, or each leader holding a role."""
    roles = [str(r) for r in rule.get("roles", [])]
    if rule.get("unit"):
        unit = Unit.objects.filter(code=rule["unit"]).first()
        if unit is None:
            raise ActionError(_("The approving unit %(code)s does not exist; ask an administrator.") % {"code": rule["unit"]})
        return [Assignee(unit=unit, role=role) for role in roles]
    people = list(Person.objects.filter(is_active=True, roles__role__in=roles).distinct().order_by("username"))
    if not people:
        raise ActionError(_("Nobody holds the approving role (%(roles)s); ask an administrator.") % {"roles": ", ".join(roles)})
    return people


def _seal_approvers(ctx, payload):
    seal = ctx.matter.seal_request.seal
    rule = flow_parameter(REQUEST_FLOW, "approvers").get(seal.kind)
    if not rule:
        raise ActionError(_("No approver is configured for seals of this kind; ask an administrator."))
    return assignees_for(rule)


def _keeper_unit(ctx, payload):
    return [Assignee(unit=ctx.matter.seal_request.seal.keeper_unit)]


def _not_own_request(ctx, payload):
    if ctx.actor.pk == ctx.matter.creator_id:
        raise NotAllowed(_("You cannot approve your own request."))


def _record_approval(ctx, payload):
    from .models import SealRequest

    SealRequest.objects.filter(matter=ctx.matter).update(approved_by=ctx.actor)


def _check_use(ctx, payload):
    request = ctx.matter.seal_request
    if payload["impressions"] > request.impressions:
        raise ActionError(
            _("At most %(n)d impressions were approved.") % {"n": request.impressions},
            fields={"impressions": "more than approved"},
        )


def _write_use(ctx, payload):
    from django.utils.dateparse import parse_datetime

    from .actions import write_use

    request = ctx.matter.seal_request
    used_at = parse_datetime(payload["used_at"]) if payload.get("used_at") else None
    write_use(
        ctx.actor, request.seal, matter=request.document, impressions=payload["impressions"],
        note=payload.get("note", ""), used_at=used_at, approved_by=request.approved_by,
        requested_by=ctx.matter.creator, purpose=request.purpose, request=ctx.matter,
    )


submitter = holds_task()
cancel_by_requester = any_of(is_creator)

REQUEST_FLOW = register(
    Flow(
        type=REQUEST,
        label_en="Seal use request",
        label_zh="用印申请",
        initial="draft",
        parameters={"approvers": DEFAULT_APPROVERS},
        states=(
            State("draft", "Draft", "起草"),
            State("approval", "Awaiting approval", "待审批"),
            State("approved", "Approved, awaiting the seal", "待用印"),
            State("closed", "Seal applied", "已用印", terminal=True),
            State("refused", "Refused", "未批准", terminal=True),
            State("cancelled", "Cancelled", "已撤销", terminal=True),
        ),
        transitions=(
            Transition("submit", ("draft",), "approval", "Submit for approval", "提交审批", allowed=submitter,
                       opens=(TaskSpec(_seal_approvers, kind="approve"),)),
            Transition("approve", ("approval",), "approved", "Approve", "批准",
                       allowed=holds_task("approve"), guards=(_not_own_request,),
                       form=Form((Field("note", "longtext", "Opinion", "审批意见", required=False),)),
                       effects=(_record_approval,), opens=(TaskSpec(_keeper_unit),)),
            Transition("refuse", ("approval",), "refused", "Refuse", "不予批准",
                       allowed=holds_task("approve"), guards=(_not_own_request,),
                       form=Form((Field("reason", "longtext", "Reason", "理由"),)), style="danger"),
            Transition("record_use", ("approved",), "closed", "Record the use of the seal", "登记用印",
                       allowed=holds_task(),
                       form=Form((
                           Field("impressions", "int", "Impressions made", "用印次数"),
                           Field("used_at", "datetime", "Used at", "用印时间", required=False),
                           Field("note", "longtext", "Note", "备注", required=False),
                       )),
                       guards=(_check_use,), effects=(_write_use,)),
            Transition("cancel", ("draft", "approval", "approved"), "cancelled", "Cancel", "撤销",
                       allowed=cancel_by_requester, form=Form((Field("reason", "longtext", "Reason", "理由"),)),
                       style="danger"),
        ),
    )
)


def _engraving_approvers(ctx, payload):
    return assignees_for({"roles": flow_parameter(ENGRAVING_FLOW, "approver_roles")})


def _engraving_unit(ctx, payload):
    code = flow_parameter(ENGRAVING_FLOW, "engraving_unit")
    return assignees_for({"unit": code, "roles": [""]})


def _engrave(ctx, payload):
    from .actions import create_engraved_seal

    create_engraved_seal(ctx.actor, ctx.matter.seal_engraving, payload["engraved_on"])


def _record_handover(ctx, payload):
    from .models import SealEngraving

    SealEngraving.objects.filter(matter=ctx.matter).update(handed_over_to=payload["handed_over_to"])


ENGRAVING_FLOW = register(
    Flow(
        type=ENGRAVING,
        label_en="Seal engraving request",
        label_zh="刻制印章申请",
        initial="draft",
        parameters={"approver_roles": [RoleCode.SECRETARY_GENERAL], "engraving_unit": "secretariat-1"},
        states=(
            State("draft", "Draft", "起草"),
            State("approval", "Awaiting approval", "待审批"),
            State("approved", "Approved, to be engraved", "待刻制"),
            State("engraved", "Engraved, to be handed over", "待交付"),
            State("handed-over", "Handed over", "已交付", terminal=True),
            State("refused", "Refused", "未批准", terminal=True),
            State("cancelled", "Cancelled", "已撤销", terminal=True),
        ),
        transitions=(
            Transition("submit", ("draft",), "approval", "Submit for approval", "提交审批", allowed=submitter,
                       opens=(TaskSpec(_engraving_approvers, kind="approve"),)),
            Transition("approve", ("approval",), "approved", "Approve", "批准",
                       allowed=holds_task("approve"), guards=(_not_own_request,),
                       form=Form((Field("note", "longtext", "Opinion", "审批意见", required=False),)),
                       opens=(TaskSpec(_engraving_unit),)),
            Transition("refuse", ("approval",), "refused", "Refuse", "不予批准",
                       allowed=holds_task("approve"), guards=(_not_own_request,),
                       form=Form((Field("reason", "longtext", "Reason", "理由"),)), style="danger"),
            Transition("engrave", ("approved",), "engraved", "Record the engraving", "登记刻制",
                       allowed=holds_task(),
                       form=Form((Field("engraved_on", "date", "Engraved on", "刻制日期"),)),
                       effects=(_engrave,), opens=(TaskSpec(lambda ctx, payload: [ctx.actor]),)),
            Transition("hand_over", ("engraved",), "handed-over", "Record the handover", "登记交付",
                       allowed=holds_task(),
                       form=Form((
                           Field("handed_over_to", "text", "Handed over to", "交付对象", max_length=200),
                           Field("note", "longtext", "Note", "备注", required=False),
                       )),
                       effects=(_record_handover,)),
            Transition("cancel", ("draft", "approval"), "cancelled", "Cancel", "撤销",
                       allowed=cancel_by_requester, form=Form((Field("reason", "longtext", "Reason", "理由"),)),
                       style="danger"),
        ),
    )
)
