"""GB/T 9704-2012 PDF: the page geometry in millimetres, an HTML/CSS template, WeasyPrint.

The first page's head (issuer mark, number, rule) is placed absolutely from the numbers below;
everything after it flows on the 22-line grid of the text block.
"""

from pathlib import Path

from django.template import Context, Engine
from weasyprint import HTML

from . import fonts
from .spec import Format, attachment_lines, body_paragraphs, chinese_date

MM_PER_PT = 25.4 / 72

# Clause 5.2: A4, text block 156 × 225 mm, top margin 37 mm, binding margin 28 mm.
PAGE_WIDTH, PAGE_HEIGHT = 210.0, 297.0
TOP_MARGIN, LEFT_MARGIN = 37.0, 28.0
BLOCK_WIDTH, BLOCK_HEIGHT = 156.0, 225.0
# Clause 5.2.2: 22 lines of 28 characters of 3号 (16 pt) type.
LINES, CHARS = 22, 28
LINE = BLOCK_HEIGHT / LINES
# A hair under the exact pitch so rounding never pushes the 28th character to the next line.
PITCH = BLOCK_WIDTH / CHARS - 0.0005
BODY_SIZE = 16 * MM_PER_PT
TITLE_SIZE = 22 * MM_PER_PT  # 2号
SMALL_SIZE = 14 * MM_PER_PT  # 4号: page numbers and the 版记
ISSUER_MARK_SIZE = 15.0  # a height that reads well; narrowed to fit long names
SEAL_DIAMETER = 42.0
RED = "#e60012"


def _em_offset(slot, size, line_height):
    """mm from a line box's top to its em box's top."""
    return fonts.em_top_in_line(slot, line_height / size) * size


def _issuer_mark_size(text):
    return min(ISSUER_MARK_SIZE, (BLOCK_WIDTH - 6) / max(len(text), 1))


def _head_geometry(spec):
    """Tops (mm below the text block's top, em boxes unless said) of the first page's head elements."""
    mark_size = _issuer_mark_size(spec.issuer_mark)
    mark_top = {Format.LETTER: 30.0 - TOP_MARGIN, Format.ORDER: 20.0}.get(spec.doc_format, 35.0)
    geometry = {"mark_size": mark_size, "mark_top": mark_top}
    mark_bottom = mark_top + mark_size
    if spec.doc_format == Format.LETTER:
        # Clause 10.1: a red double rule 4 mm below the mark, the number under it at the right,
        # 7/8 of a 3号 character below the rule; the title two lines below the last element.
        rule_top = mark_bottom + 4
        number_top = rule_top + 1.5 + BODY_SIZE * 7 / 8
        marks_count = len(_marks(spec))
        last_bottom = number_top + max(marks_count, 1) * LINE - (LINE - BODY_SIZE) / 2
        geometry.update(rule_top=rule_top, number_top=number_top, marks_top=number_top,
                        bottom_rule_top=PAGE_HEIGHT - 20 - TOP_MARGIN - 1.5, content_top=last_bottom + 2 * LINE)
        return geometry
    # Clauses 7.2.4 and 10.2: the number two blank lines below the mark.
    number_top = mark_bottom + 2 * LINE + (LINE - BODY_SIZE) / 2
    geometry.update(number_top=number_top, marks_top=0.0)
    number_bottom = number_top + BODY_SIZE
    if spec.doc_format == Format.ORDER:
        # The order number, then two blank lines, then the body: no rule, no title.
        geometry["content_top"] = number_bottom + 2 * LINE
        return geometry
    rule_top = number_bottom + 4  # clause 7.2.5: the red rule 4 mm below the number
    # The title's em box two lines below the rule: its line starts a little above that.
    title_offset = _em_offset("xiaobiaosong", TITLE_SIZE, LINE)
    geometry.update(rule_top=rule_top, content_top=rule_top + 2 * LINE - title_offset)
    return geometry


def _marks(spec):
    """份号, 密级和保密期限, 紧急程度, top to bottom (clause 7.2.1-7.2.3)."""
    return [line for line in (spec.copy_number, spec.classification_line, spec.urgency) if line]


def _signer_rows(signers):
    """签发人 names, two a row (clause 7.2.4)."""
    return [signers[i:i + 2] for i in range(0, len(signers), 2)]


def _context(spec):
    geometry = _head_geometry(spec)
    mark_line = geometry["mark_size"]
    body_offset = _em_offset("fangsong", BODY_SIZE, LINE)
    used = fonts.fonts_used(spec)
    signer_rows = _signer_rows(spec.signers) if spec.upward else []
    number_line_top = geometry["number_top"] - (LINE - BODY_SIZE) / 2
    return {
        "spec": spec,
        "document_title": " ".join((spec.title or spec.issuer_mark).split()),
        "font_faces": fonts.font_face_css(),
        "fonts_description": "; ".join(f"{role}: {face}" for role, face in used.items()),
        "fonts_keywords": ", ".join(used.values()),
        "mm": {
            "page_width": PAGE_WIDTH, "page_height": PAGE_HEIGHT,
            "top": TOP_MARGIN, "left": LEFT_MARGIN,
            "right": PAGE_WIDTH - LEFT_MARGIN - BLOCK_WIDTH, "bottom": PAGE_HEIGHT - TOP_MARGIN - BLOCK_HEIGHT,
            "block_width": BLOCK_WIDTH,
            "line": LINE, "pitch": PITCH, "body_size": BODY_SIZE,
            "letter_spacing": PITCH - BODY_SIZE,
            "title_size": TITLE_SIZE, "small_size": SMALL_SIZE,
            # The page number's line is centred 7 mm below the text block (clause 7.5):
            # its dashes sit at mid-height of the em box.
            "folio_padding": 7 - SMALL_SIZE / 2,
            "mark_size": mark_line,
            "mark_top": geometry["mark_top"] - _em_offset("xiaobiaosong", mark_line, mark_line),
            "number_line_top": number_line_top,
            "signer_rows_top": number_line_top - (len(signer_rows) - 1) * LINE,
            "marks_top": geometry["marks_top"] - (LINE - BODY_SIZE) / 2 if spec.doc_format == Format.LETTER else 0,
            "rule_top": geometry.get("rule_top"),
            "bottom_rule_top": geometry.get("bottom_rule_top"),
            "content_top": geometry["content_top"],
            "body_offset": body_offset,
            "seal": SEAL_DIAMETER,
        },
        "red": RED,
        "marks": _marks(spec),
        "signer_rows": signer_rows,
        "paragraphs": body_paragraphs(spec.body),
        "attachments": attachment_lines(spec.attachment_note),
        "written_date": chinese_date(spec.written_date),
        "printing_date": chinese_date(spec.printing_date),
        "is_letter": spec.doc_format == Format.LETTER,
        "is_order": spec.doc_format == Format.ORDER,
        "is_minutes": spec.doc_format == Format.MINUTES,
    }


# The layout's own template engine: its templates are not pages of the site.
_ENGINE = Engine(dirs=[Path(__file__).parent / "templates"])


def render_html(spec):
    context = _context(spec)
    # Lengths go in as plain decimal strings, whatever the active language's number format.
    context["mm"] = {key: None if value is None else f"{value:.3f}" for key, value in context["mm"].items()}
    return _ENGINE.get_template("documents/layout/document.html").render(Context(context))


def render_pdf(spec):
    """The document laid out to GB/T 9704-2012, as PDF bytes."""
    font_config = fonts.weasyprint_font_config()
    return HTML(string=render_html(spec)).write_pdf(font_config=font_config)
