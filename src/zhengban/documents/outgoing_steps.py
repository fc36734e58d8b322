"""The outgoing flow's guards and effects: the office review checklist, who signs, the signature and
成文日期, the 发文字号, the seal, printing and dispatch."""

from django.utils import timezone
from django.utils.translation import gettext as _

from zhengban.core.errors import ActionError
from zhengban.core.models import LEADER_ROLES, Person
from zhengban.engine.fields import Field
from zhengban.engine.flow import Assignee
from zhengban.engine.parameters import flow_parameter
from zhengban.numbering.numbers import assign_number, format_number

from . import checks
from .models import Delivery
from .steps import document_of, organizations_from

# The 印发机关 printed in the 版记 unless the clerk names another.
DEFAULT_PRINTING_ORGAN = "衡阳市人民政府办公室"
YES_NO = (("yes", "Yes"), ("no", "No"))
# The five points of the office's review (条例 art. 20).
CHECKLIST = (
    Field("grounds", "choice", "Is there good reason to issue it?", "确有必要行文", choices=YES_NO),
    Field("policy_law", "choice", "Consistent with policy and law?", "符合国家法律法规和方针政策", choices=YES_NO),
    Field("consultation", "choice", "Consulted with the units concerned?", "涉及有关部门的已协商会签", choices=YES_NO),
    Field("type_format", "choice", "Right type and format?", "文种和格式规范", choices=YES_NO),
    Field("wording", "choice", "Wording correct?", "文字表述准确", choices=YES_NO),
)
CHECKLIST_NAMES = tuple(f.name for f in CHECKLIST)

DRAFT_FIELDS = (
    Field("title", "text", "Title", "标题", required=False, max_length=300),
    Field("body", "longtext", "Body", "正文", required=False, max_length=100000),
    Field("main_recipients", "text", "Main recipients (codes)", "主送机关（代码）", required=False),
    Field("cc_recipients", "text", "Copy recipients (codes)", "抄送机关（代码）", required=False),
    Field("attachment_note", "longtext", "Attachment note", "附件说明", required=False),
    Field("annotation", "longtext", "Annotation", "附注", required=False),
    Field("classification_period", "text", "Classification period", "保密期限", required=False, max_length=60),
    Field("important", "choice", "Important document", "重要文件", required=False, choices=YES_NO),
    Field("carries_several_matters", "choice", "Carries several matters", "一文多事", required=False, choices=YES_NO),
)


def all_yes(ctx, payload):
    if any(payload[name] == "no" for name in CHECKLIST_NAMES):
        raise ActionError(_("A point of the review was answered no: send the draft back with your comment."),
                          code="review_failed")


def one_no(ctx, payload):
    if all(payload[name] == "yes" for name in CHECKLIST_NAMES):
        raise ActionError(_("Every point was answered yes: nothing to send back for."), code="review_passed")


def record_review(ctx, payload):
    reviews = ctx.matter.data.setdefault("office_reviews", [])
    reviews.append({
        "by": ctx.actor.username, "at": timezone.now().isoformat(),
        "answers": {name: payload[name] for name in CHECKLIST_NAMES}, "comment": payload.get("comment", ""),
    })


def edit_draft(ctx, payload):
    """Apply the draft fields present in the payload (absent ones stay as they are)."""
    matter, doc = ctx.matter, document_of(ctx)
    matter_fields, doc_fields = [], []
    for name in ("title", "body", "classification_period"):
        if payload.get(name):
            setattr(matter, name, payload[name])
            matter_fields.append(name)
    for name in ("attachment_note", "annotation"):
        if name in payload:
            setattr(doc, name, payload[name])
            doc_fields.append(name)
    for name in ("important", "carries_several_matters"):
        if name in payload:
            setattr(doc, name, payload[name] == "yes")
            doc_fields.append(name)
    if doc_fields:
        doc.save(update_fields=doc_fields)
    if matter_fields:
        # The engine saves only its own fields of the matter; the draft's own go here.
        type(matter).objects.filter(pk=matter.pk).update(**{name: getattr(matter, name) for name in matter_fields})
    for name in ("main_recipients", "cc_recipients"):
        if name in payload:
            getattr(doc, name).set(organizations_from(payload[name], name))
    if payload.get("change"):
        matter.data.setdefault("recheck_changes", []).append(
            {"by": ctx.actor.username, "at": timezone.now().isoformat(), "change": payload["change"]}
        )


def _principal_needed(doc):
    return doc.important or checks.is_upward(doc)


def _signer_role(ctx, doc):
    from .outgoing_flow import FLOW

    if _principal_needed(doc):
        return flow_parameter(FLOW, "principal_role")
    table = flow_parameter(FLOW, "signer_role_by_prefix")
    code = doc.number_prefix.code if doc.number_prefix_id else ""
    return table.get(code) or flow_parameter(FLOW, "default_signer_role")


def _check_signer(ctx, person, field):
    doc = document_of(ctx)
    if not person.role_codes() & LEADER_ROLES:
        raise ActionError(_("Please correct the highlighted fields."), fields={field: _("Only a leader signs documents.")})
    if _principal_needed(doc) and not person.has_role(_signer_role(ctx, doc)):
        raise ActionError(_("Please correct the highlighted fields."),
                          fields={field: _("Important and upward documents are signed by the principal leader.")})
    if person.clearance < ctx.matter.classification:
        raise ActionError(_("Please correct the highlighted fields."),
                          fields={field: _("This person lacks the clearance for the document.")})


def valid_signer(ctx, payload):
    for field in ("signer", "next_signer"):
        if payload.get(field):
            _check_signer(ctx, Person.objects.get(username=payload[field]), field)
    if not payload.get("signer") and "next_signer" not in payload:
        required_signer(ctx, payload)


def required_signer(ctx, payload):
    """The person who signs: the one the reviewer chose, else the holder of the role the rules name."""
    if payload.get("signer"):
        return [Person.objects.get(username=payload["signer"])]
    doc = document_of(ctx)
    role = _signer_role(ctx, doc)
    person = (
        Person.objects.filter(is_active=True, roles__role=role, clearance__gte=ctx.matter.classification)
        .order_by("pk").first()
    )
    if person is None:
        raise ActionError(_("Nobody holds the role %(role)s to sign this document.") % {"role": role}, code="no_signer")
    return [person]


def record_signature(ctx, payload):
    doc = document_of(ctx)
    now = timezone.now()
    doc.signers = [*doc.signers, {"name": ctx.actor.full_name, "username": ctx.actor.username,
                                  "signed_at": now.isoformat(), "opinion": payload["opinion"]}]
    # 成文日期 is the signing date; for joint documents the last signer's.
    doc.written_date = timezone.localtime(now).date()
    doc.save(update_fields=["signers", "written_date"])


def last_signer(ctx, payload):
    doc = document_of(ctx)
    if doc.signers:
        return [Assignee(person=Person.objects.get(username=doc.signers[-1]["username"]))]
    return required_signer(ctx, {})


def assign_document_number(ctx, payload):
    """The 发文字号 from the document's own prefix sequence, in this transaction (gap-free)."""
    matter, doc = ctx.matter, document_of(ctx)
    if matter.number:
        return
    prefix = doc.number_prefix
    if prefix is None:
        raise ActionError(_("The document has no number prefix (机关代字)."), fields={"number_prefix": "required"})
    year = timezone.localtime().year
    matter.number = format_number(prefix.pattern, prefix.prefix, year, assign_number(prefix.code, year))


def valid_seal(ctx, payload):
    from zhengban.seals.models import Seal

    seal = Seal.objects.filter(code=payload["seal"], active=True).first()
    if seal is None:
        raise ActionError(_("Please correct the highlighted fields."), fields={"seal": _("No such seal in use.")})
    if payload["impressions"] < 1:
        raise ActionError(_("Please correct the highlighted fields."), fields={"impressions": _("At least one.")})
    ctx.seal = seal


def record_seal(ctx, payload):
    doc = document_of(ctx)
    doc.seal, doc.seal_impressions = ctx.seal, payload["impressions"]
    doc.save(update_fields=["seal", "seal_impressions"])
    try:
        from zhengban.seals.actions import record_seal_use
    except ImportError:
        return
    record_seal_use(ctx.actor, seal=ctx.seal, matter=ctx.matter, impressions=payload["impressions"])


def check_before_printing(ctx, payload):
    doc = document_of(ctx)
    if payload["copy_count"] < 1:
        raise ActionError(_("Please correct the highlighted fields."), fields={"copy_count": _("At least one.")})
    doc.copy_numbers = payload.get("copy_numbers") or doc.copy_numbers
    checks.enforce(doc, checks.BEFORE_PRINTING)


def record_printing(ctx, payload):
    doc = document_of(ctx)
    doc.printing_date = payload["printing_date"]
    doc.copy_count = payload["copy_count"]
    doc.printing_organ = payload.get("printing_organ") or doc.printing_organ or DEFAULT_PRINTING_ORGAN
    doc.save(update_fields=["printing_date", "copy_count", "copy_numbers", "printing_organ"])


def check_recipients(ctx, payload):
    doc = document_of(ctx)
    if not doc.main_recipients.exists() and not doc.cc_recipients.exists():
        raise ActionError(_("The document has no recipients to dispatch to."), fields={"main_recipients": "required"})


def record_dispatch(ctx, payload):
    doc = document_of(ctx)
    now = timezone.now()
    rows = [Delivery(document=doc, organization=org, copy_role=role, sent_at=now)
            for role, orgs in (("main", doc.main_recipients.all()), ("cc", doc.cc_recipients.all())) for org in orgs]
    Delivery.objects.bulk_create(rows, ignore_conflicts=True)
