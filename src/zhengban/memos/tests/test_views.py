"""Memo pages and the shared matter page, driven through the test client."""

import datetime

import pytest
from django.urls import reverse

from zhengban.audit.models import Event
from zhengban.engine.actions import do_transition
from zhengban.engine.models import Matter, Task, TaskState
from zhengban.memos.actions import do_create_memo, do_send_memo

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}
REQUESTED = datetime.date(2026, 12, 18)


def client_for(client, person):
    client.force_login(person)
    return client


def sent(office, title="请协助提供年度经济运行数据", **kwargs):
    matter = do_create_memo(office.member, title=title, **kwargs)
    return do_send_memo(office.member, matter, lead_unit="economic-affairs", requested_by=REQUESTED)


def test_new_memo_creates_a_draft_and_opens_its_page(office, client):
    client_for(client, office.member)
    response = client.post(reverse("memo_new"), {"title": "关于协调停车位调整的联系单", "body": "（示例）",
                                                 "classification": "0", "urgency": "urgent"})
    matter = Matter.objects.get(type="memo")
    assert response.status_code == 302 and response["Location"] == reverse("matter", args=[matter.pk])
    assert matter.urgency == "urgent" and matter.state == "draft"
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "关于协调停车位调整的联系单" in page.content.decode()
    assert 'data-action="send"' in page.content.decode()


def test_new_memo_refuses_a_classified_memo_without_period(office, client):
    office.member.clearance = 1
    office.member.save()
    client_for(client, office.member)
    response = client.post(reverse("memo_new"), {"title": "涉密", "classification": "1", "urgency": "normal"})
    assert response.status_code == 400
    assert "保密期限" in response.content.decode()
    assert not Matter.objects.exists()


def test_send_form_errors_are_shown_inline_and_nothing_changes(office, client):
    matter = do_create_memo(office.member, title="测试")
    client_for(client, office.member)
    form = client.get(reverse("matter_action", args=[matter.pk, "send"]), **HTMX)
    assert form.status_code == 200 and 'name="lead_unit"' in form.content.decode()
    response = client.post(reverse("matter_action", args=[matter.pk, "send"]),
                           {"version": matter.version, "lead_unit": "", "requested_by": "soon"}, **HTMX)
    body = response.content.decode()
    assert response.status_code == 400
    assert response["HX-Retarget"] == "#action-panel"
    assert body.count('class="errorlist"') == 2 and 'aria-invalid="true"' in body
    matter.refresh_from_db()
    assert matter.state == "draft"


def test_send_through_the_page_rerenders_the_content(office, client):
    matter = do_create_memo(office.member, title="测试")
    client_for(client, office.member)
    response = client.post(reverse("matter_action", args=[matter.pk, "send"]),
                           {"version": matter.version, "lead_unit": "economic-affairs", "requested_by": "2026-12-18"},
                           **HTMX)
    assert response.status_code == 200 and response["HX-Retarget"] == "#matter-content"
    matter.refresh_from_db()
    assert matter.state == "sent" and matter.memo.requested_by == REQUESTED
    assert 'id="matter-content"' in response.content.decode()


def test_stale_version_gives_a_conflict_message(office, client):
    matter = sent(office)
    client_for(client, office.other_member)
    stale = matter.version
    do_transition(office.other_member, matter, "accept", {})
    response = client.post(reverse("matter_action", args=[matter.pk, "accept"]), {"version": stale}, **HTMX)
    assert response.status_code == 409
    assert "Reload" in response.content.decode() or "重新加载" in response.content.decode()


def test_not_allowed_shows_a_clear_message(office, client):
    matter = sent(office)
    client_for(client, office.chief)
    response = client.post(reverse("matter_action", args=[matter.pk, "accept"]), {"version": matter.version}, **HTMX)
    assert response.status_code == 403
    assert 'role="alert"' in response.content.decode()
    assert Matter.objects.get(pk=matter.pk).state == "sent"


def test_whole_lifecycle_through_the_pages(office, client):
    matter = sent(office)
    task = Task.objects.get(matter=matter, state=TaskState.OPEN)
    client_for(client, office.other_member)
    assert client.post(reverse("matter_action", args=[matter.pk, "claim"]), {"task": task.pk}).status_code == 302
    assert Task.objects.get(pk=task.pk).assignee_person == office.other_member
    client.post(reverse("matter_action", args=[matter.pk, "accept"]), {"version": Matter.objects.get(pk=matter.pk).version})
    client.post(reverse("matter_action", args=[matter.pk, "handle"]), {"result": "数据已整理"})
    client.force_login(office.other_chief)
    client.post(reverse("matter_action", args=[matter.pk, "reply"]), {"reply": "数据见附件"})
    client.force_login(office.member)
    client.post(reverse("matter_action", args=[matter.pk, "confirm"]), {})
    matter.refresh_from_db()
    assert matter.state == "closed"
    page = client.get(reverse("matter", args=[matter.pk])).content.decode()
    assert "数据已整理" in page and "数据见附件" in page
    assert "memo-reply" in page and "memo-result" in page
    verbs = list(Event.objects.filter(subject_id=matter.pk, subject_type="engine.matter").values_list("verb", flat=True))
    assert verbs[-4:] == ["memo.accept", "memo.handle", "memo.reply", "memo.confirm"]


def test_classified_memo_is_hidden_from_those_without_clearance(office, client):
    office.member.clearance = 1
    office.member.save()
    matter = sent(office, title="秘密联系单", classification=1, classification_period="10年")
    client_for(client, office.other_member)
    assert client.get(reverse("matter", args=[matter.pk])).status_code == 404
    assert "秘密联系单" not in client.get(reverse("memo_list")).content.decode()
    assert client.get(reverse("matter_action", args=[matter.pk, "accept"])).status_code == 404
    office.other_member.clearance = 1
    office.other_member.save()
    assert client.get(reverse("matter", args=[matter.pk])).status_code == 200
    assert Event.objects.filter(subject_id=matter.pk, verb="memo.classified_read", actor=office.other_member).exists()


def test_memo_list_filters_and_constant_queries(office, client):
    sent(office, title="甲事项")
    do_create_memo(office.member, title="乙事项")
    client_for(client, office.member)
    body = client.get(reverse("memo_list"), {"state": "sent"}).content.decode()
    assert "甲事项" in body and "乙事项" not in body
    body = client.get(reverse("memo_list"), {"q": "乙"}).content.decode()
    assert "乙事项" in body and "甲事项" not in body

    def queries():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("memo_list")).status_code == 200
        return len(captured)

    small = queries()
    for i in range(8):
        sent(office, title=f"批量{i}")
    assert queries() == small
