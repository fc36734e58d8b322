"""The supervision API: lists with filters and constant queries, detail, actions, spreadsheets, assessment."""

import datetime
import io

import pytest
from openpyxl import Workbook
from rest_framework.test import APIClient

from zhengban.engine.actions import do_transition
from zhengban.supervision.actions import do_open_supervision_item
from zhengban.supervision.models import SupervisionItem

pytestmark = pytest.mark.django_db
D = datetime.date


def client_for(person):
    client = APIClient()
    client.force_authenticate(person)
    return client


def make_items(office, count, unit=None):
    made = []
    for n in range(count):
        matter = do_open_supervision_item(office.officer, source="annual-key-task", title=f"事项{n}", body="",
                                          lead_unit=unit or office.unit, due=D(2030, 6, 30), leader=office.vice_mayor)
        signer = office.member if (unit or office.unit) == office.unit else office.other_member
        made.append(do_transition(signer, matter, "sign", {}))
    return made


def test_list_filters_and_lights(office):
    make_items(office, 2)
    make_items(office, 1, office.other_unit)
    api = client_for(office.officer)
    body = api.get("/api/supervision/items/").json()
    assert body["count"] == 3 and body["lights"] == {"red": 0, "yellow": 0, "green": 3}
    assert {r["light"] for r in body["results"]} == {"green"}
    assert api.get("/api/supervision/items/?unit=economic-affairs").json()["count"] == 1
    assert api.get("/api/supervision/items/?light=red").json()["count"] == 0
    green = api.get("/api/supervision/items/?light=green&limit=2").json()
    assert green["count"] == 3 and len(green["results"]) == 2 and "offset=2" in green["next"]
    assert api.get("/api/supervision/items/?leader=vicemayor&source=annual-key-task").json()["count"] == 3
    assert api.get("/api/supervision/items/?source=nonsense").status_code == 400


def test_each_sees_only_their_items(office):
    make_items(office, 1)
    make_items(office, 1, office.other_unit)
    assert client_for(office.member).get("/api/supervision/items/").json()["count"] == 1
    assert client_for(office.vice_mayor).get("/api/supervision/items/?scope=leader").json()["count"] == 2
    assert client_for(office.outsider).get("/api/supervision/items/").json()["count"] == 0
    other_item = SupervisionItem.objects.get(matter__lead_unit=office.other_unit)
    assert client_for(office.member).get(f"/api/supervision/items/{other_item.pk}/").status_code == 404
    assert client_for(office.outsider).get("/api/supervision/assessment/2026/").status_code == 403


@pytest.mark.parametrize("size", [3, 12])
def test_list_queries_do_not_grow(office, django_assert_num_queries, size):
    make_items(office, size)
    api = client_for(office.officer)
    api.get("/api/supervision/items/")  # warm the calendar and session caches
    # the caller's roles, the counts by light (with the list's total), the page's keys, its rows
    with django_assert_num_queries(4):
        assert len(api.get("/api/supervision/items/").json()["results"]) == size


def test_open_report_through_generic_actions_and_detail(office):
    api = client_for(office.officer)
    response = api.post("/api/supervision/items/", {
        "source": "leader-instruction", "title": "落实市长批示", "lead_unit": "secretariat-1", "due": "2030-06-30",
        "cadence": "weekly"}, format="json")
    assert response.status_code == 201, response.json()
    pk = response.json()["id"]
    member = client_for(office.member)
    assert member.post(f"/api/matters/{pk}/actions/sign/", {}, format="json").status_code == 200
    answer = member.post(f"/api/matters/{pk}/actions/report/", {"progress": 20, "text": "已部署"}, format="json")
    assert answer.status_code == 200, answer.json()
    detail = member.get(f"/api/supervision/items/{pk}/").json()
    assert detail["supervision"]["progress"] == 20 and detail["supervision"]["reports"][0]["text"] == "已部署"
    other = client_for(office.other_member)
    assert other.post(f"/api/matters/{pk}/actions/report/", {"progress": 30, "text": "x"}, format="json").status_code == 404
    extension = member.post(f"/api/supervision/items/{pk}/extensions/", {"new_due": "2030-09-30", "reason": "需要更多时间"}, format="json")
    assert extension.status_code == 201
    decided = client_for(office.officer).post(f"/api/supervision/extensions/{extension.json()['id']}/decision/", {"approve": True}, format="json")
    assert decided.json()["state"] == "approved"
    assert client_for(office.vice_mayor).post(f"/api/supervision/items/{pk}/instructions/", {"text": "抓紧"}, format="json").status_code == 201


def test_spreadsheet_endpoints(office):
    (matter,) = make_items(office, 1)
    api = client_for(office.member)
    template = api.get("/api/supervision/progress/template/")
    assert template.status_code == 200 and template["Content-Type"].startswith("application/vnd.openxmlformats")
    book = Workbook()
    book.active.append(["number", "progress", "text"])
    book.active.append([matter.number, 120, "x"])
    data = io.BytesIO()
    book.save(data)
    upload = lambda: io.BytesIO(data.getvalue())  # noqa: E731
    preview = api.post("/api/supervision/progress/preview/", {"file": upload()}, format="multipart").json()
    assert preview["valid"] is False and preview["rows"][0]["row"] == 2
    refused = api.post("/api/supervision/progress/apply/", {"file": upload()}, format="multipart")
    assert refused.status_code == 400 and "row 2" in refused.json()["fields"]


def test_assessment_endpoints(office):
    make_items(office, 1)
    api = client_for(office.officer)
    body = api.get("/api/supervision/assessment/2026/").json()
    assert body["year"] == 2026
    assert api.get("/api/supervision/assessment/2026/xlsx/").status_code == 200
