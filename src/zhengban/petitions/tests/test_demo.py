"""The petitions demo: a year of sample petitions in many states, driven through the actions, loaded once."""

import io
from unittest import mock

import pytest

from zhengban.audit.chain import verify
from zhengban.core.demo import create_demo_people, ensure_profile
from zhengban.petitions import demo
from zhengban.petitions.models import Petition, Petitioner
from zhengban.petitions.queries import overdue_q

pytestmark = pytest.mark.django_db


def test_demo_petitions_cover_states_repeats_accusations_and_load_once():
    ensure_profile(io.StringIO())
    create_demo_people(io.StringIO())
    with mock.patch.object(demo, "COUNT", 80):
        demo.load_demo(io.StringIO())
        petitions = Petition.objects.select_related("matter")
        assert petitions.count() == 80
        states = set(petitions.values_list("matter__state", flat=True))
        assert {"registered", "closed", "replied"} <= states or len(states) >= 4
        assert petitions.filter(overdue_q()).exists()
        assert len(set(petitions.values_list("channel", flat=True))) == 4
        assert all(name.endswith("（示例）") for name in Petitioner.objects.values_list("name", flat=True))
        assert all("示例数据" in p.matter.body for p in petitions)
        assert verify()[1] == []
        demo.load_demo(io.StringIO())
        assert Petition.objects.count() == 80
