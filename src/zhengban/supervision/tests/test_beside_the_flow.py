"""Extensions, lights, leaders' instructions, bulk spreadsheet reports and the assessment."""

import datetime
import io
from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook

from zhengban.audit.models import Event
from zhengban.core.errors import ActionError, Conflict, NotAllowed
from zhengban.engine.actions import do_transition
from zhengban.engine.models import Task
from zhengban.supervision.actions import (
    do_decide_extension, do_instruct, do_open_supervision_item, do_request_extension, do_set_assessment_scheme,
)
from zhengban.supervision.assessment import as_json, assess, assessment_xlsx
from zhengban.supervision.lights import item_light
from zhengban.supervision.models import ProgressReport, SupervisionItem
from zhengban.supervision.xlsx import do_apply_progress_xlsx, preview, template_xlsx

from .conftest import at

pytestmark = pytest.mark.django_db
D = datetime.date


def signed_item(office, clock, title="事项", due=D(2026, 6, 30), start=D(2026, 3, 2), **extra):
    clock.set(start)
    matter = do_open_supervision_item(office.officer, source=extra.pop("source", "annual-key-task"), title=title,
                                      body="", lead_unit=office.unit, due=due, **extra)
    return do_transition(office.member, matter, "sign", {})


def last_verb(matter):
    return Event.objects.filter(subject_type="engine.matter", subject_id=matter.pk).order_by("-seq").first().verb


def test_extension_before_due_approved_moves_the_due_date(office, clock):
    matter = signed_item(office, clock, leader=office.vice_mayor)
    clock.set(D(2026, 6, 1))
    extension = do_request_extension(office.member, matter, new_due="2026-07-31", reason="汛期影响施工。")
    approvers = {(t.assignee_role, t.assignee_person_id) for t in Task.objects.filter(matter=matter, kind="approve", state="open")}
    assert approvers == {("supervision-officer", None), ("", office.vice_mayor.pk)}
    with pytest.raises(NotAllowed):
        do_decide_extension(office.member, extension, approve=True)
    do_decide_extension(office.vice_mayor, extension, approve=True, note="同意。")
    matter.refresh_from_db()
    assert matter.due_at.date() == D(2026, 7, 31)
    event = Event.objects.filter(subject_id=matter.pk, verb="supervision.extension-approved").get()
    assert event.payload["due_after"].startswith("2026-07-31")
    assert not Task.objects.filter(matter=matter, kind="approve", state="open").exists()
    with pytest.raises(Conflict):
        do_decide_extension(office.officer, extension, approve=False)


def test_extension_refused_after_the_due_date(office, clock):
    matter = signed_item(office, clock)
    clock.set(D(2026, 7, 1))
    with pytest.raises(ActionError) as refused:
        do_request_extension(office.member, matter, new_due="2026-07-31", reason="来不及。")
    assert refused.value.code == "overdue"
    with pytest.raises(NotAllowed):
        clock.set(D(2026, 6, 1))
        do_request_extension(office.other_member, matter, new_due="2026-07-31", reason="x")
    assert last_verb(matter) == "supervision.sign"


def test_refused_extension_keeps_the_due_date(office, clock):
    matter = signed_item(office, clock)
    clock.set(D(2026, 6, 1))
    extension = do_request_extension(office.member, matter, new_due="2026-07-31", reason="原因")
    do_decide_extension(office.officer, extension, approve=False, note="理由不充分")
    matter.refresh_from_db()
    assert matter.due_at.date() == D(2026, 6, 30) and last_verb(matter) == "supervision.extension-refused"


def light_now(matter, now):
    item = SupervisionItem.objects.select_related("matter").get(pk=matter.pk)
    return item_light(item.matter.state, item.matter.due_at, item.assigned_at, item.progress, now)


def test_lights(office, clock):
    matter = signed_item(office, clock)  # assigned 2026-03-02 10:00, due 2026-06-30
    do_transition(office.member, matter, "report", {"progress": 30, "text": "起步"})
    assert light_now(matter, at(D(2026, 4, 1))) == "green"  # expected ~25 %, reported 30 %
    assert light_now(matter, at(D(2026, 5, 20))) == "yellow"  # expected ~77 %, 47 points behind
    do_transition(office.member, matter, "report", {"progress": 90, "text": "收尾"})
    assert light_now(matter, at(D(2026, 6, 10))) == "green"
    assert light_now(matter, at(D(2026, 6, 26))) == "yellow"  # 2 working days before the deadline
    assert light_now(matter, at(D(2026, 7, 1))) == "red"


def test_light_filters_agree_with_item_light(office, clock):
    from zhengban.supervision.lights import light_filters

    matter = signed_item(office, clock)
    for day, colour in ((D(2026, 3, 10), "green"), (D(2026, 5, 20), "yellow"), (D(2026, 6, 29), "yellow"), (D(2026, 7, 2), "red")):
        found = [c for c, q in light_filters(at(day)).items() if SupervisionItem.objects.filter(q, pk=matter.pk).exists()]
        assert found == [colour] == [light_now(matter, at(day))]


def test_leader_instruction_notifies_the_lead_unit(office, clock):
    matter = signed_item(office, clock)
    with pytest.raises(NotAllowed):
        do_instruct(office.member, matter, text="加快进度")
    do_instruct(office.vice_mayor, matter, text="请加快进度，月底前见成效。")
    read = Task.objects.get(matter=matter, kind="read", state="open")
    assert read.assignee_unit == office.unit
    assert last_verb(matter) == "supervision.instructed"


def sheet(*rows):
    book = Workbook()
    book.active.append(["number", "progress", "text"])
    for row in rows:
        book.active.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return io.BytesIO(out.getvalue())


def test_bulk_file_with_one_bad_row_is_refused_whole(office, clock):
    first = signed_item(office, clock, "甲")
    second = signed_item(office, clock, "乙")
    upload = sheet((first.number, 40, "甲已过半"), (second.number, 150, "乙"), ("督办〔2026〕99号", 10, "无"))
    shown = preview(office.member, upload)
    assert not shown["valid"]
    assert [r["error"] != "" for r in shown["rows"]] == [False, True, True]
    assert shown["rows"][0]["old"] == 0 and shown["rows"][0]["new"] == 40
    with pytest.raises(ActionError) as refused:
        do_apply_progress_xlsx(office.member, sheet((first.number, 40, "甲"), (second.number, 150, "乙")))
    assert "row 3" in refused.value.message and list(refused.value.fields) == ["row 3"]
    assert not ProgressReport.objects.exists()


def test_bulk_errors_for_other_units_backwards_and_empty_text(office, clock):
    mine = signed_item(office, clock, "甲")
    do_transition(office.member, mine, "report", {"progress": 50, "text": "半"})
    rows = preview(office.other_member, sheet((mine.number, 60, "x")))["rows"]
    assert rows[0]["error"] == "This is not your unit's item."
    rows = preview(office.member, sheet((mine.number, 40, "x"), (mine.number, 60, "y")))["rows"]
    assert "backwards" in rows[0]["error"] and "twice" in rows[1]["error"]
    assert "empty" in preview(office.member, sheet((mine.number, 60, "")))["rows"][0]["error"]


def test_valid_bulk_file_is_applied(office, clock):
    first = signed_item(office, clock, "甲")
    second = signed_item(office, clock, "乙")
    template = load_workbook(io.BytesIO(template_xlsx(office.member))).active
    assert [row[0] for row in template.iter_rows(min_row=2, values_only=True)] == [first.number, second.number]
    do_apply_progress_xlsx(office.chief, sheet((first.number, 40, "甲已过半"), (second.number, "55%", "乙")))
    assert dict(SupervisionItem.objects.values_list("matter__number", "progress")) == {first.number: 40, second.number: 55}
    assert ProgressReport.objects.filter(via_spreadsheet=True).count() == 2


def test_assessment_explains_every_point(office, clock):
    do_set_assessment_scheme(office.officer, 2026, on_time_points=40, verified_points=30, quality_points=30, red_deduction=5)
    with pytest.raises(NotAllowed):
        do_set_assessment_scheme(office.member, 2026, red_deduction=1)
    done = signed_item(office, clock, "甲")
    clock.set(D(2026, 6, 1))
    do_transition(office.member, done, "complete", {"report": "完成"})
    do_transition(office.officer, done, "verify", {"rating": "4"})
    signed_item(office, clock, "乙", due=D(2026, 5, 29))  # overdue on 2026-07-01
    scheme, ranking = assess(2026, at(D(2026, 7, 1)))
    (score,) = ranking
    assert [(l.rule, l.points) for l in score.lines] == [
        ("completed on time", Decimal("20.00")), ("completion verified", Decimal("15.00")),
        ("quality rated 4 of 5", Decimal("12.00")), ("red item (overdue)", Decimal("-5.00")),
    ]
    assert score.score == Decimal("42.00") == sum(l.points for l in score.lines)
    assert as_json(2026, at(D(2026, 7, 1)))["units"][0]["score"] == "42.00"
    book = load_workbook(io.BytesIO(assessment_xlsx(2026, at(D(2026, 7, 1)))))
    assert book.worksheets[0]["D2"].value == 42.0
