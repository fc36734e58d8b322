"""The web shell's own verb: a person chooses the language of their interface."""

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from zhengban.audit.chain import append_event
from zhengban.core.errors import ActionError, NotAllowed
from zhengban.core.models import Person


def validated_language(language):
    codes = [code for code, _name in settings.LANGUAGES]
    if language not in codes:
        raise ActionError(
            _("Unknown language %(language)s; choose one of: %(codes)s.")
            % {"language": language, "codes": ", ".join(codes)},
            fields={"language": language},
        )
    return language


def do_set_language(actor, language):
    """Remember the actor's language; it is activated at every later request and login."""
    if actor is None or not actor.is_authenticated or not actor.is_active:
        raise NotAllowed(_("Log in to choose a language."))
    language = validated_language(language)
    with transaction.atomic():
        person = Person.objects.select_for_update().get(pk=actor.pk)
        previous = person.language
        if previous == language:
            return person
        person.language = language
        person.save(update_fields=["language"])
        append_event(person, "person.language_changed", actor=person, payload={"from": previous, "to": language})
    actor.language = language
    return person
