"""POST /api/routing/recommend/ and /api/routing/confirm/, and the htmx partial."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from zhengban.routing.models import ConfirmedExample

pytestmark = pytest.mark.django_db

RECOMMEND = "/api/routing/recommend/"
CONFIRM = "/api/routing/confirm/"
FLOOD = {"title": "关于湘江水位超警戒的紧急报告", "text": "受强降雨影响，湘江水位超警戒，沿江群众正在转移，请求救援。"}


def api(person=None):
    client = APIClient()
    if person is not None:
        client.force_authenticate(person)
    return client


def test_any_member_of_the_office_gets_the_recommendation_with_reasons(hengyang):
    for person in (hengyang.member, hengyang.other_member, hengyang.leader):
        response = api(person).post(RECOMMEND, FLOOD, format="json")
        assert response.status_code == 200
        body = response.json()
        assert body["units"][0]["unit"] == "secretariat-2"
        assert body["units"][0]["reasons"] and {"unit", "name", "score", "reasons"} <= body["units"][0].keys()
        assert "co_units" in body and body["language"] == "zh"


def test_recommend_with_a_sender_code(hengyang, housing_bureau):
    response = api(hengyang.member).post(
        RECOMMEND, {"title": "关于申请召开专题会议的请示", "sender": "housing-bureau", "top": 1}, format="json"
    )
    assert response.status_code == 200
    [unit] = response.json()["units"]
    assert unit["unit"] == "urban-construction" and unit["reasons"][0]["kind"] == "sender"


def test_recommend_refuses_outsiders_and_anonymous_callers_in_the_error_format(hengyang):
    response = api(hengyang.outsider).post(RECOMMEND, FLOOD, format="json")
    assert response.status_code == 403 and response.json()["code"] == "permission_denied"
    response = api().post(RECOMMEND, FLOOD, format="json")
    assert response.status_code == 401 and set(response.json()) == {"status", "code", "message"}


@pytest.mark.parametrize(
    "payload, field",
    [({"title": " ", "text": ""}, "text"), ({"title": "x", "top": 0}, "top"), ({"title": "x", "sender": "nobody"}, "sender")],
)
def test_recommend_rejects_bad_input_with_field_errors(hengyang, payload, field):
    response = api(hengyang.member).post(RECOMMEND, payload, format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid" and field in body["fields"]


def test_a_clerk_confirms_and_the_next_recommendation_learns(hengyang):
    payload = {"title": "关于机关幼儿园扩班的请示", "text": "拟增设小班两个。"}
    assert api(hengyang.member).post(RECOMMEND, payload, format="json").json()["units"][0]["unit"] != "vehicles"
    for _ in range(3):
        response = api(hengyang.member).post(CONFIRM, {**payload, "unit": "vehicles", "recommended_unit": "administration"}, format="json")
        assert response.status_code == 201 and response.json()["unit"] == "vehicles"
    assert api(hengyang.chief).post(RECOMMEND, payload, format="json").json()["units"][0]["unit"] == "vehicles"


@pytest.mark.parametrize("who", ["outsider", "no_role"])
def test_confirm_needs_a_clerk_chief_or_leader_role(hengyang, make_person, who):
    person = make_person("plain", unit=hengyang.unit) if who == "no_role" else hengyang.outsider
    response = api(person).post(CONFIRM, {**FLOOD, "unit": "secretariat-2"}, format="json")
    assert response.status_code == 403 and response.json()["code"] == "forbidden"
    assert not ConfirmedExample.objects.exists()


def test_confirm_of_an_unknown_unit_is_404_and_changes_nothing(hengyang):
    response = api(hengyang.member).post(CONFIRM, {**FLOOD, "unit": "no-such-unit"}, format="json")
    assert response.status_code == 404 and set(response.json()["fields"]) == {"unit"}
    assert not ConfirmedExample.objects.exists()


def test_the_partial_explains_the_recommendation(client, hengyang):
    client.force_login(hengyang.member)
    response = client.post(reverse("routing_recommendation"), FLOOD, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-unit="secretariat-2"' in page and "routing-reason-word" in page
    assert client.get(reverse("routing_recommendation")).status_code == 405
    client.force_login(hengyang.outsider)
    assert client.post(reverse("routing_recommendation"), FLOOD).status_code == 403


def test_the_partial_without_text_asks_for_it(client, hengyang):
    client.force_login(hengyang.member)
    response = client.post(reverse("routing_recommendation"), {"title": "", "text": ""})
    assert "routing-empty" in response.content.decode()
