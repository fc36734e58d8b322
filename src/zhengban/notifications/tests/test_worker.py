import datetime
import threading
from collections import defaultdict

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from zhengban.core.actions import do_delegate
from zhengban.deadlines.compute import end_of_day
from zhengban.engine.actions import do_transition
from zhengban.engine.models import Matter, Task, TaskState
from zhengban.notifications.models import Job, Notification
from zhengban.notifications.worker import claim_next, run_cycle, run_forever, run_job

from .conftest import local

pytestmark = pytest.mark.django_db
OPENED = local(2026, 12, 14, 10, 0)  # a Monday
DUE = end_of_day(datetime.date(2026, 12, 18))  # that Friday
REMINDERS = ("task.reminder", "task.due", "task.overdue")


def with_known_due(task):
    Task.objects.filter(pk=task.pk).update(created_at=OPENED, due_at=DUE)
    task.refresh_from_db()
    return task


def sent(verb, **filters):
    return sorted(n.recipient.username for n in Notification.objects.filter(verb=verb, **filters))


@pytest.fixture
def unit_task(send_memo):
    matter = send_memo()
    return with_known_due(Task.objects.get(matter=matter, state=TaskState.OPEN))


def test_reminders_before_and_on_the_due_day_then_escalation_each_once(office, unit_task):
    report = run_cycle("w1", now=local(2026, 12, 14, 12, 0))
    assert report.scheduled == 1
    jobs = {j.key.rsplit(":", 1)[1]: j.run_at for j in Job.objects.filter(task=unit_task)}
    assert jobs == {"-1wd": local(2026, 12, 17, 9, 0), "due": local(2026, 12, 18, 9, 0), "overdue": DUE}
    assert not Notification.objects.filter(verb__in=REMINDERS).exists()

    run_cycle("w1", now=local(2026, 12, 17, 8, 59))
    assert not Notification.objects.filter(verb__in=REMINDERS).exists()
    for minute in (0, 30):
        run_cycle("w1", now=local(2026, 12, 17, 9, minute))
        assert sent("task.reminder") == ["other", "otherchief"]
    for hour in (9, 18):
        run_cycle("w1", now=local(2026, 12, 18, hour, 0))
        assert sent("task.due") == ["other", "otherchief"]
        assert sent("task.overdue") == []
    for day in (19, 21):
        run_cycle("w1", now=local(2026, 12, day, 9, 0))
        assert sent("task.overdue") == ["otherchief"]
    assert sent("task.reminder") == ["other", "otherchief"] and sent("task.due") == ["other", "otherchief"]
    assert all(j.done_at and j.attempts == 1 for j in Job.objects.all())
    assert sum("到期" in m.subject for m in mail.outbox) == 4  # reminder and due-day emails, one each


def test_no_reminder_for_a_task_done_before_the_job_runs(office, unit_task):
    run_cycle("w1", now=local(2026, 12, 14, 12, 0))
    do_transition(office.other_member, unit_task.matter, "accept", {})
    run_cycle("w1", now=local(2026, 12, 21, 9, 0))
    assert not Notification.objects.filter(task=unit_task, verb__in=REMINDERS).exists()
    assert set(Job.objects.filter(task=unit_task).values_list("outcome", flat=True)) == {"skipped: task closed"}


def test_a_moved_due_time_gets_fresh_reminders_and_the_old_ones_are_dropped(office, unit_task):
    run_cycle("w1", now=local(2026, 12, 14, 12, 0))
    Task.objects.filter(pk=unit_task.pk).update(due_at=DUE + datetime.timedelta(days=7))
    report = run_cycle("w1", now=local(2026, 12, 17, 9, 0))
    assert report.scheduled == 1
    assert not Notification.objects.filter(verb__in=REMINDERS).exists()
    assert Job.objects.get(key__endswith=":-1wd", task_due_at=DUE).outcome == "skipped: due time changed"
    assert Job.objects.filter(task=unit_task).count() == 6


def test_overdue_person_task_escalates_to_the_unit_chief_and_their_delegate(office, send_memo, django_capture_on_commit_callbacks):
    matter = send_memo()
    matter = do_transition(office.other_member, matter, "accept", {})
    task = with_known_due(Task.objects.get(matter=matter, state=TaskState.OPEN, assignee_person=office.other_member))
    do_delegate(office.other_chief, office.other_chief, office.chief, start=local(2026, 12, 18), end=local(2026, 12, 25), reason="休假")
    run_cycle("w1", now=local(2026, 12, 19, 9, 0))
    assert sent("task.overdue", task=task) == ["chief", "otherchief"]
    on_behalf = Notification.objects.get(verb="task.overdue", recipient=office.chief)
    assert on_behalf.on_behalf_of == office.other_chief and office.other_member.full_name in on_behalf.body
    assert sent("task.due", task=task) == ["other"]  # late worker: the due-day reminder still goes; the earlier one does not
    assert sent("task.reminder", task=task) == []


def test_a_stale_claim_is_taken_over_and_the_slow_worker_loses_it(office, unit_task):
    now = local(2026, 12, 19, 9, 0)
    run_cycle("w1", now=local(2026, 12, 14, 12, 0))
    Job.objects.filter(task=unit_task).update(claimed_by="crashed", claimed_at=now - datetime.timedelta(minutes=11))
    recent = Job.objects.get(task=unit_task, key__endswith=":due")
    Job.objects.filter(pk=recent.pk).update(claimed_by="busy", claimed_at=now - datetime.timedelta(minutes=5))

    claimed = [claim_next("w2", now), claim_next("w2", now), claim_next("w2", now)]
    assert claimed[2] is None and recent.pk not in {j.pk for j in claimed[:2]}
    overdue = claimed[1]
    assert overdue.key.endswith(":overdue") and overdue.claimed_by == "w2" and overdue.attempts == 1
    assert run_job(overdue, "crashed", now) == "lost"
    assert not Notification.objects.filter(verb__in=REMINDERS).exists()
    assert run_job(overdue, "w2", now) == "sent: 1"


@pytest.mark.django_db(transaction=True)
def test_two_workers_run_each_of_fifty_jobs_exactly_once(office, send_memo):
    matter = send_memo()
    matter = do_transition(office.other_member, matter, "accept", {})
    task = Task.objects.get(matter=matter, state=TaskState.OPEN, assignee_person=office.other_member)
    now = timezone.now()
    Job.objects.update(done_at=now)  # the deliveries of the memo's own notifications are not this test's
    due = task.due_at.astimezone(datetime.timezone.utc).isoformat()
    Job.objects.bulk_create(
        Job(kind="remind", key=f"remind:test:{i}", run_at=now, payload={"task": task.pk, "due": due, "verb": "task.reminder"})
        for i in range(50)
    )
    outcomes = defaultdict(list)

    def work(name):
        while (job := claim_next(name, now)) is not None:
            outcomes[name].append((job.kind, run_job(job, name, now)))

    if connection.vendor == "postgresql":
        start = threading.Barrier(2)

        def thread(name):
            try:
                start.wait()
                work(name)
            finally:
                connection.close()

        threads = [threading.Thread(target=thread, args=(f"w{i}",)) for i in (1, 2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert outcomes["w1"] and outcomes["w2"]
    else:
        # SQLite has one writer at a time: the two workers take turns over the same queue.
        while len(outcomes["w1"]) + len(outcomes["w2"]) < 100:
            before = sum(map(len, outcomes.values()))
            for name in ("w1", "w2"):
                if (job := claim_next(name, now)) is not None:
                    outcomes[name].append((job.kind, run_job(job, name, now)))
            if sum(map(len, outcomes.values())) == before:
                break

    everything = outcomes["w1"] + outcomes["w2"]
    assert sorted({kind for kind, _ in everything}) == ["deliver", "remind"]
    assert len(everything) == 100 and all(o in ("sent: 1", "delivered") for _, o in everything)
    assert Notification.objects.filter(verb="task.reminder", task=task).count() == 50
    assert Job.objects.filter(done_at__isnull=True).count() == 0
    assert set(Job.objects.filter(key__startswith="remind:test:").values_list("attempts", flat=True)) == {1}
    assert len(mail.outbox) == 50


def test_worker_command_runs_one_cycle_and_the_loop_stops_on_request(office, unit_task, capsys):
    call_command("worker", "--once")
    out = capsys.readouterr().out
    assert "scheduled 1 task(s)" in out and "stopped" in out
    stop, lines = threading.Event(), []

    def out_and_stop(line):
        lines.append(line)
        if "ran" in line:
            stop.set()

    run_forever(interval=3600, stop=stop, out=out_and_stop)
    assert lines[-1].endswith("stopped") and len(lines) == 3


def test_no_reminder_while_the_matters_clock_is_paused(office, unit_task):
    run_cycle("w1", now=local(2026, 12, 14, 12, 0))
    Matter.objects.filter(pk=unit_task.matter_id).update(paused_at=local(2026, 12, 15, 10, 0))
    run_cycle("w1", now=local(2026, 12, 21, 9, 0))
    assert not Notification.objects.filter(verb__in=REMINDERS).exists()
    assert set(Job.objects.filter(task=unit_task).values_list("outcome", flat=True)) == {"skipped: clock paused"}


def test_daily_anchor_and_fixity_run_once_a_day_whatever_the_number_of_workers(office):
    from zhengban.audit.models import Anchor

    for worker in ("w1", "w2"):
        run_cycle(worker, now=local(2026, 12, 14, 3, 0))
    assert Anchor.objects.count() == 1
    assert sorted(Job.objects.filter(kind__in=["audit-anchor", "fixity"]).values_list("key", flat=True)) == [
        "audit-anchor:2026-12-14", "fixity:2026-12-14"]
    run_cycle("w1", now=local(2026, 12, 15, 3, 0))
    assert Anchor.objects.count() == 2
    assert Job.objects.get(key="fixity:2026-12-15").outcome.startswith("checked: 0")
