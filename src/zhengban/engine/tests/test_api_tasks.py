"""The inbox API, bulk reassignment, and the generic steps every flow has, taken over HTTP."""

import datetime

import pytest
from django.utils import timezone

from zhengban.audit.models import Event
from zhengban.core.models import RoleCode
from zhengban.engine.models import MatterLink, Task, TaskKind, TaskState

from .test_api_matters import act, create, offered, sent

pytestmark = pytest.mark.django_db


def inbox(api, person, query=""):
    response = api.as_(person).get(f"/api/tasks/{query}")
    assert response.status_code == 200, response.json()
    return response.json()["results"]


def test_todo_row_has_matter_step_sender_due_and_light(api, office):
    memo = sent(api, office, co_units=[])
    [row] = inbox(api, office.other_member)
    assert row["kind"] == "handle" and row["step"]["name"] == "sent"
    assert row["matter"] == {"id": memo["id"], "type": "memo", "number": memo["number"],
                             "title": memo["title"], "urgency": "normal", "classification": 0}
    assert row["from"] == "样例·办事员"
    assert row["due_at"] and row["light"] in ("green", "yellow")
    assert inbox(api, office.member) == []  # the sender's own draft task is done


def test_lists_and_filters(api, office):
    memo = sent(api, office)
    assert [r["matter"]["id"] for r in inbox(api, office.member, "?list=done")] == [memo["id"]]
    assert inbox(api, office.other_member, "?type=memo&urgency=normal&unit=economic-affairs")
    assert inbox(api, office.other_member, "?type=document") == []
    assert inbox(api, office.other_member, "?urgency=urgent") == []
    assert inbox(api, office.other_member, "?due_before=2000-01-01") == []
    assert inbox(api, office.other_member, "?list=overdue") == []
    act(api, office.other_chief, memo["id"], "watch")
    [watched] = inbox(api, office.other_chief, "?list=watched")
    assert watched["matter"]["id"] == memo["id"]
    bad = api.as_(office.member).get("/api/tasks/?list=everything&due_before=soon")
    assert bad.status_code == 400 and set(bad.json()["fields"]) == {"list", "due_before"}


def test_overdue_task_is_red(api, office):
    memo = sent(api, office)
    Task.objects.filter(matter_id=memo["id"], state=TaskState.OPEN).update(
        due_at=timezone.now() - datetime.timedelta(days=1)
    )
    [row] = inbox(api, office.other_member, "?list=overdue")
    assert row["light"] == "red"


@pytest.mark.parametrize("size", [2, 9])
def test_inbox_query_count_is_constant(api, office, django_assert_num_queries, size):
    for _ in range(size):
        sent(api, office)
    api.logout()
    api.force_authenticate(office.other_member)
    api.get("/api/tasks/")  # warms the caller's roles and the process's calendar snapshot
    # delegations, count, page, calendar revision token
    with django_assert_num_queries(4):
        response = api.get("/api/tasks/")
    assert response.json()["count"] == size


def test_chief_reassigns_unit_tasks_in_bulk(api, office):
    tasks = [sent(api, office)["tasks"][0]["id"] for _ in range(2)]
    body = {"tasks": tasks, "person": "other", "reason": "由他专人负责"}
    response = api.as_(office.other_chief).post("/api/tasks/reassign/", body, format="json")
    assert response.status_code == 200 and response.json() == {"tasks": sorted(tasks)}
    assert set(Task.objects.filter(pk__in=tasks).values_list("assignee_person__username", flat=True)) == {"other"}
    assert Event.objects.filter(verb="memo.reassigned").count() == 2


def test_reassign_refusals(api, office):
    task = sent(api, office)["tasks"][0]["id"]
    body = {"tasks": [task], "person": "other", "reason": "x"}
    assert api.as_(office.outsider).post("/api/tasks/reassign/", body, format="json").status_code == 404
    refused = api.as_(office.other_member).post("/api/tasks/reassign/", body, format="json")
    assert refused.status_code == 403 and refused.json()["code"] == "forbidden"
    unknown = api.as_(office.other_chief).post(
        "/api/tasks/reassign/", {**body, "person": "nobody"}, format="json"
    )
    assert unknown.status_code == 400 and set(unknown.json()["fields"]) == {"person"}
    both = api.as_(office.other_chief).post("/api/tasks/reassign/", {**body, "unit": "office"}, format="json")
    assert both.status_code == 400
    missing = api.as_(office.other_chief).post("/api/tasks/reassign/", {"tasks": [task]}, format="json")
    assert missing.status_code == 400 and "reason" in missing.json()["fields"]
    assert Task.objects.get(pk=task).assignee_person is None


def test_return_and_withdraw(api, office):
    memo = sent(api, office)
    memo = act(api, office.other_member, memo["id"], "accept")
    assert ("withdraw", None) in offered(api, office.other_member, memo["id"])
    memo = act(api, office.other_member, memo["id"], "withdraw", reason="误操作")
    assert memo["state"]["name"] == "sent"
    memo = act(api, office.other_member, memo["id"], "accept")
    offer = offered(api, office.other_member, memo["id"])[("return", None)]
    assert offer["schema"]["properties"]["to_state"]["enum"] == ["draft", "sent"]
    act(api, office.other_member, memo["id"], "return", status=400, to_state="draft")
    memo = act(api, office.other_member, memo["id"], "return", to_state="draft", reason="主办单位不对")
    assert memo["state"]["name"] == "draft" and memo["tasks"][0]["assignee"]["person"] == "member"


def test_suspend_and_resume(api, office):
    memo = sent(api, office)
    memo = act(api, office.other_member, memo["id"], "accept")
    act(api, office.outsider, memo["id"], "suspend", status=404, reason="x")
    memo = act(api, office.member, memo["id"], "suspend", reason="等待听证")
    assert memo["paused_at"] and memo["pause_reason"] == "等待听证"
    names = {name for name, _ in offered(api, office.other_member, memo["id"])}
    assert "resume" in names and "handle" not in names
    act(api, office.member, memo["id"], "suspend", status=409, reason="again")
    memo = act(api, office.member, memo["id"], "resume")
    assert memo["paused_at"] is None


def test_countersign_through_the_api(api, office, make_unit, make_person):
    finance = make_unit("finance-trade", "财贸科", "Finance and Trade Section")
    third = make_person("third", unit=finance, roles=[RoleCode.CLERK])
    memo = sent(api, office, co_units=["finance-trade"])
    memo = act(api, office.other_member, memo["id"], "accept")
    sign = next(t for t in memo["tasks"] if t["kind"] == "countersign")
    assert ("countersign", sign["id"]) in offered(api, third, memo["id"])
    blocked = act(api, office.other_member, memo["id"], "handle", status=400, result="x")
    assert blocked["code"] == "countersign_pending"
    act(api, third, memo["id"], "countersign", status=400, task=sign["id"])
    act(api, third, memo["id"], "countersign", task=sign["id"], agree=True, opinion="同意")
    assert Task.objects.get(pk=sign["id"]).outcome == "agreed"
    act(api, office.other_member, memo["id"], "handle", result="x")


def test_read_task_watch_and_link(api, office):
    memo = sent(api, office)
    other = sent(api, office)
    task = Task.objects.create(matter_id=memo["id"], kind=TaskKind.READ, step="sent", assignee_person=office.chief,
                               created_at=timezone.now())
    assert [r["id"] for r in inbox(api, office.chief, "?list=toread")] == [task.pk]
    act(api, office.chief, memo["id"], "read", task=task.pk)
    assert Task.objects.get(pk=task.pk).state == TaskState.DONE
    act(api, office.chief, memo["id"], "read", status=409, task=task.pk)
    act(api, office.chief, memo["id"], "read", status=400, task=999999)

    act(api, office.member, memo["id"], "watch")
    assert ("unwatch", None) in offered(api, office.member, memo["id"])
    act(api, office.member, memo["id"], "unwatch")

    linked = act(api, office.member, memo["id"], "link", target=other["id"], kind="follow-up-of")
    assert linked["links"]["out"][0]["kind"] == "follow-up-of"
    assert linked["links"]["out"][0]["matter"]["id"] == other["id"]
    back = api.as_(office.member).get(f"/api/matters/{other['id']}/").json()
    assert back["links"]["in"][0]["matter"]["id"] == memo["id"]
    hidden = create(api, office.leader, title="领导草稿")
    act(api, office.member, memo["id"], "link", status=400, target=hidden["id"], kind="related")
    act(api, office.member, memo["id"], "link", status=400, target=other["id"], kind="cousin")
    assert MatterLink.objects.count() == 1
