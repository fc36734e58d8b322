"""Keeping the index current: one row per matter, rebuilt from the matter after every action.

`index_matter` (one matter, a few queries, a few milliseconds of jieba) runs when the worker
delivers the action's change from the outbox, within about a second of the commit (engine.changes;
with ZHENGBAN_LISTENERS=inline, right after the commit in the acting process). The index lives in
the database every app server and worker shares; nothing is kept per process."""

from django.db import transaction

from zhengban.engine.models import Matter, Task

from .backends import TOP_CLEARANCE
from .indexers import searchable_text
from .models import SearchEntry
from .segmentation import ensure_profile_dictionary, index_text


def clearance_keys(classification):
    """`_v<level>` for every clearance level that may see the classification, below the top level
    (whose readers see everything and need no key): one key per reader instead of an OR of levels."""
    return [f"_v{level}" for level in range(classification, TOP_CLEARANCE)]


def access_keys(matter):
    """The classification key and the keys engine.access.visible_matters grants visibility by
    (besides leadership)."""
    people = {matter.creator_id, *(w.pk for w in matter.watchers.all())}
    units = {matter.creator_unit_id, matter.lead_unit_id}
    owner_units = {matter.lead_unit_id}
    for unit in matter.co_units.all():
        units.add(unit.pk)
        owner_units.add(unit.pk)
    for person_id, completed_by_id, unit_id in Task.objects.filter(matter=matter).values_list(
        "assignee_person_id", "completed_by_id", "assignee_unit_id"
    ):
        people.update((person_id, completed_by_id))
        units.add(unit_id)
    keys = clearance_keys(matter.classification)
    keys += [f"_p{pk}" for pk in sorted(p for p in people if p)]
    keys += [f"_u{pk}" for pk in sorted(u for u in units if u)]
    keys += [f"_o{pk}" for pk in sorted(u for u in owner_units if u)]
    return " ".join(keys)


def entry_for(matter):
    ensure_profile_dictionary()
    text = searchable_text(matter)
    return SearchEntry(
        matter_id=matter.pk,
        type=matter.type,
        number=matter.number,
        title=matter.title,
        text=text,
        title_tokens=index_text(f"{matter.number} {matter.title}"),
        body_tokens=index_text(text),
        keys=access_keys(matter),
        classification=matter.classification,
        state=matter.state,
        lead_unit_id=matter.lead_unit_id,
        opened_at=matter.opened_at,
    )


UPDATED_FIELDS = [
    "type", "number", "title", "text", "title_tokens", "body_tokens", "keys",
    "classification", "state", "lead_unit_id", "opened_at", "indexed_at",
]


def _upsert(entries):
    SearchEntry.objects.bulk_create(
        entries, update_conflicts=True, unique_fields=["matter"], update_fields=UPDATED_FIELDS
    )


def index_matter(matter_id):
    """Bring the matter's row up to date (or remove it if the matter is gone).

    The matter row is locked while it is read and its entry written, so two processes indexing
    the same matter at once write in turn, and the last one writes the latest committed state."""
    with transaction.atomic():
        matter = (
            Matter.objects.select_for_update(of=("self",))
            .prefetch_related("watchers", "co_units")
            .filter(pk=matter_id)
            .first()
        )
        if matter is None:
            SearchEntry.objects.filter(matter_id=matter_id).delete()
            return None
        entry = entry_for(matter)
        _upsert([entry])
    return entry


def reindex_all(batch_size=500, progress=None):
    """Rebuild every row, in batches; `progress(done, total)` after each batch."""
    ids = list(Matter.objects.order_by("pk").values_list("pk", flat=True))
    total = len(ids)
    for start in range(0, total, batch_size):
        batch = ids[start : start + batch_size]
        matters = Matter.objects.filter(pk__in=batch).prefetch_related("watchers", "co_units")
        entries = [entry_for(matter) for matter in matters]
        _upsert(entries)
        if progress:
            progress(min(start + batch_size, total), total)
    SearchEntry.objects.exclude(matter_id__in=Matter.objects.values("pk")).delete()
    return total
