"""The suggestion flow with real dates: assignment with routing's advice, the unit's return within
its limit, co-units' views within a month, the reply within 3 months (6 at most), result codes,
feedback, merging and supervision."""

import datetime

import pytest
from django.utils import timezone

from zhengban.audit.models import Event
from zhengban.core.errors import ActionError, Conflict, NotAllowed
from zhengban.engine.actions import available_transitions, do_transition
from zhengban.engine.generic import do_countersign, return_targets
from zhengban.engine.models import MatterLink, Task, TaskKind, TaskState
from zhengban.engine.parameter_actions import do_set_flow_parameter
from zhengban.engine.models import FlowParameter
from zhengban.suggestions.models import FeedbackRecord, ReplyLetter, ResultCode, Suggestion, UnitReturn

pytestmark = pytest.mark.django_db


def local_day(moment):
    return timezone.localtime(moment).date()


def assign(office, matter, lead=None, co_units=()):
    return do_transition(office.officer, matter, "assign",
                         {"lead_unit": (lead or office.unit).code, "co_units": [u.code for u in co_units]})


def verbs(matter):
    return list(Event.objects.filter(subject_type="engine.matter", subject_id=matter.pk).values_list("verb", flat=True))


def test_assignment_by_the_office_records_routing_advice_and_the_deadlines(office, imported, clock):
    clock.set(datetime.date(2026, 3, 10))
    matter = assign(office, imported[0], co_units=[office.other_unit])
    item = Suggestion.objects.get(pk=matter.pk)
    assert matter.state == "assigned" and matter.lead_unit == office.unit
    assert local_day(matter.due_at) == datetime.date(2026, 6, 10)  # 3 calendar months
    assert local_day(item.return_by) == datetime.date(2026, 3, 17)  # 5 working days
    assert isinstance(item.recommended_unit, str)
    lead_task = Task.objects.get(matter=matter, state=TaskState.OPEN)
    assert lead_task.assignee_unit == office.unit and lead_task.due_at == matter.due_at
    assert "suggestion.assign" in verbs(matter)


def test_only_the_office_assigns_and_a_unit_cannot_pass_an_item_on(office, imported, clock):
    clock.set(datetime.date(2026, 3, 10))
    with pytest.raises(NotAllowed):
        do_transition(office.chief, imported[0], "assign", {"lead_unit": office.unit.code})
    matter = assign(office, imported[0])
    names = {t.name for t in available_transitions(office.member, matter)}
    assert names == {"accept", "return-to-office"}
    with pytest.raises(Conflict):  # assigning again is the office's step, and only from the registry
        do_transition(office.chief, matter, "assign", {"lead_unit": office.other_unit.code})
    assert return_targets(matter) == []  # no generic way back around the time limit
    matter.refresh_from_db()
    assert matter.lead_unit == office.unit


def test_a_unit_returns_an_item_within_the_limit_with_a_reason(office, imported, clock):
    clock.set(datetime.date(2026, 3, 10))
    matter = assign(office, imported[0], co_units=[office.other_unit])
    clock.set(datetime.datetime(2026, 3, 17, 18, tzinfo=timezone.get_current_timezone()))
    with pytest.raises(ActionError):
        do_transition(office.member, matter, "return-to-office", {})
    matter = do_transition(office.member, matter, "return-to-office", {"reason": "属城建科职责"})
    assert matter.state == "registered" and matter.lead_unit is None and matter.due_at is None
    assert not matter.co_units.exists()
    back = UnitReturn.objects.get(suggestion_id=matter.pk)
    assert back.unit == office.unit and back.reason == "属城建科职责"
    office_task = Task.objects.get(matter=matter, state=TaskState.OPEN)
    assert office_task.assignee_unit == office.supervision and office_task.assignee_role == "supervision-officer"
    matter = assign(office, matter, lead=office.third_unit)
    assert matter.lead_unit == office.third_unit


def test_a_return_after_the_limit_is_refused(office, imported, clock):
    clock.set(datetime.date(2026, 3, 10))
    matter = assign(office, imported[0])
    clock.set(datetime.date(2026, 3, 18))
    with pytest.raises(ActionError) as refused:
        do_transition(office.member, matter, "return-to-office", {"reason": "不是我们的事"})
    assert refused.value.code == "return_limit_passed" and "2026-03-17" in str(refused.value.message)
    matter.refresh_from_db()
    assert matter.state == "assigned" and not UnitReturn.objects.exists()


def test_co_unit_views_are_due_a_calendar_month_after_assignment(office, imported, clock):
    clock.set(datetime.date(2026, 3, 10))
    matter = assign(office, imported[0], co_units=[office.other_unit])
    clock.set(datetime.date(2026, 3, 12))
    matter = do_transition(office.member, matter, "accept", {})
    views = Task.objects.get(matter=matter, kind=TaskKind.COUNTERSIGN)
    assert views.assignee_unit == office.other_unit
    assert local_day(views.due_at) == datetime.date(2026, 4, 10)
    with pytest.raises(ActionError) as waiting:
        do_transition(office.member, matter, "reply", {"result_code": "A", "reply": "已解决"})
    assert waiting.value.code == "countersign_pending"
    do_countersign(office.other_member, views, agree=True, opinion="同意主办单位意见")
    matter = do_transition(office.member, matter, "reply", {"result_code": "B", "reply": "正在解决"})
    assert matter.state == "replied"


def test_a_month_ending_in_the_national_day_holiday_rolls_to_the_next_working_day(office, imported, clock):
    clock.set(datetime.date(2026, 9, 1))
    matter = assign(office, imported[0], co_units=[office.other_unit])
    matter = do_transition(office.member, matter, "accept", {})
    views = Task.objects.get(matter=matter, kind=TaskKind.COUNTERSIGN)
    assert local_day(views.due_at) == datetime.date(2026, 10, 8)  # 10-01 … 10-07 are holidays
    assert local_day(matter.due_at) == datetime.date(2026, 12, 1)


def test_the_reply_limit_is_a_parameter_capped_at_six_months(office, imported, clock):
    clock.set(datetime.date(2026, 3, 10))
    do_set_flow_parameter(office.admin, "suggestion", "reply_within", [6, "months"])
    matter = assign(office, imported[0])
    assert local_day(matter.due_at) == datetime.date(2026, 9, 10)
    for value in ([7, "months"], [200, "calendar_days"]):
        with pytest.raises(ActionError) as refused:
            do_set_flow_parameter(office.admin, "suggestion", "reply_within", value)
        assert refused.value.code == "reply_limit_cap"
    assert FlowParameter.objects.get(flow="suggestion", key="reply_within").value == [6, "months"]


def test_reply_with_a_result_code_writes_one_letter_per_author(office, imported, clock):
    clock.set(datetime.date(2026, 3, 10))
    matter = do_transition(office.member, assign(office, imported[0]), "accept", {})
    with pytest.raises(ActionError) as bad:
        do_transition(office.member, matter, "reply", {"result_code": "Z", "reply": "答复"})
    assert "result_code" in bad.value.fields
    with pytest.raises(NotAllowed):
        do_transition(office.other_member, matter, "reply", {"result_code": "A", "reply": "答复"})
    clock.set(datetime.date(2026, 5, 20))
    matter = do_transition(office.member, matter, "reply", {"result_code": "A", "reply": "已采纳并落实。"})
    item = Suggestion.objects.get(pk=matter.pk)
    assert item.result_code == "A" and item.replied_on_time is True
    letters = ReplyLetter.objects.filter(suggestion=item)
    assert sorted(letter.author.name for letter in letters) == ["代表李某（示例）", "代表王某（示例）"]
    assert {letter.result_code for letter in letters} == {"A"}
    office_task = Task.objects.get(matter=matter, state=TaskState.OPEN)
    assert office_task.assignee_role == "supervision-officer"


def test_result_codes_are_data_the_office_can_extend(office, imported, clock):
    from zhengban.suggestions.actions import do_save_result_code

    clock.set(datetime.date(2026, 3, 10))
    with pytest.raises(NotAllowed):
        do_save_result_code(office.member, code="E", label_zh="其他", label_en="Other")
    do_save_result_code(office.officer, code="E", label_zh="其他", label_en="Other", sort_order=5)
    do_save_result_code(office.officer, code="D", label_zh="留作参考", label_en="Reference", sort_order=4, active=False)
    matter = do_transition(office.member, assign(office, imported[0]), "accept", {})
    with pytest.raises(ActionError):
        do_transition(office.member, matter, "reply", {"result_code": "D", "reply": "答复"})
    matter = do_transition(office.member, matter, "reply", {"result_code": "E", "reply": "答复"})
    assert Suggestion.objects.get(pk=matter.pk).result_code == "E"
    assert list(ResultCode.objects.filter(active=True).values_list("code", flat=True)) == ["A", "B", "C", "E"]
    assert Event.objects.filter(verb="suggestion.result-code-saved").count() == 2


def test_a_late_reply_is_not_on_time(office, imported, clock):
    clock.set(datetime.date(2026, 3, 10))
    matter = do_transition(office.member, assign(office, imported[0]), "accept", {})
    clock.set(datetime.date(2026, 6, 11))
    do_transition(office.member, matter, "reply", {"result_code": "C", "reply": "留待以后解决"})
    assert Suggestion.objects.get(pk=matter.pk).replied_on_time is False


def replied(office, matter, clock, day=datetime.date(2026, 3, 10)):
    clock.set(day)
    matter = do_transition(office.member, assign(office, matter), "accept", {})
    return do_transition(office.member, matter, "reply", {"result_code": "B", "reply": "正在解决"})


def test_satisfied_feedback_closes_the_item(office, imported, clock):
    matter = replied(office, imported[0], clock)
    with pytest.raises(NotAllowed):
        do_transition(office.member, matter, "feedback", {"feedback": "satisfied"})
    matter = do_transition(office.officer, matter, "feedback", {"feedback": "basically-satisfied", "note": "电话回访"})
    assert matter.state == "closed" and matter.closed_at is not None
    assert Suggestion.objects.get(pk=matter.pk).feedback == "basically-satisfied"
    assert FeedbackRecord.objects.get(suggestion_id=matter.pk).note == "电话回访"


def test_dissatisfied_feedback_reopens_handling_with_a_new_deadline(office, imported, clock):
    matter = replied(office, imported[0], clock)
    clock.set(datetime.date(2026, 5, 6))
    matter = do_transition(office.officer, matter, "dissatisfied", {"reason": "停车位仍不足"})
    item = Suggestion.objects.get(pk=matter.pk)
    assert matter.state == "handling" and item.feedback == "dissatisfied" and item.round == 2
    assert local_day(matter.due_at) == datetime.date(2026, 6, 8)  # 06-06 is a Saturday: rolled to Monday
    task = Task.objects.get(matter=matter, state=TaskState.OPEN)
    assert task.assignee_unit == office.unit and task.due_at == matter.due_at
    matter = do_transition(office.member, matter, "reply", {"result_code": "A", "reply": "已新增车位300个"})
    assert ReplyLetter.objects.filter(suggestion=item, round=2).count() == 2
    assert Suggestion.objects.get(pk=matter.pk).replied_on_time is True  # the first reply's punctuality stands
    matter = do_transition(office.officer, matter, "feedback", {"feedback": "satisfied"})
    assert matter.state == "closed"
    assert "suggestion.dissatisfied" in verbs(matter)


def test_merged_items_close_and_every_author_gets_the_reply(office, imported, clock):
    clock.set(datetime.date(2026, 3, 10))
    primary, duplicate = imported[1], imported[2]
    with pytest.raises(ActionError):
        do_transition(office.officer, duplicate, "merge", {"into": "99"})
    with pytest.raises(ActionError):
        do_transition(office.officer, duplicate, "merge", {"into": "3"})
    duplicate = do_transition(office.officer, duplicate, "merge", {"into": "2"})
    assert duplicate.state == "merged" and duplicate.closed_at is not None
    assert MatterLink.objects.filter(source=duplicate, target=primary, kind="duplicate-of").exists()
    replied(office, primary, clock)
    letters = ReplyLetter.objects.filter(suggestion_id=primary.pk)
    by_item = {(letter.author.suggestion.number, letter.author.name) for letter in letters}
    assert by_item == {("2", "代表张某（示例）"), ("3", "代表赵某（示例）"), ("3", "代表钱某（示例）")}
    assert Suggestion.objects.get(pk=duplicate.pk).result_code == "B"


def test_an_item_with_merged_items_cannot_itself_be_merged(office, imported, clock):
    clock.set(datetime.date(2026, 3, 10))
    do_transition(office.officer, imported[2], "merge", {"into": "2"})
    with pytest.raises(ActionError):
        do_transition(office.officer, imported[1], "merge", {"into": "1"})


def test_split_handling_gives_each_unit_its_own_part(office, imported, clock):
    clock.set(datetime.date(2026, 3, 10))
    with pytest.raises(ActionError):
        do_transition(office.officer, imported[0], "split", {"units": [office.unit.code]})
    parent = do_transition(office.officer, imported[0], "split", {"units": [office.unit.code, office.third_unit.code]})
    assert parent.state == "split" and parent.closed_at is not None
    parts = list(Suggestion.objects.filter(parent_id=parent.pk).select_related("matter").order_by("number"))
    assert [p.number for p in parts] == ["1-1", "1-2"]
    assert [p.matter.lead_unit for p in parts] == [office.unit, office.third_unit]
    assert all(p.matter.state == "assigned" for p in parts)
    assert [a.name for a in parts[1].authors.all()] == ["代表李某（示例）", "代表王某（示例）"]
    do_transition(office.third_member, do_transition(office.third_member, parts[1].matter, "accept", {}),
                  "reply", {"result_code": "A", "reply": "城建部分已解决"})
    assert ReplyLetter.objects.filter(suggestion=parts[1]).count() == 2
    assert Suggestion.objects.get(pk=parts[0].pk).matter.state == "assigned"


def test_a_suggestion_becomes_a_supervision_item_linked_to_it(office, imported, clock):
    from zhengban.suggestions.actions import do_open_supervision_for
    from zhengban.supervision.models import SupervisionItem

    clock.set(datetime.date(2026, 3, 10))
    with pytest.raises(Conflict):
        do_open_supervision_for(office.officer, imported[0], due=datetime.date(2026, 6, 30))
    matter = assign(office, imported[0], co_units=[office.other_unit])
    with pytest.raises(NotAllowed):
        do_open_supervision_for(office.member, matter, due=datetime.date(2026, 6, 30))
    item = do_open_supervision_for(office.officer, matter, due=datetime.date(2026, 6, 30))
    assert SupervisionItem.objects.get(pk=item.pk).source == "deputy-suggestion"
    assert item.lead_unit == office.unit and list(item.co_units.all()) == [office.other_unit]
    assert MatterLink.objects.filter(source=item, target=matter, kind="follow-up-of").exists()
    assert "suggestion.supervised" in verbs(matter)
    with pytest.raises(Conflict):
        do_open_supervision_for(office.officer, matter, due=datetime.date(2026, 6, 30))
