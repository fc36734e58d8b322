"""A suggestion from import to the author's feedback, in a real browser, in English and Chinese."""

import pytest

from zhengban.browser_testing import act, open_as
from zhengban.suggestions.models import ReplyLetter, Suggestion

from .conftest import ROWS, workbook

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = "/tmp/suggestions-ui"


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_a_suggestion_from_import_to_the_authors_feedback(office, session, browser, live_server, language, tmp_path):
    path = tmp_path / "session.xlsx"
    path.write_bytes(workbook(ROWS))
    officer = open_as(browser, live_server, "officer", language)
    officer.goto(f"{live_server.url}/suggestions/sessions/{session.pk}/import/")
    officer.set_input_files("#import-file", str(path))
    officer.click("form.import-upload button[type=submit]")
    officer.wait_for_selector("#import-preview")
    officer.click("#import-apply")
    officer.wait_for_selector(".import-done")
    assert Suggestion.objects.count() == 3
    matter = Suggestion.objects.get(number="1").matter

    officer.goto(f"{live_server.url}/matters/{matter.pk}/")
    assert {"en": "Lead unit", "zh-hans": "主办单位"}[language] not in officer.locator(".suggestion-facts").inner_text()
    act(officer, "assign", {"select[name=lead_unit]": office.unit.code})
    officer.wait_for_selector("text=" + {"en": "Awaiting the unit's sign-off", "zh-hans": "待签收"}[language])

    member = open_as(browser, live_server, "member", language)
    member.goto(f"{live_server.url}/matters/{matter.pk}/")
    act(member, "accept")
    member.wait_for_selector("text=" + {"en": "Being handled", "zh-hans": "办理中"}[language])
    act(member, "reply", {"select[name=result_code]": "A", "textarea[name=reply]": "已将湘江衡阳段生态修复列入年度重点工作。"})
    member.wait_for_selector("#suggestion-letters")
    assert ReplyLetter.objects.filter(suggestion_id=matter.pk).count() == 2
    with member.expect_download() as letter:
        member.click("#suggestion-letters a:has-text('PDF')")
    assert letter.value.suggested_filename.endswith(".pdf")

    officer.goto(f"{live_server.url}/matters/{matter.pk}/")
    act(officer, "feedback", {"select[name=feedback]": "satisfied"})
    officer.wait_for_selector(".suggestion-feedback")
    assert {"en": "Satisfied", "zh-hans": "满意"}[language] in officer.locator(".suggestion-feedback").inner_text()
    officer.screenshot(path=f"{SHOTS}/closed-{language}.png", full_page=True)
    matter.refresh_from_db()
    assert matter.state == "closed"
    officer.goto(f"{live_server.url}/suggestions/statistics/")
    assert "100.0%" in officer.locator("#suggestion-statistics").inner_text()
