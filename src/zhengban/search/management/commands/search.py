"""`zhengban search reindex`: rebuild the search index from every matter, with progress."""

import time

from django.core.management.base import BaseCommand

from zhengban.search.index import reindex_all


class Command(BaseCommand):
    help = "Search index maintenance."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        reindex = sub.add_parser("reindex", help="Rebuild the index from every matter.")
        reindex.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args, action, batch_size, **options):
        started = time.monotonic()

        def progress(done, total):
            self.stdout.write(f"indexed {done}/{total} ({time.monotonic() - started:.1f} s)")

        total = reindex_all(batch_size=batch_size, progress=progress)
        self.stdout.write(self.style.SUCCESS(f"Reindexed {total} matters in {time.monotonic() - started:.1f} s."))
