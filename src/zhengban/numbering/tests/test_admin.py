"""Counters in the admin: visible to staff, corrected only by superusers, and the correction audited."""

import pytest
from django.db import transaction
from django.urls import reverse

from zhengban.audit.models import Event
from zhengban.core.errors import ActionError, NotAllowed
from zhengban.core.models import Person
from zhengban.numbering.actions import do_correct_sequence
from zhengban.numbering.models import Sequence
from zhengban.numbering.numbers import assign_number

pytestmark = pytest.mark.django_db


@pytest.fixture
def sequence():
    with transaction.atomic():
        for _ in range(3):
            assign_number("hzf", 2026)
    return Sequence.objects.get(key="hzf", year=2026)


def test_staff_see_counters_but_cannot_change_them(client, cast, sequence):
    client.force_login(cast.admin)  # staff and system administrator, not superuser
    assert client.get(reverse("admin:numbering_sequence_changelist")).status_code == 200
    assert client.get(reverse("admin:numbering_sequence_change", args=[sequence.pk])).status_code == 200
    response = client.post(reverse("admin:numbering_sequence_change", args=[sequence.pk]), {"last": "1"})
    assert response.status_code == 403
    assert client.get(reverse("admin:numbering_sequence_add")).status_code == 403
    sequence.refresh_from_db()
    assert sequence.last == 3


def test_a_superuser_corrects_a_counter_and_the_correction_is_audited(client, cast, sequence):
    Person.objects.filter(pk=cast.admin.pk).update(is_superuser=True)
    client.force_login(Person.objects.get(pk=cast.admin.pk))
    response = client.post(reverse("admin:numbering_sequence_change", args=[sequence.pk]), {"last": "10"})
    assert response.status_code == 302
    sequence.refresh_from_db()
    assert sequence.last == 10
    event = Event.objects.get(verb="sequence.corrected")
    assert event.payload["last"] == [3, 10] and event.actor_id == cast.admin.pk
    with transaction.atomic():
        assert assign_number("hzf", 2026) == 11
    assert client.post(reverse("admin:numbering_sequence_delete", args=[sequence.pk]), {"post": "yes"}).status_code == 403


def test_correcting_needs_a_superuser_and_a_sane_number(cast, sequence):
    with pytest.raises(NotAllowed):
        do_correct_sequence(cast.admin, sequence, 1)
    cast.admin.is_superuser = True
    with pytest.raises(ActionError):
        do_correct_sequence(cast.admin, sequence, -1)
    sequence.refresh_from_db()
    assert sequence.last == 3 and not Event.objects.filter(verb="sequence.corrected").exists()
