"""Read-side views of the organization: units with their leaders, members and quota.

Everything is loaded in a fixed number of queries whatever the number of units or people, then
assembled in Python, so the organization page costs the same for 3 units as for 300.

Quota follows core.actions.governing_quota: a unit with quota rows of its own is a separate
establishment; every other unit, and the posts that hang on no unit (the city government's and the
office's leaders), share the office-wide pool, the quota rows without a unit. A quota's places are
filled by appointments in its category and in the categories counted within it.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from zhengban.core.models import LEADER_ROLES, UNIT_HEAD_ROLES, Appointment, Person, Quota, RoleCode, Unit, UnitKind

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
    within: str = ""

    @property
    def over(self):
        return self.authorized is not None and self.used > self.authorized


@dataclass
class UnitSummary:
    unit: Unit | None
    leaders: list = field(default_factory=list)
    members: list = field(default_factory=list)
    quota: list = field(default_factory=list)
    children: list = field(default_factory=list)
    in_office_pool: bool = False
    posts_filled: int = 0

    @property
    def child_groups(self):
        return group_by_kind(self.children)


@dataclass
class KindGroup:
    kind: str
    label: str
    units: list


@dataclass
class Organization:
    office_wide: UnitSummary
    groups: list


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


def _quota_lines(quotas, appointments, counts):
    """QuotaLine per quota row of one scope; `counts(appointment)` says whether it is in the scope."""
    lines = []
    for quota in quotas:
        categories = {quota.category} | {other.category for other in quotas if other.within == quota.category}
        used = sum(1 for a in appointments if a.post.quota_category in categories and counts(a))
        within = quota.get_within_display() if quota.within else ""
        lines.append(
            QuotaLine(quota.get_category_display(), used, quota.authorized, quota.authorized_as_given, quota.note, within)
        )
    return lines


def _leaders_of(appointments):
    """Leaders by appointment: holders of posts whose kind carries a leading role, most senior first."""
    leaders = {}
    for appointment in appointments:
        kind = appointment.post.kind
        if kind.role in SENIOR_ROLES and appointment.person_id not in leaders:
            leaders[appointment.person_id] = Leader(
                appointment.person, appointment.post.name, (0, kind.rank, _role_rank(kind.role))
            )
    return leaders


def _load(unit_ids):
    """Quota rows, current appointments and active members for the given units: four queries."""
    quotas = list(Quota.objects.filter(unit_id__in=unit_ids).order_by("category"))
    appointments = list(
        Appointment.objects.current()
        .filter(post__unit_id__in=unit_ids, person__is_active=True)
        .select_related("person", "post__kind")
        .order_by("post__kind__rank", "start", "pk")
    )
    members = list(
        Person.objects.filter(unit_id__in=unit_ids, is_active=True)
        .prefetch_related("roles")
        .order_by("full_name", "username")
    )
    return quotas, appointments, members


def summarize_units(units):
    """UnitSummary for each unit of `units` (a list), in the same order: four queries in all."""
    quotas, appointments, members = _load([unit.pk for unit in units])
    summaries = {unit.pk: UnitSummary(unit) for unit in units}
    quotas_by_unit = defaultdict(list)
    for quota in quotas:
        quotas_by_unit[quota.unit_id].append(quota)
    appointments_by_unit = defaultdict(list)
    for appointment in appointments:
        appointments_by_unit[appointment.post.unit_id].append(appointment)
    leaders_by_unit = {unit.pk: _leaders_of(appointments_by_unit[unit.pk]) for unit in units}
    for person in members:
        leaders = leaders_by_unit[person.unit_id]
        if person.pk in leaders:
            continue
        senior = sorted((r.role for r in person.roles.all() if r.role in SENIOR_ROLES), key=_role_rank)
        if senior:
            leaders[person.pk] = Leader(person, RoleCode(senior[0]).label, (1, 0, _role_rank(senior[0])))
        else:
            summaries[person.unit_id].members.append(person)
    for unit in units:
        summary = summaries[unit.pk]
        summary.leaders = sorted(leaders_by_unit[unit.pk].values(), key=lambda leader: leader.seniority)
        own = quotas_by_unit[unit.pk]
        summary.in_office_pool = not own
        summary.posts_filled = len(appointments_by_unit[unit.pk])
        summary.quota = _quota_lines(own, appointments_by_unit[unit.pk], lambda a: True)
    return [summaries[unit.pk] for unit in units]


def office_wide_summary(separate_unit_ids=None):
    """The posts that hang on no unit (government and office leaders) and the office-wide quota pool."""
    quotas = list(Quota.objects.filter(unit__isnull=True).order_by("category"))
    if separate_unit_ids is None:
        separate_unit_ids = set(Quota.objects.filter(unit__isnull=False).values_list("unit_id", flat=True))
    appointments = list(
        Appointment.objects.current()
        .filter(person__is_active=True)
        .select_related("person", "post__kind")
        .order_by("post__kind__rank", "start", "pk")
    )
    unattached = [a for a in appointments if a.post.unit_id is None]
    summary = UnitSummary(None)
    summary.leaders = [
        Leader(a.person, a.post.name, (a.post.kind.rank, _role_rank(a.post.kind.role))) for a in unattached
    ]
    summary.quota = _quota_lines(
        quotas, appointments, lambda a: a.post.unit_id is None or a.post.unit_id not in separate_unit_ids
    )
    return summary


def organization():
    """The office-wide leadership and pool, then the units as a forest grouped by kind."""
    units = list(Unit.objects.all())
    summaries = summarize_units(units)
    separate = {summary.unit.pk for summary in summaries if not summary.in_office_pool}
    by_id = {summary.unit.pk: summary for summary in summaries}
    roots = []
    for summary in summaries:
        parent = by_id.get(summary.unit.parent_id)
        (parent.children if parent else roots).append(summary)
    return Organization(office_wide_summary(separate), group_by_kind(roots))


def unit_summary(unit):
    """One unit with its direct children (summarized too) for the unit page."""
    summaries = summarize_units([unit, *unit.children.all()])
    summary = summaries[0]
    summary.children = summaries[1:]
    return summary
