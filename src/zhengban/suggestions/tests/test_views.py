import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from zhengban.engine.actions import do_transition
from zhengban.suggestions.importing import do_import_suggestions
from zhengban.suggestions.models import ReplyLetter, Suggestion

from .conftest import ROWS, workbook

pytestmark = pytest.mark.django_db


def signed_in(client, person):
    client.force_login(person)
    return client


def handled(office, matter, code="A", feedback=None):
    matter = do_transition(office.officer, matter, "assign", {"lead_unit": office.unit.code})
    matter = do_transition(office.member, matter, "accept", {})
    matter = do_transition(office.member, matter, "reply", {"result_code": code, "reply": "已办理。"})
    if feedback:
        matter = do_transition(office.officer, matter, "feedback", {"feedback": feedback})
    return matter


def many_rows(start, count):
    return [(str(n), f"关于第{n}项工作的建议", f"代表{n}（示例）, 代表附议（示例）", "正文", "综合") for n in range(start, start + count)]


def list_queries(client):
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/suggestions/").status_code == 200
    return len(queries)


def test_the_list_costs_the_same_queries_for_3_and_30_items(office, session, client):
    signed_in(client, office.officer)
    do_import_suggestions(office.officer, session, workbook(many_rows(1, 3)))
    handled(office, Suggestion.objects.get(number="1").matter)
    small = list_queries(client)
    do_import_suggestions(office.officer, session, workbook(many_rows(4, 27)))
    handled(office, Suggestion.objects.get(number="5").matter)
    assert list_queries(client) == small


def test_filters_and_visibility(office, imported, client):
    handled(office, imported[0], code="B")
    signed_in(client, office.officer)
    page = client.get("/suggestions/", {"result": "B"}).content.decode()
    assert ROWS[0][1] in page and ROWS[1][1] not in page
    page = client.get("/suggestions/", {"state": "registered", "q": "停车"}).content.decode()
    assert ROWS[1][1] in page and ROWS[2][1] in page and ROWS[0][1] not in page
    assert ROWS[0][1] in client.get("/suggestions/", {"unit": office.unit.code}).content.decode()
    assert "代表张某" in client.get("/suggestions/", {"q": "张某"}).content.decode()
    client.logout()
    signed_in(client, office.other_member)
    assert ROWS[0][1] not in client.get("/suggestions/").content.decode()


def test_overdue_filter(office, imported, client, clock):
    clock.set(datetime.date(2026, 3, 10))
    do_transition(office.officer, imported[0], "assign", {"lead_unit": office.unit.code})
    clock.set(datetime.date(2026, 7, 1))
    signed_in(client, office.officer)
    page = client.get("/suggestions/", {"overdue": "1"}).content.decode()
    assert ROWS[0][1] in page and ROWS[1][1] not in page


def test_statistics_by_unit_and_the_export(office, imported, client, clock):
    clock.set(datetime.date(2026, 3, 10))
    handled(office, imported[0], code="A", feedback="satisfied")
    handled(office, imported[1], code="B", feedback="basically-satisfied")
    do_transition(office.officer, imported[2], "assign", {"lead_unit": office.other_unit.code})
    signed_in(client, office.officer)
    response = client.get("/suggestions/statistics/")
    rows = {r["unit"].code: r for r in response.context["rows"]}
    assert rows[office.unit.code]["total"] == 2 and rows[office.unit.code]["on_time_rate"] == 100.0
    assert rows[office.unit.code]["codes"][:2] == [1, 1] and rows[office.unit.code]["satisfied_rate"] == 50.0
    assert rows[office.unit.code]["satisfaction_rate"] == 100.0
    assert rows[office.other_unit.code]["replied"] == 0 and rows[office.other_unit.code]["on_time_rate"] is None
    assert response.context["total"]["total"] == 3
    sheet = load_workbook(io.BytesIO(client.get("/suggestions/statistics/", {"export": "xlsx"}).content)).active
    assert [c.value for c in sheet[1]][:5] == ["Lead unit", "Items", "Replied", "On time", "On-time rate"]
    assert sheet.max_row == 4
    items = load_workbook(io.BytesIO(client.get("/suggestions/", {"export": "xlsx"}).content)).active
    assert items.max_row == 4
    client.logout()
    signed_in(client, office.member)
    assert client.get("/suggestions/statistics/").status_code == 403


def test_reply_letters_download_as_pdf_and_docx_for_those_who_see_the_item(office, imported, client):
    handled(office, imported[0])
    letter = ReplyLetter.objects.filter(suggestion_id=imported[0].pk).first()
    signed_in(client, office.member)
    pdf = client.get(f"/suggestions/letters/{letter.pk}.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    docx = client.get(f"/suggestions/letters/{letter.pk}.docx")
    assert docx.status_code == 200 and docx.content[:2] == b"PK"
    client.logout()
    signed_in(client, office.outsider)
    assert client.get(f"/suggestions/letters/{letter.pk}.pdf").status_code == 404


def test_the_matter_page_shows_routing_advice_to_the_office_and_the_letters(office, imported, client):
    signed_in(client, office.officer)
    page = client.get(f"/matters/{imported[0].pk}/").content.decode()
    assert "suggestion-facts" in page and "代表李某（示例）" in page
    handled(office, imported[0])
    page = client.get(f"/matters/{imported[0].pk}/").content.decode()
    assert "suggestion-letters" in page and "代表王某（示例）" in page


def test_the_import_page_previews_and_refuses_a_bad_file(office, session, client):
    signed_in(client, office.officer)
    from django.core.files.uploadedfile import SimpleUploadedFile

    bad = SimpleUploadedFile("bad.xlsx", workbook([*ROWS, ("1", "重复", "代表甲（示例）", "正文", "")]))
    response = client.post(f"/suggestions/sessions/{session.pk}/import/", {"step": "preview", "file": bad})
    assert response.status_code == 400 and "row 5" in response.content.decode()
    good = SimpleUploadedFile("good.xlsx", workbook(ROWS))
    response = client.post(f"/suggestions/sessions/{session.pk}/import/", {"step": "preview", "file": good})
    assert response.status_code == 200 and 'id="import-apply"' in response.content.decode()
    assert not Suggestion.objects.exists()
    response = client.post(f"/suggestions/sessions/{session.pk}/import/", {"step": "apply"})
    assert response.status_code == 200 and Suggestion.objects.count() == 3
    client.logout()
    signed_in(client, office.member)
    assert client.get(f"/suggestions/sessions/{session.pk}/import/").status_code == 403


def test_supervise_from_the_page(office, imported, client):
    do_transition(office.officer, imported[0], "assign", {"lead_unit": office.unit.code})
    signed_in(client, office.officer)
    response = client.post(f"/suggestions/{imported[0].pk}/supervise/", {"due": "2030-06-30"})
    assert response.status_code == 302 and "/matters/" in response["Location"]
