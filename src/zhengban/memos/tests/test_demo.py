"""The memo demo: a month of sample memos in every state, driven through the actions, loaded once."""

import io

import pytest
from django.utils import timezone

from zhengban.audit.chain import verify
from zhengban.core.demo import create_demo_people, ensure_profile
from zhengban.engine.models import Matter
from zhengban.memos.demo import MEMOS, load_demo

pytestmark = pytest.mark.django_db


def test_demo_memos_cover_every_state_and_load_once():
    ensure_profile(io.StringIO())
    create_demo_people(io.StringIO())
    load_demo(io.StringIO())
    memos = Matter.objects.filter(type="memo")
    assert memos.count() == len(MEMOS)
    assert set(memos.values_list("state", flat=True)) == {
        "draft", "sent", "accepted", "handled", "replied", "closed", "cancelled"
    }
    assert all("（示例数据）" in body for body in memos.values_list("body", flat=True))
    assert memos.filter(classification=1).exclude(classification_period="").count() == 2
    assert memos.filter(closed_at__isnull=True, due_at__lt=timezone.now()).exists()
    assert verify()[1] == []
    load_demo(io.StringIO())
    assert Matter.objects.filter(type="memo").count() == len(MEMOS)
