"""Appointments against the establishment quota, and time-bounded delegation."""

from datetime import timedelta

import pytest
from django.utils import timezone, translation

from zhengban.audit.models import Event
from zhengban.core.actions import do_appoint, do_delegate, principals_for
from zhengban.core.errors import ActionError, NotAllowed
from zhengban.core.models import Appointment, Delegation, Post, PostKind, Quota, QuotaCategory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def officer_post(cast):
    kind = PostKind.objects.create(code="officer", name_zh="科员", name_en="Officer", role="clerk")
    Quota.objects.create(unit=cast.unit, category=QuotaCategory.ADMINISTRATIVE, authorized=1)
    return Post.objects.create(
        code="s1-officer", name_zh="科员", name_en="Officer", kind=kind, unit=cast.unit,
        quota_category=QuotaCategory.ADMINISTRATIVE, seats=3,
    )  # fmt: skip


def appointed_events(post):
    return Event.objects.filter(subject_type="core.post", subject_id=post.pk, verb="post.appointed")


def test_appointment_within_quota_is_recorded(cast, officer_post):
    appointment = do_appoint(cast.admin, cast.member, officer_post)
    assert appointment.override_reason == ""
    event = appointed_events(officer_post).get()
    assert event.actor == cast.admin and event.payload["person"] == "member" and event.payload["over_quota"] == []


def test_appointment_beyond_quota_is_refused_with_a_clear_message(cast, officer_post):
    do_appoint(cast.admin, cast.member, officer_post)
    with pytest.raises(ActionError) as refused:
        do_appoint(cast.admin, cast.chief, officer_post)
    assert refused.value.code == "over_quota"
    assert "1 of 1" in refused.value.message and "override" in refused.value.message
    assert Appointment.objects.count() == 1
    assert appointed_events(officer_post).count() == 1


def test_administrator_override_with_a_reason_is_recorded(cast, officer_post):
    do_appoint(cast.admin, cast.member, officer_post)
    appointment = do_appoint(cast.admin, cast.chief, officer_post, override_reason="Secondment approved by 编办")
    assert (appointment.override_by, appointment.override_reason) == (cast.admin, "Secondment approved by 编办")
    event = appointed_events(officer_post).order_by("seq").last()
    assert event.payload["override_reason"] == "Secondment approved by 编办"
    assert event.payload["over_quota"]


def test_a_non_administrator_cannot_appoint_or_override(cast, officer_post):
    do_appoint(cast.admin, cast.member, officer_post)
    with pytest.raises(NotAllowed):
        do_appoint(cast.chief, cast.chief, officer_post, override_reason="I say so")
    assert Appointment.objects.count() == 1


def test_office_pool_counts_categories_within_it(cast, officer_post):
    """A leadership post counted within the office's administrative pool fills that pool too."""
    Quota.objects.filter(unit=cast.unit).delete()
    Quota.objects.create(category=QuotaCategory.ADMINISTRATIVE, authorized=1)
    Quota.objects.create(category=QuotaCategory.LEADERSHIP, within=QuotaCategory.ADMINISTRATIVE, authorized=5)
    kind = PostKind.objects.create(code="dsg", name_zh="副秘书长", name_en="DSG", role="deputy-secretary-general")
    dsg = Post.objects.create(
        code="dsg", name_zh="副秘书长", name_en="DSG", kind=kind, quota_category=QuotaCategory.LEADERSHIP, seats=4
    )
    do_appoint(cast.admin, cast.leader, dsg)
    with pytest.raises(ActionError, match="Administrative"):
        do_appoint(cast.admin, cast.member, officer_post)


def test_a_full_post_is_refused(cast, officer_post):
    Quota.objects.all().delete()
    officer_post.seats = 1
    officer_post.save()
    do_appoint(cast.admin, cast.member, officer_post)
    with pytest.raises(ActionError, match="1 seat"):
        do_appoint(cast.admin, cast.chief, officer_post)


def test_delegation_is_recorded_and_gives_the_delegate_the_principal(cast):
    start = timezone.now() - timedelta(hours=1)
    delegation = do_delegate(cast.leader, cast.leader, cast.chief, start=start, end=start + timedelta(days=3), reason="On leave")
    assert list(principals_for(cast.chief)) == [cast.leader]
    event = Event.objects.get(subject_type="core.person", subject_id=cast.leader.pk, verb="person.delegated")
    assert event.actor == cast.leader and event.payload["delegate"] == "chief" and event.payload["reason"] == "On leave"
    assert delegation.created_by == cast.leader


def test_overlapping_delegation_is_refused(cast):
    start = timezone.now()
    do_delegate(cast.leader, cast.leader, cast.chief, start=start, end=start + timedelta(days=3), reason="On leave")
    with pytest.raises(ActionError, match="already has a delegation"):
        do_delegate(cast.admin, cast.leader, cast.member, start=start + timedelta(days=1), end=start + timedelta(days=5), reason="Trip")
    assert Delegation.objects.count() == 1


def test_delegation_ending_before_it_starts_is_refused(cast):
    start = timezone.now()
    with pytest.raises(ActionError, match="end after it starts"):
        do_delegate(cast.leader, cast.leader, cast.chief, start=start, end=start - timedelta(hours=1), reason="On leave")
    assert not Delegation.objects.exists()
    assert not Event.objects.filter(verb="person.delegated").exists()


def test_only_the_principal_or_an_administrator_may_delegate(cast):
    start = timezone.now()
    with pytest.raises(NotAllowed):
        do_delegate(cast.member, cast.leader, cast.member, start=start, end=start + timedelta(days=1), reason="Grab")
    assert not Delegation.objects.exists()
