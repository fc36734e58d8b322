"""`zhengban worker`: the background worker (reminders, escalations, email and SMS delivery)."""

import signal
import threading

from django.core.management.base import BaseCommand, CommandError

from zhengban.notifications.worker import run_forever


class Command(BaseCommand):
    help = "Run the background worker: schedule reminders and escalations and run due jobs, forever by default."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Run one cycle and exit.")
        parser.add_argument("--interval", type=float, default=10.0, help="Seconds between cycles (default 10).")
        parser.add_argument(
            "--days-before", type=int, default=None,
            help="Working days before a due time to remind (default: ZHENGBAN_REMINDER_WORKING_DAYS).",
        )

    def handle(self, *args, once, interval, days_before, **options):
        if interval <= 0:
            raise CommandError("--interval must be positive.")
        stop = threading.Event()

        def request_stop(signum, frame):
            # Finish the job in hand, then leave: a claimed job is never abandoned half done.
            self.stdout.write(f"received signal {signum}, stopping after the current job")
            stop.set()

        signal.signal(signal.SIGTERM, request_stop)
        signal.signal(signal.SIGINT, request_stop)
        run_forever(interval=interval, once=once, days_before=days_before, out=self.stdout.write, stop=stop)
