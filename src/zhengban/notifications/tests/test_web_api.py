import pytest
from django.template import RequestContext, Template
from django.test import RequestFactory
from django.urls import reverse
from rest_framework.test import APIClient

from zhengban.core.models import Person
from zhengban.notifications.actions import notify
from zhengban.notifications.models import Notification

pytestmark = pytest.mark.django_db
API = "/api/notifications/"


@pytest.fixture
def inbox(office):
    """Three notifications for the member (one already read) and one for someone else."""
    mine = [notify(office.member, verb="task.opened", title=f"新待办 {i}", body="环节：办理", url="/matters/1/") for i in range(3)]
    Notification.objects.filter(pk=mine[0].pk).update(read_at=mine[0].created_at)
    theirs = notify(office.other_member, verb="task.opened", title="别人的通知")
    return mine, theirs


@pytest.fixture
def api():
    return APIClient()


def bell(person):
    request = RequestFactory().get("/")
    request.user = person
    return Template('{% include "notifications/_bell.html" %}').render(RequestContext(request, {"user": person}))


def test_bell_shows_the_unread_count_only_when_there_is_one(office, inbox):
    assert 'data-unread="2"' in bell(office.member)
    Notification.objects.filter(recipient=office.member).update(read_at=inbox[0][0].created_at)
    assert "badge" not in bell(office.member) and reverse("notifications:list") in bell(office.member)


def test_page_lists_own_notifications_newest_first(client, office, inbox):
    client.force_login(office.member)
    page = client.get(reverse("notifications:list")).content.decode()
    assert page.index("新待办 2") < page.index("新待办 1") < page.index("新待办 0")
    assert "别人的通知" not in page
    unread_page = client.get(reverse("notifications:list") + "?unread=1").content.decode()
    assert "新待办 0" not in unread_page and "新待办 2" in unread_page


def test_mark_one_read_with_htmx_returns_the_row_and_refreshes_the_bell(client, office, inbox):
    mine, theirs = inbox
    client.force_login(office.member)
    response = client.post(reverse("notifications:read", args=[mine[1].pk]), HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and response["HX-Trigger"] == "notifications-changed"
    assert f'id="notification-{mine[1].pk}"' in response.content.decode()
    mine[1].refresh_from_db()
    assert mine[1].read_at is not None
    assert client.post(reverse("notifications:read", args=[theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None
    assert 'data-unread="1"' in client.get(reverse("notifications:bell")).content.decode()


def test_mark_all_read_without_script_redirects_back(client, office, inbox):
    client.force_login(office.member)
    response = client.post(reverse("notifications:read_all"), {"query": "unread=1"})
    assert response.status_code == 302 and response["Location"] == reverse("notifications:list") + "?unread=1"
    assert not Notification.objects.filter(recipient=office.member, read_at__isnull=True).exists()
    assert Notification.objects.get(pk=inbox[1].pk).read_at is None


def test_mark_all_read_with_htmx_returns_the_refreshed_list_in_chinese(client, office, inbox):
    client.force_login(office.member)
    response = client.post(reverse("notifications:read_all") + "?unread=1", HTTP_HX_REQUEST="true")
    assert response["HX-Trigger"] == "notifications-changed"
    assert "您没有未读通知。" in response.content.decode()
    assert "全部标为已读" in client.get(reverse("notifications:list")).content.decode()


def test_pages_need_a_login(client, office):
    assert client.get(reverse("notifications:list")).status_code == 302
    assert client.post(reverse("notifications:read_all")).status_code == 302


def test_api_lists_own_notifications_with_the_unread_count(api, office, inbox):
    api.force_login(office.member)
    body = api.get(API).json()
    assert body["count"] == 3 and body["unread"] == 2
    assert [n["title"] for n in body["results"]] == ["新待办 2", "新待办 1", "新待办 0"]
    assert body["results"][0]["read"] is False and body["results"][2]["read"] is True
    unread = api.get(API, {"unread": "true"}).json()
    assert unread["count"] == 2 and unread["unread"] == 2
    bad = api.get(API, {"unread": "maybe"}, HTTP_ACCEPT_LANGUAGE="en")
    assert bad.status_code == 400 and "unread" in bad.json()["fields"]


def test_api_marks_some_or_all_read_and_only_ones_own(api, office, inbox):
    mine, theirs = inbox
    api.force_login(office.member)
    refused = api.post(API, {"read": [mine[1].pk, theirs.pk]}, format="json")
    assert refused.status_code == 400 and refused.json()["code"] == "invalid" and "read" in refused.json()["fields"]
    assert Notification.objects.filter(read_at__isnull=True).count() == 3  # nothing changed, not even mine
    assert api.post(API, {"read": [mine[1].pk]}, format="json").json() == {"marked": 1, "unread": 1}
    assert api.post(API, {"all_read": True}, format="json").json() == {"marked": 1, "unread": 0}
    assert Notification.objects.get(pk=theirs.pk).read_at is None
    for bad in ({}, {"read": [1], "all_read": True}, {"all_read": False}, {"read": ["x"]}):
        response = api.post(API, bad, format="json")
        assert response.status_code == 400 and set(response.json()) >= {"status", "code", "message"}


def test_api_needs_authentication(api, office):
    response = api.get(API)
    assert response.status_code == 401 and response.json()["status"] == 401


def test_administrators_can_read_notifications_and_jobs_in_the_admin(client, office, inbox):
    Person.objects.filter(pk=office.admin.pk).update(is_superuser=True)
    client.force_login(office.admin)
    assert "别人的通知" in client.get("/admin/notifications/notification/").content.decode()
    assert "deliver:" in client.get("/admin/notifications/job/").content.decode()
