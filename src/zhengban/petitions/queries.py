"""Lists and statistics of petitions within what the reader may see (visibility in the query)."""

from django.db.models import Count, Q
from django.utils import timezone

from zhengban.engine.access import visible_matters
from zhengban.engine.models import Matter

from .flows import TYPE
from .models import Petition, Petitioner

FILTERS = ("channel", "category", "place", "state", "unit", "overdue", "repeat", "q")


def visible_petitions(person):
    matters = visible_matters(person, Matter.objects.filter(type=TYPE))
    return Petition.objects.filter(matter__in=matters.values("pk")).select_related(
        "matter", "matter__lead_unit", "receiving_body"
    )


def overdue_q(now=None):
    now = now or timezone.now()
    return Q(matter__closed_at__isnull=True, matter__paused_at__isnull=True, matter__due_at__lt=now)


def filtered(person, given):
    petitions = visible_petitions(person)
    for name in ("channel", "category", "place"):
        if given.get(name):
            petitions = petitions.filter(**{name: given[name]})
    if given.get("state"):
        petitions = petitions.filter(matter__state=given["state"])
    if given.get("unit"):
        petitions = petitions.filter(matter__lead_unit__code=given["unit"])
    if given.get("overdue") in ("1", "true", True):
        petitions = petitions.filter(overdue_q())
    if given.get("repeat") in ("1", "true", True):
        petitions = petitions.filter(is_repeat=True)
    if (given.get("q") or "").strip():
        words = given["q"].strip()
        petitions = petitions.filter(Q(matter__number__icontains=words) | Q(matter__title__icontains=words))
    return petitions.order_by("-matter__opened_at", "-pk")


def _counts(petitions, field):
    return list(petitions.values(field).annotate(n=Count("pk")).order_by("-n", field))


def statistics(person, given=None):
    """Counts by channel, category, unit, place and state; overdue; new (not repeats) and repeats."""
    petitions = filtered(person, given or {})
    return {
        "total": petitions.count(),
        "new": petitions.filter(is_repeat=False).count(),
        "repeats": petitions.filter(is_repeat=True).count(),
        "overdue": petitions.filter(overdue_q()).count(),
        "by_channel": _counts(petitions, "channel"),
        "by_category": _counts(petitions, "category"),
        "by_unit": _counts(petitions, "matter__lead_unit__code"),
        "by_place": _counts(petitions, "place"),
        "by_state": _counts(petitions, "matter__state"),
    }


def repeat_petitioners(person, minimum=2):
    """People (by phone) with several petitions among those visible, accusers excluded: their
    identity is not listed outside the handling."""
    petitions = visible_petitions(person).exclude(category="accusation")
    return list(
        Petitioner.objects.filter(petition__in=petitions.values("pk")).exclude(phone="")
        .values("phone").annotate(n=Count("petition", distinct=True)).filter(n__gte=minimum).order_by("-n", "phone")
    )
