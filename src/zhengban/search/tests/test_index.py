"""The index follows the actions (matter_changed, watching), and `zhengban search reindex` rebuilds it."""

import io

import pytest
from django.core.management import call_command

from zhengban.engine.actions import do_transition
from zhengban.engine.models import Matter
from zhengban.search.models import SearchEntry
from zhengban.search.query import search

pytestmark = pytest.mark.django_db


def test_action_updates_the_entry_on_commit(office, memo, committed):
    matter = memo(office.member, "防汛物资清单", send_to="economic-affairs")
    entry = SearchEntry.objects.get(pk=matter.pk)
    assert entry.state == "sent" and entry.number == matter.number
    assert f"_o{office.other_unit.pk}" in entry.keys.split()
    committed(do_transition, office.other_member, matter, "accept", {})
    assert SearchEntry.objects.get(pk=matter.pk).state == "accepted"
    assert [hit.state for hit in search(office.member, "防汛").hits] == ["accepted"]


def test_uncommitted_action_does_not_touch_the_index(office, memo, django_capture_on_commit_callbacks):
    matter = memo(office.member, "防汛物资清单", send_to="economic-affairs")
    with django_capture_on_commit_callbacks(execute=False) as pending:
        do_transition(office.other_member, matter, "accept", {})
    assert pending and SearchEntry.objects.get(pk=matter.pk).state == "sent"


def test_task_holder_gets_an_access_key(office, memo):
    matter = memo(office.member, "数据请求", send_to="economic-affairs")
    keys = SearchEntry.objects.get(pk=matter.pk).keys.split()
    assert {f"_p{office.member.pk}", f"_u{office.unit.pk}", f"_u{office.other_unit.pk}"} <= set(keys)


def test_reindex_command_rebuilds_from_the_matters(office, memo):
    kept = memo(office.member, "台风预警")
    SearchEntry.objects.all().delete()
    SearchEntry.objects.create(matter_id=kept.pk + 1000, type="memo", title="gone", state="draft", opened_at=kept.opened_at)
    assert search(office.member, "台风").total == 0
    Matter.objects.filter(pk=kept.pk).update(title="台风预警（更正）")
    out = io.StringIO()
    call_command("search", "reindex", "--batch-size", "1", stdout=out)
    assert "indexed 1/1" in out.getvalue() and "Reindexed 1 matters" in out.getvalue()
    assert list(SearchEntry.objects.values_list("pk", "title")) == [(kept.pk, "台风预警（更正）")]
    assert [hit.matter_id for hit in search(office.member, "台风").hits] == [kept.pk]


def test_indexing_failure_does_not_fail_the_committed_action(office, memo, committed, monkeypatch, caplog):
    from zhengban.search import receivers

    matter = memo(office.member, "防汛物资清单", send_to="economic-affairs")

    def broken(matter_id):
        raise RuntimeError("index down")

    monkeypatch.setattr(receivers, "index_matter", broken)
    committed(do_transition, office.other_member, matter, "accept", {})
    assert Matter.objects.get(pk=matter.pk).state == "accepted"
    assert SearchEntry.objects.get(pk=matter.pk).state == "sent"
    assert "index down" in caplog.text  # logged; the action stands
