"""The outbox: an action's listeners run in the worker, from a row written in the action's transaction."""

import datetime

import pytest
from django.db import transaction
from django.utils import timezone

from zhengban.engine import changes
from zhengban.engine.actions import do_transition
from zhengban.engine.models import Change, Task, TaskState
from zhengban.engine.signals import matter_changed
from zhengban.memos.actions import do_create_memo, do_send_memo
from zhengban.notifications.models import Notification
from zhengban.notifications.worker import run_cycle

pytestmark = pytest.mark.django_db
REQUESTED = datetime.date(2026, 12, 18)


@pytest.fixture
def worker_mode(settings):
    settings.ZHENGBAN_LISTENERS = "worker"


@pytest.fixture
def heard():
    """The matter_changed signals delivered while the test runs."""
    got = []

    def listen(sender, matter_id, verb, **kwargs):
        got.append((matter_id, verb))

    matter_changed.connect(listen, dispatch_uid="test-changes-listen")
    yield got
    matter_changed.disconnect(dispatch_uid="test-changes-listen")


def sent_memo(office):
    matter = do_create_memo(office.member, title="关于提供数据的联系单")
    return do_send_memo(office.member, matter, lead_unit="economic-affairs", requested_by=REQUESTED)


def test_each_action_writes_one_change_and_listeners_wait_for_the_worker(office, worker_mode, heard):
    matter = sent_memo(office)
    pending = list(Change.objects.order_by("pk").values_list("matter_id", "verb"))
    assert pending == [(matter.pk, "opened"), (matter.pk, "send")]
    unit_task = Task.objects.get(matter=matter, state=TaskState.OPEN)
    assert Change.objects.get(verb="send").task_ids == [unit_task.pk]
    assert heard == [] and not Notification.objects.filter(task=unit_task).exists()

    assert changes.drain_all() == 2
    assert heard == [(matter.pk, "send")]  # the matter's two changes, indexed once as it is now
    assert Notification.objects.filter(task=unit_task, recipient=office.other_member).count() == 1
    assert not Change.objects.exists()
    assert changes.drain_all() == 0  # delivered once, never again


def test_a_rolled_back_action_leaves_no_change(office, worker_mode):
    matter = sent_memo(office)
    Change.objects.all().delete()
    with pytest.raises(RuntimeError):
        with transaction.atomic():
            do_transition(office.other_member, matter, "accept", {"note": "已受理"})
            raise RuntimeError("the caller's transaction fails after the action")
    assert not Change.objects.exists()


def test_a_failing_listener_is_retried_then_marked_failed_and_others_still_go_through(office, worker_mode, heard):
    first = sent_memo(office)
    second = do_create_memo(office.member, title="第二件联系单")

    def refuse(sender, matter_id, verb, **kwargs):
        if matter_id == first.pk:
            raise ValueError("index unavailable")

    matter_changed.connect(refuse, dispatch_uid="test-changes-refuse")
    try:
        for attempt in range(1, changes.MAX_ATTEMPTS + 1):
            changes.drain()
            kept = Change.objects.filter(matter_id=first.pk)
            assert kept.count() == 2 and {c.attempts for c in kept} == {attempt}
            assert {c.last_error for c in kept} == {"ValueError: index unavailable"}
        assert all(c.failed_at is not None for c in kept)
        assert not Change.objects.filter(matter_id=second.pk).exists()
        assert (second.pk, "opened") in heard
        changes.drain()  # a failed change is not claimed again
        assert {c.attempts for c in Change.objects.filter(matter_id=first.pk)} == {changes.MAX_ATTEMPTS}
    finally:
        matter_changed.disconnect(dispatch_uid="test-changes-refuse")


def test_the_worker_cycle_delivers_pending_changes(office, worker_mode):
    matter = sent_memo(office)
    report = run_cycle("w1")
    assert report.delivered == 2 and "delivered 2 change(s)" in str(report)
    task = Task.objects.get(matter=matter, state=TaskState.OPEN)
    assert Notification.objects.filter(task=task).exists()


def test_inline_delivery_runs_after_commit_and_writes_no_change(office, settings, heard, django_capture_on_commit_callbacks):
    settings.ZHENGBAN_LISTENERS = "inline"
    with django_capture_on_commit_callbacks(execute=True):
        matter = sent_memo(office)
    assert not Change.objects.exists()
    assert heard == [(matter.pk, "opened"), (matter.pk, "send")]


def test_administrators_see_failed_changes_with_their_error_and_cannot_edit_them(office, worker_mode, client):
    from django.urls import reverse

    from zhengban.core.models import Person

    matter = sent_memo(office)
    Change.objects.filter(matter_id=matter.pk).update(attempts=5, last_error="ValueError: index unavailable",
                                                      failed_at=timezone.now())
    Person.objects.filter(pk=office.admin.pk).update(is_staff=True, is_superuser=True)
    client.force_login(Person.objects.get(pk=office.admin.pk))
    page = client.get(reverse("admin:engine_change_changelist") + "?failed_at__isempty=0")
    assert page.status_code == 200 and "ValueError: index unavailable" in page.content.decode()
    change = Change.objects.first()
    assert client.post(reverse("admin:engine_change_delete", args=[change.pk]), {"post": "yes"}).status_code == 403
    assert Change.objects.filter(pk=change.pk).exists()

    handed_back = client.post(reverse("admin:engine_change_changelist"), {
        "action": "deliver_again", "_selected_action": [c.pk for c in Change.objects.all()]})
    assert handed_back.status_code == 302
    assert not Change.objects.exclude(failed_at=None).exists() and set(Change.objects.values_list("attempts", flat=True)) == {0}
    assert changes.drain_all() == 2 and not Change.objects.exists()


def test_the_running_worker_delivers_a_change_made_after_its_cycle_without_waiting_for_the_next(office, worker_mode):
    import threading

    from zhengban.notifications.worker import run_forever

    stop, made = threading.Event(), []

    def out(line):
        if "delivered 0 change(s)" in line and not made:
            made.append(sent_memo(office))

    def stop_when_heard(sender, matter_id, verb, **kwargs):
        stop.set()

    matter_changed.connect(stop_when_heard, dispatch_uid="test-changes-stop")
    try:
        run_forever(interval=3600, stop=stop, out=out)
    finally:
        matter_changed.disconnect(dispatch_uid="test-changes-stop")
    assert made and not Change.objects.exists()
    task = Task.objects.get(matter=made[0], state=TaskState.OPEN)
    assert Notification.objects.filter(task=task).exists()
