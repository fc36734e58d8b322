"""A liaison memo end to end in a real browser, in English and in Chinese."""

import pytest

from zhengban.browser_testing import act, expect_state, open_as

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = "/tmp/engine-ui"

LABELS = {
    "en": {"sent": "Awaiting acceptance", "accepted": "Being handled", "handled": "Reply awaiting approval",
           "replied": "Replied", "closed": "Closed", "inbox": "Inbox"},
    "zh-hans": {"sent": "待受理", "accepted": "办理中", "handled": "待审核答复", "replied": "已答复", "closed": "已办结",
                "inbox": "收件箱"},
}


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_memo_sent_accepted_handled_replied_confirmed(office, browser, live_server, language):
    labels = LABELS[language]
    clerk = open_as(browser, live_server, "member", language)
    clerk.goto(live_server.url + "/memos/new/")
    clerk.fill("#memo-title", "关于提供2026年第三季度经济运行数据的联系单")
    clerk.fill("#memo-body", "请于本月底前提供第三季度主要经济指标。")
    clerk.click("form.memo-form button[type=submit]")
    clerk.wait_for_selector("#matter-content")
    matter_url = clerk.url
    act(clerk, "send", {"select[name=lead_unit]": "economic-affairs", "input[name=requested_by]": "2026-12-18"})
    expect_state(clerk, labels["sent"])
    assert "联系单〔" in clerk.inner_text(".matter-number")
    clerk.screenshot(path=f"{SHOTS}/matter-sent-{language}.png", full_page=True)

    other = open_as(browser, live_server, "other", language)
    other.goto(live_server.url + "/inbox/")
    assert other.locator("h1").inner_text() == labels["inbox"]
    other.screenshot(path=f"{SHOTS}/inbox-{language}.png", full_page=True)
    other.click("#inbox-table a:has-text('第三季度经济运行数据')")
    act(other, "accept")
    expect_state(other, labels["accepted"])
    act(other, "handle")
    other.wait_for_selector("#action-panel .errorlist")  # the result is required: shown inline
    other.screenshot(path=f"{SHOTS}/form-error-{language}.png", full_page=True)
    other.fill("#action-panel textarea[name=result]", "已整理第三季度GDP、工业增加值等数据。")
    other.click("#action-panel form.action-form button[type=submit]")
    expect_state(other, labels["handled"])

    chief = open_as(browser, live_server, "otherchief", language)
    chief.goto(matter_url)
    act(chief, "reply", {"textarea[name=reply]": "数据见附件，请查收。"})
    expect_state(chief, labels["replied"])

    clerk.goto(matter_url)
    act(clerk, "confirm")
    expect_state(clerk, labels["closed"])
    assert "数据见附件" in clerk.inner_text(".memo-reply")
    clerk.screenshot(path=f"{SHOTS}/matter-closed-{language}.png", full_page=True)

    phone = open_as(browser, live_server, "member", language, width=390)
    phone.goto(matter_url)
    phone.screenshot(path=f"{SHOTS}/matter-phone-{language}.png", full_page=True)
    phone.goto(live_server.url + "/memos/")
    assert labels["closed"] in phone.inner_text("#memo-table")
    phone.screenshot(path=f"{SHOTS}/memos-phone-{language}.png", full_page=True)
