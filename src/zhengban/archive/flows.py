"""The disposition list's flow (销毁 / 移交): draft (the archivist reviews the proposed list) →
approval (the secretary-general) → approved (the archivist carries it out) → executed; or back to
draft with the approver's reasons, or cancelled.

Executing marks every record on the list disposed with the list's number; it is refused while any
record on the list is under a legal hold.
"""

from django.utils.translation import gettext as _

from zhengban.core.errors import ActionError
from zhengban.core.models import Person, RoleCode
from zhengban.engine.access import any_of, holds_task, is_creator
from zhengban.engine.fields import Field, Form
from zhengban.engine.flow import Flow, State, TaskSpec, Transition, register
from zhengban.engine.parameters import flow_parameter

TYPE = "disposition"


def _approvers(ctx, payload):
    roles = flow_parameter(FLOW, "approver_roles")
    people = list(Person.objects.filter(is_active=True, roles__role__in=roles).distinct().order_by("username"))
    if not people:
        raise ActionError(_("Nobody holds the approving role (%(roles)s); ask an administrator.") % {"roles": ", ".join(roles)})
    return people


def _archivist(ctx, payload):
    return [ctx.matter.creator]


def _no_records_held(ctx, payload):
    from .disposition import held_on_list

    held = held_on_list(ctx.matter)
    if held:
        raise ActionError(
            _("%(n)d record(s) on this list are under a legal hold: %(numbers)s. Release the holds, or cancel this list and propose a new one.")
            % {"n": len(held), "numbers": ", ".join(held)},
            code="held",
        )


def _execute(ctx, payload):
    from .disposition import execute_list

    execute_list(ctx.actor, ctx.matter)


FLOW = register(
    Flow(
        type=TYPE,
        label_en="Disposition list",
        label_zh="档案处置清册",
        initial="draft",
        parameters={"approver_roles": [RoleCode.SECRETARY_GENERAL], "transfer_after_years": 10},
        states=(
            State("draft", "Draft", "拟定"),
            State("approval", "Awaiting approval", "待审批"),
            State("approved", "Approved, to be carried out", "待执行"),
            State("executed", "Executed", "已执行", terminal=True),
            State("cancelled", "Cancelled", "已撤销", terminal=True),
        ),
        transitions=(
            Transition("submit", ("draft",), "approval", "Submit for approval", "提交审批", allowed=holds_task(),
                       opens=(TaskSpec(_approvers, kind="approve"),)),
            Transition("approve", ("approval",), "approved", "Approve", "批准", allowed=holds_task("approve"),
                       form=Form((Field("note", "longtext", "Opinion", "审批意见", required=False),)),
                       opens=(TaskSpec(_archivist),)),
            Transition("send_back", ("approval",), "draft", "Send back", "退回修改", allowed=holds_task("approve"),
                       form=Form((Field("reason", "longtext", "Reason", "理由"),)), opens=(TaskSpec(_archivist),),
                       style="secondary"),
            Transition("execute", ("approved",), "executed", "Carry out", "执行处置", allowed=holds_task(),
                       form=Form((Field("note", "longtext", "Note (how, where, witnesses)", "执行情况（方式、地点、监销人）"),)),
                       guards=(_no_records_held,), effects=(_execute,)),
            Transition("cancel", ("draft", "approved"), "cancelled", "Cancel", "撤销",
                       allowed=any_of(is_creator), form=Form((Field("reason", "longtext", "Reason", "理由"),)),
                       style="danger"),
        ),
    )
)
