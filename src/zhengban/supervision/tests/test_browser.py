"""A bulk XLSX progress update with one bad row is refused whole, with the row named, in English and Chinese."""

import datetime

import pytest
from openpyxl import Workbook

from zhengban.browser_testing import open_as
from zhengban.engine.actions import do_transition
from zhengban.supervision.actions import do_open_supervision_item
from zhengban.supervision.models import ProgressReport

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = "/tmp/supervision-ui"


def spreadsheet(path, rows):
    book = Workbook()
    book.active.append(["number", "progress", "text"])
    for row in rows:
        book.active.append(list(row))
    book.save(path)
    return str(path)


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_bulk_update_with_a_bad_row_is_refused_whole(office, browser, live_server, language, tmp_path):
    items = []
    for title in ("推进老旧小区改造", "新建中小学校"):
        matter = do_open_supervision_item(office.officer, source="annual-key-task", title=title, body="",
                                          lead_unit=office.unit, due=datetime.date(2030, 6, 30))
        items.append(do_transition(office.member, matter, "sign", {}))
    page = open_as(browser, live_server, "member", language)
    page.goto(live_server.url + "/supervision/progress/")
    page.set_input_files("#bulk-file", spreadsheet(tmp_path / "bad.xlsx", [
        (items[0].number, 40, "已完成12个小区"), (items[1].number, 140, "进度填错"),
    ]))
    page.click("form.bulk-upload button[type=submit]")
    page.wait_for_selector("#bulk-preview")
    bad = page.locator("#bulk-preview tr[data-row='3'] .row-problem").inner_text()
    assert bad.strip() != "" and page.locator("#bulk-preview tr[data-row='2'] .row-problem").inner_text().strip() == ""
    assert page.locator("#bulk-apply").count() == 0
    assert {"en": "row 3", "zh-hans": "第3行"}[language] in page.locator(".bulk-message").inner_text()
    page.screenshot(path=f"{SHOTS}/bulk-refused-{language}.png", full_page=True)
    assert not ProgressReport.objects.exists()

    page.set_input_files("#bulk-file", spreadsheet(tmp_path / "good.xlsx", [
        (items[0].number, 40, "已完成12个小区"), (items[1].number, 35, "已开工4所"),
    ]))
    page.click("form.bulk-upload button[type=submit]")
    page.click("#bulk-apply")
    page.wait_for_selector(".bulk-applied")
    assert ProgressReport.objects.count() == 2
