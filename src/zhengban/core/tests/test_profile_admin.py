"""The organization in Django admin: system administrators only, saved through audited actions."""

import pytest
from django.urls import reverse

from zhengban.audit.models import Event
from zhengban.core.models import DocumentPrefix, Unit
from zhengban.core.profile import load_profile

pytestmark = pytest.mark.django_db


@pytest.fixture
def hengyang(cast):  # the cast first: the profile then updates its units
    load_profile("hengyang")


def unit_form(unit, **changes):
    data = {
        "name_zh": unit.name_zh, "name_en": unit.name_en, "kind": unit.kind, "parent": "",
        "sort_order": unit.sort_order, "responsibilities_zh": unit.responsibilities_zh,
        "responsibilities_en": unit.responsibilities_en, "subject_areas": '[{"zh": "车辆", "en": "vehicles"}]',
        "routing_words_zh": '["车辆"]', "routing_words_en": '["vehicle"]', "note": "",
    }  # fmt: skip
    data.update(changes)
    return data


def test_only_system_administrators_see_the_organization_in_admin(hengyang, cast, client):
    cast.member.is_staff = True
    cast.member.save()
    client.force_login(cast.member)
    assert client.get(reverse("admin:core_unit_changelist")).status_code == 403
    client.force_login(cast.admin)
    response = client.get(reverse("admin:core_unit_changelist"))
    assert response.status_code == 200 and "secretariat-1" in response.content.decode()


def test_editing_a_unit_in_admin_writes_an_audit_event(hengyang, cast, client):
    client.force_login(cast.admin)
    unit = Unit.objects.get(code="vehicles")
    response = client.post(reverse("admin:core_unit_change", args=[unit.pk]), unit_form(unit, name_en="Motor Pool"))
    assert response.status_code == 302
    unit.refresh_from_db()
    assert unit.name_en == "Motor Pool"
    event = Event.objects.get(subject_type="core.unit", subject_id=unit.pk, verb="unit.updated")
    assert event.actor == cast.admin and event.payload["changes"]["name_en"] == ["Vehicle Management Section", "Motor Pool"]


def test_a_prefix_pattern_without_number_is_refused_in_admin(hengyang, cast, client):
    client.force_login(cast.admin)
    prefix = DocumentPrefix.objects.get(code="office")
    response = client.post(
        reverse("admin:core_documentprefix_change", args=[prefix.pk]),
        {"name_zh": prefix.name_zh, "name_en": prefix.name_en, "prefix": "衡政办发", "pattern": "{prefix}〔{year}〕",
         "issuer_unit": "", "note": ""},
    )  # fmt: skip
    assert response.status_code == 200
    prefix.refresh_from_db()
    assert prefix.pattern == "{prefix}〔{year}〕{n}号"
    assert not Event.objects.filter(verb="prefix.updated").exists()
