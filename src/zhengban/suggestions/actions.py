"""Suggestion verbs beside the flow: sessions, result codes, and turning an item into a supervision
item. Importing a session's items is in importing.py; every handling step is a flow transition."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from zhengban.audit.chain import append_event
from zhengban.core.errors import ActionError, Conflict, NotAllowed, NotFound
from zhengban.engine.access import acting, can_see
from zhengban.engine.actions import MATTER_FIELDS, lock_matter
from zhengban.engine.models import LinkKind, MatterLink

from .flows import OFFICER, TYPE
from .models import Kind, ResultCode, Session

SUPERVISION_UNIT = "supervision"


def is_office(person):
    """A supervision officer of the Supervision Office (督查室), in person or through a delegation."""
    return any(
        who.has_role(OFFICER) and who.unit_id and who.unit.code == SUPERVISION_UNIT for who in acting(person).identities
    )


def require_office(actor):
    if not is_office(actor):
        raise NotAllowed(_("Only the Supervision Office may do this."))


def do_create_session(actor, *, name, kind, year):
    """A session of the People's Congress (NPC) or of the CPPCC whose items are then imported."""
    require_office(actor)
    name = (name or "").strip()
    errors = {}
    if not name:
        errors["name"] = _("This field is required.")
    if kind not in Kind.values:
        errors["kind"] = _("Choose NPC or CPPCC.")
    try:
        year = int(year)
        if not 2000 <= year <= 2100:
            raise ValueError
    except (TypeError, ValueError):
        errors["year"] = _("Enter a year such as 2026.")
    if errors:
        raise ActionError(_("Please correct the highlighted fields."), fields=errors)
    with transaction.atomic():
        if Session.objects.filter(kind=kind, name=name).exists():
            raise Conflict(_("This session already exists."))
        session = Session.objects.create(name=name, kind=kind, year=year, created_by=actor, created_at=timezone.now())
        append_event(session, "suggestion.session-created", actor=actor, payload={"name": name, "kind": kind, "year": year})
    return session


def do_save_result_code(actor, *, code, label_zh, label_en, sort_order=0, active=True):
    """Add or change a result code; codes already given to replies stay as they were given."""
    require_office(actor)
    code = (code or "").strip().upper()
    if not code or len(code) > 8 or not (label_zh or "").strip() or not (label_en or "").strip():
        raise ActionError(_("A result code needs a code of at most 8 characters and both labels."),
                          fields={"code": code or "required"})
    with transaction.atomic():
        row = ResultCode.objects.select_for_update().filter(code=code).first()
        before = None if row is None else {"label_zh": row.label_zh, "label_en": row.label_en,
                                            "sort_order": row.sort_order, "active": row.active}
        row = row or ResultCode(code=code)
        row.label_zh, row.label_en = label_zh.strip(), label_en.strip()
        row.sort_order, row.active = int(sort_order), bool(active)
        row.save()
        append_event(row, "suggestion.result-code-saved", actor=actor, payload={
            "code": code, "before": before,
            "after": {"label_zh": row.label_zh, "label_en": row.label_en, "sort_order": row.sort_order, "active": row.active},
        })
    return row


def do_open_supervision_for(actor, matter, *, due, cadence=None, leader=None):
    """督办: make the suggestion a supervision item (same lead and co-units), linked back to it."""
    from zhengban.supervision.actions import do_open_supervision_item

    require_office(actor)
    if matter.type != TYPE or not can_see(actor, matter):
        raise NotFound(_("No such suggestion or proposal."))
    due_day = due if isinstance(due, datetime.date) else parse_date(str(due or ""))
    if due_day is None:
        raise ActionError(_("Enter a date as YYYY-MM-DD."), fields={"due": due})
    with transaction.atomic():
        matter = lock_matter(matter.pk)
        if matter.lead_unit_id is None:
            raise Conflict(_("Assign the item to a lead unit before supervising it."))
        if MatterLink.objects.filter(target=matter, kind=LinkKind.FOLLOW_UP_OF, source__type="supervision").exists():
            raise Conflict(_("This item is already a supervision item."))
        item = do_open_supervision_item(
            actor, source="deputy-suggestion", title=matter.title, body=matter.body, lead_unit=matter.lead_unit,
            co_units=list(matter.co_units.all()), due=due_day, cadence=cadence, leader=leader,
            origin_matter=matter, link_kind=LinkKind.FOLLOW_UP_OF,
        )
        matter.version += 1
        append_event(matter, f"{TYPE}.supervised", actor=actor, payload={"supervision": item.pk, "number": item.number},
                     save_subject=False)
        matter.save(update_fields=MATTER_FIELDS)
    return item


__all__ = ["do_create_session", "do_open_supervision_for", "do_save_result_code", "is_office", "require_office"]
