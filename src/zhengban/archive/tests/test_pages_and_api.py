"""Archive pages, the API and the demo."""

import io

import pytest
from rest_framework.test import APIClient

from zhengban.archive.actions import do_archive
from zhengban.archive.disposition import do_propose_disposition
from zhengban.archive.models import ArchiveRecord
from zhengban.audit.models import Event

pytestmark = pytest.mark.django_db


@pytest.fixture
def filed(archive):
    archive.record = do_archive(archive.member, archive.closed(title="关于开展安全生产检查的通知"), category=archive.outgoing)
    archive.secret = do_archive(archive.leader, archive.closed(archive.leader, lead_unit=archive.office, classification=1,
                                                               title="秘密的请示"), category=archive.routine, year=2010)
    return archive


def test_catalogue_search_and_clearance(client, filed):
    client.force_login(filed.member)
    page = client.get("/archive/", {"q": "安全生产"}).content.decode()
    assert filed.record.archive_number in page and "秘密的请示" not in page
    assert "安全生产" not in client.get("/archive/", {"retention": "Y"}).content.decode()
    client.force_login(filed.leader)
    assert "秘密的请示" in client.get("/archive/", {"year": "2010"}).content.decode()
    client.force_login(filed.other_member)
    assert filed.record.archive_number not in client.get("/archive/").content.decode()


def test_record_page_places_a_hold_and_corrects(client, filed):
    client.force_login(filed.archivist)
    url = f"/archive/records/{filed.record.pk}/"
    assert client.post(url, {"what": "hold", "reason": "审计"}).status_code == 302
    assert client.post(url, {"what": "correct", "title": "关于开展安全生产大检查的通知", "reason": "题名有误"}).status_code == 302
    record = ArchiveRecord.objects.get(pk=filed.record.pk)
    assert record.title == "关于开展安全生产大检查的通知" and record.holds.count() == 1
    assert "archive.corrected" in client.get(url).content.decode()
    client.force_login(filed.other_member)
    assert client.get(url).status_code == 404


def test_archive_form(client, filed):
    matter = filed.closed(title="待归档的事项")
    client.force_login(filed.member)
    response = client.post(f"/archive/matters/{matter.pk}/", {"category": "FW", "title": "", "year": ""})
    assert response.status_code == 302
    refused = client.post(f"/archive/matters/{filed.open_matter().pk}/", {"category": "FW"})
    assert refused.status_code == 400


def test_disposition_page_counts_hidden_classified_entries(client, filed):
    matter = do_propose_disposition(filed.archivist, kind="destruction")
    client.force_login(filed.archivist)
    page = client.get(f"/matters/{matter.pk}/").content.decode()
    assert "秘密的请示" not in page and "classified-count" in page
    client.force_login(filed.leader)
    page = client.get(f"/matters/{matter.pk}/").content.decode()
    assert "秘密的请示" in page and "classified-count" not in page
    client.force_login(filed.archivist)
    assert client.get("/archive/dispositions/").status_code == 200
    assert client.get("/archive/holds/").status_code == 200 and client.get("/archive/plan/").status_code == 200


def test_api_records_archive_and_holds(filed):
    api = APIClient()
    api.force_authenticate(filed.member)
    body = api.get("/api/archive/records/", {"category": "FW"}).json()
    assert body["count"] == 1 and body["results"][0]["archive_number"] == filed.record.archive_number
    matter = filed.closed(title="通过接口归档")
    created = api.post("/api/archive/records/", {"matter": matter.pk, "category": "FW"}, format="json")
    assert created.status_code == 201 and created.json()["archive_number"].endswith("-FW-0002")
    again = api.post("/api/archive/records/", {"matter": matter.pk, "category": "FW"}, format="json")
    assert again.status_code == 409 and again.json()["code"] == "already_archived"
    open_one = api.post("/api/archive/records/", {"matter": filed.open_matter().pk, "category": "FW"}, format="json")
    assert open_one.status_code == 409 and open_one.json()["code"] == "not_closed"
    assert api.post(f"/api/archive/records/{filed.record.pk}/holds/", {"reason": "x"}, format="json").status_code == 403
    api.force_authenticate(filed.archivist)
    hold = api.post(f"/api/archive/records/{filed.record.pk}/holds/", {"reason": "诉讼"}, format="json")
    assert hold.status_code == 201
    released = api.post(f"/api/archive/holds/{hold.json()['id']}/release/", {"reason": "结案"}, format="json")
    assert released.status_code == 200 and released.json()["released_at"]
    corrected = api.post(f"/api/archive/records/{filed.record.pk}/corrections/", {"reason": "错字", "note": "原件有批注"},
                         format="json")
    assert corrected.status_code == 200 and corrected.json()["note"] == "原件有批注"
    proposal = api.post("/api/archive/dispositions/", {"kind": "destruction"}, format="json")
    assert proposal.status_code == 201 and proposal.json()["type"] == "disposition"


def test_demo_archives_the_closed_memos_once():
    from zhengban.archive.demo import load_demo
    from zhengban.core.demo import create_demo_people, ensure_profile
    from zhengban.engine.models import Matter
    from zhengban.memos.demo import load_demo as load_memos

    ensure_profile(io.StringIO())
    create_demo_people(io.StringIO())
    load_memos(io.StringIO())
    load_demo(io.StringIO())
    closed_memos = Matter.objects.filter(type="memo", state="closed").count()
    assert closed_memos and ArchiveRecord.objects.filter(category__code="LXD").count() == closed_memos
    assert Event.objects.filter(verb="archive.archived").count() == ArchiveRecord.objects.count()
    load_demo(io.StringIO())
    assert ArchiveRecord.objects.filter(category__code="LXD").count() == closed_memos
