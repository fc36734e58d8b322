"""Writes held back inside rows.writes_together(): what is written and read is exactly what it would
be without holding; on PostgreSQL the writes travel with the next statement or the COMMIT."""

import psycopg
import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from zhengban.audit.models import Event
from zhengban.core import rows

SUBJECT = "test.held"


def event(seq, verb="made"):
    return Event(subject_type=SUBJECT, subject_id=1, seq=seq, verb=verb, payload={"n": seq},
                 created_at=timezone.now(), prev_hash="", hash=f"h{seq}")


def verbs():
    return list(Event.objects.filter(subject_type=SUBJECT).order_by("seq").values_list("verb", flat=True))


def held():
    return list(getattr(connection, "held_writes", []))


def on_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("writes are held only on PostgreSQL, where a statement costs a round trip")


@pytest.mark.django_db
def test_a_read_after_held_writes_sees_them_in_order():
    with transaction.atomic(), rows.writes_together():
        rows.insert_later([event(1), event(2)])
        rows.update_later(Event, {"subject_type": SUBJECT, "subject_id": 1, "seq": 1}, {"verb": "changed"})
        assert verbs() == ["changed", "made"]
    assert verbs() == ["changed", "made"]


@pytest.mark.django_db(transaction=True)
def test_holding_outside_a_transaction_is_refused():
    with pytest.raises(RuntimeError, match="inside transaction.atomic"):
        with rows.writes_together():
            pass


@pytest.mark.django_db
def test_held_writes_wait_for_the_next_statement():
    on_postgresql()
    with transaction.atomic(), rows.writes_together():
        rows.insert_later([event(1)])
        assert len(held()) == 1
        assert Event.objects.filter(subject_type=SUBJECT).count() == 1
        assert held() == []


@pytest.mark.django_db
def test_rolling_back_to_a_savepoint_drops_only_what_was_held_after_it():
    on_postgresql()
    with transaction.atomic(), rows.writes_together():
        rows.insert_later([event(1, "kept")])
        with pytest.raises(ZeroDivisionError):
            with transaction.atomic():
                rows.insert_later([event(2, "undone")])
                # Never sent: were it sent, its clash with the first would fail the rollback itself.
                rows.insert_later([event(1, "clashes with the first")])
                1 / 0
        rows.insert_later([event(3, "after")])
    assert verbs() == ["kept", "after"]
    assert held() == []


@pytest.mark.django_db
def test_a_block_in_a_caller_transaction_without_savepoint_sends_its_writes_by_its_end():
    on_postgresql()
    with transaction.atomic():
        with transaction.atomic(savepoint=False), rows.writes_together():
            rows.insert_later([event(1)])
        assert held() == []
        with transaction.atomic(), rows.writes_together():
            rows.insert_later([event(2)])
        assert held() == []
    assert verbs() == ["made", "made"]


@pytest.mark.django_db
def test_while_statements_are_logged_nothing_is_held():
    with transaction.atomic(), rows.writes_together():
        with CaptureQueriesContext(connection) as captured:
            rows.insert_later([event(1)])
        assert held() == []
        assert [q["sql"].split()[0] for q in captured.captured_queries] == ["INSERT"]


@pytest.mark.django_db(transaction=True)
def test_held_writes_are_committed_with_the_commit():
    on_postgresql()
    url = "host={HOST} port={PORT} user={USER} dbname={NAME}".format(**connection.settings_dict)
    with transaction.atomic(), rows.writes_together():
        rows.insert_later([event(1)])
    with psycopg.connect(url, autocommit=True) as other:
        count = other.execute("SELECT count(*) FROM audit_event WHERE subject_type = %s", [SUBJECT]).fetchone()[0]
    assert count == 1


@pytest.mark.django_db(transaction=True)
def test_a_held_write_that_fails_fails_the_commit_and_nothing_is_kept():
    with transaction.atomic():
        Event.objects.bulk_create([event(1, "first")])
    with pytest.raises(IntegrityError):
        with transaction.atomic(), rows.writes_together():
            rows.insert_later([event(2, "second")])
            rows.insert_later([event(1, "same position as the first")])
    assert verbs() == ["first"]
    assert held() == []
    with transaction.atomic(), rows.writes_together():
        rows.insert_later([event(2, "second")])
    assert verbs() == ["first", "second"]


@pytest.mark.django_db
def test_a_held_insert_with_keys_knows_its_keys_before_it_is_sent():
    with transaction.atomic(), rows.writes_together():
        made = rows.insert_later([event(1), event(2)], keys=True)
        keys = [e.pk for e in made]
        assert None not in keys and len(set(keys)) == 2
        stored = dict(Event.objects.filter(pk__in=keys).values_list("pk", "seq"))
    assert stored == {keys[0]: 1, keys[1]: 2}


@pytest.mark.django_db
def test_reserved_keys_are_not_reused_by_the_database_or_a_forked_process(monkeypatch):
    on_postgresql()
    with transaction.atomic(), rows.writes_together():
        reserved = rows.insert_later([event(1)], keys=True)[0].pk
        by_database = rows.insert([event(2)])[0].pk
        monkeypatch.setattr("os.getpid", lambda: -1)
        in_child = rows.insert_later([event(3)], keys=True)[0].pk
    assert len({reserved, by_database, in_child}) == 3
    assert by_database > reserved and in_child > by_database


@pytest.mark.django_db
def test_a_select_asked_ahead_is_answered_as_a_plain_select_would_be():
    with transaction.atomic(), rows.writes_together():
        [made] = rows.insert_later([event(1)], keys=True)
        rows.select_ahead(Event, {"pk": made.pk})
        [read] = rows.select(Event, {"pk": made.pk})
        assert (read.pk, read.verb, read.payload) == (made.pk, "made", {"n": 1})
        assert rows.select(Event, {"pk": made.pk}) == [read]


@pytest.mark.django_db
def test_a_read_ahead_travels_with_the_next_statement_and_answers_the_select_once():
    on_postgresql()
    [stored] = rows.insert([event(1)])
    with transaction.atomic(), rows.writes_together():
        rows.select_ahead(Event, {"pk": stored.pk})
        assert len(held()) == 1
        assert Event.objects.filter(subject_type=SUBJECT).count() == 1
        assert held() == []
        with CaptureQueriesContext(connection) as answered:
            [read] = rows.select(Event, {"pk": stored.pk})
        with CaptureQueriesContext(connection) as asked_again:
            rows.select(Event, {"pk": stored.pk})
    assert read.verb == "made"
    assert (len(answered), len(asked_again)) == (0, 1)


@pytest.mark.django_db
def test_a_read_ahead_dropped_with_its_savepoint_is_read_afresh():
    on_postgresql()
    [stored] = rows.insert([event(1)])
    with transaction.atomic(), rows.writes_together():
        with pytest.raises(ZeroDivisionError):
            with transaction.atomic():
                rows.select_ahead(Event, {"pk": stored.pk})
                1 / 0
        assert connection.reads_ahead == {}
        [read] = rows.select(Event, {"pk": stored.pk})
    assert read.pk == stored.pk


@pytest.mark.django_db
def test_a_named_cursor_after_held_writes_reads_them():
    with transaction.atomic(), rows.writes_together():
        rows.insert_later([event(1), event(2)])
        streamed = [e.seq for e in Event.objects.filter(subject_type=SUBJECT).order_by("seq").iterator(chunk_size=1)]
        assert held() == []
    assert streamed == [1, 2]
