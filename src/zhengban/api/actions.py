"""API tokens: issuing and revoking one is recorded on the person's audit chain."""

from django.db import transaction
from rest_framework.authtoken.models import Token

from zhengban.audit.chain import append_event
from zhengban.core.models import Person


def do_issue_token(actor):
    """The signed-in person's token, created on first request; the same token is returned until revoked."""
    with transaction.atomic():
        person = Person.objects.select_for_update().get(pk=actor.pk)
        token, created = Token.objects.get_or_create(user=person)
        if created:
            append_event(person, "person.token_issued", actor=person)
    return token


def do_revoke_token(actor):
    """Delete the person's token; returns whether there was one."""
    with transaction.atomic():
        person = Person.objects.select_for_update().get(pk=actor.pk)
        deleted, _ = Token.objects.filter(user=person).delete()
        if deleted:
            append_event(person, "person.token_revoked", actor=person)
    return bool(deleted)
