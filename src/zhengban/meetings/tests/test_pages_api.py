"""The pages and the API: lists with constant queries, the meeting page, files, and each endpoint."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from zhengban.engine.actions import do_transition
from zhengban.meetings.models import Decision

from .conftest import soon
from .helpers import a_decision, agreed_topic, schedule, to_minutes_signing

pytestmark = pytest.mark.django_db


def api(person):
    client = APIClient()
    client.force_authenticate(person)
    return client


def count_queries(client, url):
    client.get(url)  # process-wide caches (content types, parameters) are warm before counting
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_meeting_and_topic_lists_take_the_same_queries_at_two_sizes(office, client):
    client.force_login(office.mayor)
    schedule(office, room=False, title="一")
    agreed_topic(office)
    small = (count_queries(client, "/meetings/"), count_queries(client, "/meetings/topics/"),
             count_queries(api(office.mayor), "/api/meetings/"))
    for n in range(6):
        schedule(office, days=8 + n, room=False, type_="special-topic", title=f"专题会议{n}")
        agreed_topic(office, title=f"议题{n}")
    large = (count_queries(client, "/meetings/"), count_queries(client, "/meetings/topics/"),
             count_queries(api(office.mayor), "/api/meetings/"))
    assert small == large


def test_the_meeting_page_shows_agenda_flags_and_after_signing_decisions_and_files(office, client):
    meeting = schedule(office)
    do_transition(office.mayor, agreed_topic(office, with_material=False), "schedule", {"meeting": meeting.pk})
    client.force_login(office.member)
    page = client.get(reverse("meeting_page", args=[meeting.pk])).content.decode()
    assert "flag-missing-materials" in page and 'data-action="send-notice"' in page
    meeting = do_transition(office.mayor, to_minutes_signing(office, meeting, [a_decision()]), "sign-minutes", {})
    do_transition(office.officer, meeting, "hand-over", {})
    page = client.get(reverse("meeting_page", args=[meeting.pk])).content.decode()
    assert meeting.number in page and "light green" in page or "light yellow" in page
    pdf = client.get(reverse("meeting_minutes_file", args=[meeting.pk, "pdf"]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert client.get(reverse("meeting_minutes_file", args=[meeting.pk, "docx"])).content[:2] == b"PK"
    ical = client.get(reverse("meeting_ical", args=[meeting.pk]))
    assert ical["Content-Type"].startswith("text/calendar") and b"BEGIN:VEVENT" in ical.content


def test_meeting_pages_are_hidden_from_outsiders(office, client):
    meeting = schedule(office)
    client.force_login(office.outsider)
    assert client.get(reverse("meeting_page", args=[meeting.pk])).status_code == 404
    assert client.get(reverse("meeting_ical", args=[meeting.pk])).status_code == 404


def test_scheduling_and_minutes_edit_through_the_pages(office, client):
    client.force_login(office.member)
    start, end = soon(9, 14).strftime("%Y-%m-%dT%H:%M"), soon(9, 16).strftime("%Y-%m-%dT%H:%M")
    response = client.post(reverse("meeting_new"), {"meeting_type": "executive", "title": "市政府第7次常务会议",
                                                    "starts_at": start, "ends_at": end, "room": "room-1"})
    assert response.status_code == 302
    refused = client.post(reverse("meeting_new"), {"meeting_type": "executive", "title": "撞车的会",
                                                   "starts_at": start, "ends_at": end, "room": "room-1"})
    assert refused.status_code == 400
    assert "already booked" in refused.content.decode() or "已被预订" in refused.content.decode()


def test_the_api_takes_a_meeting_through_its_steps(office):
    meeting = schedule(office)
    topic = agreed_topic(office)
    refused = api(office.other_member).post(f"/api/matters/{topic.pk}/actions/schedule/", {"meeting": meeting.pk}, format="json")
    assert refused.status_code == 403
    assert api(office.mayor).post(f"/api/matters/{topic.pk}/actions/schedule/", {"meeting": meeting.pk}, format="json").status_code == 200
    member = api(office.member)
    assert member.post(f"/api/matters/{meeting.pk}/actions/send-notice/", {}, format="json").status_code == 200
    signed = member.post(f"/api/meetings/{meeting.pk}/sign-in/", {"person": "vicemayor", "status": "excused", "reason": "出差"},
                         format="json")
    assert signed.status_code == 200 and signed.json()["status"] == "excused"
    assert member.post(f"/api/meetings/{meeting.pk}/sign-in/", {"person": "mayor", "status": "excused"},
                       format="json").status_code == 400
    for step in ("hold", "draft-minutes"):
        assert member.post(f"/api/matters/{meeting.pk}/actions/{step}/", {}, format="json").status_code == 200
    saved = member.put(f"/api/meetings/{meeting.pk}/decisions/", {"minutes": "纪要正文。", "decisions": [a_decision()]}, format="json")
    assert saved.status_code == 200 and saved.json()[0]["number"] == 1
    assert member.post(f"/api/matters/{meeting.pk}/actions/submit-minutes/", {}, format="json").status_code == 200
    assert api(office.leader).post(f"/api/matters/{meeting.pk}/actions/pass-review/", {}, format="json").status_code == 200
    assert member.post(f"/api/matters/{meeting.pk}/actions/sign-minutes/", {}, format="json").status_code == 403
    assert api(office.mayor).post(f"/api/matters/{meeting.pk}/actions/sign-minutes/", {}, format="json").status_code == 200
    assert api(office.officer).post(f"/api/matters/{meeting.pk}/actions/hand-over/", {}, format="json").status_code == 200
    detail = api(office.mayor).get(f"/api/meetings/{meeting.pk}/").json()
    assert detail["state"] == "closed" and detail["minutes_number"].startswith("纪要〔")
    assert detail["agenda"][0]["topic"] == topic.pk and detail["decisions"][0]["item"] == Decision.objects.get().item_id
    assert detail["decisions"][0]["light"] in ("green", "yellow")
    ical = api(office.mayor).get(f"/api/meetings/{meeting.pk}/ical")
    assert ical.status_code == 200 and b"DTSTART;TZID=Asia/Shanghai:" in ical.content
    assert api(office.outsider).get(f"/api/meetings/{meeting.pk}/ical").status_code == 404


def test_the_api_books_rooms_and_refuses_double_bookings(office):
    client = api(office.other_member)
    body = {"room": "room-1", "starts_at": soon(3, 9).isoformat(), "ends_at": soon(3, 10).isoformat(), "purpose": "科务会"}
    assert client.post("/api/meetings/bookings/", body, format="json").status_code == 201
    clash = client.post("/api/meetings/bookings/", body, format="json")
    assert clash.status_code == 409 and clash.json()["message"]
    assert len(client.get("/api/meetings/bookings/").json()) == 1
    assert client.get("/api/meetings/rooms/").json()[0]["code"] == "room-1"


def test_the_api_proposes_and_lists_topics(office):
    created = api(office.other_member).post("/api/meetings/topics/", {"title": "关于某事的议题", "meeting_type": "executive"},
                                            format="json")
    assert created.status_code == 201
    assert [t["title"] for t in api(office.other_member).get("/api/meetings/topics/").json()] == ["关于某事的议题"]
    assert api(office.outsider).post("/api/meetings/topics/", {"title": "x", "meeting_type": "executive"},
                                     format="json").status_code == 400
    assert api(office.other_member).post("/api/meetings/", {"meeting_type": "executive", "title": "x",
                                                            "starts_at": soon().isoformat(), "ends_at": soon(7, 11).isoformat()},
                                         format="json").status_code == 403
