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


def build_units(make_unit, make_person, count):
    """`count` sections under one office, each with a chief, a clerk, a quota and an appointed post."""
    office = make_unit("office", "市人民政府办公室", "Municipal Government Office", kind=UnitKind.OFFICE)
    chief_kind = PostKind.objects.create(code="section-chief", name_zh="科长", name_en="Section chief", rank=50, role=RoleCode.CHIEF)
    for index in range(count):
        unit = make_unit(f"section-{index}", f"第{index}科", f"Section {index}", parent=office, sort_order=index,
                         subject_areas=[{"zh": f"事务{index}", "en": f"Affairs {index}"}])
        Quota.objects.create(unit=unit, category=QuotaCategory.ADMINISTRATIVE, authorized=3, authorized_as_given="3")
        chief = make_person(f"chief{index}", unit=unit, full_name=f"样例·科长{index}")
        make_person(f"clerk{index}", unit=unit, roles=[RoleCode.CLERK], full_name=f"样例·科员{index}")
        post = Post.objects.create(code=f"section-{index}-chief", kind=chief_kind, unit=unit,
                                   quota_category=QuotaCategory.ADMINISTRATIVE, name_zh="科长", name_en="Section chief")
        do_appoint(None, chief, post, system=True)
    return office


def test_organization_page_lists_units_leaders_members_areas_and_quota(client, cast, make_person, settings):
    settings.LANGUAGE_CODE = "en"
    unit = cast.unit
    unit.subject_areas = [{"zh": "公文处理", "en": "Official documents"}]
    unit.save()
    Quota.objects.create(unit=unit, category=QuotaCategory.ADMINISTRATIVE, authorized=None,
                         authorized_as_given="1O", note="Garbled in the source; read as 10?")
    kind = PostKind.objects.create(code="clerk-post", name_zh="科员", name_en="Clerk post", rank=90)
    post = Post.objects.create(code="s1-clerk", kind=kind, unit=unit, quota_category=QuotaCategory.ADMINISTRATIVE,
                               name_zh="科员", name_en="Clerk post")
    do_appoint(None, cast.member, post, system=True)
    client.force_login(cast.member)
    page = client.get(reverse("organization")).content.decode()
    assert "Municipal Government Office" in page and "Secretariat Section 1" in page and "Economic Affairs Section" in page
    assert "secretariat-1" in page
    assert "Official documents" in page and "公文处理" not in page
    assert "1O" in page and "Garbled in the source; read as 10?" in page
    assert "样例·科长" in page and "样例·他科" in page
    assert page.index("Municipal Government Office") < page.index("Secretariat Section 1")


def test_organization_page_in_chinese_uses_chinese_names(client, cast):
    cast.member.language = "zh-hans"
    cast.member.save()
    client.force_login(cast.member)
    page = client.get(reverse("organization")).content.decode()
    assert "秘书一科" in page and "组织机构" in page
    assert "Secretariat Section 1" not in page


@pytest.mark.parametrize("count", [2, 8])
def test_organization_page_query_count_does_not_grow_with_units(client, make_unit, make_person, django_assert_num_queries, count):
    build_units(make_unit, make_person, count)
    viewer = make_person("viewer", full_name="样例·查看者")
    client.force_login(viewer)
    # session, viewer, units, quotas, appointments, members, their roles, office-wide quotas and
    # appointments, viewer's roles (menu), and the session saved again (savepoint, update, release:
    # SESSION_SAVE_EVERY_REQUEST), and the inbox badge (delegations, task counts) and the notification bell
    with django_assert_num_queries(16):
        response = client.get(reverse("organization"))
    assert response.status_code == 200
    assert response.content.decode().count('class="card unit-card"') == count + 1


def test_unit_page_shows_members_and_children(client, cast, settings):
    settings.LANGUAGE_CODE = "en"
    client.force_login(cast.other_member)
    page = client.get(reverse("unit", args=["office"])).content.decode()
    assert "Secretariat Section 1" in page and "Economic Affairs Section" in page and "样例·秘书长" in page
    assert client.get(reverse("unit", args=["no-such-unit"])).status_code == 404


def test_person_page_shows_contact_only_to_self_and_administrators(client, cast):
    cast.member.email = "member@example.org"
    cast.member.phone = "0734-1234567"
    cast.member.save()
    url = reverse("person", args=["member"])
    client.force_login(cast.other_member)
    page = client.get(url).content.decode()
    assert "样例·办事员" in page
    assert "member@example.org" not in page and "0734-1234567" not in page
    for viewer in (cast.member, cast.admin):
        client.force_login(viewer)
        page = client.get(url).content.decode()
        assert "member@example.org" in page and "0734-1234567" in page
    assert client.get(reverse("person", args=["nobody"])).status_code == 404


def test_person_page_lists_posts_held(client, cast, settings):
    settings.LANGUAGE_CODE = "en"
    kind = PostKind.objects.create(code="sg", name_zh="秘书长", name_en="Secretary-general", rank=10,
                                   role=RoleCode.SECRETARY_GENERAL)
    post = Post.objects.create(code="office-sg", kind=kind, unit=cast.office, quota_category=QuotaCategory.LEADERSHIP,
                               name_zh="市政府秘书长", name_en="Secretary-general of the city government")
    do_appoint(None, cast.leader, post, system=True)
    client.force_login(cast.member)
    page = client.get(reverse("person", args=["leader"])).content.decode()
    assert "Secretary-general of the city government" in page


def test_home_shows_active_delegations_both_ways(client, cast, settings):
    from datetime import timedelta

    from django.utils import timezone

    settings.LANGUAGE_CODE = "en"
    now = timezone.now()
    do_delegate(cast.chief, cast.chief, cast.member, start=now - timedelta(hours=1), end=now + timedelta(days=3),
                reason="Annual leave")
    client.force_login(cast.member)
    page = client.get(reverse("home")).content.decode()
    assert "You act for 样例·科长 until" in page
    client.force_login(cast.chief)
    page = client.get(reverse("home")).content.decode()
    assert "样例·办事员 acts for you until" in page


def test_admin_link_only_for_system_administrators(client, cast):
    client.force_login(cast.member)
    assert reverse("admin:index") not in client.get(reverse("home")).content.decode()
    client.force_login(cast.admin)
    assert reverse("admin:index") in client.get(reverse("home")).content.decode()


def test_organization_page_shows_office_wide_leaders_and_pool(client, cast, settings):
    settings.LANGUAGE_CODE = "en"
    Quota.objects.create(unit=None, category=QuotaCategory.ADMINISTRATIVE, authorized=40, authorized_as_given="40")
    Quota.objects.create(unit=None, category=QuotaCategory.LEADERSHIP, within=QuotaCategory.ADMINISTRATIVE,
                         authorized=None, authorized_as_given="l2", note="Figure garbled in the source.")
    mayor = PostKind.objects.create(code="mayor", name_zh="市长", name_en="Mayor", rank=1, role=RoleCode.MAYOR)
    post = Post.objects.create(code="city-mayor", kind=mayor, unit=None, quota_category=QuotaCategory.LEADERSHIP,
                               name_zh="市长", name_en="Mayor of the city")
    do_appoint(None, cast.leader, post, system=True)
    clerk = PostKind.objects.create(code="clerk", name_zh="科员", name_en="Clerk", rank=90)
    section_post = Post.objects.create(code="s1-clerk", kind=clerk, unit=cast.unit,
                                       quota_category=QuotaCategory.ADMINISTRATIVE, name_zh="科员", name_en="Clerk")
    do_appoint(None, cast.member, section_post, system=True)
    client.force_login(cast.member)
    response = client.get(reverse("organization"))
    office_wide = response.context["organization"].office_wide
    assert [leader.person for leader in office_wide.leaders] == [cast.leader]
    administrative, leadership = office_wide.quota
    assert (administrative.used, administrative.authorized) == (2, 40)  # the mayor counts within it
    assert (leadership.used, leadership.authorized_as_given) == (1, "l2")
    page = response.content.decode()
    assert "Mayor of the city" in page and "Figure garbled in the source." in page
    assert "1 post filled, counted in the office-wide establishment." in page
