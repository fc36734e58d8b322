"""The matter API end to end: a memo's whole life through HTTP only, and every refusal's status."""

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from zhengban.attachments.actions import do_attach
from zhengban.audit.models import Event
from zhengban.core.models import RoleCode
from zhengban.engine.models import Matter

pytestmark = pytest.mark.django_db
REQUESTED = "2026-12-18"


def create(api, person, **fields):
    response = api.as_(person).post("/api/memos/", {"title": "请协助提供年度经济运行数据", **fields}, format="json")
    assert response.status_code == 201, response.json()
    return response.json()


def act(api, person, matter_id, name, status=200, **payload):
    response = api.as_(person).post(f"/api/matters/{matter_id}/actions/{name}/", payload, format="json")
    assert response.status_code == status, response.json()
    return response.json()


def offered(api, person, matter_id):
    response = api.as_(person).get(f"/api/matters/{matter_id}/actions/")
    assert response.status_code == 200
    return {(a["name"], a["task"]): a for a in response.json()}


def sent(api, office, **payload):
    memo = create(api, office.member)
    return act(api, office.member, memo["id"], "send", lead_unit="economic-affairs", requested_by=REQUESTED, **payload)


def test_a_memo_lives_its_whole_life_through_the_api(api, office):
    memo = create(api, office.member, body="请于月底前提供。")
    assert memo["state"]["name"] == "draft" and memo["creator"] == "member" and memo["version"] == 1
    names = {name for name, _ in offered(api, office.member, memo["id"])}
    assert {"send", "cancel", "watch", "link"} <= names
    send = offered(api, office.member, memo["id"])[("send", None)]
    assert send["kind"] == "transition" and set(send["schema"]["required"]) == {"lead_unit", "requested_by"}

    memo = act(api, office.member, memo["id"], "send", lead_unit="economic-affairs", requested_by=REQUESTED)
    assert memo["state"]["name"] == "sent" and memo["number"].startswith("联系单〔")
    assert memo["lead_unit"] == "economic-affairs"
    [unit_task] = memo["tasks"]
    assert unit_task["assignee"] == {"person": None, "unit": "economic-affairs", "role": ""}
    actions = offered(api, office.other_member, memo["id"])
    assert ("accept", None) in actions and ("claim", unit_task["id"]) in actions

    memo = act(api, office.other_member, memo["id"], "accept", note="收到")
    memo = act(api, office.other_member, memo["id"], "handle", result="数据已整理完毕")
    assert memo["tasks"][0]["kind"] == "approve" and memo["tasks"][0]["assignee"]["role"] == RoleCode.CHIEF
    act(api, office.other_member, memo["id"], "reply", status=403, reply="x")
    memo = act(api, office.other_chief, memo["id"], "reply", reply="数据见附件")
    memo = act(api, office.member, memo["id"], "confirm")
    assert memo["state"]["name"] == "closed" and memo["closed_at"] and memo["light"] is None and memo["tasks"] == []
    verbs = [event["verb"] for event in memo["timeline"]]
    assert verbs == ["memo.opened", "memo.send", "memo.accept", "memo.handle", "memo.reply", "memo.confirm"]
    assert memo["timeline"][1]["actor"] == "member" and memo["timeline"][1]["payload"]["to"] == "sent"
    assert "path" not in memo["data"] and "last" not in memo["data"]


def test_list_filters_and_fields(api, office):
    first = sent(api, office)
    create(api, office.member, title="草稿：会议室预订", urgency="urgent")
    client = api.as_(office.member)
    rows = client.get("/api/matters/").json()["results"]
    assert len(rows) == 2
    row = next(r for r in rows if r["id"] == first["id"])
    assert row["state"]["name"] == "sent" and row["state"]["label"] in ("待受理", "Awaiting acceptance")
    assert row["co_units"] == [] and row["creator"] == "member" and row["lead_unit"] == "economic-affairs"
    assert row["light"] is None  # the memo as a whole has no due time until it is accepted
    assert [r["id"] for r in client.get("/api/matters/?state=sent").json()["results"]] == [first["id"]]
    assert client.get("/api/matters/?urgency=urgent").json()["count"] == 1
    assert client.get("/api/matters/?q=会议室").json()["count"] == 1
    assert client.get(f"/api/matters/?q={first['number']}").json()["count"] == 1
    assert client.get("/api/matters/?lead_unit=economic-affairs").json()["count"] == 1
    assert client.get("/api/matters/?type=memo&open=true").json()["count"] == 2
    assert client.get("/api/matters/?open=false").json()["count"] == 0
    assert client.get("/api/matters/?opened_after=2000-01-01&opened_before=2000-01-02").json()["count"] == 0
    bad = client.get("/api/matters/?urgency=soon&opened_after=yesterday")
    assert bad.status_code == 400 and set(bad.json()["fields"]) == {"urgency", "opened_after"}


def test_light_of_an_accepted_memo_is_green(api, office):
    memo = sent(api, office)
    act(api, office.other_member, memo["id"], "accept")
    [row] = api.as_(office.member).get("/api/matters/").json()["results"]
    assert row["due_at"] and row["light"] == "green"


def test_invisible_matters_are_404_not_403(api, office):
    memo = create(api, office.member)
    for url in (f"/api/matters/{memo['id']}/", f"/api/matters/{memo['id']}/actions/"):
        response = api.as_(office.outsider).get(url)
        assert response.status_code == 404 and response.json()["code"] == "not_found"
    act(api, office.outsider, memo["id"], "send", status=404, lead_unit="economic-affairs", requested_by=REQUESTED)
    assert api.as_(office.outsider).get("/api/matters/").json()["count"] == 0


def test_seeing_without_the_right_to_act_is_403_and_changes_nothing(api, office):
    memo = create(api, office.member)
    refused = act(api, office.chief, memo["id"], "send", status=403, lead_unit="economic-affairs",
                  requested_by=REQUESTED)
    assert refused["status"] == 403 and refused["code"] == "forbidden" and refused["message"]
    memo = sent(api, office)
    act(api, office.leader, memo["id"], "accept", status=403)
    assert Matter.objects.get(pk=memo["id"]).state == "sent"


def test_unknown_action_is_404(api, office):
    memo = create(api, office.member)
    act(api, office.member, memo["id"], "fly", status=404)


def test_bad_payload_is_400_with_each_field(api, office):
    memo = create(api, office.member)
    body = act(api, office.member, memo["id"], "send", status=400, lead_unit="nowhere", requested_by="tomorrow")
    assert body["code"] == "invalid" and set(body["fields"]) == {"lead_unit", "requested_by"}
    body = act(api, office.member, memo["id"], "send", status=400, lead_unit="economic-affairs",
               requested_by=REQUESTED, version="one")
    assert set(body["fields"]) == {"version"}
    assert Matter.objects.get(pk=memo["id"]).version == 1


def test_stale_version_is_409(api, office):
    memo = create(api, office.member)
    body = act(api, office.member, memo["id"], "send", status=409, lead_unit="economic-affairs",
               requested_by=REQUESTED, version=memo["version"] + 1)
    assert body["code"] == "conflict" and body["message"]
    act(api, office.member, memo["id"], "send", lead_unit="economic-affairs", requested_by=REQUESTED,
        version=memo["version"])
    act(api, office.member, memo["id"], "watch", status=409, version=memo["version"])


def test_second_person_to_accept_the_same_unit_task_gets_409(api, office, make_person):
    second = make_person("second", unit=office.other_unit, roles=[RoleCode.CLERK])
    memo = sent(api, office)
    act(api, office.other_member, memo["id"], "accept")
    body = act(api, second, memo["id"], "accept", status=409)
    # The message says where the matter now stands (in the caller's language).
    assert body["code"] == "conflict" and ("Being handled" in body["message"] or "办理中" in body["message"])


def test_second_person_to_claim_gets_409_naming_the_claimant(api, office, make_person):
    second = make_person("second", unit=office.other_unit, roles=[RoleCode.CLERK])
    memo = sent(api, office)
    task = memo["tasks"][0]["id"]
    memo = act(api, office.other_member, memo["id"], "claim", task=task)
    assert memo["tasks"][0]["assignee"]["person"] == "other"
    body = act(api, second, memo["id"], "claim", status=409, task=task)
    assert "样例·他科" in body["message"]


def test_classified_matter_is_hidden_from_the_uncleared_and_reading_it_is_audited(api, office):
    office.chief.clearance = 1
    office.chief.save()
    memo = create(api, office.leader, title="机密：人事调整方案", classification=1, classification_period="1年")
    act(api, office.leader, memo["id"], "send", lead_unit="secretariat-1", requested_by=REQUESTED)
    member = api.as_(office.member)
    assert member.get("/api/matters/").json()["count"] == 0
    assert member.get("/api/tasks/").json()["count"] == 0
    assert member.get(f"/api/matters/{memo['id']}/").status_code == 404
    assert member.get(f"/api/matters/{memo['id']}/actions/").status_code == 404

    chief = api.as_(office.chief)
    assert chief.get("/api/matters/").json()["count"] == 1
    assert chief.get("/api/tasks/").json()["count"] == 1
    body = chief.get(f"/api/matters/{memo['id']}/").json()
    assert body["classification"] == 1 and body["classification_period"] == "1年"
    read = Event.objects.filter(subject_type="engine.matter", subject_id=memo["id"], verb="memo.classified_read")
    assert read.get().actor == office.chief
    assert body["version"] == Matter.objects.get(pk=memo["id"]).version  # reading changes no version


def test_unclassified_read_writes_no_event(api, office):
    memo = create(api, office.member)
    api.as_(office.member).get(f"/api/matters/{memo['id']}/")
    assert not Event.objects.filter(verb__endswith="classified_read").exists()


def test_anonymous_is_401(api, office):
    assert api.get("/api/matters/").status_code == 401
    assert api.get("/api/tasks/").status_code == 401


@pytest.mark.parametrize("size", [2, 9])
def test_matter_list_query_count_is_constant(api, office, make_unit, django_assert_num_queries, size):
    extra = make_unit("finance-trade", "财贸科", "Finance and Trade Section")
    for n in range(size):
        act(api, office.member, create(api, office.member, title=f"联系单 {n}")["id"], "send",
            lead_unit="economic-affairs", co_units=["finance-trade", extra.code], requested_by=REQUESTED)
    api.logout()
    api.force_authenticate(office.member)
    api.get("/api/matters/")  # warms the caller's roles and the process's calendar snapshot
    # count, page, co-units of the page, calendar revision token
    with django_assert_num_queries(4):
        response = api.get("/api/matters/")
    assert response.json()["count"] == size
    assert all(row["co_units"] == ["finance-trade"] for row in response.json()["results"])


def test_schema_documents_every_matter_endpoint(client):
    paths = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()["paths"]
    assert {
        "/api/matters/", "/api/matters/{id}/", "/api/matters/{id}/actions/", "/api/matters/{id}/actions/{name}/",
        "/api/tasks/", "/api/tasks/reassign/", "/api/memos/",
    } <= set(paths)
    assert set(paths["/api/matters/{id}/actions/{name}/"]["post"]["responses"]) >= {"200", "400", "403", "404", "409"}


def test_detail_lists_attachments_within_the_readers_clearance(api, office, settings, tmp_path):
    settings.ATTACHMENT_ROOT = tmp_path / "attachments"
    settings.ATTACHMENT_STORAGE = "filesystem"
    memo = create(api, office.member)
    content = "年度经济运行数据\n".encode()
    do_attach(office.member, Matter.objects.get(pk=memo["id"]), SimpleUploadedFile("数据.txt", content))
    [attachment] = api.as_(office.member).get(f"/api/matters/{memo['id']}/").json()["attachments"]
    assert attachment["filename"] == "数据.txt" and attachment["size"] == len(content)
    assert attachment["sha256"] == hashlib.sha256(content).hexdigest() and attachment["mime"].startswith("text/")
