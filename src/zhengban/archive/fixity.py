"""Fixity of archived files: re-hash every attachment of every archived (not yet disposed) record
with the attachments app's own hashing, and record the outcome as ArchiveFixityCheck rows.

The worker (or cron) calls `check_fixity()`; `zhengban archive fixity` runs it by hand.
"""

from dataclasses import dataclass, field

from django.utils import timezone

from zhengban.attachments.management.commands.attachments import stored_digest
from zhengban.attachments.models import Attachment
from zhengban.attachments.storage import blob_store

from .models import ArchiveFixityCheck, ArchiveRecord

MISSING, ALTERED = "missing", "altered"


@dataclass
class FixityResult:
    checked: int = 0
    problems: list = field(default_factory=list)


def check_fixity():
    """Check every archived attachment once; returns the counts and the failing ArchiveFixityCheck rows."""
    store = blob_store()
    now = timezone.now()
    result = FixityResult()
    records = {r.matter_id: r for r in ArchiveRecord.objects.filter(disposed_at__isnull=True).only("pk", "matter_id")}
    attachments = Attachment.objects.filter(owner_type="engine.matter", owner_id__in=list(records)).select_related("blob")
    rows = []
    for attachment in attachments.order_by("id").iterator(chunk_size=500):
        blob = attachment.blob
        found = stored_digest(store, blob)
        problem = MISSING if found is None else ("" if found == (blob.sha256, blob.size) else ALTERED)
        rows.append(ArchiveFixityCheck(
            record=records[attachment.owner_id], attachment=attachment, checked_at=now, expected_sha256=blob.sha256,
            found_sha256=found[0] if found else "", ok=not problem, problem=problem,
        ))
    ArchiveFixityCheck.objects.bulk_create(rows, batch_size=500)
    result.checked = len(rows)
    result.problems = [row for row in rows if not row.ok]
    return result
