"""Archive verbs: the file plan, archiving a finished matter, metadata corrections and legal holds.

Disposition lists (proposal and execution) are in disposition.py and flows.py.
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhengban.audit.chain import append_event
from zhengban.core.errors import ActionError, Conflict, NotAllowed
from zhengban.core.models import RoleCode
from zhengban.engine.actions import lock_matter
from zhengban.engine.models import Matter
from zhengban.numbering.numbers import assign_number

from .guards import ARCHIVED_MARK
from .models import RETENTION_YEARS, ArchiveRecord, FileCategory, LegalHold, Retention

CORRECTABLE = ("title", "note", "retention")


def fonds_code():
    """The office's fonds number (全宗号), the first part of every 档号; a deployment sets settings.ARCHIVE_FONDS."""
    return getattr(settings, "ARCHIVE_FONDS", "") or "J001"


def is_archivist(person):
    return person is not None and person.is_active and person.has_role(RoleCode.ARCHIVIST)


def _require_archivist(actor, what):
    if actor is None or not actor.is_active or not (is_archivist(actor) or actor.is_system_administrator):
        raise NotAllowed(_("Only the archivist or an administrator may %(what)s.") % {"what": what})


def _reason(reason):
    reason = (reason or "").strip()
    if not reason:
        raise ActionError(_("Please give a reason."), fields={"reason": "required"})
    return reason


def retention_until(year, retention):
    """The last day a record of `year` must be kept: retention is counted from 1 January of the next year."""
    years = RETENTION_YEARS[Retention(retention)]
    return None if years is None else datetime.date(year + years, 12, 31)


def do_save_category(actor, *, code, name_zh, name_en, retention, description="", active=True, sort_order=0):
    """Add a class to the file plan or change one; records already filed keep their retention."""
    _require_archivist(actor, _("edit the file plan"))
    code = (code or "").strip()
    fields = {"name_zh": (name_zh or "").strip(), "name_en": (name_en or "").strip(), "retention": retention,
              "description": (description or "").strip(), "active": bool(active), "sort_order": int(sort_order or 0)}
    missing = {k: "required" for k in ("name_zh", "name_en") if not fields[k]}
    if not code:
        missing["code"] = "required"
    if missing:
        raise ActionError(_("Please give the category's code and names."), fields=missing)
    if retention not in Retention.values:
        raise ActionError(_("Unknown retention period."), fields={"retention": retention})
    with transaction.atomic():
        category = FileCategory.objects.select_for_update().filter(code=code).first()
        if category is None:
            category = FileCategory.objects.create(code=code, **fields)
            append_event(category, "file_category.created", actor=actor, payload={"code": code, **fields})
            return category
        changes = {k: [getattr(category, k), v] for k, v in fields.items() if getattr(category, k) != v}
        if not changes:
            return category
        for name, (_old, new) in changes.items():
            setattr(category, name, new)
        append_event(category, "file_category.changed", actor=actor, payload={"code": code, "changes": changes},
                     save_subject=False)
        category.save()
    return category


def responsible_unit_id(matter):
    """The unit that keeps the original: the lead unit, or the unit that opened a matter without one."""
    return matter.lead_unit_id or matter.creator_unit_id


def do_archive(actor, matter, *, category, title=None, year=None):
    """File the closed `matter` in the archive under the next 档号 of (year, category).

    The lead unit archives the original: its members may archive, and so may the archivist.
    """
    if actor is None or not actor.is_active:
        raise NotAllowed(_("Only an active user may archive."))
    if not isinstance(category, FileCategory) or not category.active:
        raise ActionError(_("Choose an active category of the file plan."), fields={"category": "inactive"})
    title = (title or "").strip()
    with transaction.atomic():
        matter = lock_matter(matter.pk)
        unit_id = responsible_unit_id(matter)
        if not is_archivist(actor) and (unit_id is None or actor.unit_id != unit_id):
            raise NotAllowed(_("The lead unit archives the original: only its members or the archivist may archive this matter."))
        if matter.classification > actor.clearance:
            raise NotAllowed(_("This matter is classified above your clearance."))
        if matter.closed_at is None:
            raise Conflict(_("Only a finished matter can be archived; this one is still open."), code="not_closed")
        if ArchiveRecord.objects.filter(matter=matter).exists():
            raise Conflict(_("This matter is already archived."), code="already_archived")
        year = int(year) if year else timezone.localtime(matter.closed_at).year
        if not 1900 <= year <= timezone.localdate().year:
            raise ActionError(_("The archive year must be a past or the current year."), fields={"year": year})
        item = assign_number(f"archive:{category.code}", year)
        fonds = fonds_code()
        record = ArchiveRecord.objects.create(
            matter=matter, fonds=fonds, year=year, category=category, item_number=item,
            archive_number=f"{fonds}-{year}-{category.retention}-{category.code}-{item:04d}",
            retention=category.retention, retention_until=retention_until(year, category.retention),
            title=(title or matter.title)[:300], classification=matter.classification,
            unit_id=unit_id or actor.unit_id, archived_by=actor, archived_at=timezone.now(),
        )
        matter.data[ARCHIVED_MARK] = record.archive_number
        Matter.objects.filter(pk=matter.pk).update(data=matter.data)
        append_event(record, "archive.archived", actor=actor, save_subject=True, payload={
            "matter": matter.pk, "archive_number": record.archive_number, "category": category.code,
            "retention": record.retention, "year": year, "title": record.title,
        })
    return record


def _locked_record(record):
    return ArchiveRecord.objects.select_for_update().get(pk=record.pk)


def do_correct_record(actor, record, *, reason, **changes):
    """Correct an archived record's metadata (title, note, retention); the event keeps old and new values."""
    _require_archivist(actor, _("correct archived records"))
    reason = _reason(reason)
    unknown = sorted(set(changes) - set(CORRECTABLE))
    if unknown:
        raise ActionError(_("Only the title, note and retention can be corrected."), fields={k: "not correctable" for k in unknown})
    if "retention" in changes and changes["retention"] not in Retention.values:
        raise ActionError(_("Unknown retention period."), fields={"retention": changes["retention"]})
    if "title" in changes and not (changes["title"] or "").strip():
        raise ActionError(_("A title is required."), fields={"title": "required"})
    with transaction.atomic():
        record = _locked_record(record)
        if record.classification > actor.clearance:
            raise NotAllowed(_("This record is classified above your clearance."))
        if record.is_disposed:
            raise Conflict(_("This record has been disposed of."))
        diff = {}
        for name, value in changes.items():
            value = value.strip() if isinstance(value, str) else value
            if getattr(record, name) != value:
                diff[name] = [getattr(record, name), value]
                setattr(record, name, value)
        if not diff:
            raise ActionError(_("Nothing to correct: the values are unchanged."))
        if "retention" in diff:
            until = retention_until(record.year, record.retention)
            diff["retention_until"] = [record.retention_until, until]
            record.retention_until = until
        append_event(record, "archive.corrected", actor=actor, save_subject=False,
                     payload={"changes": diff, "reason": reason})
        record.save(through_action=True)
    return record


def _may_hold(actor):
    return actor is not None and actor.is_active and (
        is_archivist(actor) or actor.is_system_administrator
        or actor.has_role(RoleCode.SECRETARY_GENERAL, RoleCode.DEPUTY_SECRETARY_GENERAL)
    )


def do_place_hold(actor, record, *, reason):
    """Suspend disposition of a record (an inquiry, litigation, an audit) until the hold is released."""
    if not _may_hold(actor):
        raise NotAllowed(_("Only the archivist or a secretary-general may place a legal hold."))
    reason = _reason(reason)
    with transaction.atomic():
        record = _locked_record(record)
        if record.is_disposed:
            raise Conflict(_("This record has been disposed of."))
        hold = LegalHold.objects.create(record=record, reason=reason, placed_by=actor, placed_at=timezone.now())
        append_event(record, "archive.hold_placed", actor=actor, payload={"hold": hold.pk, "reason": reason})
    return hold


def do_release_hold(actor, hold, *, reason):
    if not _may_hold(actor):
        raise NotAllowed(_("Only the archivist or a secretary-general may release a legal hold."))
    reason = _reason(reason)
    with transaction.atomic():
        record = _locked_record(hold.record)
        hold = LegalHold.objects.select_for_update().get(pk=hold.pk)
        if not hold.active:
            raise Conflict(_("This hold has already been released."))
        hold.released_by, hold.released_at, hold.release_reason = actor, timezone.now(), reason
        hold.save()
        append_event(record, "archive.hold_released", actor=actor, payload={"hold": hold.pk, "reason": reason})
    return hold
