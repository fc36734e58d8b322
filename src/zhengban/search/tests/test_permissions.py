"""Permission filtering happens inside the query: what a reader may not see is neither returned nor counted."""

import pytest

from zhengban.engine.generic import do_watch
from zhengban.search.query import search

pytestmark = pytest.mark.django_db


def found(person, words):
    results = search(person, words)
    return {hit.matter_id for hit in results.hits}, results.total


def test_classified_matter_is_hidden_and_not_counted(office, memo):
    open_one = memo(office.member, "渡口安全检查", send_to="economic-affairs")
    secret = memo(office.cleared_other, "渡口安全检查（秘密）", classification=2)
    assert found(office.other_member, "渡口") == ({open_one.pk}, 1)
    assert found(office.cleared_other, "渡口") == ({open_one.pk, secret.pk}, 2)


def test_another_units_matter_is_hidden(office, memo):
    mine = memo(office.member, "会议室预订")
    assert found(office.other_member, "会议室") == (set(), 0)
    assert found(office.outsider, "会议室") == (set(), 0)
    assert found(office.chief, "会议室") == ({mine.pk}, 1)  # the creating unit sees it


def test_lead_unit_sees_what_is_sent_to_it(office, memo):
    sent = memo(office.member, "经济数据请求", send_to="economic-affairs")
    assert found(office.other_member, "经济数据") == ({sent.pk}, 1)


def test_leader_sees_all_within_clearance(office, memo):
    plain = memo(office.member, "年度总结")
    secret = memo(office.member, "年度总结（机密）", classification=3)
    assert found(office.leader, "年度总结") == ({plain.pk}, 1)  # leader clearance 2
    office.leader.clearance = 3
    office.leader.save(update_fields=["clearance"])
    assert found(office.leader, "年度总结") == ({plain.pk, secret.pk}, 2)


def test_watching_makes_it_visible_once_committed(office, memo, committed):
    matter = memo(office.member, "公务用车")
    office.other_member.clearance = 0
    assert found(office.other_member, "公务用车")[1] == 0
    committed(do_watch, office.leader, matter)
    assert found(office.leader, "公务用车")[1] == 1


def test_with_the_worker_watching_is_indexed_when_the_change_is_delivered(office, memo, settings):
    from zhengban.engine import changes
    from zhengban.engine.models import Change
    from zhengban.search.models import SearchEntry

    matter = memo(office.member, "公务接待清单")
    watcher_key = f"_p{office.leader.pk}"
    settings.ZHENGBAN_LISTENERS = "worker"
    do_watch(office.leader, matter)
    assert list(Change.objects.values_list("matter_id", flat=True)) == [matter.pk]
    assert watcher_key not in SearchEntry.objects.get(pk=matter.pk).keys.split()  # the worker has not run
    assert changes.drain_all() == 1
    assert watcher_key in SearchEntry.objects.get(pk=matter.pk).keys.split()
