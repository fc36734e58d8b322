"""Creating notifications (with their email and SMS deliveries queued as jobs) and marking them read.

Reading a notification is per-person bookkeeping, not a change to any matter: it writes no audit
event (the matter's own timeline records what happened to the matter).
"""

from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from zhengban.core.errors import ActionError

from .models import Delivery, Job, Notification

# Verbs that justify a text message; everything about an urgent matter does too.
SMS_VERBS = frozenset({"task.due", "task.overdue"})
JOB_DELIVER = "deliver"


def language_of(person):
    return person.language or settings.LANGUAGE_CODE


@dataclass
class Message:
    recipient: object
    verb: str
    title: str
    body: str = ""
    url: str = ""
    matter: object = None
    task: object = None
    on_behalf_of: object = None


def _hidden_from(recipient, matter):
    return matter is not None and matter.classification > recipient.clearance


def _notification(message, at):
    recipient, matter = message.recipient, message.matter
    title, body = message.title, message.body
    if _hidden_from(recipient, matter):
        # Clearance is checked here, once, for every channel: the stored text is what the bell,
        # the list, the API, the email and the SMS all show.
        with translation.override(language_of(recipient)):
            title, body = _("A classified matter needs your attention"), ""
    sms_worthy = message.verb in SMS_VERBS or (matter is not None and matter.urgency != "normal")
    return Notification(
        recipient=recipient,
        on_behalf_of=message.on_behalf_of,
        matter=matter,
        task=message.task,
        verb=message.verb,
        title=title[:300],
        body=body,
        url=message.url,
        created_at=at,
        email_status=Delivery.PENDING if recipient.email else Delivery.NOT_REQUESTED,
        sms_status=Delivery.PENDING if (recipient.phone and sms_worthy) else Delivery.NOT_REQUESTED,
    )


def send_messages(messages, *, at=None):
    """Store the notifications in one go and queue a delivery job for each that has email or SMS to send."""
    at = at or timezone.now()
    with transaction.atomic():
        notifications = Notification.objects.bulk_create([_notification(m, at) for m in messages])
        Job.objects.bulk_create(
            [
                Job(kind=JOB_DELIVER, key=f"{JOB_DELIVER}:{n.pk}", run_at=at, payload={"notification": n.pk})
                for n in notifications
                if Delivery.PENDING in (n.email_status, n.sms_status)
            ]
        )
    return notifications


def notify(recipient, *, matter=None, task=None, verb, title, body="", url="", on_behalf_of=None, at=None):
    """Notify one person in-app and queue their email and SMS. Classified text is replaced by a
    neutral one when the matter is classified above the recipient's clearance."""
    message = Message(recipient, verb, title, body, url, matter, task, on_behalf_of)
    return send_messages([message], at=at)[0]


def _unread(actor):
    return Notification.objects.filter(recipient=actor, read_at__isnull=True)


def unread_count(person):
    return _unread(person).count() if person.is_authenticated else 0


def do_mark_notifications_read(actor, ids, *, now=None):
    """Mark some of the actor's own notifications read; an id that is not theirs refuses them all."""
    try:
        wanted = {int(i) for i in ids}
    except (TypeError, ValueError):
        raise ActionError(_("Notification ids are whole numbers."), fields={"read": "not integers"}) from None
    if not wanted:
        raise ActionError(_("Say which notifications to mark read."), fields={"read": "empty"})
    with transaction.atomic():
        own = set(
            Notification.objects.select_for_update().filter(recipient=actor, pk__in=wanted).values_list("pk", flat=True)
        )
        unknown = sorted(wanted - own)
        if unknown:
            # The same answer for someone else's notification and a missing one: existence does not leak.
            raise ActionError(
                _("You have no notification with the id(s) %(ids)s.") % {"ids": ", ".join(map(str, unknown))},
                fields={"read": "unknown ids"},
            )
        return _unread(actor).filter(pk__in=own).update(read_at=now or timezone.now())


def do_mark_all_notifications_read(actor, *, now=None):
    with transaction.atomic():
        return _unread(actor).update(read_at=now or timezone.now())
