"""Once-a-day jobs: the audit anchor and the fixity check of archived files.

Each day's job has a key with the local date, so however many workers schedule it, it runs once.
"""

from django.db.models import Q
from django.utils.translation import gettext as _

from zhengban.core.models import Person, RoleCode
from zhengban.deadlines.compute import local_date

from .actions import notify
from .models import Job

JOB_ANCHOR, JOB_FIXITY = "audit-anchor", "fixity"


def schedule_daily(now):
    """Insert today's daily jobs if they are not there yet; returns how many were new."""
    day = local_date(now)
    keys = [f"{kind}:{day.isoformat()}" for kind in (JOB_ANCHOR, JOB_FIXITY)]
    existing = set(Job.objects.filter(key__in=keys).values_list("key", flat=True))
    new = [Job(kind=key.split(":")[0], key=key, run_at=now) for key in keys if key not in existing]
    Job.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)


def run_anchor(job, now):
    from zhengban.audit.chain import create_anchor

    anchor = create_anchor()
    return f"anchored: {anchor.seq} ({len(anchor.heads)} chains)"


def _keepers():
    return Person.objects.filter(
        Q(roles__role__in=[RoleCode.ARCHIVIST, RoleCode.SYSTEM_ADMINISTRATOR]) | Q(is_superuser=True), is_active=True
    ).distinct()


def run_fixity(job, now):
    from zhengban.archive.fixity import check_fixity

    result = check_fixity()
    if result.problems:
        for person in _keepers():
            notify(
                person,
                verb="archive.fixity_failed",
                title=_("Fixity check: %(n)d archived file(s) missing or altered") % {"n": len(result.problems)},
                body=_("Run `zhengban archive fixity` for the list, and restore the files from backup."),
                url="/archive/",
                at=now,
            )
    return f"checked: {result.checked}, problems: {len(result.problems)}"


DAILY_HANDLERS = {JOB_ANCHOR: run_anchor, JOB_FIXITY: run_fixity}
