"""Every failure answers in one shape: {"status", "code", "message", "fields"?}."""

import pytest

from zhengban.core.errors import Conflict
from zhengban.core.models import Person


def assert_error(response, status, code):
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["status"] == status
    assert body["code"] == code
    assert isinstance(body["message"], str) and body["message"]
    return body


@pytest.mark.parametrize("path", ["/api/units/", "/api/units/office/", "/api/people/", "/api/people/member/", "/api/me/"])
def test_no_credentials_is_401_with_a_token_challenge(api, cast, path):
    response = api.get(path)
    assert_error(response, 401, "not_authenticated")
    assert response["WWW-Authenticate"] == "Token"


def test_a_bad_token_is_401(api, cast):
    api.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    assert_error(api.get("/api/me/"), 401, "authentication_failed")


def test_an_inactive_persons_session_is_401(api, cast):
    client = api.as_(cast.member)
    Person.objects.filter(pk=cast.member.pk).update(is_active=False)
    assert_error(client.get("/api/me/"), 401, "not_authenticated")


@pytest.mark.parametrize("path", ["/api/nothing-here/", "/api/units/office/extra/", "/api/v2/units/"])
def test_unknown_addresses_under_api_are_a_json_404(api, cast, path):
    body = assert_error(api.get(path), 404, "not_found")
    assert path in body["message"]


def test_unknown_address_is_404_without_credentials_too(api, db):
    assert_error(api.post("/api/whatever/"), 404, "not_found")


def test_wrong_method_is_405(api, cast):
    response = api.as_(cast.admin).delete("/api/units/")
    assert_error(response, 405, "method_not_allowed")
    assert "GET" in response["Allow"]


def test_forbidden_is_403(api, cast):
    assert_error(api.as_(cast.outsider).post("/api/people/", {}, format="json"), 403, "permission_denied")


def test_bad_input_is_400_with_fields(api, cast):
    body = assert_error(api.as_(cast.admin).post("/api/people/", {}, format="json"), 400, "invalid")
    assert set(body["fields"]) == {"username", "full_name"}


def test_action_conflicts_are_409(api, cast, monkeypatch):
    def someone_else_acted_first(*args, **kwargs):
        raise Conflict("Someone changed this person first. Reload and try again.")

    monkeypatch.setattr("zhengban.api.views.people.do_update_person", someone_else_acted_first)
    body = assert_error(api.as_(cast.admin).patch("/api/people/member/", {"phone": "1"}, format="json"), 409, "conflict")
    assert body["message"] == "Someone changed this person first. Reload and try again."


def test_messages_follow_the_language(api, cast):
    response = api.get("/api/me/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert_error(response, 401, "not_authenticated")
    assert response.json()["message"] == "身份认证信息未提供。"
    english = api.get("/api/nothing/", HTTP_ACCEPT_LANGUAGE="en").json()["message"]
    chinese = api.get("/api/nothing/", HTTP_ACCEPT_LANGUAGE="zh-hans").json()["message"]
    assert english.startswith("There is no API endpoint")
    assert chinese != english
