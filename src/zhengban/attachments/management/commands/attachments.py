"""`zhengban attachments verify`: re-hash every stored blob and report missing or altered files."""

import hashlib

from django.core.management.base import BaseCommand
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from zhengban.attachments.models import Attachment, Blob
from zhengban.attachments.storage import blob_store

CHUNK = 1024 * 1024


def stored_digest(store, blob):
    """(sha256, size) of the stored bytes, or None when the file is missing."""
    if not store.exists(blob.storage_key):
        return None
    digest, size = hashlib.sha256(), 0
    with store.open(blob.storage_key) as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


class Command(BaseCommand):
    @property
    def help(self):
        # Translated when the parser is built: argparse cannot format a lazy string.
        return _("Check the stored attachment files.")

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, metavar="{verify}")
        check = actions.add_parser("verify", help=_("Re-hash every stored file; exit 1 on a mismatch or missing file."))
        check.add_argument(
            "--progress-every",
            type=int,
            default=500,
            help=_("Print a progress line after this many files (default 500)."),
        )

    def handle(self, *args, action, progress_every, **options):
        store = blob_store()
        total = Blob.objects.count()
        problems = checked = checked_bytes = 0
        for blob in Blob.objects.order_by("id").iterator(chunk_size=500):
            found = stored_digest(store, blob)
            if found is None:
                problems += 1
                self.report(blob, _("MISSING: the stored file is gone"))
            elif found != (blob.sha256, blob.size):
                problems += 1
                self.report(
                    blob,
                    _("ALTERED: the stored file now hashes to %(sha)s (%(size)s bytes)") % {"sha": found[0], "size": found[1]},
                )
            checked += 1
            checked_bytes += blob.size
            if checked % max(progress_every, 1) == 0:
                self.stderr.write(
                    _("… %(n)s of %(total)s files checked (%(bytes)s)")
                    % {"n": checked, "total": total, "bytes": filesizeformat(checked_bytes)}
                )
        if problems:
            self.stderr.write(
                self.style.ERROR(
                    _("%(problems)s of %(total)s stored files are missing or altered.") % {"problems": problems, "total": total}
                )
            )
            raise SystemExit(1)
        self.stdout.write(
            self.style.SUCCESS(
                _("All %(total)s stored files verified (%(bytes)s).") % {"total": total, "bytes": filesizeformat(checked_bytes)}
            )
        )

    def report(self, blob, what):
        self.stderr.write(self.style.ERROR(what))
        self.stderr.write(
            "  "
            + _("sha256 %(sha)s, %(size)s bytes, %(mime)s, key %(key)s")
            % {"sha": blob.sha256, "size": blob.size, "mime": blob.mime_type, "key": blob.storage_key}
        )
        for attachment in Attachment.objects.filter(blob=blob).order_by("id"):
            self.stderr.write(
                "  "
                + _("used by attachment %(id)s “%(name)s” on %(owner)s")
                % {"id": attachment.pk, "name": attachment.filename, "owner": f"{attachment.owner_type}#{attachment.owner_id}"}
            )
