"""The PDF measured, not trusted: positions in millimetres against GB/T 9704-2012 (±1 mm)."""

import io
from collections import defaultdict
from datetime import date

import pdfplumber
import pytest
from fontTools.ttLib import TTFont

from zhengban.documents.layout import DocumentSpec, Format, fonts_used, render_pdf
from zhengban.documents.layout.fonts import resolved_fonts

MM = 25.4 / 72
BLOCK_TOP, BLOCK_LEFT, BLOCK_RIGHT, BLOCK_BOTTOM = 37.0, 28.0, 184.0, 262.0
RED = (0.901961, 0.0, 0.070588)
FULL_LINE = "各单位要加强应急值守遇有重大突发事件要第一时间报告不得迟报漏报瞒报"  # 31 characters, no punctuation


def notice_spec(**changes):
    body = "\n".join(
        ["为做好春节期间安全生产工作，现就有关事项通知如下。", "一、提高思想认识", "（一）加强重点行业领域安全监管。",
         "1. 严格执行值班制度。", "(1) 值班人员要坚守岗位。"] + [FULL_LINE * 6] * 6
    )
    values = dict(
        title="衡阳市人民政府关于做好春节期间安全生产工作的通知", body=body, issuer_mark="衡阳市人民政府文件",
        number="衡政发〔2026〕5号", main_recipients="各县市区人民政府，市直各单位", attachment_note="值班安排表",
        issuer_signature="衡阳市人民政府", written_date=date(2026, 3, 5), seal_text="衡阳市人民政府",
        annotation="此件公开发布", cc_recipients="市委各部门，市人大常委会办公室", printing_organ="衡阳市人民政府办公室",
        printing_date=date(2026, 3, 6),
    )
    values.update(changes)
    return DocumentSpec(**values)


class Line:
    def __init__(self, chars, page_height):
        self.chars = sorted(chars, key=lambda c: c["x0"])
        first = self.chars[0]
        self.text = "".join(c["text"] for c in self.chars)
        self.size = first["size"] * MM
        # The ideographic em box's top: 0.88 em above the baseline (the fonts' typographic ascender).
        self.baseline = (page_height - first["matrix"][5]) * MM
        self.top = self.baseline - 0.88 * self.size
        self.x0, self.x1 = first["x0"] * MM, self.chars[-1]["x1"] * MM
        self.color = first["non_stroking_color"]
        self.font = first["fontname"]


def measured(pdf_bytes):
    """Per page: the text lines (chars grouped by baseline) and the filled rectangles, in mm."""
    pages = []
    with pdfplumber.open(io.BytesIO(pdf_bytes)) as pdf:
        for page in pdf.pages:
            by_baseline = defaultdict(list)
            for char in page.chars:
                by_baseline[round(char["matrix"][5], 1)].append(char)
            lines = sorted((Line(chars, page.height) for chars in by_baseline.values()), key=lambda line: line.top)
            rects = [
                {"top": r["top"] * MM, "x0": r["x0"] * MM, "width": r["width"] * MM, "height": r["height"] * MM,
                 "color": r["non_stroking_color"]}
                for r in page.rects
            ]
            pages.append({"lines": lines, "rects": rects, "curves": len(page.curves)})
    return pages


def find(page, text):
    return next(line for line in page["lines"] if text in line.text)


@pytest.fixture(scope="module")
def notice():
    pdf = render_pdf(notice_spec())
    return pdf, measured(pdf)


def test_issuer_mark_is_red_centred_35_mm_below_the_block_top(notice):
    mark = find(notice[1][0], "衡阳市人民政府文件")
    assert mark.top == pytest.approx(BLOCK_TOP + 35, abs=1)
    assert mark.color == RED
    assert (mark.x0 + mark.x1) / 2 == pytest.approx(106, abs=1)
    assert "xiaobiaosong" in mark.font


def test_number_centred_two_lines_below_the_mark_and_red_rule_4_mm_below_it(notice):
    page = notice[1][0]
    mark, number = find(page, "衡阳市人民政府文件"), find(page, "衡政发〔2026〕5号")
    assert number.top == pytest.approx(mark.top + mark.size + 2 * 225 / 22 + (225 / 22 - number.size) / 2, abs=1)
    assert (number.x0 + number.x1) / 2 == pytest.approx(106, abs=1)
    (rule,) = [r for r in page["rects"] if r["color"] == RED]
    assert rule["top"] == pytest.approx(number.top + number.size + 4, abs=1)
    assert rule["x0"] == pytest.approx(BLOCK_LEFT, abs=0.2)
    assert rule["width"] == pytest.approx(156, abs=0.2)


def test_title_two_lines_below_the_rule_and_recipients_flush_left(notice):
    page = notice[1][0]
    (rule,) = [r for r in page["rects"] if r["color"] == RED]
    title = find(page, "关于做好春节期间")
    assert title.top == pytest.approx(rule["top"] + 2 * 225 / 22, abs=1)
    assert (title.x0 + title.x1) / 2 == pytest.approx(106, abs=1)
    assert title.size == pytest.approx(22 * MM, abs=0.05)
    recipients = find(page, "各县市区人民政府，市直各单位：")
    assert recipients.x0 == pytest.approx(BLOCK_LEFT, abs=0.2)


def test_full_body_lines_hold_28_characters_and_a_page_22_lines(notice):
    second = notice[1][1]
    body_lines = [line for line in second["lines"] if line.size == pytest.approx(16 * MM, abs=0.05)]
    assert len(body_lines) == 22
    full = [line for line in body_lines if line.x0 == pytest.approx(BLOCK_LEFT, abs=0.2)
            and line.x1 == pytest.approx(BLOCK_RIGHT, abs=0.5)]
    assert len(full) >= 15 and all(len(line.text) == 28 for line in full)
    tops = [line.top for line in body_lines]
    assert tops[0] == pytest.approx(BLOCK_TOP + (225 / 22 - 16 * MM) / 2, abs=1)
    assert all(b - a == pytest.approx(225 / 22, abs=0.6) for a, b in zip(tops, tops[1:]))


def test_heading_levels_use_their_faces(notice):
    page = notice[1][0]
    assert "heiti" in find(page, "一、提高思想认识").font
    assert "kaiti" in find(page, "（一）加强").font
    assert "fangsong" in find(page, "1. 严格执行").font
    assert "fangsong" in find(page, "(1) 值班人员").font


def test_page_numbers_7_mm_below_the_block_odd_right_even_left(notice):
    pages = notice[1]
    assert len(pages) >= 3
    for number, page in enumerate(pages, 1):
        folio = find(page, f"— {number} —")
        assert "songti" in folio.font and folio.size == pytest.approx(14 * MM, abs=0.05)
        assert folio.top + folio.size / 2 == pytest.approx(BLOCK_BOTTOM + 7, abs=1)
        if number % 2:
            assert folio.x1 == pytest.approx(BLOCK_RIGHT - 14 * MM, abs=0.5)
        else:
            assert folio.x0 == pytest.approx(BLOCK_LEFT + 14 * MM, abs=0.5)


def test_signature_date_seal_and_annotation(notice):
    last_text = notice[1][-2:]
    lines = [line for page in last_text for line in page["lines"]]
    date_line = next(line for line in lines if line.text == "2026年3月5日")
    assert date_line.x1 == pytest.approx(BLOCK_RIGHT - 4 * 156 / 28, abs=1)  # right, four characters in
    signature = next(line for line in lines if line.text == "衡阳市人民政府" and line.color != RED)
    assert (signature.x0 + signature.x1) / 2 == pytest.approx((date_line.x0 + date_line.x1) / 2, abs=1)
    seal = next(line for line in lines if line.text == "（印章位置）")
    assert seal.color == RED
    assert any(page["curves"] for page in last_text)  # the seal's circle
    annotation = next(line for line in lines if line.text == "（此件公开发布）")
    assert annotation.x0 == pytest.approx(BLOCK_LEFT + 2 * 156 / 28, abs=0.5)


def test_no_seal_position_without_a_seal():
    pages = measured(render_pdf(notice_spec(seal_text="", body="正文。")))
    lines = [line.text for page in pages for line in page["lines"]]
    assert "（印章位置）" not in lines
    date_line = next(line for page in pages for line in page["lines"] if line.text == "2026年3月5日")
    assert date_line.x1 == pytest.approx(BLOCK_RIGHT - 2 * 156 / 28, abs=1)  # the date is longer: right, two in


def test_imprint_rules_end_on_the_block_bottom_of_the_last_page(notice):
    last = notice[1][-1]
    cc = find(last, "抄送：市委各部门")
    printing = find(last, "2026年3月6日印发")
    assert cc.top < printing.top < BLOCK_BOTTOM
    assert cc.x0 == pytest.approx(BLOCK_LEFT + 14 * MM, abs=0.5)
    assert printing.x1 == pytest.approx(BLOCK_RIGHT - 14 * MM, abs=0.5)
    bottoms = [r["top"] + r["height"] for r in last["rects"] if r["width"] == pytest.approx(156, abs=0.2)]
    assert max(bottoms) == pytest.approx(BLOCK_BOTTOM, abs=0.5)


def test_upward_document_puts_the_number_left_beside_the_signer():
    spec = notice_spec(doc_type="request", upward=True, signers=["张明"], number="衡政〔2026〕7号",
                       issuer_mark="衡阳市人民政府", title="衡阳市人民政府关于申请专项资金的请示", body="妥否，请批示。")
    page = measured(render_pdf(spec))[0]
    number = find(page, "衡政〔2026〕7号")
    signer = find(page, "张明")
    assert number.x0 == pytest.approx(BLOCK_LEFT + 156 / 28, abs=0.5)
    assert signer.baseline == pytest.approx(number.baseline, abs=0.6)
    assert signer.x1 == pytest.approx(BLOCK_RIGHT - 156 / 28, abs=1)
    assert "kaiti" in next(line for line in page["lines"] if "张明" in line.text).chars[-1]["fontname"]


def test_letter_format_mark_30_mm_from_page_top_double_rules_no_first_page_number():
    spec = notice_spec(doc_format=Format.LETTER, doc_type="letter", issuer_mark="衡阳市人民政府办公室",
                       number="衡政办函〔2026〕12号", seal_text="", body="请予支持。")
    pages = measured(render_pdf(spec))
    first = pages[0]
    mark = find(first, "衡阳市人民政府办公室")
    assert mark.top == pytest.approx(30, abs=1)
    number = find(first, "衡政办函〔2026〕12号")
    assert number.x1 == pytest.approx(BLOCK_RIGHT, abs=0.5)
    red_rules = [r for r in first["rects"] if r["color"] == RED and r["width"] == pytest.approx(170, abs=0.3)]
    assert red_rules and min(r["x0"] for r in red_rules) == pytest.approx(20, abs=0.3)
    assert any(r["top"] + r["height"] == pytest.approx(297 - 20, abs=1) for r in red_rules)
    assert not any(line.text.startswith("— ") for line in first["lines"])


def test_order_format_has_no_rule_and_no_title():
    spec = notice_spec(doc_format=Format.ORDER, doc_type="order", issuer_mark="衡阳市人民政府令", number="第5号",
                       body="《衡阳市城市管理办法》已经市人民政府常务会议通过，现予公布。", issuer_signature="市长  李华")
    page = measured(render_pdf(spec))[0]
    mark = find(page, "衡阳市人民政府令")
    assert mark.top == pytest.approx(BLOCK_TOP + 20, abs=1)
    assert not [r for r in page["rects"] if r["color"] == RED]
    assert not any("关于做好春节期间" in line.text for line in page["lines"])


def test_minutes_format_lists_attendance_with_bold_face_labels():
    spec = notice_spec(doc_format=Format.MINUTES, doc_type="minutes", issuer_mark="衡阳市人民政府常务会议纪要",
                       number="〔2026〕3号", body="会议研究了有关事项。", present="李华、王强", excused="赵敏",
                       in_attendance="市财政局", seal_text="", issuer_signature="")
    pages = measured(render_pdf(spec))
    lines = [line for page in pages for line in page["lines"]]
    present = next(line for line in lines if line.text.startswith("出席："))
    assert "heiti" in present.chars[0]["fontname"] and "fangsong" in present.chars[-1]["fontname"]
    assert any(line.text.startswith("请假：") for line in lines)
    assert any(line.text.startswith("列席：") for line in lines)


def _embedded_font_names(pdf_bytes):
    """PostScript names inside the embedded font programs (not the aliases in /BaseFont)."""
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfparser import PDFParser
    from pdfminer.pdftypes import PDFStream, resolve1

    document = PDFDocument(PDFParser(io.BytesIO(pdf_bytes)))
    names = set()
    for xref in document.xrefs:
        for object_id in xref.get_objids():
            obj = resolve1(document.getobj(object_id))
            if not isinstance(obj, dict) or obj.get("Type") is None or obj["Type"].name != "FontDescriptor":
                continue
            for key in ("FontFile2", "FontFile3"):
                stream = resolve1(obj.get(key))
                if isinstance(stream, PDFStream):
                    # WeasyPrint embeds TrueType and OpenType (CFF) programs whole: both are sfnt files.
                    names.add(TTFont(io.BytesIO(stream.get_data()))["name"].getDebugName(6))
    return names


def test_embedded_fonts_are_the_configured_ones_and_named_in_the_metadata(notice):
    pdf, _ = notice
    configured = {font.postscript_name for font in resolved_fonts().values()}
    assert _embedded_font_names(pdf) <= configured | {None}
    used = fonts_used(notice_spec())
    assert set(used) == {"仿宋_GB2312", "方正小标宋", "黑体", "楷体_GB2312", "宋体"}
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        subject = document.metadata["Subject"]
    for role, face in used.items():
        assert f"{role}: {face}" in subject


def test_a_deployment_font_setting_replaces_the_face(settings):
    settings.ZHENGBAN_FONT_FANGSONG = settings.ZHENGBAN_FONT_SONGTI
    pdf = render_pdf(notice_spec(body="正文。"))
    assert fonts_used(notice_spec())["仿宋_GB2312"] == "Noto Serif CJK SC (NotoSerifCJKsc-Regular)"
    assert "NotoSerifCJKsc-Regular" in _embedded_font_names(pdf)
    assert "LXGWWenKai-Light" not in _embedded_font_names(pdf)


def test_missing_font_file_is_a_clear_error(settings):
    settings.ZHENGBAN_FONT_KAITI = "/nonexistent/kaiti.ttf"
    with pytest.raises(FileNotFoundError, match="ZHENGBAN_FONT_"):
        render_pdf(notice_spec())
