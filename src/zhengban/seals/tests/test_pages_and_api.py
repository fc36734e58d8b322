"""Seal pages (register, use log with XLSX export, request form), the API, and the demo."""

import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from rest_framework.test import APIClient

from zhengban.engine.models import Matter
from zhengban.seals.actions import record_seal_use
from zhengban.seals.models import Seal, SealUse

pytestmark = pytest.mark.django_db


@pytest.fixture
def secret_use(seals):
    secret = Matter.objects.create(type="memo", title="绝密的人事文件", classification=2, classification_period="10年",
                                   creator=seals.leader, lead_unit=seals.unit, state="closed", opened_at=timezone.now())
    seals.member.clearance = 2
    seals.member.save()
    record_seal_use(seals.member, seals.office_seal, matter=secret, impressions=1, note="用印")
    return secret


def test_register_shows_recent_uses_and_hides_classified_titles(client, seals, secret_use):
    client.force_login(seals.other_member)
    page = client.get("/seals/").content.decode()
    assert "衡阳市人民政府办公室印章" in page and "市长印章" in page
    assert "绝密的人事文件" not in page
    assert "seal-uses" in page


def test_use_log_filters_and_exports(client, seals, secret_use):
    record_seal_use(seals.member, seals.government_seal, impressions=3, note="普通通知")
    client.force_login(seals.other_member)
    page = client.get("/seals/uses/", {"seal": "government"}).content.decode()
    assert "普通通知" in page and page.count("<td class=\"nowrap\"") == 1
    response = client.get("/seals/uses/", {"format": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert len(rows) == 3
    assert not any("绝密的人事文件" in str(cell) for row in rows for cell in row)


def test_request_form_opens_a_request(client, seals):
    client.force_login(seals.other_member)
    response = client.post("/seals/request/", {"seal": "office", "purpose": "报送材料", "impressions": "2", "document": ""})
    assert response.status_code == 302
    matter = Matter.objects.get(type="seal-request")
    assert matter.state == "approval" and response["Location"] == f"/matters/{matter.pk}/"
    bad = client.post("/seals/request/", {"seal": "office", "purpose": "", "impressions": "x"})
    assert bad.status_code == 400 and Matter.objects.filter(type="seal-request").count() == 1
    client.force_login(seals.chief)
    assert "报送材料" in client.get(f"/matters/{matter.pk}/").content.decode()


def test_api_register_uses_and_errors(seals):
    api = APIClient()
    api.force_authenticate(seals.member)
    assert {s["code"] for s in api.get("/api/seals/").json()} == {"government", "office", "mayor"}
    created = api.post("/api/seals/office/uses/", {"impressions": 2, "note": "会议通知"}, format="json")
    assert created.status_code == 201 and created.json()["impressions"] == 2
    refused = api.post("/api/seals/office/uses/", {"impressions": 0}, format="json")
    assert refused.status_code == 400 and refused.json()["code"] == "invalid" and "impressions" in refused.json()["fields"]
    api.force_authenticate(seals.other_member)
    assert api.post("/api/seals/office/uses/", {"impressions": 1}, format="json").status_code == 403
    request = api.post("/api/seals/requests/", {"seal": "office", "purpose": "报送", "impressions": 1}, format="json")
    assert request.status_code == 201 and request.json()["state"]["name"] == "approval"
    assert len(api.get("/api/seals/uses/").json()["results"]) == 1
    assert SealUse.objects.count() == 1


def test_demo_loads_once():
    from zhengban.core.demo import create_demo_people, ensure_profile
    from zhengban.seals.demo import load_demo

    ensure_profile(io.StringIO())
    create_demo_people(io.StringIO())
    load_demo(io.StringIO())
    assert Seal.objects.count() == 4
    states = set(Matter.objects.filter(type="seal-request").values_list("state", flat=True))
    assert states == {"closed", "approved", "approval", "refused"}
    assert Matter.objects.filter(type="seal-engraving", state="approval").count() == 1
    assert SealUse.objects.count() == 1
    load_demo(io.StringIO())
    assert Seal.objects.count() == 4
