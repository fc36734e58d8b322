"""The inbox page: lists and counts for the cast, claiming, clearance, bulk reassign, query counts."""

import datetime

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from zhengban.core.models import DocumentPrefix, RoleCode
from zhengban.engine.context_processors import inbox_counts
from zhengban.engine.models import Task, TaskState
from zhengban.memos.actions import do_create_memo, do_send_memo

pytestmark = pytest.mark.django_db
REQUESTED = datetime.date(2026, 12, 18)


@pytest.fixture
def office(cast, make_person):
    DocumentPrefix.objects.create(code="memo", prefix="联系单", name_zh="工作联系单", name_en="Liaison memo")
    cast.other_chief = make_person("otherchief", unit=cast.other_unit, roles=[RoleCode.CHIEF], full_name="他科科长")
    return cast


def sent(office, title="请协助提供数据", **kwargs):
    matter = do_create_memo(office.member, title=title, **kwargs)
    return do_send_memo(office.member, matter, lead_unit="economic-affairs", requested_by=REQUESTED)


def test_unit_task_is_in_every_unit_members_todo_with_a_claim_button(office, client):
    matter = sent(office)
    client.force_login(office.other_member)
    body = client.get(reverse("inbox")).content.decode()
    assert "请协助提供数据" in body and matter.number in body
    assert reverse("task_claim", args=[Task.objects.get(matter=matter, state=TaskState.OPEN).pk]) in body
    assert "样例·办事员" in body  # from whom
    client.force_login(office.member)
    assert "请协助提供数据" not in client.get(reverse("inbox")).content.decode()
    assert "请协助提供数据" in client.get(reverse("inbox"), {"tab": "done"}).content.decode()


def test_claim_from_the_inbox(office, client):
    matter = sent(office)
    task = Task.objects.get(matter=matter, state=TaskState.OPEN)
    client.force_login(office.other_member)
    response = client.post(reverse("task_claim", args=[task.pk]), {"next": "/inbox/"})
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.assignee_person == office.other_member
    client.force_login(office.other_chief)
    client.post(reverse("task_claim", args=[task.pk]))
    task.refresh_from_db()
    assert task.assignee_person == office.other_member


def test_filters_narrow_the_table_and_htmx_gets_only_the_table(office, client):
    sent(office, title="加急件", urgency="urgent")
    sent(office, title="平常件")
    client.force_login(office.other_member)
    response = client.get(reverse("inbox"), {"urgency": "urgent"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="inbox-table")
    body = response.content.decode()
    assert "加急件" in body and "平常件" not in body and "<html" not in body
    body = client.get(reverse("inbox"), {"due_before": "2000-01-01"}).content.decode()
    assert "加急件" not in body


def test_classified_task_is_not_listed_nor_counted_without_clearance(office, client, make_person):
    office.member.clearance = 1
    office.member.save()
    sent(office, title="秘密事项", classification=1, classification_period="10年")
    sent(office, title="普通事项")
    client.force_login(office.other_member)
    body = client.get(reverse("inbox")).content.decode()
    assert "秘密事项" not in body and "普通事项" in body
    request = RequestFactory().get("/")
    request.user = office.other_member
    assert inbox_counts(request)["inbox_counts"]["todo"] == 1
    cleared = make_person("cleared", unit=office.other_unit, roles=[RoleCode.CLERK], clearance=1)
    request.user = cleared
    assert inbox_counts(request)["inbox_counts"]["todo"] == 2


def test_chief_reassigns_unit_tasks_and_a_clerk_may_not(office, client, make_person):
    matter = sent(office)
    task = Task.objects.get(matter=matter, state=TaskState.OPEN)
    second = make_person("second", unit=office.other_unit, roles=[RoleCode.CLERK], full_name="第二办事员")
    client.force_login(office.other_member)
    assert reverse("inbox_reassign") not in client.get(reverse("inbox")).content.decode()
    client.post(reverse("inbox_reassign"), {"task": [task.pk], "person": "second", "reason": "我来"})
    task.refresh_from_db()
    assert task.assignee_person is None
    client.force_login(office.other_chief)
    page = client.get(reverse("inbox")).content.decode()
    assert reverse("inbox_reassign") in page and "第二办事员" in page
    response = client.post(reverse("inbox_reassign"), {"task": [task.pk], "person": "second", "reason": "分工调整"})
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.assignee_person == second
    client.force_login(second)
    assert "请协助提供数据" in client.get(reverse("inbox")).content.decode()


def test_reassign_needs_a_reason(office, client):
    matter = sent(office)
    task = Task.objects.get(matter=matter, state=TaskState.OPEN)
    client.force_login(office.other_chief)
    client.post(reverse("inbox_reassign"), {"task": [task.pk], "person": "other", "reason": ""})
    task.refresh_from_db()
    assert task.assignee_person is None


def page_queries(client, **params):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse("inbox"), params).status_code == 200
    return len(captured)


@pytest.mark.parametrize("tab", ["todo", "done", "overdue"])
def test_inbox_query_count_does_not_grow_with_rows(office, client, tab, django_assert_num_queries):
    sent(office)
    client.force_login(office.other_chief)
    baseline = page_queries(client, tab=tab)
    for i in range(10):
        sent(office, title=f"第{i}件")
    with django_assert_num_queries(baseline):
        client.get(reverse("inbox"), {"tab": tab})


def test_mark_read_from_the_to_read_list(office, client):
    matter = sent(office)
    read = Task.objects.create(matter=matter, kind="read", step=matter.state, assignee_person=office.chief,
                               created_at=matter.opened_at)
    client.force_login(office.chief)
    assert "请协助提供数据" in client.get(reverse("inbox"), {"tab": "toread"}).content.decode()
    client.post(reverse("task_read", args=[read.pk]))
    read.refresh_from_db()
    assert read.state == TaskState.DONE
