"""The one manual change to a counter: a superuser's audited correction."""

from django.db import transaction
from django.utils.translation import gettext as _

from zhengban.audit.chain import append_event
from zhengban.core.errors import ActionError, NotAllowed

from .models import Sequence


def do_correct_sequence(actor, sequence, last):
    """Set the last number issued, e.g. after numbers were given out by hand during an outage."""
    if actor is None or not actor.is_active or not actor.is_superuser:
        raise NotAllowed(_("Only a superuser may correct a number sequence."))
    if not isinstance(last, int) or isinstance(last, bool) or last < 0:
        raise ActionError(_("The last number issued is a whole number from 0."), fields={"last": last})
    with transaction.atomic():
        row = Sequence.objects.select_for_update().get(pk=sequence.pk)
        if row.last == last:
            return row
        append_event(row, "sequence.corrected", actor=actor, payload={"key": row.key, "year": row.year, "last": [row.last, last]}, save_subject=False)
        row.last = last
        row.save()
    return row
