"""`zhengban documents load-directory`: load the shipped directory of organizations (idempotent)."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from zhengban.documents.directory import DIRECTORY_FILE, DirectoryError, load_directory


class Command(BaseCommand):
    @property
    def help(self):
        return _("Official documents: load the directory of organizations.")

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, metavar="{load-directory}")
        load = actions.add_parser("load-directory", help=_("Create or update the organizations of the directory file."))
        load.add_argument("--file", default=str(DIRECTORY_FILE), help=_("A directory file (default: the shipped one)."))

    def handle(self, *args, action, **options):
        try:
            created, updated = load_directory(options["file"])
        except (DirectoryError, OSError) as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(_("Organizations: %(created)d created, %(updated)d updated.") % {"created": created, "updated": updated})
