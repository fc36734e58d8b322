"""Bulk progress reports from a spreadsheet: one row per item (number, progress %, text).

Upload → preview (each row with its item and old → new progress, or its error) → apply, only if
every row is valid: the rows are reported through the flow's `report` transition inside one
transaction, so a file is applied whole or not at all.
"""

import io
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from zhengban.core.errors import ActionError
from zhengban.engine.access import acting
from zhengban.engine.actions import do_transition
from zhengban.engine.models import Matter

from .flows import TYPE
from .models import ProgressReport

MAX_ROWS = 2000


@dataclass
class Row:
    row: int
    number: str
    progress: object
    text: str
    matter: Matter | None = None
    old: int | None = None
    error: str = ""

    @property
    def new(self):
        return self.progress if not self.error else None

    def as_dict(self):
        return {
            "row": self.row, "number": self.number, "title": self.matter.title if self.matter else "",
            "old": self.old, "new": self.new, "text": self.text, "error": self.error,
            "matter": self.matter.pk if self.matter else None,
        }


def _cell_text(value):
    return "" if value is None else str(value).strip()


def read_rows(upload):
    """The data rows (after the header row) of the first sheet; blank rows are skipped."""
    try:
        book = load_workbook(io.BytesIO(upload.read() if hasattr(upload, "read") else upload), read_only=True, data_only=True)
    except (InvalidFileException, OSError, KeyError, ValueError):
        raise ActionError(_("This is not an XLSX spreadsheet."), fields={"file": "invalid"}) from None
    rows = []
    for index, values in enumerate(book.worksheets[0].iter_rows(min_row=2, max_col=3, values_only=True), start=2):
        number, progress, text = (list(values) + [None, None, None])[:3]
        if all(_cell_text(v) == "" for v in (number, progress, text)):
            continue
        rows.append(Row(index, _cell_text(number), progress, _cell_text(text)))
        if len(rows) > MAX_ROWS:
            raise ActionError(_("At most %(n)d rows per file.") % {"n": MAX_ROWS})
    book.close()
    if not rows:
        raise ActionError(_("The spreadsheet has no rows to apply."), fields={"file": "empty"})
    return rows


def _progress(value):
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)) and float(value).is_integer():
        return int(value)
    text = _cell_text(value).rstrip("%").strip()
    return int(text) if text.isdigit() else None


def check_rows(actor, rows):
    """Fill each row's item, old progress and error (looked up in two queries)."""
    who = acting(actor)
    matters = {
        m.number: m
        for m in Matter.objects.filter(type=TYPE, number__in=[r.number for r in rows]).select_related("supervision")
    }
    seen = set()
    for row in rows:
        matter = matters.get(row.number)
        progress = _progress(row.progress)
        if not row.number or matter is None:
            row.error = _("Unknown item number %(number)s.") % {"number": row.number or "—"}
            continue
        row.matter, row.old = matter, matter.supervision.progress
        if row.number in seen:
            row.error = _("The item appears twice in the file.")
        elif not who.in_unit(matter.lead_unit_id):
            row.error = _("This is not your unit's item.")
        elif matter.closed_at or matter.state in ("completed", "verified"):
            row.error = _("The item is closed or its completion has been reported.")
        elif matter.state != "in-progress":
            row.error = _("The item has not been signed for yet.")
        elif progress is None or not 0 <= progress <= 100:
            row.error = _("Progress must be a whole number from 0 to 100.")
        elif progress < row.old:
            row.error = _("Progress cannot go backwards (%(old)d%% → %(new)d%%).") % {"old": row.old, "new": progress}
        elif not row.text:
            row.error = _("The progress text is empty.")
        else:
            row.progress = progress
        seen.add(row.number)
    return rows


def preview(actor, upload):
    rows = check_rows(actor, read_rows(upload))
    return {"valid": not any(r.error for r in rows), "rows": [r.as_dict() for r in rows]}


def refusal(rows):
    bad = [r for r in rows if r.error]
    message = _("Nothing was applied: %(n)d row(s) have errors (%(rows)s).") % {
        "n": len(bad), "rows": ", ".join(_("row %(row)d") % {"row": r.row} for r in bad),
    }
    return ActionError(message, fields={f"row {r.row}": r.error for r in bad}, code="invalid_rows")


def do_apply_progress_xlsx(actor, upload):
    """Report every row's progress, or nothing if any row is invalid (the error names the bad rows)."""
    rows = read_rows(upload)
    with transaction.atomic():
        check_rows(actor, rows)
        if any(r.error for r in rows):
            raise refusal(rows)
        reported = []
        last_before = ProgressReport.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        for row in rows:
            do_transition(actor, row.matter, "report", {"progress": row.progress, "text": row.text})
            reported.append(row.matter.pk)
        ProgressReport.objects.filter(pk__gt=last_before, item_id__in=reported).update(via_spreadsheet=True)
    return [r.as_dict() for r in rows]


HEADERS = ("Number 编号", "Progress % 进度", "Progress 进展情况", "Title 标题 (not read)", "Current % 当前进度 (not read)")


def template_xlsx(actor):
    """A spreadsheet of the actor's unit's items in progress, ready to fill in and upload."""
    book = Workbook()
    sheet = book.active
    sheet.title = "progress"
    sheet.append(HEADERS)
    items = (
        Matter.objects.filter(type=TYPE, state="in-progress", lead_unit_id=actor.unit_id)
        .select_related("supervision").order_by("due_at", "pk")
        if actor.unit_id else Matter.objects.none()
    )
    for matter in items:
        sheet.append([matter.number, None, "", matter.title, matter.supervision.progress])
    for column, width in zip("ABCDE", (22, 14, 60, 50, 18)):
        sheet.column_dimensions[column].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
