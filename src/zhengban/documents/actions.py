"""Document verbs that are not a flow transition: signing in incoming documents (one, or a batch from
the exchange box), starting a draft, chasing (催办) and recording a recipient's receipt. Every other
step is a transition of the flows (flows.py, outgoing_flow.py) taken with engine.actions.do_transition."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from zhengban.audit.chain import append_event
from zhengban.core.errors import ActionError, Conflict, NotAllowed, NotFound
from zhengban.core.models import DocumentPrefix, RoleCode
from zhengban.engine.access import can_see
from zhengban.engine.actions import MATTER_FIELDS, do_open_matter, lock_matter
from zhengban.engine.models import Task, TaskState, Urgency

from .checks import refuse_manual_number
from .flows import INCOMING_PREFIX
from .flows import TYPE as INCOMING
from .models import Delivery, DocType, Document, Organization
from .outgoing_flow import TYPE as OUTGOING
from .steps import is_secretariat_clerk_person, organizations_from
from .skeletons import body_template, issuer_for

CHASING_ROLES = (RoleCode.DEPUTY_SECRETARY_GENERAL, RoleCode.SECRETARY_GENERAL, RoleCode.SUPERVISION_OFFICER)
INCOMING_FIELDS = ("sender", "sender_number", "doc_type", "title", "received_copies", "received_at", "classification",
                   "classification_period", "urgency", "body", "attachment_note")


def _require_clerk(actor):
    if not (actor and actor.is_active and is_secretariat_clerk_person(actor)):
        raise NotAllowed(_("Only a clerk of Secretariat Section 1 signs in and dispatches documents."))


def ensure_incoming_prefix():
    """The register of incoming documents numbers 收文〔2026〕n号; its prefix is added on first use."""
    prefix, _created = DocumentPrefix.objects.get_or_create(
        code=INCOMING_PREFIX,
        defaults={"prefix": "收文", "pattern": "{prefix}〔{year}〕{n}号", "name_zh": "收文登记", "name_en": "Incoming register"},
    )
    return prefix


def _routing(title, body, sender):
    """The routing engine's proposal for the lead unit, if the routing module offers one."""
    try:
        from zhengban.routing.recommend import recommend
    except ImportError:
        return None
    proposal = recommend(body or "", title=title, sender=sender)
    if not proposal.units:
        return None
    top = proposal.units[0]
    return {"unit": top.unit, "name": top.name, "score": top.score, "reasons": top.reasons, "co_units": proposal.co_units}


def _received_at(value):
    if value in (None, ""):
        return timezone.now()
    moment = value if isinstance(value, datetime.datetime) else parse_datetime(str(value))
    if moment is None:
        raise ActionError(_("Please correct the highlighted fields."), fields={"received_at": _("Enter a date and time.")})
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)


def _sign_in(actor, spec):
    refuse_manual_number(spec)
    unknown = set(spec) - set(INCOMING_FIELDS)
    if unknown:
        raise ActionError(_("Please correct the highlighted fields."), fields={k: _("Unknown field.") for k in sorted(unknown)})
    sender = Organization.objects.filter(code=spec.get("sender") or "", active=True).first()
    if sender is None:
        raise ActionError(_("Please correct the highlighted fields."), fields={"sender": _("Choose the sending organization.")})
    if spec.get("doc_type") not in DocType.values:
        raise ActionError(_("Please correct the highlighted fields."), fields={"doc_type": _("Choose a document type.")})
    copies = spec.get("received_copies") or 1
    if not isinstance(copies, int) or isinstance(copies, bool) or copies < 1:
        raise ActionError(_("Please correct the highlighted fields."), fields={"received_copies": _("At least one.")})
    title, body = (spec.get("title") or "").strip(), spec.get("body") or ""
    routing = _routing(title, body, sender)
    matter = do_open_matter(
        actor, INCOMING, title=title, body=body, classification=spec.get("classification") or 0,
        classification_period=spec.get("classification_period") or "", urgency=spec.get("urgency") or Urgency.NORMAL,
        data={"routing": routing} if routing else None,
    )
    document = Document.objects.create(
        matter=matter, direction=INCOMING, doc_type=spec["doc_type"], sender=sender,
        sender_number=(spec.get("sender_number") or "").strip(), received_at=_received_at(spec.get("received_at")),
        received_copies=copies, attachment_note=spec.get("attachment_note") or "", holder=actor,
    )
    return matter, document


def do_sign_in_document(actor, **spec):
    """签收 one incoming document: a registered matter follows with the `register` transition."""
    _require_clerk(actor)
    with transaction.atomic():
        ensure_incoming_prefix()
        matter, document = _sign_in(actor, spec)
        append_event(matter, "incoming.signed_in", actor=actor, payload={
            "sender": document.sender.code, "sender_number": document.sender_number, "doc_type": document.doc_type,
            "received_copies": document.received_copies, "received_at": document.received_at.isoformat(),
        })
    return matter


def do_sign_in_batch(actor, items):
    """签收 a batch from the exchange box: every document or none; errors name the item."""
    _require_clerk(actor)
    if not items:
        raise ActionError(_("The batch is empty."), fields={"documents": "required"})
    matters = []
    with transaction.atomic():
        ensure_incoming_prefix()
        for index, spec in enumerate(items, start=1):
            try:
                matter, document = _sign_in(actor, dict(spec))
            except ActionError as exc:
                fields = {f"documents.{index}.{k}": v for k, v in exc.fields.items()}
                raise type(exc)(_("Document %(n)d of the batch: %(message)s") % {"n": index, "message": exc.message},
                                code=exc.code, fields=fields) from None
            append_event(matter, "incoming.signed_in", actor=actor, payload={
                "sender": document.sender.code, "sender_number": document.sender_number, "doc_type": document.doc_type,
                "received_copies": document.received_copies, "received_at": document.received_at.isoformat(),
                "batch": len(items), "position": index,
            })
            matters.append(matter)
    return matters


def do_start_draft(actor, *, doc_type, title, number_prefix, body="", main_recipients=(), cc_recipients=(),
                   classification=0, classification_period="", urgency=Urgency.NORMAL, attachment_note="",
                   annotation="", important=False, carries_several_matters=False):
    """起草: a unit member starts a draft; the body starts from the type's template."""
    if actor.unit_id is None:
        raise NotAllowed(_("Only a member of a unit drafts documents."))
    if doc_type not in DocType.values:
        raise ActionError(_("Please correct the highlighted fields."), fields={"doc_type": _("Choose a document type.")})
    prefix = DocumentPrefix.objects.filter(code=number_prefix).exclude(code=INCOMING_PREFIX).first()
    if prefix is None:
        raise ActionError(_("Please correct the highlighted fields."), fields={"number_prefix": _("Unknown number prefix.")})
    main = organizations_from(main_recipients, "main_recipients")
    cc = organizations_from(cc_recipients, "cc_recipients")
    mark, signature = issuer_for(prefix.code)
    with transaction.atomic():
        matter = do_open_matter(
            actor, OUTGOING, title=title, body=body or body_template(doc_type), classification=classification,
            classification_period=classification_period, urgency=urgency,
        )
        document = Document.objects.create(
            matter=matter, direction=OUTGOING, doc_type=doc_type, number_prefix=prefix, issuer_mark=mark,
            issuer_signature=signature, attachment_note=attachment_note, annotation=annotation,
            important=important, carries_several_matters=carries_several_matters,
        )
        document.main_recipients.set(main)
        document.cc_recipients.set(cc)
    return matter


def _record(matter, verb, actor, payload):
    matter.version += 1
    append_event(matter, verb, actor=actor, payload=payload, save_subject=False)
    matter.save(update_fields=MATTER_FIELDS)


def do_chase_document(actor, matter, note=""):
    """催办: remind whoever holds the document's open tasks now; recorded on the document's timeline."""
    from zhengban.notifications.actions import Message, send_messages
    from zhengban.notifications.recipients import task_holders

    if not (is_secretariat_clerk_person(actor) or actor.has_role(*CHASING_ROLES)):
        raise NotAllowed(_("Only Secretariat Section 1, the office's leaders and supervision officers chase documents."))
    if not can_see(actor, matter):
        raise NotFound(_("No such matter."))
    with transaction.atomic():
        matter = lock_matter(matter.pk)
        if matter.type not in (INCOMING, OUTGOING):
            raise NotFound(_("No such document."))
        if matter.closed_at:
            raise Conflict(_("This document is closed."))
        tasks = list(Task.objects.filter(matter=matter, state=TaskState.OPEN).exclude(kind="read")
                     .select_related("assignee_person"))
        holders = {p.pk: p for people in task_holders(tasks).values() for p in people}
        if not holders:
            raise Conflict(_("Nobody holds the document now; there is nobody to chase."))
        note = (note or "").strip()
        _record(matter, f"{matter.type}.chased", actor, {"note": note, "holders": sorted(p.username for p in holders.values())})
        title = _("Please speed up: %(title)s") % {"title": matter.title}
        messages = [Message(p, "document.chased", title, note, matter=matter) for p in holders.values()]
        transaction.on_commit(lambda: send_messages(messages))
    return matter


def do_confirm_receipt(actor, delivery, *, received_by_name, received_at=None):
    """Record that a recipient received its copy of a dispatched document (回执)."""
    _require_clerk(actor)
    received_by_name = (received_by_name or "").strip()
    if not received_by_name:
        raise ActionError(_("Please correct the highlighted fields."), fields={"received_by_name": _("This field is required.")})
    received_at = _received_at(received_at)
    with transaction.atomic():
        matter = lock_matter(delivery.document_id)
        delivery = Delivery.objects.select_for_update().select_related("organization").get(pk=delivery.pk)
        if delivery.sent_at is None:
            raise Conflict(_("This copy has not been dispatched yet."))
        if delivery.received_at is not None:
            raise Conflict(_("The receipt of this copy is already recorded."))
        delivery.received_at, delivery.received_by_name, delivery.receipt_recorded_by = received_at, received_by_name, actor
        delivery.save(update_fields=["received_at", "received_by_name", "receipt_recorded_by"])
        _record(matter, "outgoing.receipt_confirmed", actor, {
            "delivery": delivery.pk, "organization": delivery.organization.code, "received_by": received_by_name,
            "received_at": received_at.isoformat(),
        })
    return delivery


__all__ = ["do_chase_document", "do_confirm_receipt", "do_sign_in_batch", "do_sign_in_document",
           "do_start_draft", "ensure_incoming_prefix"]
