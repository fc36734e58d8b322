"""Hashes survive a database round trip, and a chain cannot fork."""

import datetime
import threading
import zoneinfo
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction

from zhengban.audit.chain import append_event, event_hash, verify
from zhengban.audit.models import Event
from zhengban.core.models import Person


def test_hash_is_stable_across_a_database_round_trip(cast):
    shanghai = zoneinfo.ZoneInfo("Asia/Shanghai")
    at = datetime.datetime(2026, 11, 30, 23, 59, 59, 999999, tzinfo=shanghai)
    payload = {
        "title": "关于春节值班安排的通知",
        "nested": {"b": [1, 2.5, None, True], "a": "x"},
        "large_float": 1e20,
        "whole_float": 3.0,
        "small_float": 1.5e-7,
        "amount": Decimal("12.30"),
        "deadline": datetime.datetime(2027, 1, 4, 9, 0, tzinfo=shanghai),
        "day": datetime.date(2027, 1, 4),
    }
    written = append_event(cast.member, "memo.created", actor=cast.chief, on_behalf_of=cast.leader, payload=payload, at=at)

    read = Event.objects.get(pk=written.pk)
    assert read.created_at == at
    assert read.payload == written.payload
    assert event_hash(read) == written.hash == read.hash
    count, problems = verify()
    assert problems == []
    assert count == Event.objects.count()


def test_a_stale_copy_of_the_subject_cannot_fork_the_chain(cast):
    stale = Person.objects.get(pk=cast.member.pk)
    append_event(cast.member, "person.renamed", payload={"full_name": "甲"})

    with pytest.raises(IntegrityError), transaction.atomic():
        append_event(stale, "person.renamed", payload={"full_name": "乙"})

    assert list(Event.objects.filter(subject_id=cast.member.pk, subject_type="core.person").values_list("seq", "verb")) == [
        (1, "person.created"),
        (2, "person.renamed"),
    ]
    assert verify()[1] == []


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_concurrent_unlocked_appends_do_not_fork_the_chain(make_person):
    if connection.vendor != "postgresql":
        pytest.skip("needs real concurrent transactions")
    person = make_person("racer", full_name="样例·竞争")
    barrier = threading.Barrier(2)
    outcomes = []

    def append(verb):
        copy = Person.objects.get(pk=person.pk)
        try:
            with transaction.atomic():
                barrier.wait(timeout=5)
                append_event(copy, verb)
            outcomes.append("ok")
        except IntegrityError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=append, args=(verb,)) for verb in ("a", "b")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["ok", "refused"]
    assert Event.objects.filter(subject_type="core.person", subject_id=person.pk).count() == 2
    assert verify()[1] == []
