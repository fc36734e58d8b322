"""The background worker: deliver the actions' pending changes to their listeners every second;
every cycle, schedule reminders, then claim due jobs one at a time and run them.

Any number of workers on any number of machines may run at once (healthchecks' sendalerts is
the model). A job is claimed with a conditional UPDATE that only one worker can win; running it
and marking it done happen in one transaction that first re-checks the claim under a row lock,
so a job's notifications are written exactly once even if a slow worker's claim was taken over.
A claim older than CLAIM_TIMEOUT (a crashed worker) may be taken over.
"""

import datetime
import logging
import os
import socket
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field

from django.db import close_old_connections, connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from zhengban.engine import changes

from .daily import DAILY_HANDLERS, schedule_daily
from .jobs import HANDLERS, schedule_reminders
from .models import Job

logger = logging.getLogger(__name__)

CLAIM_TIMEOUT = datetime.timedelta(minutes=10)
# How long an action's notifications and index update may wait for an idle worker.
CHANGE_POLL_SECONDS = 1.0
JOB_ATTEMPTS = 5
RETRY_AFTER = datetime.timedelta(minutes=1)


def worker_name():
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def _claimable(now):
    return Q(claimed_by__isnull=True) | Q(claimed_at__lt=now - CLAIM_TIMEOUT)


def claim_next(worker, now):
    """Claim the earliest due job for `worker`; None when there is nothing to do."""
    due = Job.objects.filter(_claimable(now), done_at__isnull=True, run_at__lte=now).order_by("run_at", "pk")
    with transaction.atomic():
        if connection.features.has_select_for_update_skip_locked:
            # Candidates other workers are claiming right now are skipped instead of waited for.
            candidates = list(due.select_for_update(skip_locked=True).values_list("pk", flat=True)[:1])
        else:
            candidates = list(due.values_list("pk", flat=True)[:5])
        for pk in candidates:
            won = (
                Job.objects.filter(_claimable(now), pk=pk, done_at__isnull=True)
                .update(claimed_by=worker, claimed_at=now, attempts=F("attempts") + 1)
            )
            if won == 1:
                return Job.objects.get(pk=pk)
    return None


def _give_back(job, worker, now, error):
    """Record a failure: retry later, or after JOB_ATTEMPTS give up (the job is done, with its error)."""
    mine = Job.objects.filter(pk=job.pk, claimed_by=worker, done_at__isnull=True)
    if job.attempts >= JOB_ATTEMPTS:
        mine.update(done_at=now, outcome="failed", last_error=error)
    else:
        mine.update(claimed_by=None, claimed_at=None, run_at=now + RETRY_AFTER * job.attempts, last_error=error)


def run_job(job, worker, now):
    """Run a claimed job; returns its outcome ("lost" if another worker took it over meanwhile)."""
    try:
        with transaction.atomic():
            still_mine = Job.objects.select_for_update().filter(pk=job.pk, claimed_by=worker, done_at__isnull=True)
            if not still_mine.exists():
                return "lost"
            outcome = (HANDLERS | DAILY_HANDLERS)[job.kind](job, now)
            still_mine.update(done_at=now, outcome=outcome[:40], last_error="")
            return outcome
    except Exception as error:
        logger.exception("job %s failed", job.key)
        _give_back(job, worker, now, f"{type(error).__name__}: {error}")
        return "error"


@dataclass
class CycleReport:
    scheduled: int = 0
    delivered: int = 0
    outcomes: Counter = field(default_factory=Counter)

    @property
    def ran(self):
        return sum(self.outcomes.values())

    def __str__(self):
        kinds = ", ".join(f"{kind} {count}" for kind, count in sorted(self.outcomes.items()))
        return (
            f"delivered {self.delivered} change(s); scheduled {self.scheduled} task(s); ran {self.ran} job(s)"
            + (f" ({kinds})" if kinds else "")
        )


def run_cycle(worker, *, now=None, days_before=None, max_jobs=500, stop=None):
    """One pass: schedule reminders and the daily jobs, then run due jobs until none is left (or
    max_jobs, or stop)."""
    now = now or timezone.now()
    delivered = changes.drain_all()
    schedule_daily(now)
    report = CycleReport(scheduled=schedule_reminders(now, days_before=days_before), delivered=delivered)
    while report.ran < max_jobs and not (stop and stop.is_set()):
        job = claim_next(worker, now)
        if job is None:
            break
        outcome = run_job(job, worker, now)
        report.outcomes[f"{job.kind} {outcome.split(':')[0]}"] += 1
    return report


def _refresh_connection():
    """Drop a broken or expired database connection between cycles (a long-running process must,
    as Django does per request); never one inside a transaction the caller holds open."""
    if not connection.in_atomic_block:
        close_old_connections()


def run_forever(*, interval, once=False, days_before=None, out=print, stop=None):
    """Deliver pending changes every CHANGE_POLL_SECONDS and cycle every `interval` seconds until
    `stop` is set (SIGTERM/SIGINT in the command)."""
    stop = stop or threading.Event()
    worker = worker_name()
    out(f"worker {worker} started")
    next_cycle = time.monotonic()
    while not stop.is_set():
        _refresh_connection()
        if time.monotonic() >= next_cycle:
            report = run_cycle(worker, days_before=days_before, stop=stop)
            out(f"{timezone.localtime():%Y-%m-%d %H:%M:%S} {report}")
            next_cycle = time.monotonic() + interval
        elif changes.drain_all():
            continue
        if once:
            break
        stop.wait(min(CHANGE_POLL_SECONDS, interval))
    _refresh_connection()
    out(f"worker {worker} stopped")
