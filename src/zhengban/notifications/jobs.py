"""What the worker does: schedule reminders and escalations for open tasks, and run each kind of job.

Per open task with a due time, three jobs are scheduled at once (keys carry the due time, so a due
time that moves — pause and resume, an extension — gets fresh jobs and the old ones find it changed):
- a reminder at REMINDER_TIME on the day N working days before the due date (N =
  settings.ZHENGBAN_REMINDER_WORKING_DAYS), if that falls after the task opened;
- a reminder on the due day: at REMINDER_TIME that morning, or at the due time itself when the
  task opened later than that morning or the due time is earlier (hour limits);
- at the due time, escalation to the chiefs of the holding unit if the task is still open.
Whether to send is decided when the job runs: nothing goes out for a task done, cancelled,
paused, or whose due time changed.
"""

import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import Exists, OuterRef
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from zhengban.deadlines.compute import local_date, shift_working_days
from zhengban.engine.models import Task, TaskState

from .actions import JOB_DELIVER, language_of, send_messages
from .models import Delivery, Job, Notification
from .recipients import active_delegations, task_holders, unit_chiefs, with_delegates
from .sms import sms_gateway, sms_text
from .texts import DUE, OVERDUE, REMINDER, task_message

REMINDER_TIME = datetime.time(9, 0)
JOB_REMIND, JOB_ESCALATE = "remind", "escalate"
DELIVERY_ATTEMPTS = 5
DELIVERY_RETRY_AFTER = datetime.timedelta(minutes=5)


def _morning(day):
    return datetime.datetime.combine(day, REMINDER_TIME, tzinfo=timezone.get_default_timezone())


def reminder_jobs(task, days_before):
    """The reminder and escalation jobs for the task's current due time."""
    due = task.due_at
    stamp = due.astimezone(datetime.timezone.utc).isoformat()
    common = {"task": task, "task_due_at": due}

    def job(kind, offset, run_at, **payload):
        return Job(
            kind=kind, key=f"remind:task:{task.pk}:{stamp}:{offset}", run_at=run_at,
            payload={"task": task.pk, "due": stamp, **payload}, **common,
        )

    due_day_morning = _morning(local_date(due))
    on_due_day = due_day_morning if task.created_at < due_day_morning < due else due
    jobs = [
        job(JOB_REMIND, "due", on_due_day, verb=DUE),
        job(JOB_ESCALATE, "overdue", due),
    ]
    if days_before > 0:
        before = _morning(shift_working_days(due, -days_before))
        if task.created_at < before < on_due_day:
            # Superseded by the due-day reminder if the worker only gets to it after that one is due.
            jobs.append(job(JOB_REMIND, f"-{days_before}wd", before, verb=REMINDER, expires=on_due_day.isoformat()))
    return jobs


def schedule_reminders(now, *, days_before=None, limit=500):
    """Insert the jobs of open tasks whose current due time has none yet; duplicates are ignored,
    so several workers scheduling at once are harmless. Returns how many tasks were scheduled."""
    days_before = settings.ZHENGBAN_REMINDER_WORKING_DAYS if days_before is None else days_before
    scheduled = Job.objects.filter(task=OuterRef("pk"), task_due_at=OuterRef("due_at"))
    tasks = list(
        Task.objects.filter(state=TaskState.OPEN, due_at__isnull=False)
        .exclude(Exists(scheduled))
        .only("pk", "due_at", "created_at")
        .order_by("pk")[:limit]
    )
    Job.objects.bulk_create([j for t in tasks for j in reminder_jobs(t, days_before)], ignore_conflicts=True)
    return len(tasks)


def _live_task(job, now):
    """The job's task if a reminder about it still makes sense, else (None, why not)."""
    task = (
        Task.objects.select_related("matter", "assignee_person", "assignee_unit").filter(pk=job.payload["task"]).first()
    )
    if task is None or task.state != TaskState.OPEN:
        return None, "skipped: task closed"
    if task.due_at != datetime.datetime.fromisoformat(job.payload["due"]):
        return None, "skipped: due time changed"
    if task.matter.paused_at is not None:
        return None, "skipped: clock paused"
    expires = job.payload.get("expires")
    if expires and now >= datetime.datetime.fromisoformat(expires):
        return None, "skipped: superseded"
    return task, ""


def _send_about(task, verb, people, now):
    pairs = with_delegates(people, active_delegations(people, now))
    send_messages([task_message(verb, task, person, for_whom) for person, for_whom in pairs], at=now)
    return f"sent: {len(pairs)}"


def run_remind(job, now):
    task, why_not = _live_task(job, now)
    if task is None:
        return why_not
    return _send_about(task, job.payload["verb"], task_holders([task])[task.pk], now)


def run_escalate(job, now):
    task, why_not = _live_task(job, now)
    if task is None:
        return why_not
    chiefs = unit_chiefs(task)
    return _send_about(task, OVERDUE, chiefs, now) if chiefs else "skipped: no chief"


def _email(notification):
    recipient = notification.recipient
    with translation.override(language_of(recipient)):
        link = _("Open: %(url)s") % {"url": settings.ZHENGBAN_SITE_URL + notification.url} if notification.url else ""
    text = "\n\n".join(part for part in (notification.body, link) if part)
    send_mail(notification.title, text, settings.DEFAULT_FROM_EMAIL, [recipient.email])


def _sms(notification):
    sms_gateway().send(notification.recipient.phone, sms_text(notification.title))


def run_deliver(job, now):
    """Send the pending channels once each. A failed channel stays pending and a follow-up job
    retries it later, so a channel that went out is never sent again."""
    notification = Notification.objects.select_related("recipient").filter(pk=job.payload["notification"]).first()
    if notification is None:
        return "skipped: notification gone"
    attempt = job.payload.get("attempt", 1)
    errors = []
    for status_field, send in (("email_status", _email), ("sms_status", _sms)):
        if getattr(notification, status_field) != Delivery.PENDING:
            continue
        try:
            send(notification)
        except Exception as error:  # any gateway or SMTP failure: recorded, retried, never fatal
            errors.append(f"{status_field.split('_')[0]}: {error}")
            if attempt >= DELIVERY_ATTEMPTS:
                setattr(notification, status_field, Delivery.FAILED)
        else:
            setattr(notification, status_field, Delivery.SENT)
    notification.delivery_error = "; ".join(errors)
    notification.save(update_fields=["email_status", "sms_status", "delivery_error"])
    if errors and attempt < DELIVERY_ATTEMPTS:
        Job.objects.create(
            kind=JOB_DELIVER, key=f"{JOB_DELIVER}:{notification.pk}:{attempt + 1}", run_at=now + DELIVERY_RETRY_AFTER * attempt,
            payload={"notification": notification.pk, "attempt": attempt + 1},
        )
        return f"retry: {notification.delivery_error}"
    return "failed: " + notification.delivery_error if errors else "delivered"


HANDLERS = {JOB_REMIND: run_remind, JOB_ESCALATE: run_escalate, JOB_DELIVER: run_deliver}
