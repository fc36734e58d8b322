"""Importing a session's suggestions or proposals from a spreadsheet, whole or not at all.

The first sheet's header row names the columns (English or Chinese; any order): number (编号),
title (标题/案由), authors (提出人/代表/委员: comma-separated, the first is the lead author), text
(内容/正文) and category (类别). Upload → preview (every row with its problem, if any) → apply, which
checks again and opens every item inside one transaction or refuses the whole file naming its rows.
"""

import io
import re
import zipfile
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from zhengban.audit.chain import append_event
from zhengban.core.errors import ActionError
from zhengban.engine.actions import do_open_matter
from zhengban.engine.models import Matter

from .actions import require_office
from .flows import TYPE, matter_number
from .models import Author, Session, Suggestion

MAX_ROWS = 3000
COLUMNS = ("number", "title", "authors", "text", "category")
HEADER_NAMES = {
    "number": {"number", "no", "no.", "编号", "序号", "案号", "建议号", "提案号"},
    "title": {"title", "标题", "案由", "题目"},
    "authors": {"authors", "author", "提出人", "作者", "代表", "委员", "领衔人及附议人"},
    "text": {"text", "body", "内容", "正文", "建议内容", "提案内容"},
    "category": {"category", "类别", "分类"},
}
AUTHOR_SEPARATORS = re.compile(r"[,，、;；]+")


@dataclass
class Row:
    row: int
    number: str
    title: str
    authors: list
    text: str
    category: str
    errors: list = field(default_factory=list)

    @property
    def error(self):
        return "; ".join(str(e) for e in self.errors)

    def as_dict(self):
        return {"row": self.row, "number": self.number, "title": self.title, "authors": self.authors,
                "text": self.text, "category": self.category, "error": self.error}


@dataclass
class Sheet:
    rows: list
    missing: list

    @property
    def valid(self):
        return not self.missing and bool(self.rows) and not any(r.errors for r in self.rows)

    def as_dict(self):
        return {"valid": self.valid, "missing_columns": self.missing, "rows": [r.as_dict() for r in self.rows]}


def _text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _header_map(header):
    found = {}
    for index, value in enumerate(header):
        name = _text(value).lower()
        for column, names in HEADER_NAMES.items():
            if name in names and column not in found:
                found[column] = index
    return found


def read_sheet(content):
    """The rows of the first sheet (blank rows skipped) and the required columns it lacks."""
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, OSError, KeyError, ValueError):
        raise ActionError(_("This is not an XLSX spreadsheet."), fields={"file": "invalid"}) from None
    try:
        lines = book.worksheets[0].iter_rows(values_only=True)
        header = next(lines, ())
        columns = _header_map(header or ())
        missing = [c for c in COLUMNS if c not in columns]
        rows = []
        for index, values in enumerate(lines, start=2):
            values = list(values or ())
            cell = {c: _text(values[i]) if i < len(values) else "" for c, i in columns.items()}
            if not any(cell.values()):
                continue
            authors = [a.strip() for a in AUTHOR_SEPARATORS.split(cell.get("authors", "")) if a.strip()]
            rows.append(Row(index, cell.get("number", ""), cell.get("title", ""), authors, cell.get("text", ""),
                            cell.get("category", "")))
            if len(rows) > MAX_ROWS:
                raise ActionError(_("At most %(n)d rows per file.") % {"n": MAX_ROWS})
    finally:
        book.close()
    return Sheet(rows, missing)


def check_sheet(session, sheet):
    """Name each row's problems: empty cells, numbers repeated in the file or already imported."""
    taken = set(Suggestion.objects.filter(session=session, number__in=[r.number for r in sheet.rows])
                .values_list("number", flat=True))
    seen = {}
    for row in sheet.rows:
        if not row.number:
            row.errors.append(_("The number is empty."))
        elif row.number in seen:
            row.errors.append(_("The number %(number)s repeats row %(row)d.") % {"number": row.number, "row": seen[row.number]})
        elif row.number in taken:
            row.errors.append(_("Number %(number)s has already been imported into this session.") % {"number": row.number})
        else:
            seen[row.number] = row.row
        if not row.title:
            row.errors.append(_("The title is empty."))
        elif len(row.title) > 300:
            row.errors.append(_("The title is longer than 300 characters."))
        if not row.text:
            row.errors.append(_("The text is empty."))
        if not row.authors:
            row.errors.append(_("No author is named."))
        if len(row.number) > 40 or len(row.category) > 100:
            row.errors.append(_("The number or the category is too long."))
    return sheet


def preview(actor, session, content):
    require_office(actor)
    return check_sheet(session, read_sheet(content))


def refusal(sheet):
    if sheet.missing:
        return ActionError(
            _("Nothing was imported: the file lacks the column(s) %(columns)s.") % {"columns": ", ".join(sheet.missing)},
            fields={"columns": sheet.missing}, code="missing_columns",
        )
    if not sheet.rows:
        return ActionError(_("Nothing was imported: the file has no rows."), fields={"file": "empty"}, code="empty")
    bad = [r for r in sheet.rows if r.errors]
    return ActionError(
        _("Nothing was imported: %(n)d row(s) have errors (%(rows)s).") % {
            "n": len(bad), "rows": ", ".join(_("row %(row)d") % {"row": r.row} for r in bad)},
        fields={f"row {r.row}": r.error for r in bad}, code="invalid_rows",
    )


def do_import_suggestions(actor, session, content):
    """Open one item per row of the file, or none if any row (or a column) is wrong."""
    require_office(actor)
    sheet = read_sheet(content)
    with transaction.atomic():
        session = Session.objects.select_for_update().get(pk=session.pk)
        check_sheet(session, sheet)
        if not sheet.valid:
            raise refusal(sheet)
        opened = []
        for row in sheet.rows:
            matter = do_open_matter(actor, TYPE, title=row.title, body=row.text,
                                    data={"session": session.pk, "kind": session.kind})
            matter.number = matter_number(session.kind, row.number)
            Matter.objects.filter(pk=matter.pk).update(number=matter.number)
            item = Suggestion.objects.create(matter=matter, session=session, kind=session.kind, number=row.number,
                                             category=row.category)
            Author.objects.bulk_create([Author(suggestion=item, name=name, position=i) for i, name in enumerate(row.authors)])
            opened.append(matter)
        append_event(session, "suggestion.imported", actor=actor,
                     payload={"rows": len(opened), "numbers": [r.number for r in sheet.rows]})
    return opened
