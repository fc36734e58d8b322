"""Read-side views of the organization: units with their leaders, members and quota.

Everything is loaded in a fixed number of queries whatever the number of units or people, then
assembled in Python, so the organization page costs the same for 3 units as for 300.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from zhengban.core.models import LEADER_ROLES, UNIT_HEAD_ROLES, Appointment, Person, RoleCode, Unit, UnitKind

SENIOR_ROLES = LEADER_ROLES | UNIT_HEAD_ROLES
# Most senior first: the order leaders are listed in when no post rank tells otherwise.
ROLE_SENIORITY = [
    RoleCode.MAYOR,
    RoleCode.VICE_MAYOR,
    RoleCode.SECRETARY_GENERAL,
    RoleCode.DEPUTY_SECRETARY_GENERAL,
    RoleCode.CHIEF,
    RoleCode.DEPUTY_CHIEF,
]
KIND_ORDER = [UnitKind.GOVERNMENT, UnitKind.OFFICE, UnitKind.SECTION, UnitKind.INSTITUTION, UnitKind.SERVICE]
GROUP_HEADINGS = {
    UnitKind.GOVERNMENT: _("Municipal government"),
    UnitKind.OFFICE: _("Office"),
    UnitKind.SECTION: _("Sections"),
    UnitKind.INSTITUTION: _("Institutions"),
    UnitKind.SERVICE: _("Service departments"),
}


@dataclass
class Leader:
    person: Person
    title: str
    seniority: tuple


@dataclass
class QuotaLine:
    label: str
    used: int
    authorized: int | None
    authorized_as_given: str
    note: str

    @property
    def over(self):
        return self.authorized is not None and self.used > self.authorized


@dataclass
class UnitSummary:
    unit: Unit
    leaders: list = field(default_factory=list)
    members: list = field(default_factory=list)
    quota: list = field(default_factory=list)
    children: list = field(default_factory=list)

    @property
    def child_groups(self):
        return group_by_kind(self.children)


@dataclass
class KindGroup:
    kind: str
    label: str
    units: list


def group_by_kind(summaries):
    """Siblings grouped by kind (sections, institutions, service departments), in a fixed order."""
    groups = defaultdict(list)
    for summary in summaries:
        groups[summary.unit.kind].append(summary)
    return [
        KindGroup(kind, GROUP_HEADINGS.get(kind, kind), groups[kind])
        for kind in sorted(groups, key=lambda k: KIND_ORDER.index(k) if k in KIND_ORDER else len(KIND_ORDER))
    ]


def _role_rank(role):
    return ROLE_SENIORITY.index(role) if role in ROLE_SENIORITY else len(ROLE_SENIORITY)


def summarize_units(units):
    """UnitSummary for each unit of `units` (a list), in the same order: five queries in all."""
    unit_ids = [unit.pk for unit in units]
    summaries = {unit.pk: UnitSummary(unit) for unit in units}
    members = (
        Person.objects.filter(unit_id__in=unit_ids, is_active=True)
        .prefetch_related("roles")
        .order_by("full_name", "username")
    )
    appointments = (
        Appointment.objects.current()
        .filter(post__unit_id__in=unit_ids, person__is_active=True)
        .select_related("person", "post__kind")
        .order_by("post__kind__rank", "start", "pk")
    )
    appointed_leaders = defaultdict(dict)
    used = defaultdict(int)
    for appointment in appointments:
        post = appointment.post
        used[(post.unit_id, post.quota_category)] += 1
        if post.kind.role in SENIOR_ROLES and appointment.person_id not in appointed_leaders[post.unit_id]:
            appointed_leaders[post.unit_id][appointment.person_id] = Leader(
                appointment.person, post.name, (0, post.kind.rank, _role_rank(post.kind.role))
            )
    for person in members:
        summary = summaries[person.unit_id]
        leaders = appointed_leaders[person.unit_id]
        senior = sorted((r.role for r in person.roles.all() if r.role in SENIOR_ROLES), key=_role_rank)
        if person.pk in leaders:
            continue
        if senior:
            leaders[person.pk] = Leader(person, RoleCode(senior[0]).label, (1, 0, _role_rank(senior[0])))
        else:
            summary.members.append(person)
    for unit_id, leaders in appointed_leaders.items():
        summaries[unit_id].leaders = sorted(leaders.values(), key=lambda leader: leader.seniority)
    for unit in units:
        summaries[unit.pk].quota = [
            QuotaLine(
                quota.get_category_display(),
                used[(unit.pk, quota.category)],
                quota.authorized,
                quota.authorized_as_given,
                quota.note,
            )
            for quota in unit.quotas.all()
        ]
    return [summaries[unit.pk] for unit in units]


def organization_tree():
    """The units as a forest: top-level units grouped by kind, each with its children below it."""
    units = list(Unit.objects.prefetch_related("quotas"))
    summaries = summarize_units(units)
    by_id = {summary.unit.pk: summary for summary in summaries}
    roots = []
    for summary in summaries:
        parent = by_id.get(summary.unit.parent_id)
        (parent.children if parent else roots).append(summary)
    return group_by_kind(roots)


def unit_summary(unit):
    """One unit with its direct children (summarized too) for the unit page."""
    children = list(unit.children.prefetch_related("quotas"))
    summaries = summarize_units([unit, *children])
    summary = summaries[0]
    summary.children = summaries[1:]
    return summary
