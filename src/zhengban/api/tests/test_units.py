import pytest
from django.utils import timezone

from zhengban.core.actions import do_appoint
from zhengban.core.models import Post, PostKind, Quota, QuotaCategory, RoleCode, UnitKind


@pytest.fixture
def staffed(cast):
    """Secretariat 1 with an administrative quota of 2, one of them filled, and a garbled leadership figure."""
    Quota.objects.create(unit=cast.unit, category=QuotaCategory.ADMINISTRATIVE, authorized=2, authorized_as_given="2")
    Quota.objects.create(
        unit=cast.unit, category=QuotaCategory.LEADERSHIP, authorized=None, authorized_as_given="1正l副", note="garbled"
    )
    kind = PostKind.objects.create(code="section-chief", name_zh="科长", name_en="Section chief", role=RoleCode.CHIEF)
    post = Post.objects.create(
        code="secretariat-1-chief", kind=kind, unit=cast.unit, quota_category=QuotaCategory.ADMINISTRATIVE,
        name_zh="秘书一科科长", name_en="Chief of Secretariat 1",
    )
    do_appoint(cast.admin, cast.chief, post, start=timezone.localdate())
    return cast


def test_outsider_reads_every_unit_with_parent_subject_areas_and_quota(api, staffed):
    staffed.unit.subject_areas = [{"zh": "公文", "en": "Official documents"}]
    staffed.unit.save()
    response = api.as_(staffed.outsider).get("/api/units/")
    assert response.status_code == 200
    units = {unit["code"]: unit for unit in response.json()["results"]}
    assert set(units) == {"office", "secretariat-1", "economic-affairs"}
    secretariat = units["secretariat-1"]
    assert secretariat["name_zh"] == "秘书一科"
    assert secretariat["name_en"] == "Secretariat Section 1"
    assert secretariat["kind"] == UnitKind.SECTION
    assert secretariat["parent"] == "office"
    assert units["office"]["parent"] is None
    assert secretariat["subject_areas"] == [{"zh": "公文", "en": "Official documents"}]
    quota = {row["category"]: row for row in secretariat["quota"]}
    assert quota["administrative"] == {
        "category": "administrative", "authorized": 2, "authorized_as_given": "2", "filled": 1, "note": ""
    }
    assert quota["leadership"]["authorized"] is None
    assert quota["leadership"]["authorized_as_given"] == "1正l副"
    assert quota["leadership"]["note"] == "garbled"
    assert quota["leadership"]["filled"] == 0


def test_unit_detail_lists_active_members_with_roles(api, staffed, make_person):
    make_person("retired", unit=staffed.unit, is_active=False)
    response = api.as_(staffed.member).get("/api/units/secretariat-1/")
    assert response.status_code == 200
    body = response.json()
    assert body["code"] == "secretariat-1"
    assert {row["category"]: row["filled"] for row in body["quota"]}["administrative"] == 1
    members = {member["username"]: member for member in body["members"]}
    assert set(members) == {"member", "chief"}
    assert members["chief"] == {"username": "chief", "name": "样例·科长", "roles": ["chief"]}


def test_unknown_unit_code_is_a_404_in_the_error_format(api, cast):
    response = api.as_(cast.member).get("/api/units/no-such-unit/")
    assert response.status_code == 404
    body = response.json()
    assert body["status"] == 404
    assert body["code"] == "not_found"
    assert "no-such-unit" in body["message"]


def _grow(make_unit, make_person, cast, size):
    for n in range(size):
        unit = make_unit(f"extra-{n}", parent=cast.office)
        Quota.objects.create(unit=unit, category=QuotaCategory.ADMINISTRATIVE, authorized=3)
        Quota.objects.create(unit=unit, category=QuotaCategory.WORKER, authorized=1)
        make_person(f"extra-member-{n}", unit=cast.unit, roles=[RoleCode.CLERK, RoleCode.ARCHIVIST])


@pytest.mark.parametrize("size", [2, 12])
def test_unit_list_query_count_does_not_grow_with_units(api, cast, make_unit, make_person, django_assert_num_queries, size):
    _grow(make_unit, make_person, cast, size)
    api.force_authenticate(cast.outsider)
    # count, units with parents, quotas, filled places
    with django_assert_num_queries(4):
        response = api.get("/api/units/")
    assert response.json()["count"] == 3 + size


@pytest.mark.parametrize("size", [2, 12])
def test_unit_detail_query_count_does_not_grow_with_members(api, cast, make_unit, make_person, django_assert_num_queries, size):
    _grow(make_unit, make_person, cast, size)
    api.force_authenticate(cast.outsider)
    # filled places, unit with parent, quotas, members, their roles
    with django_assert_num_queries(5):
        response = api.get("/api/units/secretariat-1/")
    assert len(response.json()["members"]) == 2 + size
