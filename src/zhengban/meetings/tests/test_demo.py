"""The meetings demo: half a year of meetings, signed and numbered minutes, decisions as supervision items."""

import io

import pytest

from zhengban.audit.chain import verify
from zhengban.core.demo import create_demo_people, ensure_profile
from zhengban.meetings.demo import load_demo
from zhengban.meetings.models import Decision, Meeting

pytestmark = pytest.mark.django_db


def test_half_a_year_of_meetings_with_minutes_and_supervised_decisions():
    ensure_profile(io.StringIO())
    create_demo_people(io.StringIO())
    load_demo(io.StringIO())
    meetings = Meeting.objects.select_related("matter", "meeting_type")
    executive = meetings.filter(meeting_type__code="executive")
    assert executive.count() == 12
    signed = [m.matter.number for m in meetings.filter(matter__state="closed").order_by("starts_at")]
    assert signed[0] == "纪要〔2026〕1号" and len(signed) == len(set(signed)) >= 12
    items = Decision.objects.filter(item__isnull=False).select_related("item")
    assert {d.item.state for d in items} >= {"assigned", "in-progress", "completed", "verified", "closed"}
    assert all("（示例数据）" in m.matter.body or "（示例数据）" in m.minutes_body for m in meetings.exclude(minutes_body=""))
    assert verify()[1] == []
    load_demo(io.StringIO())
    assert Meeting.objects.count() == meetings.count()
