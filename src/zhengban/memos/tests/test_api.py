"""POST /api/memos/: writing a memo draft over the API (its later steps: engine/tests/test_api_*)."""

import pytest
from rest_framework.test import APIClient

from zhengban.audit.models import Event
from zhengban.engine.models import Matter

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


def test_member_writes_a_draft(api, office):
    api.force_authenticate(office.member)
    response = api.post("/api/memos/", {"title": "请协助提供数据", "body": "见附件", "urgency": "urgent"}, format="json")
    assert response.status_code == 201
    body = response.json()
    assert body["state"]["name"] == "draft" and body["type"] == "memo" and body["urgency"] == "urgent"
    assert body["body"] == "见附件" and body["number"] == "" and body["version"] == 1
    matter = Matter.objects.get(pk=body["id"])
    assert matter.memo is not None and matter.creator == office.member
    assert Event.objects.filter(subject_type="engine.matter", subject_id=matter.pk, verb="memo.opened").exists()


def test_bad_input_is_400_with_fields_and_creates_nothing(api, office):
    api.force_authenticate(office.member)
    response = api.post("/api/memos/", {"classification": 7, "urgency": "whenever"}, format="json")
    assert response.status_code == 400
    assert set(response.json()["fields"]) == {"title", "classification", "urgency"}
    unperiod = api.post("/api/memos/", {"title": "秘密事项", "classification": 1}, format="json")
    assert unperiod.status_code == 403  # above the member's own clearance
    assert not Matter.objects.exists()


def test_classified_memo_needs_a_period(api, office):
    office.member.clearance = 1
    office.member.save()
    api.force_authenticate(office.member)
    response = api.post("/api/memos/", {"title": "秘密事项", "classification": 1}, format="json")
    assert response.status_code == 400 and set(response.json()["fields"]) == {"classification_period"}
    response = api.post("/api/memos/", {"title": "秘密事项", "classification": 1, "classification_period": "6个月"},
                        format="json")
    assert response.status_code == 201 and response.json()["classification_period"] == "6个月"


def test_person_without_a_unit_cannot_write_one(api, office):
    api.force_authenticate(office.outsider)
    response = api.post("/api/memos/", {"title": "无单位"}, format="json")
    assert response.status_code == 400 and response.json()["message"]
    assert APIClient().post("/api/memos/", {"title": "x"}, format="json").status_code == 401
