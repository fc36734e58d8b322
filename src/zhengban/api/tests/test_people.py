import pytest
from django.utils import timezone

from zhengban.audit.models import Event
from zhengban.core.actions import do_delegate
from zhengban.core.models import Person, RoleCode

PRIVATE = {"email", "phone"}


def test_people_list_shows_directory_fields_and_hides_contact_details_from_others(api, cast):
    Person.objects.filter(pk=cast.chief.pk).update(email="chief@example.gov.cn", phone="0734-1")
    response = api.as_(cast.member).get("/api/people/")
    assert response.status_code == 200
    people = {person["username"]: person for person in response.json()["results"]}
    assert set(people) == {"member", "chief", "other", "leader", "outsider", "admin"}
    chief = people["chief"]
    assert chief == {
        "username": "chief", "full_name": "样例·科长", "full_name_en": "", "unit": "secretariat-1",
        "roles": ["chief"], "clearance": 0, "is_active": True,
    }
    assert PRIVATE <= set(people["member"])  # the caller sees their own
    assert people["outsider"]["unit"] is None


def test_administrator_sees_everyones_contact_details(api, cast):
    Person.objects.filter(pk=cast.chief.pk).update(email="chief@example.gov.cn")
    response = api.as_(cast.admin).get("/api/people/chief/")
    assert response.json()["email"] == "chief@example.gov.cn"
    assert not PRIVATE & set(api.as_(cast.other_member).get("/api/people/chief/").json())


@pytest.mark.parametrize(
    "query, expected",
    [
        ("unit=secretariat-1", {"member", "chief"}),
        ("role=secretary-general", {"leader"}),
        ("q=他科", {"other"}),
        ("q=ADM", {"admin"}),
        ("unit=secretariat-1&role=clerk", {"member"}),
        ("unit=nowhere", set()),
    ],
)
def test_people_filters(api, cast, query, expected):
    response = api.as_(cast.member).get(f"/api/people/?{query}")
    assert {person["username"] for person in response.json()["results"]} == expected


def test_unknown_role_filter_is_a_400_naming_the_field(api, cast):
    response = api.as_(cast.member).get("/api/people/?role=emperor")
    assert response.status_code == 400
    assert "role" in response.json()["fields"]


@pytest.mark.parametrize("size", [2, 15])
def test_people_list_query_count_does_not_grow_with_people(api, cast, make_person, django_assert_num_queries, size):
    for n in range(size):
        make_person(f"extra-{n}", unit=cast.other_unit, roles=[RoleCode.CLERK, RoleCode.DUTY_OFFICER])
    api.force_authenticate(cast.admin)
    # count, people with units, their roles, the caller's roles (administrator check)
    with django_assert_num_queries(4):
        response = api.get("/api/people/")
    assert response.json()["count"] == 6 + size


def test_me_shows_roles_unit_clearance_and_delegations_in_force(api, cast):
    now = timezone.now()
    do_delegate(cast.leader, cast.leader, cast.chief, start=now - timezone.timedelta(hours=1),
                end=now + timezone.timedelta(days=2), reason="Leave")
    do_delegate(cast.admin, cast.member, cast.chief, start=now + timezone.timedelta(days=5),
                end=now + timezone.timedelta(days=6), reason="Not yet in force")
    response = api.as_(cast.chief).get("/api/me/")
    assert response.status_code == 200
    me = response.json()
    assert me["username"] == "chief"
    assert me["roles"] == ["chief"]
    assert me["unit"] == {"code": "secretariat-1", "name_zh": "秘书一科", "name_en": "Secretariat Section 1"}
    assert me["clearance"] == 0
    assert me["is_system_administrator"] is False
    assert [(d["principal"], d["delegate"], d["reason"]) for d in me["delegations_received"]] == [
        ("leader", "chief", "Leave")
    ]
    assert me["delegations_given"] == []
    given = api.as_(cast.leader).get("/api/me/").json()["delegations_given"]
    assert [d["delegate"] for d in given] == ["chief"]


NEW_PERSON = {
    "username": "newclerk",
    "full_name": "样例·新人",
    "full_name_en": "Sample New",
    "email": "new@example.gov.cn",
    "unit": "economic-affairs",
    "roles": ["clerk", "archivist"],
    "clearance": 1,
    "password": "a long enough passphrase",
}


def test_administrator_creates_a_person_with_unit_roles_and_an_audit_event(api, cast):
    response = api.as_(cast.admin).post("/api/people/", NEW_PERSON, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["unit"] == "economic-affairs"
    assert body["roles"] == ["archivist", "clerk"]
    assert body["email"] == "new@example.gov.cn"
    person = Person.objects.get(username="newclerk")
    assert person.check_password("a long enough passphrase")
    assert person.clearance == 1
    event = Event.objects.get(subject_type="core.person", subject_id=person.pk, verb="person.created")
    assert event.actor_id == cast.admin.pk


@pytest.mark.parametrize("who", ["outsider", "member", "leader"])
def test_non_administrators_cannot_create_people(api, cast, who):
    response = api.as_(getattr(cast, who)).post("/api/people/", NEW_PERSON, format="json")
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
    assert not Person.objects.filter(username="newclerk").exists()


def test_bad_input_is_a_400_naming_each_field_and_changes_nothing(api, cast):
    before = Person.objects.count()
    bad = {"username": "x", "full_name": "", "unit": "nowhere", "roles": ["emperor"], "clearance": 9, "email": "no"}
    response = api.as_(cast.admin).post("/api/people/", bad, format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert set(body["fields"]) == {"full_name", "unit", "roles", "clearance", "email"}
    assert Person.objects.count() == before


def test_weak_password_is_refused_by_the_action(api, cast):
    response = api.as_(cast.admin).post("/api/people/", {**NEW_PERSON, "password": "123"}, format="json")
    assert response.status_code == 400
    assert "password" in response.json()["fields"]
    assert not Person.objects.filter(username="newclerk").exists()


def test_duplicate_username_is_a_400_with_code_duplicate(api, cast):
    response = api.as_(cast.admin).post("/api/people/", {**NEW_PERSON, "username": "member"}, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "duplicate"
    assert Person.objects.get(username="member").full_name == "样例·办事员"


def test_administrator_updates_unit_roles_and_fields(api, cast):
    response = api.as_(cast.admin).patch(
        "/api/people/member/", {"unit": "economic-affairs", "roles": ["chief"], "phone": "0734-2"}, format="json"
    )
    assert response.status_code == 200, response.json()
    assert response.json()["unit"] == "economic-affairs"
    assert response.json()["roles"] == ["chief"]
    member = Person.objects.get(username="member")
    assert (member.unit, member.phone) == (cast.other_unit, "0734-2")
    event = Event.objects.filter(subject_type="core.person", subject_id=member.pk, verb="person.updated").get()
    assert set(event.payload["changes"]) == {"unit", "roles", "phone"}


def test_update_can_remove_the_unit(api, cast):
    response = api.as_(cast.admin).patch("/api/people/member/", {"unit": None}, format="json")
    assert response.status_code == 200
    assert Person.objects.get(username="member").unit is None


def test_non_administrator_cannot_update_even_themselves(api, cast):
    response = api.as_(cast.member).patch("/api/people/member/", {"roles": ["system-administrator"]}, format="json")
    assert response.status_code == 403
    assert Person.objects.get(username="member").role_codes() == {"clerk"}


def test_update_of_unknown_person_is_404(api, cast):
    response = api.as_(cast.admin).patch("/api/people/ghost/", {"phone": "1"}, format="json")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_put_is_not_allowed(api, cast):
    response = api.as_(cast.admin).put("/api/people/member/", {"full_name": "x"}, format="json")
    assert response.status_code == 405
    assert response.json()["code"] == "method_not_allowed"
    assert "PATCH" in response["Allow"]


def test_administrator_resets_a_password(api, cast):
    response = api.as_(cast.admin).post("/api/people/member/password/", {"password": "a new long passphrase"})
    assert response.status_code == 204
    assert Person.objects.get(username="member").check_password("a new long passphrase")
    assert Event.objects.filter(subject_id=cast.member.pk, verb="person.password_reset", actor=cast.admin).exists()


def test_person_changes_own_password_with_the_old_one_and_stays_signed_in(api, cast):
    client = api.as_(cast.member)
    refused = client.post("/api/people/member/password/", {"password": "a new long passphrase", "old_password": "wrong"})
    assert refused.status_code == 400
    assert "old_password" in refused.json()["fields"]
    changed = client.post(
        "/api/people/member/password/", {"password": "a new long passphrase", "old_password": "correct horse battery"}
    )
    assert changed.status_code == 204
    assert Person.objects.get(username="member").check_password("a new long passphrase")
    assert client.get("/api/me/").status_code == 200


def test_person_cannot_reset_someone_elses_password(api, cast):
    response = api.as_(cast.chief).post("/api/people/member/password/", {"password": "a new long passphrase"})
    assert response.status_code == 403
    assert Person.objects.get(username="member").check_password("correct horse battery")
