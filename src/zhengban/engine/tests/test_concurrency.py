"""Two people acting on the same thing at the same moment, with real threads and row locks.

Each thread has its own database connection (Django's are per thread) and closes it when done.
"""

import datetime
import threading

import pytest
from django.db import connection
from django.utils import translation

from zhengban.audit.chain import verify
from zhengban.audit.models import Event
from zhengban.core.errors import Conflict
from zhengban.core.models import Person
from zhengban.engine.actions import do_transition
from zhengban.engine.generic import do_claim
from zhengban.engine.models import Matter, Task, TaskState
from zhengban.memos.actions import do_create_memo, do_send_memo

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]
REQUESTED = datetime.date(2026, 12, 18)


@pytest.fixture(autouse=True)
def on_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite takes one write lock for the whole file, so writers never race")


def at_once(*calls):
    """Run the calls in threads released together; return each one's result or exception, in order."""
    barrier = threading.Barrier(len(calls))
    outcomes = [None] * len(calls)

    def run(index, call):
        try:
            with translation.override("en"):
                barrier.wait(timeout=10)
                outcomes[index] = call()
        except Exception as exc:  # the outcome under test, re-raised by the caller if unexpected
            outcomes[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a thread is stuck"
    return outcomes


def fresh(person):
    return Person.objects.get(pk=person.pk)


def sent_memo(office):
    matter = do_create_memo(office.member, title="请协助提供年度经济运行数据")
    return do_send_memo(office.member, matter, lead_unit="economic-affairs", requested_by=REQUESTED)


def verbs_of(matter):
    return list(
        Event.objects.filter(subject_type="engine.matter", subject_id=matter.pk).order_by("seq").values_list("verb", flat=True)
    )


def one_winner(outcomes):
    winners = [o for o in outcomes if not isinstance(o, Exception)]
    losers = [o for o in outcomes if isinstance(o, Exception)]
    assert len(winners) == 1, outcomes
    assert len(losers) == 1 and isinstance(losers[0], Conflict), outcomes
    return winners[0], losers[0]


def test_two_people_accept_the_same_memo_exactly_one_succeeds(office, make_person):
    second = make_person("second", unit=office.other_unit, roles=["clerk"])
    matter = sent_memo(office)
    unit_task = Task.objects.get(matter=matter, state=TaskState.OPEN)

    outcomes = at_once(
        lambda: do_transition(fresh(office.other_member), matter, "accept", {"note": "我来办"}),
        lambda: do_transition(fresh(second), matter, "accept", {"note": "我来办"}),
    )

    accepted, conflict = one_winner(outcomes)
    assert "not possible now" in str(conflict) and "Being handled" in str(conflict)
    matter.refresh_from_db()
    assert matter.state == "accepted" and matter.version == 3
    assert verbs_of(matter) == ["memo.opened", "memo.send", "memo.accept"]
    winner = Event.objects.get(subject_id=matter.pk, verb="memo.accept").actor
    unit_task.refresh_from_db()
    assert unit_task.state == TaskState.DONE and unit_task.completed_by == winner
    handle = Task.objects.get(matter=matter, state=TaskState.OPEN)
    assert handle.assignee_person == winner and handle.step == "accepted"
    assert verify()[1] == []


def test_two_people_claim_the_same_unit_task_exactly_one_wins(office, make_person):
    second = make_person("second", unit=office.other_unit, roles=["clerk"])
    matter = sent_memo(office)
    task = Task.objects.get(matter=matter, state=TaskState.OPEN)

    outcomes = at_once(lambda: do_claim(fresh(office.other_member), task), lambda: do_claim(fresh(second), task))

    claimed, conflict = one_winner(outcomes)
    assert "already claimed" in str(conflict)
    task.refresh_from_db()
    assert task.state == TaskState.OPEN and task.assignee_person_id == claimed.assignee_person.pk
    assert verbs_of(matter).count("memo.claimed") == 1
    assert verify()[1] == []


def test_eight_threads_run_memo_lifecycles_side_by_side(office):
    threads, per_thread = 8, 10

    def lifecycles():
        member, other, chief = fresh(office.member), fresh(office.other_member), fresh(office.other_chief)
        for i in range(per_thread):
            matter = do_create_memo(member, title=f"并发联系单{i}")
            matter = do_send_memo(member, matter, lead_unit="economic-affairs", requested_by=REQUESTED)
            matter = do_transition(other, matter, "accept", {})
            matter = do_transition(other, matter, "handle", {"result": "已办"})
            matter = do_transition(chief, matter, "reply", {"reply": "答复"})
            do_transition(member, matter, "confirm", {})
        return per_thread

    outcomes = at_once(*[lifecycles] * threads)

    assert outcomes == [per_thread] * threads
    matters = Matter.objects.filter(type="memo")
    assert matters.count() == threads * per_thread
    assert set(matters.values_list("state", flat=True)) == {"closed"}
    year = matters.first().number[4:8]
    assert sorted(matters.values_list("number", flat=True)) == sorted(
        f"联系单〔{year}〕{n}号" for n in range(1, threads * per_thread + 1)
    )
    assert not Task.objects.filter(state=TaskState.OPEN).exists()
    count, problems = verify()
    assert problems == [] and count >= 6 * threads * per_thread
