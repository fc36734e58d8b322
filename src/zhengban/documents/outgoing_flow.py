"""The drafting and outgoing flow (拟制, 发文): 起草 → unit review → office review (the regulation's five
points) → 会签 (optional) → 签发 → 复核 → 登记 and numbering → 用印 → 印发 → 核发 → 归档.

The 发文字号 is assigned by the `register` transition from the document's own prefix, inside the
transition's transaction (gap-free), and never before; no form has a number field.
"""

from zhengban.core.models import RoleCode
from zhengban.engine.access import any_of, has_role, holds_task, is_creator
from zhengban.engine.fields import Field
from zhengban.engine.flow import Flow, State, TaskSpec, Transition, register

from . import checks
from .outgoing_steps import (
    CHECKLIST,
    DRAFT_FIELDS,
    all_yes,
    assign_document_number,
    check_before_printing,
    check_recipients,
    edit_draft,
    last_signer,
    one_no,
    record_dispatch,
    record_printing,
    record_review,
    record_seal,
    record_signature,
    required_signer,
    valid_seal,
    valid_signer,
)
from .steps import DocumentForm, actor, clerks, creator, creator_unit_chief, document_of, payload_units, person_named
from .steps import secretariat as secretariat_unit

TYPE = "outgoing"

NOTE = Field("note", "longtext", "Note", "备注", required=False)
COMMENT = Field("comment", "longtext", "Review comment", "审核意见", required=False)


def enforcing(check_set):
    def guard(ctx, payload):
        checks.enforce(document_of(ctx), check_set)

    return guard


def office_reviewers(ctx, payload):
    from zhengban.engine.flow import Assignee

    return [Assignee(unit=secretariat_unit(ctx))]


office_reviewer = any_of(holds_task("approve"), has_role(RoleCode.DEPUTY_SECRETARY_GENERAL))


FLOW = register(
    Flow(
        type=TYPE,
        label_en="Outgoing document",
        label_zh="发文",
        initial="drafting",
        states=(
            State("drafting", "Drafting", "起草"),
            State("unit_review", "Unit review", "科室审核"),
            State("office_review", "Office review", "办公室审核"),
            State("countersigning", "Countersigning", "会签"),
            State("signing", "Awaiting signature", "待签发"),
            State("rechecking", "Recheck", "复核"),
            State("registering", "Registration and numbering", "登记编号"),
            State("sealing", "Sealing", "用印"),
            State("printing", "Printing", "印制"),
            State("dispatching", "Dispatch", "核发"),
            State("dispatched", "Dispatched", "已分发"),
            State("filed", "Filed", "已归档", terminal=True),
            State("cancelled", "Cancelled", "已撤销", terminal=True),
        ),
        parameters={
            # Who signs (签发) by number prefix, when the document is neither important nor upward
            # (those go to the principal leader): a role code.
            "signer_role_by_prefix": {
                "government": RoleCode.MAYOR.value, "government-letter": RoleCode.VICE_MAYOR.value,
                "office": RoleCode.SECRETARY_GENERAL.value, "office-letter": RoleCode.SECRETARY_GENERAL.value,
                "reading": RoleCode.SECRETARY_GENERAL.value, "minutes": RoleCode.MAYOR.value,
            },
            "default_signer_role": RoleCode.SECRETARY_GENERAL.value,
            "principal_role": RoleCode.MAYOR.value,
        },
        transitions=(
            Transition(
                "submit", ("drafting",), "unit_review", "Submit for unit review", "送科室审核",
                allowed=holds_task(), form=DocumentForm(DRAFT_FIELDS),
                effects=(edit_draft,), opens=(TaskSpec(creator_unit_chief, kind="approve"),),
            ),
            Transition(
                "unit_approve", ("unit_review",), "office_review", "Approve, to office review", "科室审核通过",
                allowed=holds_task("approve"),
                form=DocumentForm((Field("opinion", "longtext", "Opinion", "审核意见", required=False),)),
                guards=(enforcing(checks.BEFORE_OFFICE_REVIEW),),
                opens=(TaskSpec(office_reviewers, kind="approve"),),
            ),
            Transition(
                "office_approve", ("office_review",), "signing", "Review passed, to signing", "审核通过送签发",
                allowed=office_reviewer,
                form=DocumentForm((*CHECKLIST, COMMENT,
                                   Field("signer", "person", "Signer", "签发人", required=False,
                                         help_en="Empty: the leader the rules name.", help_zh="不填则按规定确定。"))),
                guards=(all_yes, enforcing(checks.BEFORE_SIGNING), valid_signer),
                effects=(record_review,), opens=(TaskSpec(required_signer, kind="approve"),),
            ),
            Transition(
                "office_countersign", ("office_review",), "countersigning", "Review passed, to countersign",
                "审核通过送会签",
                allowed=office_reviewer,
                form=DocumentForm((*CHECKLIST, COMMENT,
                                   Field("countersign_units", "units", "Countersigning units", "会签单位"))),
                guards=(all_yes, enforcing(checks.BEFORE_SIGNING)),
                effects=(record_review,),
                opens=(TaskSpec(payload_units("countersign_units"), kind="countersign"), TaskSpec(actor)),
            ),
            Transition(
                "office_send_back", ("office_review",), "drafting", "Send back to the drafter", "退回修改",
                allowed=office_reviewer,
                form=DocumentForm((*CHECKLIST, Field("comment", "longtext", "Review comment", "审核意见"))),
                guards=(one_no,), effects=(record_review,), opens=(TaskSpec(creator),), style="secondary",
            ),
            Transition(
                "countersign_done", ("countersigning",), "signing", "Countersigning done, to signing", "会签完毕送签发",
                allowed=holds_task(), requires_countersign_done=True,
                form=DocumentForm((NOTE, Field("signer", "person", "Signer", "签发人", required=False))),
                guards=(enforcing(checks.BEFORE_SIGNING), valid_signer),
                opens=(TaskSpec(required_signer, kind="approve"),),
            ),
            Transition(
                "sign", ("signing",), "rechecking", "Sign", "签发",
                allowed=holds_task("approve"),
                form=DocumentForm((Field("opinion", "longtext", "Signing opinion", "签发意见"),)),
                guards=(enforcing(checks.BEFORE_SIGNING),),
                effects=(record_signature,), opens=(TaskSpec(clerks),),
            ),
            Transition(
                "sign_and_pass", ("signing",), "signing", "Sign, to the next signer (joint)", "签发并送会签领导",
                allowed=holds_task("approve"),
                form=DocumentForm((Field("opinion", "longtext", "Signing opinion", "签发意见"),
                                   Field("next_signer", "person", "Next signer", "下一签发人"))),
                guards=(enforcing(checks.BEFORE_SIGNING), valid_signer),
                effects=(record_signature,), opens=(TaskSpec(person_named("next_signer"), kind="approve"),),
            ),
            Transition(
                "recheck", ("rechecking",), "registering", "Recheck passed", "复核无误",
                allowed=holds_task(), form=DocumentForm((NOTE,)), opens=(TaskSpec(actor),),
            ),
            Transition(
                "recheck_changed", ("rechecking",), "signing", "Substantive change: back to the signer",
                "实质性修改，退回签发人",
                allowed=holds_task(),
                form=DocumentForm((Field("change", "longtext", "What changed", "修改内容"),
                                   *(f for f in DRAFT_FIELDS if f.name in ("title", "body")))),
                effects=(edit_draft,), opens=(TaskSpec(last_signer, kind="approve"),), style="secondary",
            ),
            Transition(
                "register", ("registering",), "sealing", "Register and number", "登记编号",
                allowed=holds_task(), form=DocumentForm((NOTE,)),
                guards=(enforcing(checks.BEFORE_REGISTRATION),),
                effects=(assign_document_number,), opens=(TaskSpec(actor),),
            ),
            Transition(
                "seal", ("sealing",), "printing", "Apply the seal", "用印",
                allowed=holds_task(),
                form=DocumentForm((Field("seal", "text", "Seal (code)", "印章（代码）", max_length=60),
                                   Field("impressions", "int", "Impressions", "用印次数"))),
                guards=(valid_seal,), effects=(record_seal,), opens=(TaskSpec(actor),),
            ),
            Transition(
                "print", ("printing",), "dispatching", "Printed", "印发",
                allowed=holds_task(),
                form=DocumentForm((
                    Field("printing_date", "date", "Printing date", "印发日期"),
                    Field("copy_count", "int", "Copies", "印制份数"),
                    Field("copy_numbers", "text", "Copy numbers (份号)", "份号", required=False, max_length=200),
                    Field("printing_organ", "text", "Printing organ", "印发机关", required=False, max_length=200),
                )),
                guards=(check_before_printing,), effects=(record_printing,), opens=(TaskSpec(actor),),
            ),
            Transition(
                "dispatch", ("dispatching",), "dispatched", "Dispatch", "核发",
                allowed=holds_task(), form=DocumentForm((NOTE,)),
                guards=(check_recipients,), effects=(record_dispatch,), opens=(TaskSpec(actor),),
            ),
            Transition(
                "file", ("dispatched",), "filed", "File", "归档",
                allowed=holds_task(), form=DocumentForm((NOTE,)),
            ),
            Transition(
                "cancel", ("drafting",), "cancelled", "Cancel the draft", "撤销",
                allowed=is_creator, form=DocumentForm((Field("reason", "longtext", "Reason", "理由"),)),
                style="danger",
            ),
        ),
    )
)

