"""The two declared flows of meetings.

Topic (议题申报): a department proposes → the responsible leader agrees (or sends it back) → the
agenda setter (the mayor, or whoever the `agenda_setter_role` parameter names, e.g. the
secretary-general by delegation) puts it on a meeting's agenda or defers it → discussed at the meeting.

Meeting: scheduled → notice sent → held → minutes drafting (Secretariat Section 1) → minutes review
(the secretary-general) → awaiting signature → minutes signed (by the mayor; numbered 纪要〔year〕n号)
→ closed when the Supervision Office has opened a supervision item for every decision.
"""

from django.utils.translation import gettext as _

from zhengban.core.errors import ActionError
from zhengban.core.models import LEADER_ROLES, Person, RoleCode
from zhengban.engine.access import any_of, holds_task, is_creator
from zhengban.engine.fields import Field, Form
from zhengban.engine.flow import Assignee, Flow, State, TaskSpec, Transition, register
from zhengban.engine.parameters import flow_parameter

from . import effects

TOPIC = "meeting-topic"
MEETING = "meeting"
SUPERVISION_UNIT = "supervision"


def people_with_role(role):
    return list(Person.objects.filter(roles__role=role, is_active=True).order_by("pk"))


def agenda_setter(ctx):
    role = flow_parameter(TOPIC_FLOW, "agenda_setter_role")
    return ctx.acting.has_role(role)


agenda_setter.describe = "the agenda setter (parameter agenda_setter_role)"


def organizer(ctx):
    """Secretariat Section 1 (parameter organizer_unit) prepares meetings and drafts the minutes."""
    code = flow_parameter(MEETING_FLOW, "organizer_unit")
    return any(who.unit_id and who.unit.code == code for who in ctx.acting.each_identity())


organizer.describe = "a member of the organizing unit (parameter organizer_unit)"


def _organizer_unit_id(ctx):
    from zhengban.core.models import Unit

    return Unit.objects.filter(code=flow_parameter(MEETING_FLOW, "organizer_unit")).values_list("pk", flat=True).first()


# Topic flow


def _topic_leader(ctx, payload):
    return [Assignee(person=ctx.matter.topic.leader_id)]


def _proposer(ctx, payload):
    return [Assignee(person=ctx.matter.creator_id)]


def _agenda_setters(ctx, payload):
    return [Assignee(person=p.pk) for p in people_with_role(flow_parameter(TOPIC_FLOW, "agenda_setter_role"))]


def _check_leader(ctx, payload):
    leader = Person.objects.filter(username=payload["leader"]).first()
    if not leader.role_codes() & {RoleCode.MAYOR, RoleCode.VICE_MAYOR, RoleCode.SECRETARY_GENERAL}:
        raise ActionError(_("A topic goes through its responsible mayor, vice mayor or secretary-general."),
                          fields={"leader": payload["leader"]})


TOPIC_FLOW = register(
    Flow(
        type=TOPIC,
        label_en="Meeting topic",
        label_zh="会议议题",
        initial="draft",
        parameters={"agenda_setter_role": RoleCode.MAYOR.value},
        states=(
            State("draft", "Being prepared", "拟申报"),
            State("with-leader", "With the responsible leader", "待分管领导审核"),
            State("agreed", "Awaiting the agenda", "待安排议程"),
            State("on-agenda", "On a meeting's agenda", "已列入议程"),
            State("deferred", "Deferred", "暂缓上会"),
            State("discussed", "Discussed", "已上会", terminal=True),
            State("withdrawn", "Withdrawn", "已撤回", terminal=True),
        ),
        transitions=(
            Transition(
                "submit", ("draft",), "with-leader", "Submit to the responsible leader", "报分管领导",
                allowed=holds_task(),
                form=Form((Field("leader", "person", "Responsible leader", "分管领导"),)),
                guards=(_check_leader,),
                effects=(effects.set_topic_leader,),
                opens=(TaskSpec(_topic_leader, kind="approve"),),
            ),
            Transition(
                "agree", ("with-leader",), "agreed", "Agree to put it forward", "同意上会",
                allowed=holds_task("approve"),
                form=Form((Field("opinion", "longtext", "Opinion", "意见", required=False),)),
                opens=(TaskSpec(_agenda_setters, kind="approve"),),
            ),
            Transition(
                "send-back", ("with-leader",), "draft", "Send back to the department", "退回修改",
                allowed=holds_task("approve"),
                form=Form((Field("reason", "longtext", "What needs to change", "退回理由"),)),
                opens=(TaskSpec(_proposer),),
                style="secondary",
            ),
            Transition(
                "schedule", ("agreed", "deferred"), "on-agenda", "Put on a meeting's agenda", "列入会议议程",
                allowed=any_of(holds_task("approve"), agenda_setter),
                form=Form((Field("meeting", "int", "Meeting (number in the list)", "会议（编号）"),)),
                guards=(effects.check_meeting_open,),
                effects=(effects.add_to_agenda,),
                opens=(TaskSpec(_proposer, kind="read"),),
            ),
            Transition(
                "defer", ("agreed", "on-agenda"), "deferred", "Defer", "暂缓上会",
                allowed=any_of(holds_task("approve"), agenda_setter),
                form=Form((Field("reason", "longtext", "Reason", "理由"),)),
                effects=(effects.remove_from_open_agendas,),
                opens=(TaskSpec(_proposer, kind="read"),),
                style="secondary",
            ),
            Transition(
                "discuss", ("on-agenda",), "discussed", "Record as discussed", "已上会",
                allowed=any_of(organizer, agenda_setter),
                form=Form((Field("note", "longtext", "Note", "备注", required=False),)),
            ),
            Transition(
                "withdraw-topic", ("draft",), "withdrawn", "Withdraw the proposal", "撤回申报",
                allowed=is_creator,
                form=Form((Field("reason", "longtext", "Reason", "理由"),)),
                style="danger",
            ),
        ),
    )
)


# Meeting flow


def _attendees(ctx, payload):
    return [Assignee(person=pid) for pid in ctx.matter.meeting.attendance.values_list("person_id", flat=True)]


def _actor(ctx, payload):
    return [ctx.actor]


def _organizer_unit(ctx, payload):
    return [Assignee(unit=_organizer_unit_id(ctx))]


def _role_holders(key):
    def assignees(ctx, payload):
        return [Assignee(person=p.pk) for p in people_with_role(flow_parameter(MEETING_FLOW, key))]

    return assignees


def _hand_over_to(ctx, payload):
    """The Supervision Office opens the decisions' items; without decisions the organizer closes the meeting."""
    if ctx.matter.meeting.decisions.exists():
        from zhengban.core.models import Unit

        unit = Unit.objects.filter(code=SUPERVISION_UNIT).first()
        if unit is not None:
            return [Assignee(unit=unit.pk, role=RoleCode.SUPERVISION_OFFICER)]
    return [Assignee(unit=_organizer_unit_id(ctx))]


def _supervision_officer(ctx):
    return any(
        who.has_role(RoleCode.SUPERVISION_OFFICER) and who.unit_id and who.unit.code == SUPERVISION_UNIT
        for who in ctx.acting.each_identity()
    )


def _leader(ctx):
    return ctx.acting.has_role(*LEADER_ROLES)


MEETING_FLOW = register(
    Flow(
        type=MEETING,
        label_en="Meeting",
        label_zh="会议",
        initial="scheduled",
        parameters={
            "organizer_unit": "secretariat-1",
            "reviewer_role": RoleCode.SECRETARY_GENERAL.value,
            "signer_role": RoleCode.MAYOR.value,
        },
        states=(
            State("scheduled", "Scheduled", "已安排"),
            State("notice-sent", "Notice sent", "已发通知"),
            State("held", "Held", "已召开"),
            State("minutes-drafting", "Minutes being drafted", "纪要起草"),
            State("minutes-review", "Minutes under review", "纪要审核"),
            State("minutes-signing", "Minutes awaiting signature", "纪要待签发"),
            State("minutes-signed", "Minutes signed", "纪要已签发"),
            State("closed", "Closed", "已办结", terminal=True),
            State("cancelled", "Cancelled", "已取消", terminal=True),
        ),
        transitions=(
            Transition(
                "send-notice", ("scheduled",), "notice-sent", "Send the notice", "发送会议通知",
                allowed=any_of(holds_task(), organizer),
                form=Form((Field("note", "longtext", "Note to attendees", "通知附言", required=False),)),
                guards=(effects.check_attendees,),
                opens=(TaskSpec(_actor), TaskSpec(_attendees, kind="read")),
                after_commit=(effects.send_notice,),
            ),
            Transition(
                "hold", ("notice-sent",), "held", "Record that the meeting was held", "会议已召开",
                allowed=any_of(holds_task(), organizer),
                form=Form((Field("note", "longtext", "Note", "备注", required=False),)),
                effects=(effects.topics_discussed,),
                opens=(TaskSpec(_organizer_unit),),
            ),
            Transition(
                "draft-minutes", ("held",), "minutes-drafting", "Start the minutes", "起草纪要",
                allowed=any_of(holds_task(), organizer),
                effects=(effects.prefill_minutes,),
                opens=(TaskSpec(_actor),),
            ),
            Transition(
                "submit-minutes", ("minutes-drafting",), "minutes-review", "Submit the minutes for review", "送审纪要",
                allowed=any_of(holds_task(), organizer),
                guards=(effects.check_minutes,),
                opens=(TaskSpec(_role_holders("reviewer_role"), kind="approve"),),
            ),
            Transition(
                "pass-review", ("minutes-review",), "minutes-signing", "Approve the minutes for signature", "审核通过，呈签",
                allowed=holds_task("approve"),
                form=Form((Field("opinion", "longtext", "Opinion", "审核意见", required=False),)),
                opens=(TaskSpec(_role_holders("signer_role"), kind="approve"),),
            ),
            Transition(
                "return-minutes", ("minutes-review", "minutes-signing"), "minutes-drafting", "Return the minutes for changes",
                "退回修改纪要",
                allowed=holds_task("approve"),
                form=Form((Field("reason", "longtext", "What needs to change", "退回理由"),)),
                opens=(TaskSpec(_organizer_unit),),
                style="secondary",
            ),
            Transition(
                "sign-minutes", ("minutes-signing",), "minutes-signed", "Sign the minutes", "签发纪要",
                allowed=holds_task("approve"),
                form=Form((Field("opinion", "longtext", "Opinion", "签发意见", required=False),)),
                guards=(effects.check_minutes,),
                number="minutes",
                effects=(effects.record_signature,),
                opens=(TaskSpec(_hand_over_to),),
            ),
            Transition(
                "hand-over", ("minutes-signed",), "closed", "Open a supervision item for each decision", "决定事项转督办",
                allowed=any_of(holds_task(), _supervision_officer),
                form=Form((Field("cadence", "choice", "Reporting cadence", "反馈周期", required=False,
                                 choices=effects.CADENCES),)),
                effects=(effects.open_decision_items,),
            ),
            Transition(
                "cancel", ("scheduled", "notice-sent"), "cancelled", "Cancel the meeting", "取消会议",
                allowed=any_of(holds_task(), organizer, _leader),
                form=Form((Field("reason", "longtext", "Reason", "理由"),)),
                effects=(effects.release_rooms,),
                after_commit=(effects.send_cancellation,),
                style="danger",
            ),
        ),
    )
)

