"""The liaison memo's flow: draft → sent → accepted → handled → replied → closed (or back for more)."""

from zhengban.core import rows
from zhengban.core.lookups import unit_by_code, units_by_code
from zhengban.core.models import RoleCode
from zhengban.engine.access import any_of, has_role, holds_task, is_creator
from zhengban.engine.fields import Field, Form
from zhengban.engine.flow import Assignee, Deadline, Flow, State, TaskSpec, Transition, register

from .models import Memo

TYPE = "memo"


# Assignees are given by id where the flow only knows the matter's foreign keys: no row to load.


def _lead_unit(ctx, payload):
    return [Assignee(unit=ctx.matter.lead_unit_id)]


def _accepting_person(ctx, payload):
    return [ctx.actor]


def _co_units(ctx, payload):
    codes = ctx.matter.data.get("co_units")
    if codes == []:
        return []
    return [Assignee(unit=u) for u in ctx.matter.co_units.all()]


def _lead_chief(ctx, payload):
    return [Assignee(unit=ctx.matter.lead_unit_id, role=RoleCode.CHIEF)]


def _sender(ctx, payload):
    return [Assignee(person=ctx.matter.creator_id)]


def _addressed_unit(ctx, payload):
    """The lead unit named in the payload (validated by the form; units are cached per process)."""
    return unit_by_code(payload["lead_unit"])


def _address(ctx, payload):
    matter = ctx.matter
    matter.lead_unit = _addressed_unit(ctx, payload)
    co_codes = [c for c in payload.get("co_units", []) if c != payload["lead_unit"]]
    if co_codes or matter.data.get("co_units") != []:
        matter.co_units.set(units_by_code(co_codes))
    matter.data["co_units"] = co_codes
    rows.update_later(Memo, {"matter": matter.pk}, {"requested_by": payload["requested_by"]})


def _record_result(ctx, payload):
    rows.update_later(Memo, {"matter": ctx.matter.pk}, {"result": payload["result"]})


def _record_reply(ctx, payload):
    rows.update_later(Memo, {"matter": ctx.matter.pk}, {"reply": payload["reply"]})


def _not_own_unit(ctx, payload):
    from zhengban.core.errors import ActionError
    from django.utils.translation import gettext as _

    if ctx.matter.creator_unit_id and _addressed_unit(ctx, payload).pk == ctx.matter.creator_unit_id:
        raise ActionError(_("A memo goes to another unit, not to your own."), fields={"lead_unit": "own unit"})


sender = any_of(holds_task(), is_creator)

FLOW = register(
    Flow(
        type=TYPE,
        label_en="Liaison memo",
        label_zh="工作联系单",
        initial="draft",
        states=(
            State("draft", "Draft", "起草"),
            State("sent", "Awaiting acceptance", "待受理"),
            State("accepted", "Being handled", "办理中"),
            State("handled", "Reply awaiting approval", "待审核答复"),
            State("replied", "Replied", "已答复"),
            State("closed", "Closed", "已办结", terminal=True),
            State("cancelled", "Cancelled", "已撤销", terminal=True),
        ),
        transitions=(
            Transition(
                "send", ("draft",), "sent", "Send", "发送",
                allowed=holds_task(),
                form=Form((
                    Field("lead_unit", "unit", "Lead unit", "主办单位"),
                    Field("co_units", "units", "Co-units", "协办单位", required=False),
                    Field("requested_by", "date", "Reply requested by", "要求答复日期"),
                )),
                guards=(_not_own_unit,),
                effects=(_address,),
                number="memo",
                deadline=Deadline("accept_within", 2, "working_days", applies_to_matter=False),
                opens=(TaskSpec(_lead_unit),),
            ),
            Transition(
                "accept", ("sent",), "accepted", "Accept", "受理",
                allowed=holds_task(),
                form=Form((Field("note", "longtext", "Note", "备注", required=False),)),
                deadline=Deadline("handle_within", 10, "working_days"),
                opens=(TaskSpec(_accepting_person), TaskSpec(_co_units, kind="countersign")),
            ),
            Transition(
                "handle", ("accepted",), "handled", "Record the result", "办理完毕",
                allowed=holds_task(),
                requires_countersign_done=True,
                form=Form((Field("result", "longtext", "Handling result", "办理结果"),)),
                effects=(_record_result,),
                opens=(TaskSpec(_lead_chief, kind="approve"),),
            ),
            Transition(
                "reply", ("handled",), "replied", "Approve and reply", "审核并答复",
                allowed=holds_task("approve"),
                form=Form((Field("reply", "longtext", "Reply to the sender", "答复意见"),)),
                effects=(_record_reply,),
                opens=(TaskSpec(_sender),),
            ),
            Transition(
                "confirm", ("replied",), "closed", "Confirm and close", "确认办结",
                allowed=sender,
                form=Form((Field("note", "longtext", "Note", "备注", required=False),)),
            ),
            Transition(
                "reopen", ("replied",), "accepted", "Return for more work", "退回重办",
                allowed=sender,
                form=Form((Field("reason", "longtext", "What is still missing", "退回理由"),)),
                opens=(TaskSpec(_lead_unit),),
                style="secondary",
            ),
            Transition(
                "cancel", ("draft",), "cancelled", "Cancel", "撤销",
                allowed=any_of(is_creator, has_role(RoleCode.SYSTEM_ADMINISTRATOR)),
                form=Form((Field("reason", "longtext", "Reason", "理由"),)),
                style="danger",
            ),
        ),
    )
)
