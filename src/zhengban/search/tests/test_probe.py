"""PostgreSQL reads the newest entries first (the probe) and asks the GIN index only for what they
leave open: whichever way a page is found, the hits, their order, the title marks and the count
are the same, and hidden matters stay hidden."""

import itertools

import pytest
from django.db import connection

from zhengban.search import query
from zhengban.search.backends import PostgreSQLBackend, WordShares
from zhengban.search.query import search

pytestmark = pytest.mark.django_db

postgresql_only = pytest.mark.skipif(
    "connection.vendor != 'postgresql'", reason="the probe is PostgreSQL's; FTS5 walks its doclist newest first"
)


@pytest.fixture
def flood_matters(office, memo):
    """防汛 in titles, in bodies and nowhere, in both units' business, some classified, oldest first."""
    for i in range(12):
        title = "防汛值班第{}期" if i % 3 == 0 else "值班安排第{}期"
        body = "防汛物资到位" if i % 3 == 1 else "按时交接"
        classified = {"classification": 2} if i % 4 == 3 else {}
        memo(office.member, title.format(i), body, send_to="economic-affairs" if i % 2 else None, **classified)


def page(person, limit):
    results = search(person, "防汛", limit=limit)
    return [(hit.matter_id, hit.title_match) for hit in results.hits], results.total, results.total_capped


@postgresql_only
def test_probe_and_index_give_the_same_pages(office, flood_matters, monkeypatch):
    readers = [office.member, office.other_member, office.cleared_other, office.leader]
    settings = list(itertools.product((2, 1000), (1, 3, 20)))  # count cap, page size

    def pages():
        found = []
        for cap, limit in settings:
            monkeypatch.setattr(query, "COUNT_CAP", cap)
            found += [page(reader, limit) for reader in readers]
        return found

    monkeypatch.setattr(PostgreSQLBackend, "PROBE_ROWS", 0)
    from_the_index = pages()
    assert any(total for _, total, _ in from_the_index) and any(capped for *_, capped in from_the_index)
    monkeypatch.setattr(PostgreSQLBackend, "worth_probing", lambda self, *args: True)
    for rows in (1, 4, 1000):  # the probed rows answer nothing, part, or everything
        monkeypatch.setattr(PostgreSQLBackend, "PROBE_ROWS", rows)
        assert pages() == from_the_index


@postgresql_only
def test_a_common_word_is_answered_by_the_probe_alone(office, flood_matters, monkeypatch):
    monkeypatch.setattr(PostgreSQLBackend, "worth_probing", lambda self, *args: True)
    monkeypatch.setattr(query, "COUNT_CAP", 2)
    asked = []
    for name in ("fetch", "count"):
        monkeypatch.setattr(PostgreSQLBackend, name, lambda self, *args, _name=name, **kwargs: asked.append(_name))
    hits, total, capped = page(office.member, 1)
    assert len(hits) == 1 and hits[0][1] and (total, capped) == (2, True)
    assert asked == []  # neither the index's page nor its count was needed


@postgresql_only
def test_word_shares_come_from_analyze(office, flood_matters):
    PostgreSQLBackend._shares.clear()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE search_searchentry")
    shares = PostgreSQLBackend(connection).word_shares()
    PostgreSQLBackend._shares.clear()
    assert shares.entries == 12
    assert shares.share["防汛"] == pytest.approx(8 / 12, abs=0.01)
    assert shares.share["_v0"] == pytest.approx(9 / 12, abs=0.01)  # three are classified


def test_expected_hits_take_the_rarest_token_and_every_key_group():
    shares = WordShares(entries=1_000_000, share={"水库": 0.1, "小型": 0.3, "_v1": 0.8, "_u3": 0.05}, least=0.01)
    assert shares.expected_hits(["小型", "水库"], []) == pytest.approx(100_000)  # a leader
    clerk_keys = [["_v1"], ["_p7", "_u3"]]  # a person key is rarer than ANALYZE tracks
    assert shares.expected_hits(["小型", "水库"], clerk_keys) == pytest.approx(100_000 * 0.8 * 0.055)
    assert shares.expected_hits(["区块链"], []) == pytest.approx(5_000)  # untracked: half the least share
