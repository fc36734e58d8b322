"""Demo data: the default file plan, and the closed demo memos and seal requests archived (sample data)."""

from zhengban.core.models import Person
from zhengban.engine.models import Matter

from .actions import do_archive
from .models import ArchiveRecord, FileCategory
from .plan import load_default_plan

CATEGORY_OF_TYPE = {"memo": "LXD", "seal-request": "YZ", "seal-engraving": "YZ"}


def load_demo(stdout):
    archivist = Person.objects.filter(username="secretariat-1-archivist", is_active=True).first()
    if archivist is None:
        stdout.write("Archive: the demo archivist is missing; run the core demo first.")
        return
    made = load_default_plan(archivist)
    categories = {c.code: c for c in FileCategory.objects.all()}
    closed = (
        Matter.objects.filter(type__in=CATEGORY_OF_TYPE, closed_at__isnull=False, archive_record__isnull=True,
                              classification__lte=archivist.clearance)
        .exclude(state="cancelled").order_by("closed_at", "pk")
    )
    archived = 0
    for matter in closed:
        do_archive(archivist, matter, category=categories[CATEGORY_OF_TYPE[matter.type]])
        archived += 1
    stdout.write(f"Archive: {made} file plan categories added, {archived} closed matters archived "
                 f"({ArchiveRecord.objects.count()} records in all).")
