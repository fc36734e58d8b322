"""Who hears about a task: its holders (a person, or the active members of a unit matching the
role, any of whom may claim it), the unit chiefs for escalation, and the delegates of each."""

from collections import defaultdict

from zhengban.core.models import Delegation, Person, RoleCode


def _unit_members(unit_ids):
    members = defaultdict(list)
    people = Person.objects.filter(is_active=True, unit_id__in=unit_ids).prefetch_related("roles").order_by("pk")
    for person in people:
        person._role_codes = frozenset(r.role for r in person.roles.all())
        members[person.unit_id].append(person)
    return members


def task_holders(tasks):
    """{task id: [person, …]} for tasks whose matter and assignee_person are loaded."""
    members = _unit_members({t.assignee_unit_id for t in tasks if t.assignee_person_id is None and t.assignee_unit_id})
    holders = {}
    for task in tasks:
        if task.assignee_person_id:
            holders[task.pk] = [task.assignee_person] if task.assignee_person.is_active else []
        else:
            holders[task.pk] = [
                p for p in members.get(task.assignee_unit_id, []) if not task.assignee_role or p.has_role(task.assignee_role)
            ]
    return holders


def unit_chiefs(task):
    """The chiefs of the unit that holds the task (the task's unit, or the assignee's own unit)."""
    unit_id = task.assignee_unit_id or (task.assignee_person.unit_id if task.assignee_person_id else None)
    if unit_id is None:
        return []
    chiefs = Person.objects.filter(is_active=True, unit_id=unit_id, roles__role=RoleCode.CHIEF).order_by("pk")
    return [p for p in chiefs if p.pk != task.assignee_person_id]


def active_delegations(people, at):
    """{principal id: [delegation, …]} for the people's delegations in force at `at` (one query)."""
    found = defaultdict(list)
    delegations = (
        Delegation.objects.active(at)
        .filter(principal__in={p.pk for p in people}, delegate__is_active=True)
        .select_related("delegate", "principal")
        .order_by("pk")
    )
    for delegation in delegations:
        found[delegation.principal_id].append(delegation)
    return found


def with_delegates(people, delegations):
    """[(recipient, on_behalf_of or None)]: everyone in `people`, then each active delegate of
    theirs "for" them, nobody twice."""
    pairs = [(p, None) for p in people]
    seen = {p.pk for p in people}
    for person in people:
        for delegation in delegations.get(person.pk, ()):
            if delegation.delegate_id not in seen:
                seen.add(delegation.delegate_id)
                pairs.append((delegation.delegate, delegation.principal))
    return pairs
