"""Reading a classified matter is an event in its audit chain (DESIGN.md §2: "Reading a classified
matter is an event too")."""

from django.db import transaction

from zhengban.audit.chain import append_event

from .actions import lock_matter


def do_record_classified_read(actor, matter):
    """Record that `actor` opened the classified `matter`; nothing else about the matter changes.

    The caller has already checked that the actor may see the matter. The version is not bumped:
    reading is not a change another person's pending action should conflict with.
    """
    if not matter.classification:
        return None
    with transaction.atomic():
        locked = lock_matter(matter.pk)
        event = append_event(
            locked,
            f"{locked.type}.classified_read",
            actor=actor,
            payload={"classification": locked.classification},
        )
    matter.audit_seq, matter.audit_head = locked.audit_seq, locked.audit_head
    return event
