import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from zhengban.engine.models import Task, TaskKind, TaskState
from zhengban.suggestions.models import ReplyLetter, Suggestion

from .conftest import ROWS, workbook

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    def as_(person):
        client = APIClient()
        client.force_authenticate(person)
        return client

    return as_


def test_import_preview_then_apply(office, session, api):
    officer = api(office.officer)
    bad = workbook([*ROWS, ("4", "", "代表甲（示例）", "正文", "")])
    url = f"/api/suggestions/sessions/{session.pk}/import/"
    answer = officer.post(url + "preview/", {"file": SimpleUploadedFile("bad.xlsx", bad)}, format="multipart")
    assert answer.status_code == 200 and answer.json()["valid"] is False
    assert [r["row"] for r in answer.json()["rows"] if r["error"]] == [5]
    refused = officer.post(url, {"file": SimpleUploadedFile("bad.xlsx", bad)}, format="multipart")
    assert refused.status_code == 400 and "row 5" in refused.json()["fields"]
    assert not Suggestion.objects.exists()
    done = officer.post(url, {"file": SimpleUploadedFile("good.xlsx", workbook(ROWS))}, format="multipart")
    assert done.status_code == 201 and done.json()["imported"] == 3
    assert api(office.member).post(url, {"file": SimpleUploadedFile("g.xlsx", workbook(ROWS))}, format="multipart").status_code == 403


def test_sessions(office, api):
    officer = api(office.officer)
    created = officer.post("/api/suggestions/sessions/", {"name": "政协衡阳市第十四届委员会第五次会议", "kind": "cppcc", "year": 2026},
                           format="json")
    assert created.status_code == 201 and created.json()["kind"] == "cppcc"
    assert officer.post("/api/suggestions/sessions/", {"name": "政协衡阳市第十四届委员会第五次会议", "kind": "cppcc", "year": 2026},
                        format="json").status_code == 409
    assert api(office.member).post("/api/suggestions/sessions/", {"name": "x", "kind": "npc", "year": 2026},
                                   format="json").status_code == 403


def act(client, matter_id, name, payload):
    return client.post(f"/api/matters/{matter_id}/actions/{name}/", payload, format="json")


def test_the_whole_flow_through_the_engine_action_endpoints(office, imported, api):
    officer, member, other = api(office.officer), api(office.member), api(office.other_member)
    pk = imported[0].pk
    detail = officer.get(f"/api/suggestions/{pk}/").json()
    assert detail["suggestion"]["authors"] == ["代表李某（示例）", "代表王某（示例）"]
    assert "recommendation" in detail
    names = {a["name"] for a in officer.get(f"/api/matters/{pk}/actions/").json()}
    assert {"assign", "split", "merge"} <= names
    assert act(member, pk, "assign", {"lead_unit": office.unit.code}).status_code == 404  # not visible to the unit yet
    assert act(officer, pk, "assign", {"lead_unit": office.unit.code, "co_units": [office.other_unit.code]}).status_code == 200
    assert act(member, pk, "assign", {"lead_unit": office.third_unit.code}).status_code == 409
    assert act(member, pk, "accept", {}).status_code == 200
    views = Task.objects.get(matter_id=pk, kind=TaskKind.COUNTERSIGN, state=TaskState.OPEN)
    assert act(member, pk, "reply", {"result_code": "A", "reply": "已解决"}).status_code == 400
    assert act(other, pk, "countersign", {"task": views.pk, "agree": True, "opinion": "同意"}).status_code == 200
    replied = act(member, pk, "reply", {"result_code": "A", "reply": "已解决"})
    assert replied.status_code == 200 and replied.json()["state"]["name"] == "replied"
    assert act(officer, pk, "dissatisfied", {"reason": "未落实"}).json()["state"]["name"] == "handling"
    assert act(member, pk, "reply", {"result_code": "A", "reply": "已落实"}).status_code == 200
    assert act(officer, pk, "feedback", {"feedback": "satisfied"}).json()["state"]["name"] == "closed"
    detail = officer.get(f"/api/suggestions/{pk}/").json()
    assert len(detail["letters"]) == 4 and detail["suggestion"]["feedback"] == "satisfied"
    assert detail["letters"][0]["pdf"].endswith(".pdf")


def test_list_filters_and_statistics(office, imported, api):
    officer = api(office.officer)
    act(officer, imported[0].pk, "assign", {"lead_unit": office.unit.code})
    rows = officer.get("/api/suggestions/", {"state": "assigned"}).json()
    rows = rows["results"] if isinstance(rows, dict) else rows
    assert [r["number"] for r in rows] == ["1"] and rows[0]["lead_unit"] == office.unit.code
    stats = officer.get("/api/suggestions/statistics/").json()
    assert stats["codes"] == ["A", "B", "C", "D"] and stats["units"][0]["unit"] == office.unit.code
    assert stats["total"]["total"] == 1
    assert api(office.member).get("/api/suggestions/statistics/").status_code == 403


def test_supervise_through_the_api(office, imported, api):
    officer = api(office.officer)
    act(officer, imported[0].pk, "assign", {"lead_unit": office.unit.code})
    answer = officer.post(f"/api/suggestions/{imported[0].pk}/supervise/", {"due": "2030-06-30"}, format="json")
    assert answer.status_code == 201 and answer.json()["number"].startswith("督办")
    assert officer.post(f"/api/suggestions/{imported[0].pk}/supervise/", {"due": "2030-06-30"},
                        format="json").status_code == 409


def test_merge_through_the_api_keeps_every_authors_reply(office, imported, api):
    officer, member = api(office.officer), api(office.member)
    assert act(officer, imported[2].pk, "merge", {"into": "2"}).json()["state"]["name"] == "merged"
    act(officer, imported[1].pk, "assign", {"lead_unit": office.unit.code})
    act(member, imported[1].pk, "accept", {})
    act(member, imported[1].pk, "reply", {"result_code": "B", "reply": "列入计划"})
    assert ReplyLetter.objects.filter(suggestion_id=imported[1].pk).count() == 3
