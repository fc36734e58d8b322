"""The engine's statements per step are pinned, and do not grow with the matters and tasks stored.

Each action runs inside the test's transaction here, so Django wraps it in a savepoint: the counts
below include one SAVEPOINT and one RELEASE per action (a request's action, run on its own, sends
two statements fewer). Actors are loaded fresh before each step, as a request would load them.
"""

import datetime

import pytest

from zhengban.core.lookups import prefix_by_code, unit_by_code
from zhengban.core.models import Person
from zhengban.engine.actions import do_transition
from zhengban.engine.flow import get_flow
from zhengban.engine.inbox import counts, inbox
from zhengban.engine.parameters import clear_cache, flow_parameter
from zhengban.memos.actions import do_create_memo, do_send_memo

pytestmark = pytest.mark.django_db
REQUESTED = datetime.date(2026, 12, 18)

# Statements per step of a memo as production runs it (listeners in the worker, so each action adds
# one outbox row), the test's savepoint pair included.
OPEN = 8  # savepoint, matter, creator's task, audit event, audit head, outbox, release, memo row
SEND = 11  # lock with open tasks, finish the task, counter bump, calendar revision, memo row, new
#            task, audit event, matter, outbox; + savepoint pair (units and number prefixes are cached)
ACCEPT = 9  # lock with open tasks, finish, calendar revision, new task, audit event, matter, outbox; + pair
HANDLE = 9  # lock with open tasks, finish, memo row, new task, audit event, matter, outbox; + pair
REPLY = 10  # as handle, + the chief's roles (the approve task is for the unit's chief role)
CONFIRM = 7  # lock with open tasks, finish, audit event, matter, outbox; + pair
SAVEPOINT_PAIR = 2
# Lists of one's tasks: the actor's delegations, the actor's roles, then the list with its matter,
# units and people joined. Lists by completer or watcher: the list alone.
INBOX = {"todo": 3, "toread": 3, "overdue": 3, "done": 1, "watched": 1}
COUNTS = 3  # delegations, roles, one aggregate


def fresh(person):
    return Person.objects.get(pk=person.pk)


def run_memos(office, how_many):
    """Store `how_many` memos in every state, so that the counted lifecycle runs among them."""
    states = ("draft", "send", "accept", "handle", "reply", "confirm")
    for i in range(how_many):
        matter = do_create_memo(office.member, title=f"背景联系单{i}")
        upto = states[: 1 + i % len(states)]
        if "send" in upto:
            matter = do_send_memo(office.member, matter, lead_unit="economic-affairs", requested_by=REQUESTED)
        if "accept" in upto:
            matter = do_transition(office.other_member, matter, "accept", {})
        if "handle" in upto:
            matter = do_transition(office.other_member, matter, "handle", {"result": "已办"})
        if "reply" in upto:
            matter = do_transition(office.other_chief, matter, "reply", {"reply": "答复"})
        if "confirm" in upto:
            do_transition(office.member, matter, "confirm", {})


@pytest.mark.parametrize("stored", [5, 50])
def test_each_memo_step_sends_a_fixed_number_of_statements(office, stored, django_assert_num_queries, settings):
    settings.ZHENGBAN_LISTENERS = "worker"
    run_memos(office, stored)
    member, other, chief = office.member, office.other_member, office.other_chief
    # Flow parameters, units and prefixes are cached per process for 30 s: load them now, so that no reload falls
    # inside the counted steps on a slow machine.
    clear_cache()
    flow_parameter(get_flow("memo"), "accept_within")
    unit_by_code("economic-affairs"), prefix_by_code("memo")

    actor = fresh(member)
    with django_assert_num_queries(OPEN):
        matter = do_create_memo(actor, title="计数联系单", body="请协助。")
    actor = fresh(member)
    with django_assert_num_queries(SEND):
        matter = do_send_memo(actor, matter, lead_unit="economic-affairs", requested_by=REQUESTED)
    actor = fresh(other)
    with django_assert_num_queries(ACCEPT):
        matter = do_transition(actor, matter, "accept", {"note": "已受理"})
    actor = fresh(other)
    with django_assert_num_queries(HANDLE):
        matter = do_transition(actor, matter, "handle", {"result": "已整理数据"})
    actor = fresh(chief)
    with django_assert_num_queries(REPLY):
        matter = do_transition(actor, matter, "reply", {"reply": "同意答复"})
    actor = fresh(member)
    with django_assert_num_queries(CONFIRM):
        matter = do_transition(actor, matter, "confirm", {"note": "办结"})
    assert matter.state == "closed"


def test_every_step_stays_within_ten_statements():
    assert max(OPEN, SEND, ACCEPT, HANDLE, REPLY, CONFIRM) - SAVEPOINT_PAIR <= 10


@pytest.mark.parametrize("stored", [5, 50])
@pytest.mark.parametrize("which", ["todo", "done", "toread", "watched", "overdue"])
def test_inbox_list_and_counts_are_constant(office, stored, which, django_assert_num_queries):
    run_memos(office, stored)
    for who in (office.member, office.other_member, office.other_chief):
        person = fresh(who)
        with django_assert_num_queries(INBOX[which]):
            rows = list(inbox(person, which))
        for task in rows:  # what an inbox row shows comes with the list
            assert task.matter.title and task.matter.number is not None
            str(task.assigned_by), str(task.assignee_unit), str(task.matter.lead_unit)
        person = fresh(who)
        with django_assert_num_queries(COUNTS):
            counts(person)


@pytest.mark.parametrize("stored", [5, 50])
def test_the_inbox_grows_in_rows_not_in_statements(office, stored):
    run_memos(office, stored)
    rows = list(inbox(office.other_member, "todo"))
    # Every memo sent and not yet accepted, plus every accepted memo, waits for the other unit.
    waiting = sum(1 for i in range(stored) if i % 6 in (1, 2))
    assert len(rows) == waiting
