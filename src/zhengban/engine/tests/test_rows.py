"""core.rows stores and reads back exactly what the ORM would, on SQLite and PostgreSQL."""

import datetime

import pytest
from django.utils import timezone

from zhengban.core import rows
from zhengban.engine.models import Matter, Task, TaskState

pytestmark = pytest.mark.django_db
FIELDS = [f.attname for f in Matter._meta.concrete_fields]


def as_dict(instance):
    return {name: getattr(instance, name) for name in FIELDS}


def a_matter(office, **fields):
    now = timezone.now().replace(microsecond=123456)
    values = dict(
        type="memo", title="关于“数据”的联系单", body="正文\n第二行", classification=2, classification_period="十年",
        urgency="urgent", lead_unit=office.other_unit, creator=office.member, creator_unit=office.unit,
        state="sent", opened_at=now, due_at=now + datetime.timedelta(days=3), due_provisional=True,
        data={"path": ["draft", "sent"], "nested": {"n": 1, "f": 1.5, "none": None, "list": ["甲", 2]}},
    )
    values.update(fields)
    return Matter(**values)


def test_an_inserted_row_reads_back_as_the_orm_reads_it(office):
    matter = a_matter(office)
    rows.insert([matter])
    assert matter.pk is not None and not matter._state.adding
    [loaded] = rows.select(Matter, {"pk": matter.pk}, for_update=True)
    assert as_dict(loaded) == as_dict(Matter.objects.get(pk=matter.pk)) == as_dict(matter)
    assert loaded.opened_at.tzinfo is not None and loaded.due_provisional is True
    assert rows.select(Matter, {"pk": matter.pk + 1000}) == []


def test_update_writes_only_the_named_fields_and_matches_rows(office):
    matter = a_matter(office)
    rows.insert([matter])
    closed = timezone.now()
    matter.state, matter.closed_at, matter.title = "closed", closed, "not saved"
    matter.data["last"] = {"by": office.member.pk}
    rows.save_fields_later(matter, ["state", "closed_at", "data", "lead_unit"])
    stored = Matter.objects.get(pk=matter.pk)
    assert (stored.state, stored.closed_at, stored.data["last"]) == ("closed", closed, {"by": office.member.pk})
    assert stored.title == "关于“数据”的联系单"
    assert rows.update(Matter, {"pk": matter.pk, "state": "draft"}, {"title": "x"}) == 0


def test_several_rows_get_their_keys_in_order_and_select_orders_them(office):
    matter = a_matter(office)
    rows.insert([matter])
    now = timezone.now()
    tasks = [
        Task(matter=matter, step="sent", assignee_unit=office.other_unit, created_at=now, due_at=now + datetime.timedelta(days=d))
        for d in (5, 1, 3)
    ]
    rows.insert(tasks)
    assert [t.pk for t in tasks] == sorted(t.pk for t in tasks)
    for task in tasks:
        assert Task.objects.get(pk=task.pk).due_at == task.due_at
    found = rows.select(Task, {"matter": matter.pk, "state": TaskState.OPEN}, order_by=("due_at", "pk"))
    assert [t.pk for t in found] == [tasks[1].pk, tasks[2].pk, tasks[0].pk]
    assert found[0].matter_id == matter.pk and found[0].assignee_unit_id == office.other_unit.pk


def test_a_row_is_locked_with_its_matching_children_in_order(office):
    matter, other = a_matter(office), a_matter(office)
    rows.insert([matter, other])
    assert rows.lock_with_children(Matter, matter.pk, Task, "matter", {"state": TaskState.OPEN}) == (matter, [])
    now = timezone.now()
    later, sooner, done, elsewhere = (
        Task(matter=matter, step="sent", created_at=now, due_at=now + datetime.timedelta(days=2)),
        Task(matter=matter, step="sent", created_at=now, due_at=now + datetime.timedelta(days=1)),
        Task(matter=matter, step="draft", created_at=now, state=TaskState.DONE),
        Task(matter=other, step="sent", created_at=now),
    )
    rows.insert([later, sooner, done, elsewhere])
    parent, children = rows.lock_with_children(
        Matter, matter.pk, Task, "matter", {"state": TaskState.OPEN}, order_by=("due_at", "pk")
    )
    assert as_dict(parent) == as_dict(Matter.objects.get(pk=matter.pk))
    assert [t.pk for t in children] == [sooner.pk, later.pk] and children[0].due_at == sooner.due_at
    assert rows.lock_with_children(Matter, other.pk + 1000, Task, "matter", {"state": TaskState.OPEN}) == (None, [])


def test_on_postgresql_a_statement_sent_again_and_again_is_prepared_once(office):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("prepared statements are PostgreSQL's")
    matter = a_matter(office)
    rows.insert([matter])
    for _ in range(6):
        [loaded] = rows.select(Matter, {"pk": matter.pk})
        assert loaded.title == matter.title
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements WHERE statement LIKE %s", ["%engine_matter%"])
        prepared = [row[0] for row in cursor.fetchall()]
    assert len(prepared) == 1 and prepared[0].startswith("SELECT")


def test_matching_none_is_refused_rather_than_answered_with_nothing(office):
    with pytest.raises(ValueError):
        rows.select(Matter, {"pk": None})
    with pytest.raises(ValueError):
        rows.update(Task, {"matter": None}, {"state": TaskState.DONE})


def test_without_returning_each_row_is_inserted_on_its_own_and_keyed(office, monkeypatch):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    monkeypatch.setattr(type(connection.features), "can_return_rows_from_bulk_insert", False)
    matters = [a_matter(office), a_matter(office, title="第二件")]
    with CaptureQueriesContext(connection) as captured:
        rows.insert(matters)
    inserts = [q["sql"] for q in captured.captured_queries if q["sql"].startswith("INSERT")]
    assert len(inserts) == 2 and all(m.pk for m in matters)
    assert Matter.objects.get(pk=matters[1].pk).title == "第二件"
