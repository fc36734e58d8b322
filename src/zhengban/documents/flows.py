"""The two document flows. Incoming (收文) is declared here; outgoing (发文) in outgoing_flow.py and
registered through this module too.

Incoming: 签收 → 登记 (numbered 收文〔year〕n号) → 初审 (or returned to the sender) → 拟办 (to readers,
or to a leader) → 批办 → 承办 (lead unit, co-units countersign) → 传阅 (person to person, recallable)
→ 答复 (reply document linked) → 归档. 催办 is an action (actions.do_chase_document).
"""

from django.utils.translation import gettext as _

from zhengban.core.errors import ActionError
from zhengban.core.models import Person
from zhengban.engine.access import holds_task
from zhengban.engine.fields import Field
from zhengban.engine.flow import Assignee, Flow, State, TaskSpec, Transition, register
from zhengban.engine.models import LinkKind, Matter, MatterLink
from zhengban.engine.parameters import flow_parameter

from .outgoing_flow import FLOW as OUTGOING_FLOW  # noqa: F401  (registers the outgoing flow)
from .steps import (
    DocumentForm,
    actor,
    clerks,
    co_units,
    deadline_from,
    document_of,
    lead_unit,
    people_from,
    person_named,
    require_clearance,
    require_leader,
    secretariat_clerk,
    set_units,
)

TYPE = "incoming"
INCOMING_PREFIX = "incoming"

NOTE = Field("note", "longtext", "Note", "备注", required=False)
LEAD_UNIT = Field("lead_unit", "unit", "Lead unit", "主办单位")
CO_UNITS = Field("co_units", "units", "Co-units", "协办单位", required=False)
REPLY_DOCUMENT = Field("reply_document", "int", "Reply document (outgoing id)", "复文（发文编号）", required=False)
DEADLINE = Field("deadline", "date", "Deadline", "办理时限", required=False,
                 help_en="Empty: the default for the document's urgency.", help_zh="不填则按紧急程度确定时限。")


def _save(doc, **values):
    for key, value in values.items():
        setattr(doc, key, value)
    doc.save(update_fields=list(values))


def _store_check(ctx, payload):
    ctx.matter.data["check"] = {"passed": True, "note": payload.get("note", "")}


def _store_return(ctx, payload):
    ctx.matter.data["check"] = {"passed": False, "reasons": payload["reasons"]}
    _save(document_of(ctx), holder=None)


def _readers(ctx, payload):
    people = people_from(payload.get("readers"), "readers")
    if not people and not payload.get("reader_units"):
        raise ActionError(_("Please correct the highlighted fields."),
                          fields={"readers": _("Name at least one reader or reading unit.")})
    too_low = [p.username for p in people if p.clearance < ctx.matter.classification]
    if too_low:
        raise ActionError(_("Please correct the highlighted fields."),
                          fields={"readers": _("Lacking clearance: %(names)s.") % {"names": ", ".join(too_low)}})
    ctx.readers = people


def _reader_tasks(ctx, payload):
    from zhengban.core.models import Unit

    units = Unit.objects.filter(code__in=payload.get("reader_units") or []).order_by("code")
    return [*ctx.readers, *(Assignee(unit=u) for u in units)]


def _propose_reading(ctx, payload):
    ctx.matter.data["proposal"] = {"for_action": False, "opinion": payload.get("opinion", ""),
                                   "readers": [p.username for p in ctx.readers],
                                   "reader_units": payload.get("reader_units") or []}
    _save(document_of(ctx), for_action=False)


def _propose_action(ctx, payload):
    matter = ctx.matter
    matter.data["proposal"] = {
        "for_action": True, "opinion": payload["opinion"], "lead_unit": payload["lead_unit"],
        "co_units": payload.get("co_units") or [], "deadline": payload.get("deadline"), "leader": payload["leader"],
    }
    _save(document_of(ctx), for_action=True, holder=Person.objects.get(username=payload["leader"]))


def _instruct(ctx, payload):
    matter = ctx.matter
    set_units(matter, payload["lead_unit"], payload.get("co_units"))
    matter.due_at, matter.due_provisional = deadline_from(ctx, payload, flow_parameter(FLOW, "handle_within_by_urgency"))
    matter.due_unit = "working_days"
    _save(document_of(ctx), instruction=payload["instruction"], instructed_by=ctx.actor, holder=None)


def _record_result(ctx, payload):
    _save(document_of(ctx), result=payload["result"])
    _link_reply(ctx)


def _start_circulation(ctx, payload):
    ctx.matter.data["circulation"] = {"by": ctx.actor.username, "route": [payload["to"]]}
    _save(document_of(ctx), holder=Person.objects.get(username=payload["to"]))


def _pass_on(ctx, payload):
    circulation = ctx.matter.data.setdefault("circulation", {"by": ctx.actor.username, "route": []})
    circulation["route"] = [*circulation.get("route", []), payload["to"]]
    _save(document_of(ctx), holder=Person.objects.get(username=payload["to"]))


def _back_to_secretariat(ctx, payload):
    by = (ctx.matter.data.get("circulation") or {}).get("by")
    _save(document_of(ctx), holder=Person.objects.filter(username=by).first())


def _recalled(ctx, payload):
    _save(document_of(ctx), holder=ctx.actor)


def _reply_document(ctx, payload):
    if not payload.get("reply_document"):
        return None
    from zhengban.engine.access import visible_matters

    reply = visible_matters(ctx.actor, Matter.objects.filter(pk=payload["reply_document"], type="outgoing")).first()
    if reply is None:
        raise ActionError(_("Please correct the highlighted fields."),
                          fields={"reply_document": _("No outgoing document with this id that you may see.")})
    return reply


def _check_reply(ctx, payload):
    ctx.reply_matter = _reply_document(ctx, payload)


def _link_reply(ctx):
    reply = ctx.reply_matter
    if reply is not None:
        ctx.matter.data["reply_document"] = reply.pk
        MatterLink.objects.get_or_create(source=reply, target=ctx.matter, kind=LinkKind.REPLY_TO,
                                         defaults={"created_by": ctx.actor})


def _record_reply(ctx, payload):
    _link_reply(ctx)
    ctx.matter.data["reply"] = {"text": payload["reply"], "document": ctx.matter.data.get("reply_document")}


def _filed(ctx, payload):
    _save(document_of(ctx), holder=None)


FLOW = register(
    Flow(
        type=TYPE,
        label_en="Incoming document",
        label_zh="收文",
        initial="signed",
        states=(
            State("signed", "Signed in", "已签收"),
            State("registered", "Registered", "已登记"),
            State("proposing", "Proposed handling", "拟办"),
            State("reading", "Being read", "阅知中"),
            State("instructing", "Awaiting instruction", "待批办"),
            State("handling", "Being handled", "承办中"),
            State("handled", "Handled", "已承办"),
            State("circulating", "Circulating", "传阅中"),
            State("replied", "Replied", "已答复"),
            State("returned", "Returned to sender", "已退文", terminal=True),
            State("filed", "Filed", "已归档", terminal=True),
        ),
        parameters={
            # 承办 time limit when the leader names no date, by urgency: [amount, unit].
            "handle_within_by_urgency": {"normal": [15, "working_days"], "urgent": [5, "working_days"],
                                         "very-urgent": [2, "working_days"]},
        },
        transitions=(
            Transition(
                "register", ("signed",), "registered", "Register", "登记",
                allowed=holds_task(), number=INCOMING_PREFIX,
                form=DocumentForm((NOTE,)), opens=(TaskSpec(actor),),
            ),
            Transition(
                "check", ("registered",), "proposing", "Check passed", "初审通过",
                allowed=holds_task(), form=DocumentForm((NOTE,)),
                effects=(_store_check,), opens=(TaskSpec(actor),),
            ),
            Transition(
                "return_to_sender", ("registered",), "returned", "Return to the sender", "退回来文单位",
                allowed=holds_task(),
                form=DocumentForm((Field("reasons", "longtext", "Reasons", "退文理由"),)),
                effects=(_store_return,), style="danger",
            ),
            Transition(
                "propose_reading", ("proposing",), "reading", "For information: to readers", "拟办：送阅",
                allowed=holds_task(),
                form=DocumentForm((
                    Field("readers", "text", "Readers (usernames)", "阅件人（用户名）", required=False),
                    Field("reader_units", "units", "Reading units", "阅件单位", required=False),
                    Field("opinion", "longtext", "Proposed handling", "拟办意见", required=False),
                )),
                guards=(_readers,), effects=(_propose_reading,),
                opens=(TaskSpec(_reader_tasks, kind="read"), TaskSpec(actor)),
            ),
            Transition(
                "propose_action", ("proposing",), "instructing", "For action: to a leader", "拟办：呈领导批示",
                allowed=holds_task(),
                form=DocumentForm((
                    Field("opinion", "longtext", "Proposed handling", "拟办意见"),
                    LEAD_UNIT, CO_UNITS, DEADLINE,
                    Field("leader", "person", "Leader to instruct", "呈批领导"),
                )),
                guards=(require_leader("leader"),), effects=(_propose_action,),
                opens=(TaskSpec(person_named("leader"), kind="approve"),),
            ),
            Transition(
                "instruct", ("instructing",), "handling", "Instruct", "批示",
                allowed=holds_task("approve"),
                form=DocumentForm((
                    Field("instruction", "longtext", "Instruction", "批示意见"), LEAD_UNIT, CO_UNITS, DEADLINE,
                )),
                effects=(_instruct,),
                opens=(TaskSpec(lead_unit), TaskSpec(co_units, kind="countersign")),
            ),
            Transition(
                "handle", ("handling",), "handled", "Record the handling", "办理完毕",
                allowed=holds_task(), requires_countersign_done=True,
                form=DocumentForm((Field("result", "longtext", "Handling result", "办理结果"), REPLY_DOCUMENT)),
                guards=(_check_reply,), effects=(_record_result,), opens=(TaskSpec(clerks),),
            ),
            Transition(
                "circulate", ("handled",), "circulating", "Circulate to a leader", "传阅",
                allowed=holds_task(),
                form=DocumentForm((Field("to", "person", "To", "送交"), NOTE)),
                guards=(require_clearance("to"),), effects=(_start_circulation,),
                opens=(TaskSpec(person_named("to")),), style="secondary",
            ),
            Transition(
                "pass_on", ("circulating",), "circulating", "Read, pass on", "阅毕转送",
                allowed=holds_task(),
                form=DocumentForm((Field("to", "person", "To", "送交"),
                                   Field("opinion", "longtext", "Opinion", "阅示意见", required=False))),
                guards=(require_clearance("to"),), effects=(_pass_on,),
                opens=(TaskSpec(person_named("to")),),
            ),
            Transition(
                "end_circulation", ("circulating",), "handled", "Read, back to the secretariat", "阅毕退回秘书科",
                allowed=holds_task(),
                form=DocumentForm((Field("opinion", "longtext", "Opinion", "阅示意见", required=False),)),
                effects=(_back_to_secretariat,), opens=(TaskSpec(clerks),),
            ),
            Transition(
                "recall", ("circulating",), "handled", "Recall the circulation", "收回传阅件",
                allowed=secretariat_clerk,
                form=DocumentForm((Field("reason", "longtext", "Reason", "理由"),)),
                effects=(_recalled,), opens=(TaskSpec(clerks),), style="secondary",
            ),
            Transition(
                "reply", ("handled",), "replied", "Record the reply", "答复",
                allowed=holds_task(),
                form=DocumentForm((
                    Field("reply", "longtext", "Reply", "答复情况"), REPLY_DOCUMENT,
                )),
                guards=(_check_reply,), effects=(_record_reply,), opens=(TaskSpec(actor),),
            ),
            Transition(
                "file", ("reading", "handled", "replied"), "filed", "File", "归档",
                allowed=holds_task(), form=DocumentForm((NOTE,)), effects=(_filed,),
            ),
        ),
    )
)
