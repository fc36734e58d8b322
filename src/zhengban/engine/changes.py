"""What happens after an action: the listeners (notifications of opened tasks, the search index).

An action calls `publish` inside its transaction. With ZHENGBAN_LISTENERS = "worker" (production)
that is one INSERT into the outbox (`Change`), committed or rolled back with the action itself, and
the worker delivers it within a second or so: the request pays for one statement instead of running
every listener. With "inline" (the test suite) the listeners run in the acting process right after
the commit, as signals. Either way a listener sees only committed state.

Several workers may drain at once: on PostgreSQL a batch is claimed with FOR UPDATE SKIP LOCKED, on
SQLite the writing transaction itself is the claim.
"""

import logging

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from zhengban.core import rows

from . import signals
from .models import Change, Matter

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
BATCH = 50


def publish(matter, verb, tasks=(), *, matter_changed=True):
    """Record that `verb` was done to `matter` and `tasks` were opened, for the listeners.

    matter_changed=False announces only the opened tasks (a flow opening tasks outside a transition).
    """
    _record(matter.pk, verb if matter_changed else "", [t.pk for t in tasks])


def publish_ids(matter_ids, verb):
    """`publish` for matters known by id (a relation of theirs changed: co-units, watchers)."""
    for matter_id in matter_ids:
        _record(matter_id, verb, [])


def _record(matter_id, verb, task_ids):
    if settings.ZHENGBAN_LISTENERS == "inline":
        # robust: the action has committed; a listener's failure is logged, not turned into an error page.
        transaction.on_commit(lambda: deliver(matter_id, verb, task_ids), robust=True)
        return
    rows.insert_later([Change(matter_id=matter_id, verb=verb, task_ids=task_ids, created_at=timezone.now())])


def deliver(matter_id, verb, task_ids):
    if task_ids:
        signals.tasks_opened.send(sender=Matter, matter_id=matter_id, task_ids=task_ids)
    if verb:
        signals.matter_changed.send(sender=Matter, matter_id=matter_id, verb=verb)


def _deliver_group(matter_id, group):
    """A matter's pending changes in order: every opened task is announced, and matter_changed is
    sent once, with the latest verb (the index reads the matter as it is now, so once is enough)."""
    for change in group:
        deliver(matter_id, "", change.task_ids)
    verbs = [change.verb for change in group if change.verb]
    if verbs:
        signals.matter_changed.send(sender=Matter, matter_id=matter_id, verb=verbs[-1])


def _claim(limit):
    pending = Change.objects.filter(failed_at__isnull=True).order_by("pk")
    if connection.features.has_select_for_update_skip_locked:
        pending = pending.select_for_update(skip_locked=True)
    return list(pending[:limit])


def _record_failure(change, error):
    change.attempts += 1
    change.last_error = f"{type(error).__name__}: {error}"
    if change.attempts >= MAX_ATTEMPTS:
        change.failed_at = timezone.now()
    change.save(update_fields=["attempts", "last_error", "failed_at"])


def drain(limit=BATCH):
    """Deliver up to `limit` pending changes, oldest first, grouped by matter; (delivered, failed) counts."""
    delivered, failed = [], 0
    if not Change.objects.filter(failed_at__isnull=True).exists():
        # The idle worker's poll: a read, without the write lock SQLite takes at BEGIN.
        return 0, 0
    with transaction.atomic():
        groups = {}
        for change in _claim(limit):
            groups.setdefault(change.matter_id, []).append(change)
        for matter_id, group in groups.items():
            try:
                with transaction.atomic():
                    _deliver_group(matter_id, group)
            except Exception as error:
                logger.exception("delivering %d change(s) of matter %s failed", len(group), matter_id)
                failed += len(group)
                for change in group:
                    _record_failure(change, error)
            else:
                delivered.extend(change.pk for change in group)
        if delivered:
            Change.objects.filter(pk__in=delivered).delete()
    return len(delivered), failed


def drain_all(batch=BATCH):
    """Deliver every pending change (the demo loader, `zhengban worker --once`); the number delivered."""
    total = 0
    while True:
        delivered, failed = drain(batch)
        total += delivered
        if failed or not delivered:
            # A failing change is retried by the next run, not in a tight loop here.
            return total
