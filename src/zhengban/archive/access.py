"""Who sees which archived records: within their clearance, the archivist sees the whole archive;
everyone else sees the records of matters they may see."""

from zhengban.engine.access import visible_matters

from .actions import is_archivist
from .models import ArchiveRecord


def visible_records(person, queryset=None):
    queryset = ArchiveRecord.objects.all() if queryset is None else queryset
    if person is None or not person.is_authenticated or not person.is_active:
        return queryset.none()
    queryset = queryset.filter(classification__lte=person.clearance)
    if is_archivist(person):
        return queryset
    return queryset.filter(matter__in=visible_matters(person).values("pk"))
