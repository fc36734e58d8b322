"""`zhengban archive fixity`: re-hash the files of archived records; `zhengban archive propose`: the
archivist's disposition proposal from the command line."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from zhengban.core.errors import ActionError
from zhengban.core.models import Person

from ...disposition import do_propose_disposition
from ...fixity import check_fixity
from ...models import DispositionKind


class Command(BaseCommand):
    @property
    def help(self):
        return _("Archive maintenance: fixity checks and disposition proposals.")

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, metavar="{fixity,propose}")
        actions.add_parser("fixity", help=_("Re-hash the attachments of archived records; exit 1 on a missing or altered file."))
        propose = actions.add_parser("propose", help=_("Propose a disposition list of the records due."))
        propose.add_argument("--by", required=True, help=_("Username of the archivist proposing the list."))
        propose.add_argument("--kind", choices=DispositionKind.values, default=DispositionKind.DESTRUCTION)
        propose.add_argument("--as-of", type=datetime.date.fromisoformat, default=None, help="YYYY-MM-DD")

    def handle(self, *args, action, **options):
        if action == "fixity":
            return self.fixity()
        return self.propose(options["by"], options["kind"], options["as_of"])

    def fixity(self):
        result = check_fixity()
        for row in result.problems:
            self.stderr.write(self.style.ERROR(
                _("%(problem)s: %(number)s, attachment %(id)s “%(name)s” (expected %(sha)s)")
                % {"problem": row.problem.upper(), "number": row.record.archive_number, "id": row.attachment_id,
                   "name": row.attachment.filename, "sha": row.expected_sha256}
            ))
        if result.problems:
            raise SystemExit(1)
        self.stdout.write(self.style.SUCCESS(_("%(n)d archived files verified.") % {"n": result.checked}))

    def propose(self, username, kind, as_of):
        actor = Person.objects.filter(username=username, is_active=True).first()
        if actor is None:
            raise CommandError(_("No active user %(u)s.") % {"u": username})
        try:
            matter = do_propose_disposition(actor, kind=kind, as_of=as_of)
        except ActionError as error:
            raise CommandError(str(error.message)) from None
        listing = matter.disposition_list
        self.stdout.write(_("Proposed %(number)s with %(n)d records (matter %(id)d).")
                          % {"number": listing.number, "n": listing.entries.count(), "id": matter.pk})
