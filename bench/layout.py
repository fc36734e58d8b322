"""PDF and DOCX pages per second for a three-page 通知 (GB/T 9704-2012 layout). Prints figures only.

    .venv/bin/python bench/layout.py [--runs 20]
"""

import argparse
import io
import os
import sys
import time
from datetime import date

import django


def three_page_notice():
    from zhengban.documents.layout import DocumentSpec

    paragraph = "各地各部门要聚焦道路交通、消防、建筑施工、危险化学品、燃气等重点行业领域，全面排查整治安全隐患，建立问题清单和整改台账。"
    body = "\n".join(["一、提高思想认识", "（一）压实安全责任"] + [paragraph * 3] * 6 + ["二、强化应急值守", "1. 严格执行值班制度。"])
    return DocumentSpec(
        title="衡阳市人民政府关于做好春节期间安全生产工作的通知", body=body, issuer_mark="衡阳市人民政府文件",
        number="衡政发〔2026〕5号", main_recipients="各县市区人民政府，市直各单位", issuer_signature="衡阳市人民政府",
        written_date=date(2026, 1, 20), seal_text="衡阳市人民政府", cc_recipients="市委各部门",
        printing_organ="衡阳市人民政府办公室", printing_date=date(2026, 1, 21),
    )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhengban.settings")
    django.setup()
    import pdfplumber

    from zhengban.documents.layout import render_docx, render_pdf

    spec = three_page_notice()
    started = time.perf_counter()
    first = render_pdf(spec)
    cold = time.perf_counter() - started
    with pdfplumber.open(io.BytesIO(first)) as pdf:
        pages = len(pdf.pages)
    started = time.perf_counter()
    for _ in range(args.runs):
        render_pdf(spec)
    pdf_seconds = (time.perf_counter() - started) / args.runs
    started = time.perf_counter()
    for _ in range(args.runs):
        render_docx(spec)
    docx_seconds = (time.perf_counter() - started) / args.runs
    print(f"document: {pages} pages; first render (fonts loaded) {cold:.2f} s")
    print(f"PDF:  {pdf_seconds * 1000:.0f} ms a document, {pages / pdf_seconds:.1f} pages/s ({args.runs} runs)")
    print(f"DOCX: {docx_seconds * 1000:.0f} ms a document, {pages / docx_seconds:.1f} pages/s (same {pages} pages)")


if __name__ == "__main__":
    sys.exit(main())
