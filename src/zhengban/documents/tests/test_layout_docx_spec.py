"""The Word document's structure, the spec built from a document record, and the render command."""

import io
from datetime import date

import docx
import pytest
from django.core.management import call_command
from django.utils import timezone
from docx.oxml.ns import qn
from docx.shared import Mm

from zhengban.documents.layout import Format, render_docx, spec_from_document
from zhengban.documents.layout.fonts import resolved_fonts
from zhengban.documents.layout.spec import body_paragraphs, chinese_date

from .test_layout_pdf import notice_spec


def east_asia_font(paragraph):
    """The eastAsia font a paragraph's text shows in: its runs' own, else its style's."""
    for element in (*[run._r for run in paragraph.runs], paragraph.style.element):
        properties = element.find(qn("w:rPr"))
        fonts = properties.find(qn("w:rFonts")) if properties is not None else None
        if fonts is not None and fonts.get(qn("w:eastAsia")):
            return fonts.get(qn("w:eastAsia"))
    return None


@pytest.fixture(scope="module")
def word():
    return docx.Document(io.BytesIO(render_docx(notice_spec(copy_number="000012", classification="秘密",
                                                            classification_period="1年"))))


def test_section_is_a4_with_the_standard_margins_and_odd_even_page_numbers(word):
    section = word.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert round(section.top_margin.mm) == 37 and round(section.left_margin.mm) == 28
    assert round(section.page_width.mm - section.left_margin.mm - section.right_margin.mm) == 156
    assert round(section.page_height.mm - section.top_margin.mm - section.bottom_margin.mm) == 225
    assert word.settings.odd_and_even_pages_header_footer
    odd, even = section.footer.paragraphs[0], section.even_page_footer.paragraphs[0]
    assert odd.alignment == 2 and even.alignment == 0  # right, left
    assert "PAGE" in odd._p.xml and odd.text == "—  —"
    assert east_asia_font(odd) == resolved_fonts()["songti"].family


def test_elements_in_order_with_their_styles_and_fonts(word):
    styles = [paragraph.style.name for paragraph in word.paragraphs]
    expected_order = ["GB Marks", "GB Issuer Mark", "GB Number", "GB Title", "GB Recipients", "GB Body",
                      "GB Heading 1", "GB Heading 2", "GB Heading 3", "GB Heading 4", "GB Attachment", "GB Seal",
                      "GB Signature", "GB Date", "GB Annotation", "GB Imprint"]
    firsts = [styles.index(name) for name in expected_order]
    assert firsts == sorted(firsts)
    by_style = {paragraph.style.name: paragraph for paragraph in word.paragraphs}
    families = {slot: font.family for slot, font in resolved_fonts().items()}
    assert east_asia_font(by_style["GB Issuer Mark"]) == families["xiaobiaosong"]
    assert by_style["GB Issuer Mark"].style.font.color.rgb == docx.shared.RGBColor(0xE6, 0x00, 0x12)
    assert east_asia_font(by_style["GB Title"]) == families["xiaobiaosong"]
    assert east_asia_font(by_style["GB Body"]) == families["fangsong"]
    assert east_asia_font(by_style["GB Heading 1"]) == families["heiti"]
    assert east_asia_font(by_style["GB Heading 2"]) == families["kaiti"]
    assert by_style["GB Date"].text == "2026年3月5日"
    assert [p.text for p in word.paragraphs if p.style.name == "GB Marks"] == ["000012", "秘密★1年"]


def test_red_rule_and_imprint_rules_are_paragraph_borders(word):
    number = next(p for p in word.paragraphs if p.style.name == "GB Number")
    rule = number._p.pPr.find(qn("w:pBdr")).find(qn("w:bottom"))
    assert rule.get(qn("w:color")) == "E60012"
    imprint = [p for p in word.paragraphs if p.style.name == "GB Imprint"]
    assert imprint[0].text.startswith("抄送：") and imprint[-1].text.endswith("2026年3月6日印发")
    first_rule = imprint[0]._p.pPr.find(qn("w:pBdr")).find(qn("w:top"))
    middle_rule = imprint[0]._p.pPr.find(qn("w:pBdr")).find(qn("w:bottom"))
    last_rule = imprint[-1]._p.pPr.find(qn("w:pBdr")).find(qn("w:bottom"))
    assert int(first_rule.get(qn("w:sz"))) == int(last_rule.get(qn("w:sz"))) > int(middle_rule.get(qn("w:sz")))


def test_upward_docx_puts_signers_on_the_number_line():
    word = docx.Document(io.BytesIO(render_docx(notice_spec(upward=True, signers=["张明"], number="衡政〔2026〕7号"))))
    number = next(p for p in word.paragraphs if p.style.name == "GB Number")
    assert number.alignment == 0 and "签发人：" in number.text and "张明" in number.text
    assert Mm(0) < number.paragraph_format.first_line_indent


def test_letter_docx_has_no_first_page_number_and_no_printing_line():
    word = docx.Document(io.BytesIO(render_docx(notice_spec(doc_format=Format.LETTER))))
    assert word.sections[0].different_first_page_header_footer
    assert not any("印发" in p.text for p in word.paragraphs)


def test_heading_levels_dates_and_attachment_numbering():
    levels = [p.level for p in body_paragraphs("一、总则\n（二）范围\n3. 要求\n(4) 细则\n正文。\n\n")]
    assert levels == [1, 2, 3, 4, 0]
    assert chinese_date(date(2026, 3, 5)) == "2026年3月5日"
    assert chinese_date(date(2026, 11, 20)) == "2026年11月20日"


@pytest.fixture
def outgoing_request(cast):
    from zhengban.documents.models import Document, DocType, Organization
    from zhengban.engine.models import Matter, Urgency
    from zhengban.seals.models import Seal

    matter = Matter.objects.create(
        type="outgoing", title="衡阳市人民政府关于申请专项资金的请示", body="妥否，请批示。", number="衡政〔2026〕7号",
        classification=2, classification_period="1年", urgency=Urgency.VERY_URGENT, creator=cast.member,
        state="draft", opened_at=timezone.now(), data={"present": "李华"},
    )
    province = Organization.objects.create(code="province", name_zh="湖南省人民政府", kind="provincial", is_higher_level=True)
    county = Organization.objects.create(code="county", name_zh="衡南县人民政府", kind="county")
    seal = Seal.objects.create(code="gov", name_zh="衡阳市人民政府", name_en="Hengyang", kind="government", keeper_unit=cast.unit)
    document = Document.objects.create(
        matter=matter, direction="outgoing", doc_type=DocType.REQUEST, issuer_mark="衡阳市人民政府",
        issuer_signature="衡阳市人民政府", signers=[{"name": "张明", "username": "leader"}], copy_numbers="000003, 000004",
        written_date=date(2026, 3, 5), seal=seal, printing_organ="衡阳市人民政府办公室", printing_date=date(2026, 3, 6),
    )
    document.main_recipients.add(province)
    document.cc_recipients.add(county)
    return document


def test_spec_from_document_reads_the_record_and_its_matter(outgoing_request):
    spec = spec_from_document(outgoing_request)
    assert spec.doc_format == Format.STANDARD and spec.upward
    assert spec.signers == ["张明"] and spec.copy_number == "000003"
    assert spec.classification_line == "机密★1年" and spec.urgency == "特急"
    assert spec.main_recipients == "湖南省人民政府" and spec.cc_recipients == "衡南县人民政府"
    assert spec.seal_text == "衡阳市人民政府" and spec.number == "衡政〔2026〕7号"
    assert spec.present == "李华"


def test_render_document_command_writes_both_files(outgoing_request, tmp_path):
    out = io.StringIO()
    pdf, word = tmp_path / "out.pdf", tmp_path / "out.docx"
    call_command("render_document", outgoing_request.matter_id, pdf=str(pdf), docx=str(word), stdout=out)
    assert pdf.read_bytes().startswith(b"%PDF") and word.read_bytes().startswith(b"PK")
    assert "仿宋_GB2312" in out.getvalue()
