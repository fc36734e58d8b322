"""Proposing and carrying out disposition lists.

A proposal takes every record due, whatever its classification and whatever the proposer's
clearance: classified records are never left off a destruction list. A record under a legal hold
is not proposed; the list counts how many were left off for that reason. Who may read an entry's
title is decided when the list is shown (`entries_for`): an entry above the reader's clearance is
counted, its title hidden.
"""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from zhengban.audit.chain import append_event
from zhengban.core.errors import ActionError
from zhengban.engine.actions import do_open_matter
from zhengban.engine.parameters import flow_parameter
from zhengban.numbering.numbers import assign_number

from .actions import _require_archivist
from .flows import FLOW, TYPE
from .models import ArchiveRecord, DispositionEntry, DispositionKind, DispositionList, LegalHold, Retention


def _active_hold():
    return Exists(LegalHold.objects.filter(record=OuterRef("pk"), released_at__isnull=True))


def due_records(kind, as_of):
    """Records due for `kind` on `as_of`, not yet disposed and on no open list; held ones included (annotated)."""
    on_open_list = DispositionEntry.objects.filter(record=OuterRef("pk"), list__matter__closed_at__isnull=True)
    records = ArchiveRecord.objects.filter(disposed_at__isnull=True).exclude(Exists(on_open_list))
    if kind == DispositionKind.DESTRUCTION:
        records = records.exclude(retention=Retention.PERMANENT).filter(retention_until__lt=as_of)
    else:
        records = records.filter(year__lte=as_of.year - int(flow_parameter(FLOW, "transfer_after_years")))
    return records.annotate(held=_active_hold()).order_by("archive_number")


def do_propose_disposition(actor, *, kind, as_of=None):
    """The archivist opens a disposition list of every record due; returns the list's matter (a draft)."""
    _require_archivist(actor, _("propose a disposition list"))
    if kind not in DispositionKind.values:
        raise ActionError(_("Choose destruction or transfer."), fields={"kind": kind})
    as_of = as_of or timezone.localdate()
    with transaction.atomic():
        due = list(due_records(kind, as_of))
        records = [r for r in due if not r.held]
        if not records:
            raise ActionError(_("No record is due for this disposition."), code="nothing_due")
        year = as_of.year
        n = assign_number(f"disposition:{kind}", year)
        label = _("Destruction list") if kind == DispositionKind.DESTRUCTION else _("Transfer list")
        number = f"{'XH' if kind == DispositionKind.DESTRUCTION else 'YJ'}-{year}-{n}"
        matter = do_open_matter(actor, TYPE, title=f"{label} {number}", lead_unit=None if actor.unit_id is None else actor.unit,
                                data={"kind": kind, "records": len(records)})
        listing = DispositionList.objects.create(matter=matter, number=number, kind=kind, as_of=as_of,
                                                 held_excluded=len(due) - len(records))
        DispositionEntry.objects.bulk_create([
            DispositionEntry(list=listing, record=r, archive_number=r.archive_number, title=r.title,
                             classification=r.classification, retention=r.retention, year=r.year)
            for r in records
        ])
    return matter


def held_on_list(matter):
    """Archive numbers of the list's records under an active legal hold."""
    return list(
        ArchiveRecord.objects.filter(_active_hold(), disposition_entries__list__matter=matter)
        .order_by("archive_number").values_list("archive_number", flat=True)
    )


def execute_list(actor, matter):
    """Mark every record on the list disposed (called by the "execute" step inside its transaction)."""
    listing = DispositionList.objects.select_for_update().get(matter=matter)
    now = timezone.now()
    records = ArchiveRecord.objects.select_for_update().filter(disposition_entries__list=listing).order_by("pk")
    for record in records:
        if record.disposed_at:
            continue
        record.disposed_at, record.disposition, record.disposition_kind = now, matter, listing.kind
        append_event(record, "archive.disposed", actor=actor, save_subject=False,
                     payload={"list": listing.number, "kind": listing.kind})
        record.save(through_action=True)
    listing.executed_at = now
    listing.save(update_fields=["executed_at"])


@dataclass
class Entries:
    visible: list
    hidden: int


def entries_for(person, listing):
    """The list's entries `person` may read, and how many more are classified above their clearance."""
    entries = list(listing.entries.all())
    visible = [e for e in entries if e.classification <= person.clearance]
    return Entries(visible, len(entries) - len(visible))
