"""Flow parameters: administrators set and reset them through audited actions (also in the admin),
and the engine uses the new length at once."""

import pytest

from zhengban.audit.chain import verify
from zhengban.audit.models import Event
from zhengban.core.errors import ActionError, NotAllowed, NotFound
from zhengban.deadlines.compute import compute_due
from zhengban.engine.flow import get_flow
from zhengban.engine.models import FlowParameter, Matter, Task, TaskState
from zhengban.engine.parameter_actions import do_reset_flow_parameter, do_set_flow_parameter
from zhengban.engine.parameters import clear_cache, flow_parameter
from zhengban.memos.actions import do_create_memo, do_send_memo

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_parameter_cache():
    # The per-process cache would otherwise carry this test's values past its rolled-back transaction.
    clear_cache()
    yield
    clear_cache()


def events_of(row):
    return list(Event.objects.filter(subject_type="engine.flowparameter", subject_id=row.pk).order_by("seq"))


def test_administrator_sets_a_deadline_and_the_change_is_audited(office):
    row = do_set_flow_parameter(office.admin, "memo", "accept_within", [5, "working_days"])
    assert FlowParameter.objects.get(flow="memo", key="accept_within").value == [5, "working_days"]
    assert flow_parameter(get_flow("memo"), "accept_within") == [5, "working_days"]
    [event] = events_of(row)
    assert event.verb == "flow_parameter.set" and event.actor == office.admin
    assert event.payload == {"flow": "memo", "key": "accept_within", "old": [2, "working_days"],
                             "new": [5, "working_days"]}
    do_set_flow_parameter(office.admin, "memo", "accept_within", [3, "calendar_days"])
    assert [e.payload["old"] for e in events_of(row)] == [[2, "working_days"], [5, "working_days"]]
    assert verify()[1] == []


def test_a_memo_sent_after_the_change_gets_the_new_length(office):
    do_set_flow_parameter(office.admin, "memo", "accept_within", [5, "working_days"])
    matter = do_create_memo(office.member, title="参数测试")
    matter = do_send_memo(office.member, matter, lead_unit="economic-affairs", requested_by="2026-12-18")
    task = Task.objects.get(matter=matter, state=TaskState.OPEN)
    assert task.due_at == compute_due(task.created_at, 5, "working_days").at


def test_non_administrator_is_refused_and_nothing_changes(office):
    for person in (office.chief, office.leader, office.member):
        with pytest.raises(NotAllowed):
            do_set_flow_parameter(person, "memo", "accept_within", [5, "working_days"])
        with pytest.raises(NotAllowed):
            do_reset_flow_parameter(person, "memo", "accept_within")
    assert not FlowParameter.objects.exists()


@pytest.mark.parametrize(
    "value",
    [[5, "fortnights"], [0, "working_days"], [-1, "hours"], [True, "hours"], ["5", "hours"], [5], "5 days", None],
)
def test_bad_deadline_values_are_refused(office, value):
    with pytest.raises(ActionError) as refused:
        do_set_flow_parameter(office.admin, "memo", "accept_within", value)
    assert "value" in refused.value.fields
    assert not FlowParameter.objects.exists()


def test_unknown_key_or_flow_is_refused(office):
    with pytest.raises(ActionError) as refused:
        do_set_flow_parameter(office.admin, "memo", "reply_within", [5, "working_days"])
    assert "key" in refused.value.fields and "accept_within" in refused.value.message
    with pytest.raises(NotFound):
        do_set_flow_parameter(office.admin, "nothing", "accept_within", [5, "working_days"])
    assert not FlowParameter.objects.exists()


def test_reset_goes_back_to_the_declared_default_and_is_audited(office):
    row = do_set_flow_parameter(office.admin, "memo", "handle_within", [1, "months"])
    do_reset_flow_parameter(office.admin, "memo", "handle_within")
    assert not FlowParameter.objects.exists()
    assert flow_parameter(get_flow("memo"), "handle_within") == [10, "working_days"]
    assert [e.verb for e in events_of(row)] == ["flow_parameter.set", "flow_parameter.reset"]
    assert events_of(row)[1].payload["new"] == [10, "working_days"]
    assert do_reset_flow_parameter(office.admin, "memo", "handle_within") is None
    assert verify()[1] == []


def test_admin_page_saves_through_the_action(client, office):
    client.force_login(office.admin)
    page = client.get("/admin/engine/flowparameter/add/")
    assert page.status_code == 200 and "accept_within" in page.content.decode()
    response = client.post("/admin/engine/flowparameter/add/",
                           {"flow": "memo", "key": "accept_within", "value": '[4, "working_days"]'})
    assert response.status_code == 302
    row = FlowParameter.objects.get()
    assert row.value == [4, "working_days"] and row.updated_by == office.admin
    assert [e.verb for e in events_of(row)] == ["flow_parameter.set"]
    bad = client.post(f"/admin/engine/flowparameter/{row.pk}/change/", {"value": '[4, "weeks"]'})
    assert bad.status_code == 200 and "unit" in bad.content.decode()
    changed = client.post(f"/admin/engine/flowparameter/{row.pk}/change/", {"value": '[6, "working_days"]'})
    assert changed.status_code == 302 and FlowParameter.objects.get().value == [6, "working_days"]
    client.post(f"/admin/engine/flowparameter/{row.pk}/delete/", {"post": "yes"})
    assert not FlowParameter.objects.exists()
    assert [e.verb for e in events_of(row)] == ["flow_parameter.set", "flow_parameter.set", "flow_parameter.reset"]


def test_matters_and_tasks_are_read_only_in_the_admin(client, office):
    matter = do_create_memo(office.member, title="只读")
    client.force_login(office.admin)
    assert client.get("/admin/engine/matter/").status_code == 200
    assert client.get(f"/admin/engine/matter/{matter.pk}/change/").status_code == 200
    assert client.get("/admin/engine/matter/add/").status_code == 403
    client.post(f"/admin/engine/matter/{matter.pk}/change/", {"title": "改了"})
    assert Matter.objects.get(pk=matter.pk).title == "只读"
    assert client.get("/admin/engine/task/").status_code == 200
    assert client.get("/admin/memos/memo/").status_code == 200


def test_admin_hides_matters_above_the_viewers_clearance(client, office):
    secret = do_create_memo(office.leader, title="机密：不可见", classification=1, classification_period="1年")
    client.force_login(office.admin)
    listing = client.get("/admin/engine/matter/").content.decode()
    assert "不可见" not in listing
    assert client.get(f"/admin/engine/matter/{secret.pk}/change/").status_code == 302
