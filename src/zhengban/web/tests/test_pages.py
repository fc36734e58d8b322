"""Home, organization, unit and person pages."""

import pytest
from django.urls import reverse

from zhengban.core.actions import do_appoint, do_delegate
from zhengban.core.models import Post, PostKind, Quota, QuotaCategory, RoleCode, UnitKind

pytestmark = pytest.mark.django_db


def test_pages_need_login(client, cast):
    for url in [reverse("home"), reverse("organization"), reverse("unit", args=["secretariat-1"]), reverse("person", args=["member"])]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_home_shows_name_unit_roles_clearance_and_unit(client, cast, settings):
    settings.LANGUAGE_CODE = "en"
    client.force_login(cast.member)
    page = client.get(reverse("home")).content.decode()
    assert "样例·办事员" in page
    assert "Secretariat Section 1" in page
    assert "Clerk" in page
    assert "None" in page  # clearance
    assert "样例·科长" in page and "Section chief" in page  # the unit's leader
    assert reverse("organization") in page
