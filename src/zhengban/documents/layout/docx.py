"""GB/T 9704-2012 as an editable Word document: the PDF's structure with one named style per element."""

import io

from docx import Document as WordDocument
from docx.enum.section import WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from . import fonts
from .pdf import BLOCK_HEIGHT, BLOCK_WIDTH, LEFT_MARGIN, LINE, PAGE_HEIGHT, PAGE_WIDTH, TOP_MARGIN
from .spec import Format, attachment_lines, body_paragraphs, chinese_date

RED = RGBColor(0xE6, 0x00, 0x12)
BODY_PT = 16


def _family(slot):
    return fonts.resolved_fonts()[slot].family


def _set_fonts(style_or_run, slot, size_pt):
    """Name the face for Latin and East Asian text alike (Word picks eastAsia for CJK)."""
    family = _family(slot)
    style_or_run.font.name = family
    style_or_run.font.size = Pt(size_pt)
    element = style_or_run.element
    properties = element.get_or_add_rPr()
    run_fonts = properties.find(qn("w:rFonts"))
    if run_fonts is None:
        run_fonts = OxmlElement("w:rFonts")
        properties.append(run_fonts)
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        run_fonts.set(qn(attribute), family)


# Style name → (font slot, size in pt, alignment, red, first-line indent in characters)
STYLES = {
    "GB Issuer Mark": ("xiaobiaosong", 42, WD_ALIGN_PARAGRAPH.CENTER, True, 0),
    "GB Marks": ("heiti", BODY_PT, WD_ALIGN_PARAGRAPH.LEFT, False, 0),
    "GB Number": ("fangsong", BODY_PT, WD_ALIGN_PARAGRAPH.CENTER, False, 0),
    "GB Title": ("xiaobiaosong", 22, WD_ALIGN_PARAGRAPH.CENTER, False, 0),
    "GB Recipients": ("fangsong", BODY_PT, WD_ALIGN_PARAGRAPH.LEFT, False, 0),
    "GB Body": ("fangsong", BODY_PT, WD_ALIGN_PARAGRAPH.JUSTIFY, False, 2),
    "GB Heading 1": ("heiti", BODY_PT, WD_ALIGN_PARAGRAPH.JUSTIFY, False, 2),
    "GB Heading 2": ("kaiti", BODY_PT, WD_ALIGN_PARAGRAPH.JUSTIFY, False, 2),
    "GB Heading 3": ("fangsong", BODY_PT, WD_ALIGN_PARAGRAPH.JUSTIFY, False, 2),
    "GB Heading 4": ("fangsong", BODY_PT, WD_ALIGN_PARAGRAPH.JUSTIFY, False, 2),
    "GB Attachment": ("fangsong", BODY_PT, WD_ALIGN_PARAGRAPH.LEFT, False, 2),
    "GB Signature": ("fangsong", BODY_PT, WD_ALIGN_PARAGRAPH.RIGHT, False, 0),
    "GB Date": ("fangsong", BODY_PT, WD_ALIGN_PARAGRAPH.RIGHT, False, 0),
    "GB Seal": ("songti", 12, WD_ALIGN_PARAGRAPH.RIGHT, True, 0),
    "GB Annotation": ("fangsong", BODY_PT, WD_ALIGN_PARAGRAPH.LEFT, False, 2),
    "GB Imprint": ("fangsong", 14, WD_ALIGN_PARAGRAPH.LEFT, False, 0),
    "GB Page Number": ("songti", 14, WD_ALIGN_PARAGRAPH.RIGHT, False, 0),
}
LEVEL_STYLES = {0: "GB Body", 1: "GB Heading 1", 2: "GB Heading 2", 3: "GB Heading 3", 4: "GB Heading 4"}


def _add_styles(document):
    for name, (slot, size, alignment, red, indent) in STYLES.items():
        style = document.styles.add_style(name, 1)  # paragraph style
        style.base_style = document.styles["Normal"]
        _set_fonts(style, slot, size)
        if red:
            style.font.color.rgb = RED
        paragraph_format = style.paragraph_format
        paragraph_format.alignment = alignment
        paragraph_format.space_before = paragraph_format.space_after = Pt(0)
        paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        paragraph_format.line_spacing = Mm(max(LINE, size * 25.4 / 72 * 1.2))
        paragraph_format.first_line_indent = Pt(BODY_PT * indent) if indent else None


def _border(paragraph, edge, size_eighths, color):
    """A paragraph border (Word's way to draw the red rule and the 版记 rules)."""
    properties = paragraph._p.get_or_add_pPr()
    borders = properties.find(qn("w:pBdr"))
    if borders is None:
        borders = OxmlElement("w:pBdr")
        properties.append(borders)
    line = OxmlElement(f"w:{edge}")
    line.set(qn("w:val"), "single")
    line.set(qn("w:sz"), str(size_eighths))
    line.set(qn("w:space"), "4")
    line.set(qn("w:color"), color)
    borders.append(line)


def _page_number(paragraph, alignment, indent_pt):
    """— PAGE — in 4号 宋体, one character in from the outer edge."""
    paragraph.style = "GB Page Number"
    paragraph.alignment = alignment
    if alignment == WD_ALIGN_PARAGRAPH.RIGHT:
        paragraph.paragraph_format.right_indent = Pt(indent_pt)
    else:
        paragraph.paragraph_format.left_indent = Pt(indent_pt)
    paragraph.add_run("— ")
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            field = OxmlElement("w:fldChar")
            field.set(qn("w:fldCharType"), kind)
        else:
            field = OxmlElement("w:instrText")
            field.text = text
        run._r.append(field)
    paragraph.add_run(" —")


def _setup_section(document, spec):
    section = document.sections[0]
    section.start_type = WD_SECTION.NEW_PAGE
    section.page_width, section.page_height = Mm(PAGE_WIDTH), Mm(PAGE_HEIGHT)
    section.top_margin, section.left_margin = Mm(TOP_MARGIN), Mm(LEFT_MARGIN)
    section.right_margin = Mm(PAGE_WIDTH - LEFT_MARGIN - BLOCK_WIDTH)
    section.bottom_margin = Mm(PAGE_HEIGHT - TOP_MARGIN - BLOCK_HEIGHT)
    # The footer's page number line: about 7 mm below the text block.
    section.footer_distance = Mm(PAGE_HEIGHT - TOP_MARGIN - BLOCK_HEIGHT - 7 - 5)
    document.settings.odd_and_even_pages_header_footer = True
    _page_number(section.footer.paragraphs[0], WD_ALIGN_PARAGRAPH.RIGHT, 14)
    _page_number(section.even_page_footer.paragraphs[0], WD_ALIGN_PARAGRAPH.LEFT, 14)
    if spec.doc_format == Format.LETTER:
        section.different_first_page_header_footer = True  # no page number on a letter's first page


def _paragraph(document, style, text="", **kwargs):
    paragraph = document.add_paragraph(text, style=style)
    for key, value in kwargs.items():
        setattr(paragraph.paragraph_format, key, value)
    return paragraph


def _head(document, spec):
    marks = [line for line in (spec.copy_number, spec.classification_line, spec.urgency) if line]
    for line in marks:
        _paragraph(document, "GB Marks", line)
    # The mark's top 35 mm below the block's top (20 mm for orders, 30 mm from the page for letters).
    space = {Format.LETTER: 0, Format.ORDER: 20}.get(spec.doc_format, 35) - len(marks) * LINE
    mark = _paragraph(document, "GB Issuer Mark", spec.issuer_mark, space_before=Mm(max(space, 0)))
    if spec.doc_format == Format.LETTER:
        _border(mark, "bottom", 18, "E60012")
        _paragraph(document, "GB Number", spec.number, alignment=WD_ALIGN_PARAGRAPH.RIGHT)
        return
    number_text = spec.number
    number = _paragraph(document, "GB Number", number_text, space_before=Mm(2 * LINE))
    if spec.upward and spec.signers:
        number.alignment = WD_ALIGN_PARAGRAPH.LEFT
        number.paragraph_format.first_line_indent = Pt(BODY_PT)
        number.add_run("\t签发人：")
        for name in spec.signers:
            _set_fonts(number.add_run(f"{name} "), "kaiti", BODY_PT)
        number.paragraph_format.tab_stops.add_tab_stop(Mm(BLOCK_WIDTH - 40))
    if spec.doc_format != Format.ORDER:
        _border(number, "bottom", 4, "E60012")  # the red rule under the number


def render_docx(spec):
    """The document as an editable .docx, as bytes."""
    document = WordDocument()
    _add_styles(document)
    _setup_section(document, spec)
    _head(document, spec)
    if spec.title and spec.doc_format != Format.ORDER:
        _paragraph(document, "GB Title", spec.title.replace("\n", ""), space_before=Mm(2 * LINE))
    if spec.main_recipients:
        _paragraph(document, "GB Recipients", f"{spec.main_recipients}：", space_before=Mm(LINE))
    for paragraph in body_paragraphs(spec.body):
        _paragraph(document, LEVEL_STYLES[paragraph.level], paragraph.text)
    for index, line in enumerate(attachment_lines(spec.attachment_note)):
        prefix = "附件：" if index == 0 else "\u3000\u3000\u3000"
        _paragraph(document, "GB Attachment", prefix + line, space_before=Mm(LINE) if index == 0 else Pt(0))
    if spec.doc_format == Format.MINUTES:
        for label, names in (("出席", spec.present), ("请假", spec.excused), ("列席", spec.in_attendance)):
            if names:
                paragraph = _paragraph(document, "GB Attachment")
                _set_fonts(paragraph.add_run(f"{label}："), "heiti", BODY_PT)
                paragraph.add_run(names)
    if spec.seal_text:
        _paragraph(document, "GB Seal", f"〔印章位置：{spec.seal_text}〕", space_before=Mm(LINE), right_indent=Pt(BODY_PT * 4))
    if spec.issuer_signature:
        _paragraph(document, "GB Signature", spec.issuer_signature, right_indent=Pt(BODY_PT * (4 if spec.seal_text else 2)),
                   space_before=Pt(0) if spec.seal_text else Mm(LINE))
    if spec.written_date:
        _paragraph(document, "GB Date", chinese_date(spec.written_date), right_indent=Pt(BODY_PT * (4 if spec.seal_text else 2)))
    if spec.annotation:
        _paragraph(document, "GB Annotation", f"（{spec.annotation}）")
    _imprint(document, spec)
    output = io.BytesIO()
    document.save(output)
    return output.getvalue()


def _imprint(document, spec):
    """版记: 抄送 and 印发机关和印发日期 between rules (thick first and last, thin between)."""
    rows = []
    if spec.cc_recipients:
        rows.append(f"抄送：{spec.cc_recipients}。")
    if spec.doc_format != Format.LETTER and spec.printing_organ:
        rows.append(f"{spec.printing_organ}\t{chinese_date(spec.printing_date)}印发")
    for index, text in enumerate(rows):
        paragraph = _paragraph(document, "GB Imprint", text, left_indent=Pt(14), right_indent=Pt(14),
                               space_before=Mm(2 * LINE) if index == 0 else Pt(0))
        paragraph.paragraph_format.tab_stops.add_tab_stop(Mm(BLOCK_WIDTH) - Pt(28), alignment=WD_TAB_ALIGNMENT.RIGHT)
        if spec.doc_format == Format.LETTER:
            continue
        if index == 0:
            _border(paragraph, "top", 8, "000000")  # 0.35 mm ≈ 1 pt = 8 eighths
        _border(paragraph, "bottom", 8 if index == len(rows) - 1 else 6, "000000")
