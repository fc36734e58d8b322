"""The suggestions demo: one session's suggestions and proposals in every state, loaded once."""

import io

import pytest
from django.utils import timezone

from zhengban.core.demo import create_demo_people, ensure_profile
from zhengban.engine.models import MatterLink
from zhengban.suggestions.demo import load_demo
from zhengban.suggestions.models import ReplyLetter, Session, Suggestion
from zhengban.suggestions.queries import overdue_q

pytestmark = pytest.mark.django_db


def test_demo_items_in_every_state_once():
    ensure_profile(io.StringIO())
    create_demo_people(io.StringIO())
    load_demo(io.StringIO())
    items = Suggestion.objects.select_related("matter")
    assert Session.objects.count() == 2
    assert items.filter(kind="npc", parent__isnull=True).count() == 60 and items.filter(kind="cppcc", parent__isnull=True).count() == 60
    assert set(items.values_list("matter__state", flat=True)) == {
        "registered", "assigned", "handling", "replied", "closed", "merged", "split"}
    assert items.filter(overdue_q(timezone.now())).exists()
    assert items.filter(round=2).exists() and items.filter(feedback="basically-satisfied").exists()
    assert ReplyLetter.objects.count() > 40
    assert MatterLink.objects.filter(kind="follow-up-of", source__type="supervision").count() == 2
    assert all("（示例）" in a.name for item in items for a in item.authors.all())
    load_demo(io.StringIO())
    assert Suggestion.objects.count() == items.count()
