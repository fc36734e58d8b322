"""`zhengban profile load NAME|PATH`, `zhengban profile check NAME|PATH`, `zhengban profile export`."""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zhengban.core.errors import ActionError
from zhengban.core.profile import (
    ProfileInvalid,
    check_profile,
    export_profile_text,
    load_profile,
    resolve_profile,
    shipped_profiles,
)

STEP_LABELS = {
    "organization": gettext_lazy("Organization"),
    "post_kinds": gettext_lazy("Post kinds"),
    "units": gettext_lazy("Units"),
    "quotas": gettext_lazy("Quotas"),
    "posts": gettext_lazy("Posts"),
    "prefixes": gettext_lazy("Document number prefixes"),
}


class Command(BaseCommand):
    help = "Load, check or export the organization profile (units, posts, quotas, document number prefixes)."

    def add_arguments(self, parser):
        commands = parser.add_subparsers(dest="action", required=True)
        shipped = ", ".join(shipped_profiles())
        load = commands.add_parser("load", help=f"Validate a profile and write it (shipped: {shipped}).")
        load.add_argument("profile", help="a shipped profile's name or a path to a profile file")
        check = commands.add_parser("check", help="Validate a profile without writing anything.")
        check.add_argument("profile")
        export = commands.add_parser("export", help="Write the current organization in the profile format.")
        export.add_argument("--output", "-o", help="file to write (default: standard output)")

    def handle(self, *args, action, **options):
        if action == "export":
            return self.export(options.get("output"))
        name = options["profile"]
        try:
            clean = check_profile(name)
        except ProfileInvalid as exc:
            for error in exc.errors:
                self.stderr.write(str(error))
            raise CommandError(
                _("%(file)s: %(n)d problem(s); nothing was changed.")
                % {"file": resolve_profile(name), "n": len(exc.errors)}
            ) from exc
        if action == "check":
            self.stdout.write(
                self.style.SUCCESS(
                    _("%(file)s: valid (%(n)d units).") % {"file": resolve_profile(name), "n": len(clean["units"])}
                )
            )
            return None
        return self.load(name)

    def load(self, name):
        started = time.monotonic()
        self.stdout.write(_("Loading %(file)s …") % {"file": resolve_profile(name)})

        def progress(step, counts):
            self.stdout.write(
                "  "
                + _("%(step)s: %(created)d created, %(updated)d updated, %(unchanged)d unchanged")
                % {"step": STEP_LABELS[step], **{k: counts[k] for k in ("created", "updated", "unchanged")}}
            )

        try:
            summary = load_profile(name, progress=progress)
        except ActionError as exc:
            raise CommandError(_("%(message)s Nothing was changed.") % {"message": exc.message}) from exc
        changed = sum(counts["created"] + counts["updated"] for counts in summary.values())
        elapsed = time.monotonic() - started
        if changed:
            message = _("Profile loaded: %(n)d change(s) in %(s).1f s.") % {"n": changed, "s": elapsed}
        else:
            message = _("Profile already up to date: nothing changed (%(s).1f s).") % {"s": elapsed}
        self.stdout.write(self.style.SUCCESS(message))
        return None

    def export(self, output):
        text = export_profile_text()
        if output:
            Path(output).write_text(text, encoding="utf-8")
            self.stdout.write(self.style.SUCCESS(_("Profile written to %(path)s.") % {"path": output}))
        else:
            self.stdout.write(text, ending="")
