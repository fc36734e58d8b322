"""Document pages: registers (search, filters, paging, constant queries, XLSX), the forms, the
document page as it will print, and the PDF / Word downloads with their permission."""

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from zhengban.core.models import Clearance, RoleCode
from zhengban.documents.actions import do_sign_in_document, do_start_draft
from zhengban.documents.models import Document
from zhengban.engine.actions import do_transition

pytestmark = pytest.mark.django_db
INCOMING = "/documents/incoming/"
OUTGOING = "/documents/outgoing/"


def sign_in(office, title="关于申请2026年农村公路建设补助资金的请示", **extra):
    spec = {"sender": "hy-transport", "sender_number": "衡交〔2026〕7号", "doc_type": "request", "title": title, **extra}
    return do_sign_in_document(office.clerk, **spec)


def registered(office, **extra):
    return do_transition(office.clerk, sign_in(office, **extra), "register", {})


def as_user(client, person, language="en"):
    person.language = language
    person.save(update_fields=["language"])
    client.force_login(person)
    return client


def titles(response):
    return [m.title for m in response.context["page"].object_list]


def test_incoming_register_search_and_filters(client, office):
    first = registered(office)
    registered(office, title="关于做好2026年春节期间安全生产工作的通知", doc_type="notice", sender="hy-emergency",
               sender_number="衡应急〔2026〕2号")
    old = sign_in(office, title="关于上年度统计数据的报告", doc_type="report", sender="hy-statistics",
                  received_at=(timezone.now() - datetime.timedelta(days=40)).isoformat())
    as_user(client, office.clerk)
    assert len(titles(client.get(INCOMING))) == 3
    assert titles(client.get(INCOMING, {"q": "春节"})) == ["关于做好2026年春节期间安全生产工作的通知"]
    assert titles(client.get(INCOMING, {"number": first.number})) == [first.title]
    assert titles(client.get(INCOMING, {"q": "衡应急〔2026〕2号"})) == ["关于做好2026年春节期间安全生产工作的通知"]
    assert titles(client.get(INCOMING, {"sender": "hy-statistics"})) == [old.title]
    assert titles(client.get(INCOMING, {"doc_type": "request"})) == [first.title]
    assert titles(client.get(INCOMING, {"state": "signed"})) == [old.title]
    week_ago = (timezone.localdate() - datetime.timedelta(days=7)).isoformat()
    assert sorted(titles(client.get(INCOMING, {"since": week_ago}))) == sorted(
        [first.title, "关于做好2026年春节期间安全生产工作的通知"])
    assert titles(client.get(INCOMING, {"until": week_ago})) == [old.title]
    html = client.get(INCOMING, {"q": "春节"}).content.decode()
    assert "衡应急〔2026〕2号" in html and "format=xlsx" in html


def test_register_pages_fifty_at_a_time(client, office, monkeypatch):
    from zhengban.documents.views import registers

    monkeypatch.setattr(registers, "PAGE_SIZE", 2)
    for n in range(5):
        sign_in(office, title=f"关于第{n}项工作的请示")
    as_user(client, office.clerk)
    response = client.get(INCOMING, {"doc_type": "request", "page": 3})
    assert response.context["page"].number == 3 and len(titles(response)) == 1
    assert "doc_type=request&amp;page=2" in response.content.decode()
    pages = [titles(client.get(INCOMING, {"doc_type": "request", "page": n})) for n in (1, 2, 3)]
    assert sum(pages, []) == [f"关于第{n}项工作的请示" for n in range(4, -1, -1)]  # newest first, across pages


def _register_queries(client, office, count):
    for n in range(count):
        matter = registered(office, title=f"关于第{n}项工作的请示", urgency="urgent")
        do_transition(office.clerk, matter, "check", {})
    as_user(client, office.clerk)
    client.get(INCOMING)  # warm the session and the calendar
    with CaptureQueriesContext(connection) as queries:
        assert client.get(INCOMING).status_code == 200
    return len(queries)


def test_register_query_count_is_constant(client, office, django_assert_num_queries):
    few = _register_queries(client, office, 2)
    many = _register_queries(client, office, 12)
    assert few == many
    with django_assert_num_queries(few):
        client.get(INCOMING)
    with django_assert_num_queries(few):
        client.get(INCOMING, {"state": "proposing", "q": "工作"})


def test_classified_rows_are_never_shown_without_clearance(client, office, make_person):
    open_one = sign_in(office, title="关于公开事项的函", doc_type="letter")
    secret = sign_in(office, title="关于机密事项的请示", classification=Clearance.CONFIDENTIAL, classification_period="10年")
    low = make_person("lowclerk", unit=office.units["secretariat-1"], roles=[RoleCode.CLERK], clearance=Clearance.NONE)
    as_user(client, low)
    assert titles(client.get(INCOMING)) == [open_one.title]
    assert titles(client.get(INCOMING, {"q": "机密"})) == []
    book = load_workbook(io.BytesIO(client.get(INCOMING, {"format": "xlsx"}).content))
    cells = [c for row in book.active.iter_rows(values_only=True) for c in row]
    assert open_one.title in cells and secret.title not in cells
    as_user(client, office.clerk)
    assert secret.title in titles(client.get(INCOMING))


@pytest.mark.parametrize("language, headers", [
    ("en", ("Register number", "Received", "Sender", "Sender's number", "Document type", "Title")),
    ("zh-hans", ("收文编号", "收文时间", "来文单位", "来文字号", "文种", "标题")),
])
def test_xlsx_export_of_the_filtered_register(client, office, language, headers):
    wanted = registered(office)
    sign_in(office, title="关于别的事项的报告", doc_type="report")
    as_user(client, office.clerk, language)
    response = client.get(INCOMING, {"doc_type": "request", "format": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response["Content-Disposition"].startswith("attachment;") and ".xlsx" in response["Content-Disposition"]
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][:6] == headers
    assert len(rows) == 2
    assert rows[1][0] == wanted.number and rows[1][3] == "衡交〔2026〕7号" and rows[1][5] == wanted.title


def test_outgoing_register_and_export(client, office):
    draft = do_start_draft(office.econ, doc_type="notice", title="关于做好2026年防汛工作的通知", number_prefix="office",
                           main_recipients=["hengyang-county"])
    as_user(client, office.econ)
    response = client.get(OUTGOING, {"unit": "economic-affairs"})
    assert titles(response) == [draft.title]
    rows = list(load_workbook(io.BytesIO(client.get(OUTGOING, {"format": "xlsx"}).content)).active.iter_rows(values_only=True))
    assert rows[0][0] == "Document number" and rows[1][5] == draft.title


def test_sign_in_form_creates_and_redirects_to_the_matter(client, office):
    as_user(client, office.clerk)
    assert client.get("/documents/incoming/new/").status_code == 200
    response = client.post("/documents/incoming/new/", {
        "sender": "hy-drc", "sender_number": "衡发改〔2026〕3号", "doc_type": "request", "title": "关于重点项目的请示",
        "received_copies": "2", "urgency": "urgent", "classification": "0"})
    document = Document.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("matter", args=[document.pk])
    assert (document.received_copies, document.matter.urgency) == (2, "urgent")
    refused = client.post("/documents/incoming/new/", {"sender": "", "doc_type": "request", "title": "x"})
    assert refused.status_code == 400 and "sender" in refused.context["errors"]
    as_user(client, office.econ)
    assert client.post("/documents/incoming/new/", {"sender": "hy-drc", "doc_type": "report", "title": "x"}).status_code == 400
    assert Document.objects.count() == 1


def test_batch_form_signs_in_the_filled_rows_or_none(client, office):
    as_user(client, office.clerk)
    rows = {"row-1-sender": "hengyang-county", "row-1-doc_type": "report", "row-1-title": "衡阳县关于防汛工作的报告",
            "row-1-received_copies": "1", "row-3-sender": "hy-finance", "row-3-doc_type": "letter",
            "row-3-title": "市财政局关于预算调整的函", "row-3-received_copies": "3"}
    bad = client.post("/documents/incoming/batch/", {**rows, "row-3-sender": "nowhere"})
    assert bad.status_code == 400 and "row-3-sender" in bad.context["errors"]
    assert not Document.objects.exists()
    response = client.post("/documents/incoming/batch/", rows)
    assert response.status_code == 302 and response["Location"] == "/documents/incoming/?state=signed"
    assert sorted(Document.objects.values_list("received_copies", flat=True)) == [1, 3]


def test_draft_form_starts_from_the_type_skeleton(client, office):
    as_user(client, office.econ)
    page = client.get("/documents/outgoing/new/").content.decode()
    assert "特此通知。" in page
    skeleton = client.get("/documents/outgoing/skeleton/", {"doc_type": "request", "body": "各有关单位：\n\n为……，现就有关事项通知如下：\n\n一、……\n\n二、……\n\n特此通知。"})
    assert "妥否，请批示。" in skeleton.content.decode()
    kept = client.get("/documents/outgoing/skeleton/", {"doc_type": "request", "body": "我自己写的正文"})
    assert "我自己写的正文" in kept.content.decode()
    response = client.post("/documents/outgoing/new/", {
        "doc_type": "notice", "number_prefix": "office", "title": "关于做好2026年春节期间安全生产工作的通知",
        "body": "各县市区人民政府：\n\n一、压实责任\n\n特此通知。", "main_recipients": ["hengyang-county", "leiyang-city"],
        "urgency": "normal", "classification": "0"})
    document = Document.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("matter", args=[document.pk])
    assert sorted(document.main_recipients.values_list("code", flat=True)) == ["hengyang-county", "leiyang-city"]
    assert document.issuer_mark == "衡阳市人民政府办公室文件"


def test_document_page_shows_the_paper_and_the_routing_recommendation(client, office):
    matter = sign_in(office, body="申请农村公路建设补助资金。")
    as_user(client, office.clerk)
    html = client.get(reverse("matter", args=[matter.pk])).content.decode()
    assert 'class="paper-issuer"' in html and "衡阳市交通运输局" in html
    assert "关于申请2026年农村公路建设补助资金的请示" in html and "衡交〔2026〕7号" in html
    assert f"/documents/{matter.pk}/pdf" in html and f"/documents/{matter.pk}/docx" in html
    if matter.data.get("routing"):
        assert "routing-recommendation" in html
    draft = do_start_draft(office.econ, doc_type="notice", title="关于做好防汛工作的通知", number_prefix="office",
                           main_recipients=["hengyang-county"], body="各有关单位：\n\n一、加强值守\n\n（一）落实责任\n\n特此通知。")
    as_user(client, office.econ)
    html = client.get(reverse("matter", args=[draft.pk])).content.decode()
    assert "衡阳市人民政府办公室文件" in html and 'class="paper-p level-1">一、加强值守' in html
    assert 'class="paper-p level-2">（一）落实责任' in html and "衡阳县人民政府：" in html


@pytest.mark.parametrize("kind, content_type, magic", [
    ("pdf", "application/pdf", b"%PDF"),
    ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", b"PK"),
])
def test_downloads_for_those_who_may_see_and_404_for_others(client, office, kind, content_type, magic):
    matter = registered(office)
    as_user(client, office.clerk)
    response = client.get(f"/documents/{matter.pk}/{kind}")
    assert response.status_code == 200 and response["Content-Type"] == content_type
    assert response.content.startswith(magic)
    assert "filename*=utf-8''%E6%94%B6%E6%96%87" in response["Content-Disposition"]  # 收文〔…〕 number first
    as_user(client, office.outsider)
    assert client.get(f"/documents/{matter.pk}/{kind}").status_code == 404
    assert client.get(f"/documents/999999/{kind}").status_code == 404
