import pytest

from zhengban.audit.models import Event
from zhengban.core.errors import ActionError, NotAllowed
from zhengban.engine.models import Matter
from zhengban.suggestions.importing import do_import_suggestions, preview
from zhengban.suggestions.models import Author, Suggestion

from .conftest import ROWS, workbook

pytestmark = pytest.mark.django_db


def test_a_valid_file_opens_one_item_per_row_with_its_authors(office, session):
    matters = do_import_suggestions(office.officer, session, workbook(ROWS))
    assert [m.number for m in matters] == ["建议第1号", "建议第2号", "建议第3号"]
    first = Suggestion.objects.get(pk=matters[0].pk)
    assert first.session == session and first.kind == "npc" and first.category == "生态环境"
    assert [a.name for a in first.authors.all()] == ["代表李某（示例）", "代表王某（示例）"]
    assert first.lead_author.name == "代表李某（示例）"
    assert [a.name for a in Suggestion.objects.get(number="3").authors.all()] == ["代表赵某（示例）", "代表钱某（示例）"]
    assert all(m.state == "registered" and m.type == "suggestion" for m in Matter.objects.filter(pk__in=[m.pk for m in matters]))
    assert Event.objects.filter(verb="suggestion.imported", subject_id=session.pk).count() == 1


def test_chinese_headers_are_understood(office, session):
    reordered = [(r[1], r[2], r[0], r[3], r[4]) for r in ROWS[:1]]
    matters = do_import_suggestions(office.officer, session, workbook(reordered, header=("案由", "提出人", "编号", "内容", "类别")))
    assert matters[0].title == ROWS[0][1] and matters[0].number == "建议第1号"


def test_an_invalid_file_is_refused_whole_with_its_rows_named(office, session):
    rows = [*ROWS, ("2", "重复编号", "代表甲（示例）", "正文", ""), ("4", "", "代表乙（示例）", "正文", ""),
            ("5", "标题", "代表丙（示例）", "", ""), ("6", "标题", "", "正文", "")]
    sheet = preview(office.officer, session, workbook(rows))
    assert not sheet.valid
    problems = {r.row: r.error for r in sheet.rows if r.errors}
    assert set(problems) == {5, 6, 7, 8}
    assert "repeats row 3" in problems[5] and "title is empty" in problems[6]
    assert "text is empty" in problems[7] and "No author" in problems[8]
    with pytest.raises(ActionError) as refused:
        do_import_suggestions(office.officer, session, workbook(rows))
    assert "row 5, row 6, row 7, row 8" in str(refused.value.message)
    assert refused.value.code == "invalid_rows"
    assert not Matter.objects.filter(type="suggestion").exists() and not Author.objects.exists()


def test_missing_columns_are_named(office, session):
    with pytest.raises(ActionError) as refused:
        do_import_suggestions(office.officer, session, workbook([("1", "标题")], header=("number", "title")))
    assert refused.value.code == "missing_columns"
    assert "authors, text, category" in str(refused.value.message)


def test_numbers_already_imported_are_refused(office, session, imported):
    sheet = preview(office.officer, session, workbook([("3", "又一条", "代表丁（示例）", "正文", ""), ("9", "新", "代表戊（示例）", "正文", "")]))
    assert [r.row for r in sheet.rows if r.errors] == [2]
    assert "already been imported" in sheet.rows[0].error
    with pytest.raises(ActionError):
        do_import_suggestions(office.officer, session, workbook([("3", "又一条", "代表丁（示例）", "正文", "")]))
    assert Suggestion.objects.count() == 3


def test_not_a_spreadsheet_and_not_the_office_are_refused(office, session):
    with pytest.raises(ActionError, match="not an XLSX"):
        do_import_suggestions(office.officer, session, b"number,title\n1,x")
    with pytest.raises(NotAllowed):
        do_import_suggestions(office.member, session, workbook(ROWS))
    assert not Suggestion.objects.exists()
