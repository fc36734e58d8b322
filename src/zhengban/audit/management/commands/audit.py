"""`zhengban audit verify` checks every hash chain and anchor; `zhengban audit anchor` adds the daily anchor."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from zhengban.audit.chain import create_anchor, verify
from zhengban.audit.models import Anchor, Event


class Command(BaseCommand):
    @property
    def help(self):
        # Translated when the parser is built: argparse cannot format a lazy string.
        return _("Verify the audit trail's hash chains, or create the next daily anchor.")

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, metavar="{verify,anchor}")
        check = actions.add_parser("verify", help=_("Re-hash every event and anchor; exit 1 on any problem."))
        check.add_argument(
            "--progress-every",
            type=int,
            default=50000,
            help=_("Print a progress line after this many events (default 50000)."),
        )
        actions.add_parser("anchor", help=_("Hash every chain's head into the next global anchor."))

    def handle(self, *args, action, **options):
        if action == "anchor":
            self.anchor()
        else:
            self.verify(options["progress_every"])

    def anchor(self):
        anchor = create_anchor()
        self.stdout.write(
            _("Anchor %(seq)s created at %(at)s over %(chains)s chains: %(hash)s")
            % {"seq": anchor.seq, "at": anchor.created_at.isoformat(), "chains": len(anchor.heads), "hash": anchor.hash}
        )

    def verify(self, progress_every):
        total = Event.objects.count()

        def progress(count):
            self.stderr.write(_("… %(count)s of %(total)s events checked") % {"count": count, "total": total})

        count, problems = verify(progress=progress, progress_every=max(progress_every, 1))
        if not problems:
            chains = Event.objects.values("subject_type", "subject_id").distinct().count()
            self.stdout.write(
                self.style.SUCCESS(
                    _("Audit trail intact: %(events)s events in %(chains)s chains and %(anchors)s anchors verified.")
                    % {"events": count, "chains": chains, "anchors": Anchor.objects.count()}
                )
            )
            return
        self.report(problems)
        raise SystemExit(1)

    def report(self, problems):
        err = self.stderr
        err.write(self.style.ERROR(_("AUDIT TRAIL BROKEN: %(n)s problem(s) found.") % {"n": len(problems)}))
        first, rest = problems[0], problems[1:]
        if first.event is not None:
            event = first.event
            err.write(self.style.ERROR(_("First bad event:")))
            for label, value in (
                (_("id"), event.pk),
                (_("subject"), f"{event.subject_type}#{event.subject_id}"),
                (_("seq"), event.seq),
                (_("verb"), event.verb),
                (_("created at"), event.created_at.isoformat()),
                (_("problem"), first.message),
            ):
                err.write(f"  {label}: {value}")
        else:
            err.write(self.style.ERROR(_("First problem:")))
            err.write(f"  {first}")
        if rest:
            err.write(_("Other problems:"))
            for problem in rest:
                err.write(f"  - {problem}")
