"""The admin site shows the audit trail but lets no one add, change or delete it."""

import pytest
from django.urls import reverse

from zhengban.audit.chain import create_anchor
from zhengban.audit.models import Anchor, Event
from zhengban.core.models import Person


@pytest.fixture
def superuser_client(client, cast):
    Person.objects.filter(pk=cast.admin.pk).update(is_superuser=True, is_staff=True)
    client.force_login(Person.objects.get(pk=cast.admin.pk))
    return client


@pytest.mark.parametrize("model", [Event, Anchor])
def test_even_a_superuser_can_only_read(superuser_client, model):
    create_anchor()
    row = model.objects.first()
    name = model._meta.model_name
    assert superuser_client.get(reverse(f"admin:audit_{name}_changelist")).status_code == 200
    assert superuser_client.get(reverse(f"admin:audit_{name}_add")).status_code == 403
    assert superuser_client.get(reverse(f"admin:audit_{name}_delete", args=[row.pk])).status_code == 403
    before = model.objects.count()
    response = superuser_client.post(reverse(f"admin:audit_{name}_change", args=[row.pk]), {"verb": "forged"})
    assert response.status_code == 403
    assert model.objects.count() == before
    assert not Event.objects.filter(verb="forged").exists()
