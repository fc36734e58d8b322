"""Everything the GB/T 9704-2012 layout needs, as plain data, and how to build it from a document.

The PDF and DOCX renderers read only a DocumentSpec, so they can be exercised without a database
and a deployment can render documents that never were records (a template, a preview).
"""

import re
from dataclasses import dataclass, field
from datetime import date

# Classification labels as printed (密级); the matter stores core.Clearance integers.
CLASSIFICATION_LABELS = {1: "秘密", 2: "机密", 3: "绝密"}
URGENCY_LABELS = {"urgent": "加急", "very-urgent": "特急"}


class Format:
    """The four formats of GB/T 9704-2012: clause 7 (standard) and clause 10 (special)."""

    STANDARD = "standard"  # 文件格式
    LETTER = "letter"  # 信函格式
    ORDER = "order"  # 命令(令)格式
    MINUTES = "minutes"  # 纪要格式

    ALL = (STANDARD, LETTER, ORDER, MINUTES)


@dataclass
class DocumentSpec:
    title: str = ""
    body: str = ""
    doc_format: str = Format.STANDARD
    doc_type: str = ""
    upward: bool = False
    issuer_mark: str = ""
    number: str = ""
    signers: list[str] = field(default_factory=list)
    copy_number: str = ""
    classification: str = ""
    classification_period: str = ""
    urgency: str = ""
    main_recipients: str = ""
    attachment_note: str = ""
    issuer_signature: str = ""
    written_date: date | None = None
    seal_text: str = ""
    annotation: str = ""
    cc_recipients: str = ""
    printing_organ: str = ""
    printing_date: date | None = None
    # Minutes (纪要): who attended, who was excused, who sat in.
    present: str = ""
    excused: str = ""
    in_attendance: str = ""

    @property
    def classification_line(self):
        """密级和保密期限: 机密★1年 (the star joins level and period)."""
        if not self.classification:
            return ""
        if self.classification_period:
            return f"{self.classification}★{self.classification_period}"
        return self.classification


def chinese_date(value):
    """成文日期 in Arabic numerals without leading zeros: 2026年3月5日."""
    if value is None:
        return ""
    return f"{value.year}年{value.month}月{value.day}日"


# The four heading levels of clause 7.3.3, recognised at the start of a body line.
HEADING_PATTERNS = (
    (1, re.compile(r"^[一二三四五六七八九十百]+、")),
    (2, re.compile(r"^（[一二三四五六七八九十百]+）")),
    (3, re.compile(r"^[0-9]+[.．]")),
    (4, re.compile(r"^[（(][0-9]+[)）]")),
)


@dataclass(frozen=True)
class BodyParagraph:
    level: int  # 0 for plain text, 1-4 for the heading levels
    text: str


def body_paragraphs(body):
    """Split the body into paragraphs (one per non-empty line) and tag each with its heading level."""
    paragraphs = []
    for line in body.splitlines():
        text = line.strip().lstrip("\u3000")
        if not text:
            continue
        level = next((lvl for lvl, pattern in HEADING_PATTERNS if pattern.match(text)), 0)
        paragraphs.append(BodyParagraph(level, text))
    return paragraphs


def attachment_lines(note):
    """附件说明 lines without the leading 附件： (the layout prints it once), numbered when several."""
    lines = [line.strip() for line in note.splitlines() if line.strip()]
    if lines:
        lines[0] = re.sub(r"^附件[：:]\s*", "", lines[0])
    if len(lines) > 1:
        lines = [line if re.match(r"^[0-9]+[.．]", line) else f"{n}. {line}" for n, line in enumerate(lines, 1)]
    return lines


def _format_for(doc_type):
    from zhengban.documents.models import DocType

    return {
        DocType.LETTER: Format.LETTER,
        DocType.ORDER: Format.ORDER,
        DocType.MINUTES: Format.MINUTES,
    }.get(doc_type, Format.STANDARD)


def _names(organizations):
    return "、".join(org.name_zh for org in organizations)


def spec_from_document(document):
    """The layout's view of a documents.models.Document and its matter."""
    matter = document.matter
    signers = [signer.get("name", "") for signer in document.signers if signer.get("name")]
    cc = _names(document.cc_recipients.all())
    data = matter.data or {}
    return DocumentSpec(
        title=matter.title,
        body=matter.body,
        doc_format=_format_for(document.doc_type),
        doc_type=document.doc_type,
        upward=document.is_upward,
        issuer_mark=document.issuer_mark,
        number=matter.number,
        signers=signers,
        copy_number=document.copy_numbers.split(",")[0].strip() if document.copy_numbers else "",
        classification=CLASSIFICATION_LABELS.get(matter.classification, ""),
        classification_period=matter.classification_period,
        urgency=URGENCY_LABELS.get(matter.urgency, ""),
        main_recipients=_names(document.main_recipients.all()),
        attachment_note=document.attachment_note,
        issuer_signature=document.issuer_signature,
        written_date=document.written_date,
        seal_text=document.seal.name_zh if document.seal_id else "",
        annotation=document.annotation,
        cc_recipients=cc,
        printing_organ=document.printing_organ,
        printing_date=document.printing_date,
        present=data.get("present", ""),
        excused=data.get("excused", ""),
        in_attendance=data.get("in_attendance", ""),
    )
