"""Who a person is when acting (themselves and those they stand in for), what they may see, and
the predicates flows use to say who may take a transition."""

from django.db.models import Q

from zhengban.core.models import LEADER_ROLES, UNIT_HEAD_ROLES, Delegation, Person

from .models import Matter, Task


class Acting:
    """The actor with what a request needs to know about them, loaded once."""

    def __init__(self, person):
        self.person = person
        self._principals = None

    @property
    def principals(self):
        """People the actor currently stands in for (active delegations), with their roles."""
        if self._principals is None:
            principals = list(
                Person.objects.filter(
                    pk__in=Delegation.objects.active().filter(delegate=self.person).values("principal")
                ).prefetch_related("roles")
            )
            for principal in principals:
                principal._role_codes = frozenset(r.role for r in principal.roles.all())
            self._principals = principals
        return self._principals

    @property
    def identities(self):
        return [self.person, *self.principals]

    def each_identity(self):
        """The actor, then their principals: the delegation query runs only if the actor alone does not answer."""
        yield self.person
        yield from self.principals

    def task_filter(self, prefix=""):
        """A Q matching tasks assigned to the actor or anyone they stand in for."""
        q = Q()
        for who in self.identities:
            q |= Q(**{f"{prefix}assignee_person": who})
            if who.unit_id:
                roles = list(who.role_codes())
                q |= Q(**{f"{prefix}assignee_person__isnull": True, f"{prefix}assignee_unit_id": who.unit_id}) & (
                    Q(**{f"{prefix}assignee_role": ""}) | Q(**{f"{prefix}assignee_role__in": roles})
                )
        return q

    def holder_of(self, task):
        """The identity (actor or principal) the task is assigned to, or None."""
        for who in self.each_identity():
            if task.assignee_person_id == who.pk:
                return who
            if (
                task.assignee_person_id is None
                and task.assignee_unit_id
                and task.assignee_unit_id == who.unit_id
                and (not task.assignee_role or task.assignee_role in who.role_codes())
            ):
                return who
        return None

    def has_role(self, *codes):
        return any(who.has_role(*codes) for who in self.each_identity())

    def in_unit(self, unit_id):
        return unit_id is not None and any(who.unit_id == unit_id for who in self.each_identity())


def acting(person):
    return person if isinstance(person, Acting) else Acting(person)


class Context:
    """What a transition's predicates and guards see."""

    def __init__(self, acting_, matter, open_tasks):
        self.acting = acting_
        self.actor = acting_.person
        self.matter = matter
        self.open_tasks = open_tasks

    def my_tasks(self, step=None, kinds=None):
        step = self.matter.state if step is None else step
        return [
            t
            for t in self.open_tasks
            if t.step == step and (kinds is None or t.kind in kinds) and self.acting.holder_of(t) is not None
        ]


# Predicates for Transition.allowed: each takes a Context.


def holds_task(*kinds):
    kinds = kinds or ("handle", "approve")

    def predicate(ctx):
        return bool(ctx.my_tasks(kinds=kinds))

    predicate.describe = "holder of the current task"
    return predicate


def is_creator(ctx):
    return any(who.pk == ctx.matter.creator_id for who in ctx.acting.each_identity())


is_creator.describe = "the sender"


def in_creator_unit(ctx):
    return ctx.acting.in_unit(ctx.matter.creator_unit_id)


in_creator_unit.describe = "a member of the sending unit"


def has_role(*codes):
    def predicate(ctx):
        return ctx.acting.has_role(*codes)

    predicate.describe = "role " + " / ".join(codes)
    return predicate


def any_of(*predicates):
    def predicate(ctx):
        return any(p(ctx) for p in predicates)

    predicate.describe = " or ".join(getattr(p, "describe", p.__name__) for p in predicates)
    return predicate


def visible_matters(person, queryset=None):
    """Matters `person` may see, filtered inside the query (never after it).

    Clearance first: nobody sees a matter classified above their clearance. Within it: leaders see
    all; others see what they created, what their unit leads or joins, what they or their unit hold
    or held a task on, and what they watch.
    """
    queryset = Matter.objects.all() if queryset is None else queryset
    if person is None or not person.is_authenticated or not person.is_active:
        return queryset.none()
    queryset = queryset.filter(classification__lte=person.clearance)
    if person.role_codes() & LEADER_ROLES:
        return queryset
    # Each "involved" set is an uncorrelated subquery on its own index, evaluated once (hashed)
    # rather than probed per matter row, so the cost follows the reader's share, not the table.
    holders = Q(assignee_person=person) | Q(completed_by=person)
    if person.unit_id:
        holders |= Q(assignee_unit_id=person.unit_id)
    q = (
        Q(creator=person)
        | Q(pk__in=Task.objects.filter(holders).values("matter_id"))
        | Q(pk__in=Matter.watchers.through.objects.filter(person=person).values("matter_id"))
    )
    if person.unit_id:
        q |= (
            Q(creator_unit_id=person.unit_id)
            | Q(lead_unit_id=person.unit_id)
            | Q(pk__in=Matter.co_units.through.objects.filter(unit_id=person.unit_id).values("matter_id"))
        )
    return queryset.filter(q)


def can_see(person, matter):
    return visible_matters(person, Matter.objects.filter(pk=matter.pk)).exists()


def is_unit_head(person, unit_id):
    return person.unit_id == unit_id and bool(person.role_codes() & UNIT_HEAD_ROLES)


__all__ = [
    "Acting",
    "Context",
    "acting",
    "any_of",
    "can_see",
    "has_role",
    "holds_task",
    "in_creator_unit",
    "is_creator",
    "is_unit_head",
    "visible_matters",
]
