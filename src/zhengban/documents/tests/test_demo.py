"""The documents demo: a year of sample documents driven through the flows, idempotent."""

import io
import re
from collections import defaultdict

import pytest

from zhengban.audit.models import Event
from zhengban.core.demo import load_demo as load_people
from zhengban.documents import demo
from zhengban.documents.models import Document, Organization
from zhengban.engine.models import Matter, Task

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_year(monkeypatch):
    monkeypatch.setattr(demo, "INCOMING_COUNT", 40)
    monkeypatch.setattr(demo, "OUTGOING_COUNT", 24)
    load_people(io.StringIO())


def test_demo_documents_are_real_flows_and_a_second_run_changes_nothing(small_year):
    out = io.StringIO()
    demo.load_demo(out)
    assert "incoming documents" in out.getvalue() and Organization.objects.count() >= 80
    incoming = Matter.objects.filter(type="incoming")
    outgoing = Matter.objects.filter(type="outgoing")
    assert (incoming.count(), outgoing.count()) == (40, 24)
    assert all(body.endswith(demo.SAMPLE) for body in Matter.objects.filter(type__in=("incoming", "outgoing"))
               .values_list("body", flat=True))
    assert len(set(incoming.values_list("state", flat=True))) >= 4
    assert incoming.filter(classification__gt=0).exclude(classification_period="").exists()
    assert Task.objects.filter(matter__type="incoming", state="open").exists()
    # 发文字号 per prefix: 1..n without a gap.
    numbers = defaultdict(list)
    for number in outgoing.exclude(number="").values_list("number", flat=True):
        prefix, n = re.fullmatch(r"(.+)〔2026〕(\d+)号", number).groups()
        numbers[prefix].append(int(n))
    assert numbers and all(sorted(ns) == list(range(1, len(ns) + 1)) for ns in numbers.values())
    registered = incoming.exclude(number="").values_list("number", flat=True)
    assert sorted(int(re.search(r"(\d+)号", n).group(1)) for n in registered) == list(range(1, len(registered) + 1))
    assert Event.objects.filter(subject_type="engine.matter", verb="incoming.instruct").exists()
    events, documents = Event.objects.count(), Document.objects.count()
    demo.load_demo(io.StringIO())
    assert (Event.objects.count(), Document.objects.count()) == (events, documents)
