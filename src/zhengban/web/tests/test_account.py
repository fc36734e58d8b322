"""Login, lockout, logout, the language switch, changing one's password, security headers."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from zhengban.audit.models import Event
from zhengban.core.models import Person
from zhengban.web.actions import do_set_language
from zhengban.core.errors import ActionError, NotAllowed

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery"


def test_login_with_the_right_password_goes_home(client, cast):
    response = client.post(reverse("login"), {"username": "member", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert client.get(reverse("home")).status_code == 200


def test_login_with_a_wrong_password_is_refused(client, cast):
    response = client.post(reverse("login"), {"username": "member", "password": "wrong password"})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert b'class="errorlist"' in response.content


def test_login_page_shows_product_name_in_both_languages_and_a_language_switch(client):
    page = client.get(reverse("login")).content.decode()
    assert "政办" in page and "zhengban" in page
    assert "市人民政府办公室工作系统" in page and "Working system of the Municipal People's Government Office" in page
    assert f'action="{reverse("set_language")}"' in page


def test_lockout_after_the_failure_limit_shows_the_lockout_page(client, cast):
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        response = client.post(reverse("login"), {"username": "member", "password": "wrong password"})
    assert response.status_code == 429
    page = response.content.decode()
    assert "账号已锁定" in page or "Account locked" in page
    # Even the right password is refused while the lock holds.
    response = client.post(reverse("login"), {"username": "member", "password": PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_lockout_page_says_for_how_long_and_whom_to_contact(client, cast):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        response = client.post(reverse("login"), {"username": "member", "password": "wrong password"})
    page = response.content.decode()
    minutes = round(settings.AXES_COOLOFF_TIME * 60)
    assert f"try again in {minutes} minutes" in page
    assert "contact a system administrator" in page
    assert "Municipal Government Office" in page  # where the cast's administrator works


def test_logout_needs_post_and_ends_the_session(client, cast):
    client.force_login(cast.member)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 302


def test_language_switch_persists_on_the_person_and_writes_an_audit_event(client, cast):
    client.force_login(cast.member)
    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("organization")})
    assert response.status_code == 302 and response["Location"] == reverse("organization")
    cast.member.refresh_from_db()
    assert cast.member.language == "en"
    event = Event.objects.get(verb="person.language_changed")
    assert event.actor_id == cast.member.pk and event.payload == {"from": "", "to": "en"}
    # Remembered across logins, whatever the browser says.
    other_browser = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    other_browser.post(reverse("login"), {"username": "member", "password": PASSWORD})
    assert "Organization" in other_browser.get(reverse("home")).content.decode()
    cast.member.language = "zh-hans"
    cast.member.save()
    assert "组织机构" in other_browser.get(reverse("home")).content.decode()


def test_language_switch_before_login_sets_the_cookie(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("login")})
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert "Log in" in client.get(reverse("login")).content.decode()


def test_language_switch_refuses_unknown_languages_and_foreign_redirects(client, cast):
    client.force_login(cast.member)
    response = client.post(reverse("set_language"), {"language": "fr", "next": "https://evil.example/"})
    assert response["Location"] == reverse("home")
    cast.member.refresh_from_db()
    assert cast.member.language == ""
    assert not Event.objects.filter(verb="person.language_changed").exists()


def test_set_language_action_refuses_bad_input_and_skips_no_change(cast):
    with pytest.raises(ActionError):
        do_set_language(cast.member, "xx")
    with pytest.raises(NotAllowed):
        do_set_language(None, "en")
    do_set_language(cast.member, "en")
    do_set_language(cast.member, "en")
    assert Event.objects.filter(verb="person.language_changed").count() == 1


def test_password_change_with_the_right_old_password(client, cast):
    client.force_login(cast.member)
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password": "a new long passphrase", "new_password_again": "a new long passphrase"},
    )
    assert response.status_code == 302
    assert Person.objects.get(pk=cast.member.pk).check_password("a new long passphrase")
    assert client.get(reverse("home")).status_code == 200  # still logged in
    assert Event.objects.filter(verb="person.password_changed", subject_id=cast.member.pk).exists()


def test_password_change_with_a_wrong_old_password_changes_nothing(client, cast):
    client.force_login(cast.member)
    response = client.post(
        reverse("password_change"),
        {"old_password": "not my password", "new_password": "a new long passphrase", "new_password_again": "a new long passphrase"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["old_password"]
    assert Person.objects.get(pk=cast.member.pk).check_password(PASSWORD)
    assert not Event.objects.filter(verb="person.password_changed").exists()


def test_password_change_refuses_a_weak_or_mismatched_new_password(client, cast):
    client.force_login(cast.member)
    weak = client.post(reverse("password_change"), {"old_password": PASSWORD, "new_password": "12345", "new_password_again": "12345"})
    assert weak.context["form"].errors["new_password"]
    differ = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password": "a new long passphrase", "new_password_again": "another one entirely"},
    )
    assert differ.context["form"].errors["new_password_again"]
    assert Person.objects.get(pk=cast.member.pk).check_password(PASSWORD)


@pytest.mark.parametrize("url_name", ["login", "home", "organization"])
def test_pages_carry_security_headers(client, cast, url_name):
    client.force_login(cast.member)
    response = client.get(reverse(url_name), follow=True)
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_pages_have_no_inline_script_or_style(client, cast):
    client.force_login(cast.admin)
    for url in [reverse("home"), reverse("organization"), reverse("person", args=["admin"]), reverse("password_change")]:
        page = client.get(url).content.decode()
        assert "<script>" not in page and "style=" not in page and "<style" not in page
        assert "https://" not in page.split("<body", 1)[0]  # no CDN in the head


def test_csrf_is_enforced_on_login_and_the_language_form(cast):
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(reverse("login"), {"username": "member", "password": PASSWORD}).status_code == 403
    assert strict.post(reverse("set_language"), {"language": "en"}).status_code == 403
    strict.force_login(cast.member)
    assert strict.post(reverse("set_language"), {"language": "en"}).status_code == 403
    cast.member.refresh_from_db()
    assert cast.member.language == ""
    # With the token from the page, the same form works.
    strict.get(reverse("home"))
    token = strict.cookies[settings.CSRF_COOKIE_NAME].value
    assert strict.post(reverse("set_language"), {"language": "en", "csrfmiddlewaretoken": token}).status_code == 302


def test_static_assets_are_local(client):
    page = client.get(reverse("login")).content.decode()
    assert "/static/web/vendor/htmx.min.js" in page and "/static/web/zhengban.css" in page
