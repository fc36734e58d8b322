import datetime

import pytest
from django.utils import timezone

from zhengban.engine.models import Matter
from zhengban.search.query import Filters, search
from zhengban.search.snippets import snippet

pytestmark = pytest.mark.django_db


def ids(results):
    return [hit.matter_id for hit in results.hits]


def test_two_character_chinese_word_finds_the_matter(office, memo):
    spring = memo(office.member, "关于做好春节期间值班工作的通知", "各科室要安排好节日值班。")
    memo(office.member, "关于防汛物资储备的请示", "请拨付资金。")
    results = search(office.member, "春节")
    assert ids(results) == [spring.pk] and results.total == 1


def test_user_dictionary_keeps_domain_words_whole(office, memo):
    donation = memo(office.member, "江南区侨捐项目进展", "将侨捐学校纳入督办。")
    assert ids(search(office.member, "侨捐")) == [donation.pk]
    assert ids(search(office.member, "督办")) == [donation.pk]


def test_english_query_is_case_insensitive(office, memo):
    flood = memo(office.member, "Flood control supplies", "Reservoir gates checked before the typhoon season.")
    assert ids(search(office.member, "RESERVOIR")) == [flood.pk]
    assert ids(search(office.member, "reservoir typhoon")) == [flood.pk]
    assert ids(search(office.member, "reservoir earthquake")) == []


def test_title_match_ranks_above_a_newer_body_match(office, memo):
    in_title = memo(office.member, "水库除险加固方案", "请审核。")
    in_body = memo(office.member, "关于下达资金的通知", "用于小型水库维修。")
    assert in_body.pk > in_title.pk
    results = search(office.member, "水库")
    assert ids(results) == [in_title.pk, in_body.pk]
    assert [hit.title_match for hit in results.hits] == [True, False]


def test_matches_by_number(office, memo):
    sent = memo(office.member, "请协助提供数据", send_to="economic-affairs")
    assert sent.number and ids(search(office.member, sent.number)) == [sent.pk]


def test_snippet_marks_the_original_text_escaped(office, memo):
    memo(office.member, "节日安排", "请于<春节>前完成 Flood-gate 检修，确保安全。")
    hit = search(office.member, "春节 flood").hits[0]
    assert hit.snippet_html == "请于&lt;<mark>春节</mark>&gt;前完成 <mark>Flood</mark>-gate 检修，确保安全。"
    assert "春节" in snippet("x" * 300 + "春节" + "y" * 300, ["春节"])


def test_replies_are_searchable(office, memo, committed):
    from zhengban.engine.actions import do_transition

    matter = memo(office.member, "数据请求", send_to="economic-affairs")
    committed(do_transition, office.other_member, matter, "accept", {})
    committed(do_transition, office.other_member, Matter.objects.get(pk=matter.pk), "handle", {"result": "统计口径已核对"})
    hit = search(office.member, "统计口径").hits[0]
    assert hit.matter_id == matter.pk and "<mark>统计口径</mark>" in hit.snippet_html


def test_filters_by_type_unit_state_and_date(office, memo):
    draft = memo(office.member, "荔枝产销对接")
    sent = memo(office.member, "荔枝保鲜冷链", send_to="economic-affairs")
    assert ids(search(office.member, "荔枝", Filters(state="draft"))) == [draft.pk]
    assert ids(search(office.member, "荔枝", Filters(unit=office.other_unit.pk))) == [sent.pk]
    assert ids(search(office.member, "荔枝", Filters(type="memo"))) == [sent.pk, draft.pk]
    assert ids(search(office.member, "荔枝", Filters(type="document"))) == []
    tomorrow = timezone.now() + datetime.timedelta(days=1)
    assert ids(search(office.member, "荔枝", Filters(opened_from=tomorrow))) == []
    assert ids(search(office.member, "荔枝", Filters(opened_to=tomorrow))) == [sent.pk, draft.pk]


def test_limit_and_capped_total(office, memo):
    made = [memo(office.member, f"台风预警第{i}期") for i in range(3)]
    results = search(office.member, "台风", limit=2)
    assert ids(results) == [made[2].pk, made[1].pk] and results.total == 3 and not results.total_capped


def test_empty_query_and_anonymous_find_nothing(office, memo):
    from django.contrib.auth.models import AnonymousUser

    memo(office.member, "台风预警")
    assert search(office.member, "  ").hits == []
    assert search(AnonymousUser(), "台风").total == 0


def test_capped_count_keeps_the_same_page(office, memo, monkeypatch):
    from zhengban.search import query

    for i in range(4):
        memo(office.member, f"防汛值班第{i}期", "台风防汛")
    memo(office.member, "值班安排", "防汛物资")
    uncapped = search(office.member, "防汛", limit=3)
    monkeypatch.setattr(query, "COUNT_CAP", 1)
    capped = search(office.member, "防汛", limit=3)
    assert ids(capped) == ids(uncapped) and capped.total_capped and capped.total == 1
    assert not uncapped.total_capped and uncapped.total == 5


def test_planner_settings_do_not_outlive_the_search(office, memo):
    from django.db import connection

    memo(office.member, "防汛值班")
    memo(office.member, "值班安排", "防汛物资")  # a body hit: the page needs the index twice
    assert len(search(office.member, "防汛").hits) == 2
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT current_setting('enable_seqscan'), current_setting('enable_indexscan'), current_setting('work_mem')"
            )
            assert cursor.fetchone() == ("on", "on", "4MB")
