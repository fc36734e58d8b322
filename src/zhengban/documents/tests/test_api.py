"""The documents API: signing in, drafts, the register with its filters and constant queries, steps
through the matter actions endpoint, chase, receipts and the directory."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from zhengban.documents.models import Document
from zhengban.engine.models import Matter

pytestmark = pytest.mark.django_db
INCOMING = {"sender": "hy-finance", "sender_number": "衡财预〔2026〕3号", "doc_type": "request",
            "title": "关于追加教育经费的请示", "received_copies": 2, "urgency": "urgent"}


@pytest.fixture
def api():
    return APIClient()


def as_(api, person):
    api.force_authenticate(person)
    return api


def test_clerk_signs_in_and_takes_steps_through_the_actions_endpoint(api, office):
    as_(api, office.clerk)
    response = api.post("/api/documents/incoming/", INCOMING, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["type"] == "incoming" and body["document"]["sender"] == "hy-finance"
    assert body["document"]["holder"] == "clerk"
    pk = body["id"]
    offered = {a["name"]: a for a in api.get(f"/api/matters/{pk}/actions/").json()}
    assert "register" in offered
    response = api.post(f"/api/matters/{pk}/actions/register/", {}, format="json")
    assert response.status_code == 200 and response.json()["number"].startswith("收文〔")
    response = api.post(f"/api/matters/{pk}/actions/check/", {"number": "收文〔2026〕99号"}, format="json")
    assert response.status_code == 400 and response.json()["code"] == "manual_number"
    detail = api.get(f"/api/documents/{pk}/").json()
    assert detail["state"]["name"] == "registered" and detail["document"]["received_copies"] == 2


def test_batch_and_refusals(api, office):
    as_(api, office.clerk)
    response = api.post("/api/documents/incoming/batch/", {"documents": [INCOMING, {**INCOMING, "title": "第二件"}]},
                        format="json")
    assert response.status_code == 201 and len(response.json()["documents"]) == 2
    response = api.post("/api/documents/incoming/batch/", {"documents": [{**INCOMING, "number": "x"}]}, format="json")
    assert response.status_code == 400 and response.json()["code"] == "manual_number"
    as_(api, office.econ)
    assert api.post("/api/documents/incoming/", INCOMING, format="json").status_code == 403
    assert Document.objects.count() == 2


def test_member_starts_a_draft(api, office):
    as_(api, office.econ)
    response = api.post("/api/documents/outgoing/", {
        "doc_type": "notice", "title": "关于开展安全检查的通知", "number_prefix": "office",
        "main_recipients": ["hengyang-county"]}, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["document"]["main_recipients"] == ["hengyang-county"] and body["body"].endswith("特此通知。")
    assert body["number"] == ""
    response = api.post("/api/documents/outgoing/", {"doc_type": "notice", "title": "x", "number_prefix": "office",
                                                     "number": "衡政办发〔2026〕1号"}, format="json")
    assert response.status_code == 400 and "number" in response.json()["fields"]


def test_register_filters(api, office):
    from zhengban.documents.actions import do_sign_in_document, do_start_draft

    do_sign_in_document(office.clerk, **INCOMING)
    do_sign_in_document(office.clerk, **{**INCOMING, "sender": "hengyang-county", "doc_type": "report",
                                         "title": "衡阳县关于防汛的报告", "sender_number": "衡县政〔2026〕8号"})
    do_start_draft(office.econ, doc_type="notice", title="关于防汛的通知", number_prefix="office")
    as_(api, office.sg)

    def titles(**params):
        response = api.get("/api/documents/", params)
        assert response.status_code == 200, response.json()
        return sorted(row["title"] for row in response.json()["results"])

    assert len(titles()) == 3
    assert titles(direction="outgoing") == ["关于防汛的通知"]
    assert titles(sender="hengyang-county") == ["衡阳县关于防汛的报告"]
    assert titles(doc_type="request") == ["关于追加教育经费的请示"]
    assert titles(number="衡县政") == ["衡阳县关于防汛的报告"]
    assert titles(q="防汛") == ["关于防汛的通知", "衡阳县关于防汛的报告"]
    assert titles(state="drafting") == ["关于防汛的通知"]
    assert titles(unit="economic-affairs") == ["关于防汛的通知"]
    assert len(titles(received_after="2000-01-01")) == 2
    assert api.get("/api/documents/", {"doc_type": "poem"}).status_code == 400
    as_(api, office.finance)
    assert titles() == []  # not involved in any of them


@pytest.mark.parametrize("stored", [2, 12])
def test_register_list_runs_a_constant_number_of_queries(api, office, stored):
    from zhengban.documents.actions import do_sign_in_document, do_start_draft

    for i in range(stored):
        do_sign_in_document(office.clerk, **{**INCOMING, "title": f"请示{i}"})
        do_start_draft(office.econ, doc_type="notice", title=f"通知{i}", number_prefix="office")
    as_(api, office.sg)
    with CaptureQueriesContext(connection) as queries:
        response = api.get("/api/documents/")
    assert response.status_code == 200 and response.json()["count"] == 2 * stored
    # session-less forced auth: roles, count, the page's keys, its rows with their joins, the
    # co-units, the calendar
    assert len(queries) == REGISTER_QUERIES, [q["sql"][:80] for q in queries]


REGISTER_QUERIES = 6


def test_chase_and_receipt_endpoints(api, office):
    from zhengban.documents.actions import do_sign_in_document
    from zhengban.engine.actions import do_transition

    matter = do_sign_in_document(office.clerk, **INCOMING)
    matter = do_transition(office.clerk, matter, "register", {})
    as_(api, office.clerk)
    response = api.post(f"/api/documents/{matter.pk}/chase/", {"note": "请尽快"}, format="json")
    assert response.status_code == 200
    assert response.json()["timeline"][-1]["verb"] == "incoming.chased"
    as_(api, office.outsider)
    assert api.post(f"/api/documents/{matter.pk}/chase/", {}, format="json").status_code == 404
    assert api.post(f"/api/documents/{matter.pk}/deliveries/1/receipt/", {"received_by_name": "x"},
                    format="json").status_code == 404


def test_directory_lists_organizations(api, office):
    as_(api, office.econ)
    rows = api.get("/api/organizations/", {"limit": 500}).json()["results"]
    by_code = {row["code"]: row for row in rows}
    assert by_code["hy-drc"]["short_name_zh"] == "市发展改革委" and by_code["hy-drc"]["handling_unit"] == "economic-affairs"
    assert by_code["hunan-government"]["is_higher_level"] is True
    found = api.get("/api/organizations/", {"q": "耒阳"}).json()["results"]
    assert [row["code"] for row in found] == ["leiyang-city"]
    assert not Matter.objects.exists()


def test_register_pages_keep_the_register_order(api, office):
    from zhengban.documents.actions import do_sign_in_document

    for i in range(5):
        do_sign_in_document(office.clerk, **{**INCOMING, "title": f"请示{i}"})
    as_(api, office.clerk)
    pages = [api.get("/api/documents/", {"limit": 2, "offset": offset}).json() for offset in (0, 2, 4)]
    assert [page["count"] for page in pages] == [5, 5, 5]
    assert [row["title"] for page in pages for row in page["results"]] == [f"请示{i}" for i in range(4, -1, -1)]
    assert pages[2]["next"] is None and "offset=2" in pages[2]["previous"]
