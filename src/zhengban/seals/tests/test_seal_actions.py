"""The register and the use log: record_seal_use's allowed path, its refusals and its audit event."""

import pytest

from zhengban.audit.models import Event
from zhengban.core.errors import ActionError, Conflict, NotAllowed
from zhengban.seals.actions import do_register_seal, do_retire_seal, record_seal_use
from zhengban.seals.models import Seal, SealKind, SealUse

pytestmark = pytest.mark.django_db


def seal_events(seal):
    return list(Event.objects.filter(subject_type="seals.seal", subject_id=seal.pk).order_by("seq").values_list("verb", flat=True))


def test_register_by_keeping_unit_head_is_audited(seals):
    assert seal_events(seals.government_seal) == ["seal.registered"]
    assert Seal.objects.count() == 3


def test_register_refused_for_a_clerk_or_another_unit(seals):
    for person in (seals.member, seals.other_member, seals.outsider):
        with pytest.raises(NotAllowed):
            do_register_seal(person, code="x", name_zh="x", name_en="x", kind=SealKind.SPECIAL, keeper_unit=seals.unit)
    with pytest.raises(Conflict):
        do_register_seal(seals.chief, code="office", name_zh="x", name_en="x", kind=SealKind.OFFICE, keeper_unit=seals.unit)
    with pytest.raises(ActionError):
        do_register_seal(seals.chief, code="y", name_zh="", name_en="x", kind="stamp", keeper_unit=seals.unit)
    assert Seal.objects.count() == 3


def test_keeper_records_a_use(seals):
    use = record_seal_use(seals.member, seals.office_seal, impressions=3, note="会议通知", approved_by=seals.chief)
    assert (use.impressions, use.applied_by, use.approved_by, use.matter) == (3, seals.member, seals.chief, None)
    assert seal_events(seals.office_seal) == ["seal.registered", "seal.used"]
    event = Event.objects.get(subject_type="seals.seal", subject_id=seals.office_seal.pk, verb="seal.used")
    assert event.payload["impressions"] == 3 and event.actor == seals.member


def test_use_refused_outside_the_keeping_unit(seals):
    with pytest.raises(NotAllowed):
        record_seal_use(seals.other_member, seals.office_seal, impressions=1)
    assert not SealUse.objects.exists()


@pytest.mark.parametrize("impressions", [0, -2, "3", None])
def test_use_refused_without_impressions(seals, impressions):
    with pytest.raises(ActionError) as caught:
        record_seal_use(seals.member, seals.office_seal, impressions=impressions)
    assert "impressions" in caught.value.fields
    assert not SealUse.objects.exists()


def test_retired_seal_cannot_be_used(seals):
    do_retire_seal(seals.chief, seals.office_seal, reason="换刻新章")
    with pytest.raises(Conflict) as caught:
        record_seal_use(seals.member, seals.office_seal, impressions=1)
    assert caught.value.code == "seal_retired"
    assert not SealUse.objects.exists()
    assert seal_events(seals.office_seal)[-1] == "seal.retired"


def test_inactive_seal_cannot_be_used(seals):
    Seal.objects.filter(pk=seals.mayor_seal.pk).update(active=False)
    with pytest.raises(Conflict):
        record_seal_use(seals.member, seals.mayor_seal, impressions=1)


def test_retire_refusals(seals):
    with pytest.raises(NotAllowed):
        do_retire_seal(seals.member, seals.office_seal, reason="x")
    with pytest.raises(ActionError):
        do_retire_seal(seals.chief, seals.office_seal, reason=" ")
    do_retire_seal(seals.chief, seals.office_seal, reason="x")
    with pytest.raises(Conflict):
        do_retire_seal(seals.chief, seals.office_seal, reason="again")


def test_use_on_a_document_the_keeper_cannot_see_is_refused(seals):
    from zhengban.engine.models import Matter
    from django.utils import timezone

    secret = Matter.objects.create(type="memo", title="机密", classification=2, classification_period="10年",
                                   creator=seals.leader, state="closed", opened_at=timezone.now())
    with pytest.raises(NotAllowed):
        record_seal_use(seals.member, seals.government_seal, matter=secret, impressions=1)
    assert not SealUse.objects.exists()
