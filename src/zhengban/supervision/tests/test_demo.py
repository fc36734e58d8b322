"""The supervision demo: items in every state and light, with progress history, loaded once."""

import io

import pytest
from django.utils import timezone

from zhengban.audit.chain import verify
from zhengban.core.demo import create_demo_people, ensure_profile
from zhengban.supervision.demo import ITEMS, load_demo
from zhengban.supervision.models import ProgressReport, SupervisionItem
from zhengban.supervision.queries import decorate
from zhengban.deadlines.workcalendar import work_calendar

pytestmark = pytest.mark.django_db


def test_demo_items_in_every_state_and_light():
    ensure_profile(io.StringIO())
    create_demo_people(io.StringIO())
    load_demo(io.StringIO())
    items = SupervisionItem.objects.select_related("matter")
    assert items.count() == len(ITEMS)
    assert set(items.values_list("matter__state", flat=True)) == {
        "registered", "assigned", "in-progress", "completed", "verified", "closed"}
    lights = {item.light for item in decorate(list(items), timezone.now(), work_calendar())}
    assert {"red", "yellow", "green"} <= lights
    assert ProgressReport.objects.count() > 10
    assert all("（示例数据）" in m.matter.body for m in items)
    assert verify()[1] == []
    load_demo(io.StringIO())
    assert SupervisionItem.objects.count() == len(ITEMS)
