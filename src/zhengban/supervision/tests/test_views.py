"""Supervision pages: lists, bulk spreadsheet update, weekly report, assessment, detail part."""

import datetime
import io

import pytest
from openpyxl import Workbook

from zhengban.engine.actions import do_transition
from zhengban.supervision.actions import do_open_supervision_item

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def item(office):
    matter = do_open_supervision_item(office.officer, source="annual-key-task", title="推进老旧小区改造", body="",
                                      lead_unit=office.unit, due=D(2030, 6, 30), leader=office.vice_mayor)
    return do_transition(office.member, matter, "sign", {})


def test_pages(client, office, item):
    client.force_login(office.officer)
    for url in ("/supervision/", "/supervision/unit/", "/supervision/leader/", "/supervision/?light=green&source=annual-key-task",
                f"/matters/{item.pk}/", "/supervision/assessment/2026/", "/supervision/progress/"):
        response = client.get(url)
        assert response.status_code == 200, url
    assert "推进老旧小区改造" in client.get("/supervision/").content.decode()
    assert client.get("/supervision/report/weekly.pdf").content.startswith(b"%PDF")
    assert client.get("/supervision/report/weekly.docx").content.startswith(b"PK")
    client.force_login(office.outsider)
    assert "推进老旧小区改造" not in client.get("/supervision/").content.decode()
    assert client.get("/supervision/report/weekly.pdf").status_code == 403


def xlsx(*rows):
    book = Workbook()
    book.active.append(["number", "progress", "text"])
    for row in rows:
        book.active.append(list(row))
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    out.name = "progress.xlsx"
    return out


def test_bulk_upload_preview_then_apply(client, office, item):
    client.force_login(office.member)
    refused = client.post("/supervision/progress/", {"step": "preview", "file": xlsx((item.number, 20, "ok"), ("nope", 5, "x"))})
    assert refused.status_code == 400 and "Unknown item number nope" in refused.content.decode()
    shown = client.post("/supervision/progress/", {"step": "preview", "file": xlsx((item.number, 20, "已部署"))})
    assert shown.status_code == 200 and "bulk-apply" in shown.content.decode()
    applied = client.post("/supervision/progress/", {"step": "apply"})
    assert applied.status_code == 200 and "1 item updated" in applied.content.decode()
    assert item.supervision.__class__.objects.get(pk=item.pk).progress == 20


def test_extension_and_instruction_forms(client, office, item):
    client.force_login(office.member)
    client.post(f"/supervision/{item.pk}/extension/", {"new_due": "2030-09-30", "reason": "需要时间"})
    extension = item.supervision.extensions.get()
    client.force_login(office.vice_mayor)
    client.post(f"/supervision/extensions/{extension.pk}/decide/", {"approve": "1"})
    client.post(f"/supervision/{item.pk}/instruct/", {"text": "抓紧推进"})
    extension.refresh_from_db()
    assert extension.state == "approved" and item.supervision.instructions.count() == 1
