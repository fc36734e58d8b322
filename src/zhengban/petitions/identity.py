"""Who may see a petitioner's identity: for an accusation only the people handling it; everyone
else (other units, leaders not handling it, lists, search, exports, the API) sees （已保护）."""

from django.db.models import Q

from zhengban.engine.models import Task, TaskState

from .models import PROTECTED

IDENTITY_FIELDS = ("name", "id_number", "phone", "address")


def handled_by(person, matter_ids):
    """The ids among `matter_ids` that `person` handles: registered, holds or held a task, or their
    unit holds an open task on it."""
    matter_ids = list(matter_ids)
    if not matter_ids or person is None or not person.is_authenticated:
        return set()
    from zhengban.engine.models import Matter

    mine = set(Matter.objects.filter(pk__in=matter_ids, creator=person).values_list("pk", flat=True))
    tasks = Q(assignee_person=person) | Q(completed_by=person)
    if person.unit_id:
        roles = list(person.role_codes())
        tasks |= Q(assignee_person__isnull=True, assignee_unit_id=person.unit_id, state=TaskState.OPEN) & (
            Q(assignee_role="") | Q(assignee_role__in=roles)
        )
    mine |= set(Task.objects.filter(tasks, matter_id__in=matter_ids).values_list("matter_id", flat=True))
    return mine


def identity_visible(person, petition, handled=None):
    if not petition.protected:
        return True
    if handled is None:
        handled = handled_by(person, [petition.pk])
    return petition.pk in handled


def petitioner_rows(petition, visible):
    """Each petitioner as a dict, identity replaced by （已保护） when not visible."""
    return [
        {field: (getattr(p, field) if visible else PROTECTED) for field in IDENTITY_FIELDS}
        for p in petition.petitioners.all()
    ]


def names(petition, visible):
    if not visible:
        return PROTECTED
    return "、".join(p.name for p in petition.petitioners.all())
