import pytest
from django.conf import settings

from zhengban.audit.models import Event
from zhengban.core.models import Person
from rest_framework.authtoken.models import Token

PASSWORD = "correct horse battery"


def get_token(api, username="member", password=PASSWORD):
    return api.post("/api/auth/token/", {"username": username, "password": password}, format="json")


def test_password_exchange_gives_a_token_that_authenticates(api, cast):
    response = get_token(api)
    assert response.status_code == 200
    token = response.json()["token"]
    assert Token.objects.get(user=cast.member).key == token
    assert Event.objects.filter(subject_id=cast.member.pk, verb="person.token_issued", actor=cast.member).exists()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api.get("/api/me/").json()["username"] == "member"


def test_asking_again_returns_the_same_token(api, cast):
    assert get_token(api).json()["token"] == get_token(api).json()["token"]
    assert Event.objects.filter(subject_id=cast.member.pk, verb="person.token_issued").count() == 1


def test_wrong_password_is_refused_without_a_token(api, cast):
    response = get_token(api, password="wrong")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_credentials"
    assert not Token.objects.exists()


def test_inactive_person_gets_no_token(api, cast):
    Person.objects.filter(pk=cast.member.pk).update(is_active=False)
    assert get_token(api).json()["code"] == "invalid_credentials"


def test_missing_fields_are_a_400_with_fields(api, cast):
    response = api.post("/api/auth/token/", {}, format="json")
    assert response.status_code == 400
    assert set(response.json()["fields"]) == {"username", "password"}


def test_repeated_failures_lock_the_username_even_with_the_right_password(api, cast):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert get_token(api, password="wrong").json()["code"] == "invalid_credentials"
    locking = get_token(api, password="wrong")
    assert locking.status_code == settings.AXES_HTTP_RESPONSE_CODE
    assert locking.json()["code"] == "locked_out"
    locked = get_token(api)
    assert locked.status_code == settings.AXES_HTTP_RESPONSE_CODE
    assert locked.json() == {
        "status": settings.AXES_HTTP_RESPONSE_CODE,
        "code": "locked_out",
        "message": locked.json()["message"],
    }
    assert not Token.objects.exists()
    assert get_token(api, username="chief").status_code == 200  # other usernames are not affected


def test_delete_revokes_the_token(api, cast):
    token = get_token(api).json()["token"]
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api.delete("/api/auth/token/").status_code == 204
    assert not Token.objects.exists()
    assert Event.objects.filter(subject_id=cast.member.pk, verb="person.token_revoked").exists()
    assert api.get("/api/me/").status_code == 401


def test_delete_needs_credentials(api, cast):
    response = api.delete("/api/auth/token/")
    assert response.status_code == 401


@pytest.mark.parametrize("method", ["get", "put"])
def test_other_methods_are_405(api, cast, method):
    api.as_(cast.member)
    assert getattr(api, method)("/api/auth/token/").status_code == 405
