"""Seal verbs: the register (register, retire), the use log, and opening the two seal flows.

`record_seal_use` is the one way a use of a seal enters the log; the outgoing-document flow calls
it at its 用印 step, and a seal request's "record the use" step calls it too.
"""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhengban.audit.chain import append_event
from zhengban.core.errors import ActionError, Conflict, NotAllowed
from zhengban.core.models import UNIT_HEAD_ROLES, Unit
from zhengban.engine.access import acting, can_see
from zhengban.engine.actions import do_open_matter, do_transition

from .flows import ENGRAVING, REQUEST
from .models import Seal, SealEngraving, SealKind, SealRequest, SealUse


def _require_active(actor):
    if actor is None or not actor.is_active:
        raise NotAllowed(_("Only an active user may do this."))


def _may_keep(actor, unit_id):
    """A member of the keeping unit, or someone standing in for one."""
    return acting(actor).in_unit(unit_id)


def _may_manage_register(actor, unit_id):
    who = acting(actor)
    return actor.is_system_administrator or any(
        identity.unit_id == unit_id and identity.role_codes() & UNIT_HEAD_ROLES for identity in who.each_identity()
    )


def _positive(value, field):
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise ActionError(_("The number of impressions is a whole number from 1."), fields={field: "positive"})
    return value


def do_register_seal(actor, *, code, name_zh, name_en, kind, keeper_unit, engraved_on=None, note=""):
    """Enter an existing seal in the register (a seal engraved through zhengban is entered by its flow)."""
    _require_active(actor)
    if not _may_manage_register(actor, keeper_unit.pk):
        raise NotAllowed(_("Only the keeping unit's head or an administrator may register a seal."))
    fields = _seal_fields(code, name_zh, name_en, kind)
    with transaction.atomic():
        if Seal.objects.filter(code=fields["code"]).exists():
            raise Conflict(_("A seal with the code %(code)s is already registered.") % {"code": fields["code"]})
        seal = Seal.objects.create(**fields, keeper_unit=keeper_unit, engraved_on=engraved_on, note=note or "")
        append_event(seal, "seal.registered", actor=actor, payload={**fields, "keeper_unit": keeper_unit.code})
    return seal


def _seal_fields(code, name_zh, name_en, kind):
    fields = {"code": (code or "").strip(), "name_zh": (name_zh or "").strip(), "name_en": (name_en or "").strip(), "kind": kind}
    missing = {name: "required" for name, value in fields.items() if not value}
    if missing:
        raise ActionError(_("Please give the seal's code, Chinese text, English name and kind."), fields=missing)
    if kind not in SealKind.values:
        raise ActionError(_("Unknown kind of seal."), fields={"kind": kind})
    return fields


def do_retire_seal(actor, seal, *, reason, retired_on=None):
    """Take a seal out of use (destroyed, replaced, lost): it can no longer be used or requested."""
    _require_active(actor)
    reason = (reason or "").strip()
    if not reason:
        raise ActionError(_("Please give a reason."), fields={"reason": "required"})
    with transaction.atomic():
        seal = Seal.objects.select_for_update().get(pk=seal.pk)
        if not _may_manage_register(actor, seal.keeper_unit_id):
            raise NotAllowed(_("Only the keeping unit's head or an administrator may retire a seal."))
        if not seal.active:
            raise Conflict(_("This seal is already retired."))
        seal.active = False
        seal.retired_on = retired_on or timezone.localdate()
        append_event(seal, "seal.retired", actor=actor, payload={"reason": reason, "retired_on": seal.retired_on},
                     save_subject=False)
        seal.save()
    return seal


def record_seal_use(actor, seal, *, matter=None, impressions, note="", approved_by=None, used_at=None):
    """Record that `actor` applied `seal` `impressions` times (用印登记); returns the SealUse row.

    Stable signature for other modules (the outgoing-document flow calls it at its 用印 step, inside
    its own transaction):
      actor        the person applying the seal: a member of the seal's keeping unit (or standing in for one)
      seal         a Seal; refused when it is retired or inactive
      matter       the document (engine.Matter) sealed, optional; the actor must be able to see it
      impressions  a whole number from 1 (keyword-only, required)
      note         free text
      approved_by  who authorized the use (the document's signer, or the request's approver), optional
      used_at      when, default now
    Raises NotAllowed / ActionError / Conflict (nothing written). Writes one "seal.used" event on the
    seal's audit chain.
    """
    _require_active(actor)
    return write_use(actor, seal, matter=matter, impressions=impressions, note=note, approved_by=approved_by,
                     used_at=used_at)


def write_use(actor, seal, *, matter=None, impressions, note="", approved_by=None, used_at=None, requested_by=None,
              purpose="", request=None):
    impressions = _positive(impressions, "impressions")
    if matter is not None and not can_see(actor, matter):
        raise NotAllowed(_("You cannot see the document to be sealed."))
    with transaction.atomic():
        seal = Seal.objects.select_for_update().get(pk=seal.pk)
        if not _may_keep(actor, seal.keeper_unit_id):
            raise NotAllowed(_("Only the unit keeping the seal may apply it."))
        if not seal.active or seal.retired_on:
            raise Conflict(_("The seal %(seal)s is retired and may not be used.") % {"seal": seal.name_zh}, code="seal_retired")
        use = SealUse.objects.create(
            seal=seal, matter=matter, request=request, used_at=used_at or timezone.now(), impressions=impressions,
            applied_by=actor, approved_by=approved_by, requested_by=requested_by, purpose=purpose or "",
            note=(note or "").strip(),
        )
        append_event(
            seal, "seal.used", actor=actor, save_subject=True,
            payload={"use": use.pk, "matter": getattr(matter, "pk", None), "request": getattr(request, "pk", None),
                     "impressions": impressions, "used_at": use.used_at, "note": use.note},
        )
    return use


def do_request_seal_use(actor, *, seal, purpose, impressions, document=None):
    """Ask to use a seal (用印申请): opens a "seal-request" matter and submits it to the seal's approver."""
    _require_active(actor)
    if actor.unit_id is None:
        raise ActionError(_("Only a member of a unit can request the use of a seal."))
    purpose = (purpose or "").strip()
    if not purpose:
        raise ActionError(_("Please say what the seal is for."), fields={"purpose": "required"})
    impressions = _positive(impressions, "impressions")
    seal = Seal.objects.get(pk=seal.pk)
    if not seal.active:
        raise Conflict(_("The seal %(seal)s is retired and may not be used.") % {"seal": seal.name_zh}, code="seal_retired")
    if document is not None and not can_see(actor, document):
        raise NotAllowed(_("You cannot see that document."))
    title = _("Use of %(seal)s: %(purpose)s") % {"seal": seal.name_zh, "purpose": purpose}
    with transaction.atomic():
        matter = do_open_matter(actor, REQUEST, title=title[:300], body=purpose, lead_unit=seal.keeper_unit)
        SealRequest.objects.create(matter=matter, seal=seal, purpose=purpose[:300], impressions=impressions,
                                   document=document)
        matter = do_transition(actor, matter, "submit", {})
    return matter


def do_request_seal_engraving(actor, *, code, name_zh, name_en, kind, keeper_unit, reason):
    """Ask for a new seal to be engraved (刻制印章): opens a "seal-engraving" matter, submitted for approval."""
    _require_active(actor)
    if actor.unit_id is None:
        raise ActionError(_("Only a member of a unit can request a new seal."))
    fields = _seal_fields(code, name_zh, name_en, kind)
    reason = (reason or "").strip()
    if not reason:
        raise ActionError(_("Please give a reason."), fields={"reason": "required"})
    if not isinstance(keeper_unit, Unit):
        raise ActionError(_("Unknown unit."), fields={"keeper_unit": keeper_unit})
    if Seal.objects.filter(code=fields["code"]).exists():
        raise Conflict(_("A seal with the code %(code)s is already registered.") % {"code": fields["code"]})
    engraving_unit = Unit.objects.filter(code="secretariat-1").first()
    title = _("Engraving of a new seal: %(name)s") % {"name": fields["name_zh"]}
    with transaction.atomic():
        matter = do_open_matter(actor, ENGRAVING, title=title[:300], body=reason, lead_unit=engraving_unit)
        SealEngraving.objects.create(matter=matter, reason=reason, keeper_unit=keeper_unit, **fields)
        matter = do_transition(actor, matter, "submit", {})
    return matter


def create_engraved_seal(actor, engraving, engraved_on):
    """The engraving flow's "engraved" step: the new seal enters the register (called inside the step's transaction)."""
    if Seal.objects.filter(code=engraving.code).exists():
        raise Conflict(_("A seal with the code %(code)s is already registered.") % {"code": engraving.code})
    if isinstance(engraved_on, str):
        engraved_on = datetime.date.fromisoformat(engraved_on)
    seal = Seal.objects.create(
        code=engraving.code, name_zh=engraving.name_zh, name_en=engraving.name_en, kind=engraving.kind,
        keeper_unit=engraving.keeper_unit, engraved_on=engraved_on,
    )
    append_event(seal, "seal.engraved", actor=actor,
                 payload={"engraving": engraving.matter_id, "code": seal.code, "engraved_on": engraved_on})
    SealEngraving.objects.filter(pk=engraving.pk).update(seal=seal)
    return seal
