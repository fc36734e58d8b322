"""In a real browser, in English and Chinese: an executive meeting from topic proposal to signed minutes."""

import re

import pytest

from zhengban.browser_testing import open_as
from zhengban.engine.models import Matter
from zhengban.meetings.models import Decision, Meeting

from .helpers import a_decision, schedule

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = "/tmp/meetings-ui"


def submit(page, selector):
    with page.expect_navigation():
        page.click(selector)


def take(page, live_server, matter_pk, action):
    """Take a flow step as a person does: the action's button on the matter page, then its form."""
    before = Matter.objects.get(pk=matter_pk).version
    page.goto(f"{live_server.url}/matters/{matter_pk}/")
    page.click(f"#matter-content [data-action={action}]")
    page.wait_for_selector("#action-panel form.action-form")
    page.click("#action-panel form.action-form button[type=submit]")
    for _ in range(100):
        if Matter.objects.get(pk=matter_pk).version != before:
            return
        page.wait_for_timeout(100)
    raise AssertionError(f"{action} was not taken")


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_executive_meeting_from_topic_proposal_to_signed_minutes(office, browser, live_server, language, tmp_path):
    meeting = schedule(office)
    materials = tmp_path / "方案.pdf"
    materials.write_bytes(b"%PDF-1.4\n%%EOF\n")

    department = open_as(browser, live_server, "other", language)
    department.goto(live_server.url + "/meetings/topics/new/")
    department.fill("#topic-title", "关于加快老旧小区改造的议题")
    department.select_option("#topic-leader", "vicemayor")
    department.set_input_files("#topic-materials", str(materials))
    submit(department, "form.meeting-form button[type=submit]")
    topic_pk = int(re.search(r"/matters/(\d+)/", department.url).group(1))

    take(open_as(browser, live_server, "vicemayor", language), live_server, topic_pk, "agree")
    mayor = open_as(browser, live_server, "mayor", language)
    mayor.goto(f"{live_server.url}/matters/{topic_pk}/")
    mayor.select_option("#schedule-meeting-choice", str(meeting.pk))
    submit(mayor, "#schedule-topic button[type=submit]")

    clerk = open_as(browser, live_server, "member", language)
    clerk.goto(f"{live_server.url}/meetings/{meeting.pk}/")
    assert clerk.locator(".agenda-list li").count() == 1 and clerk.locator(".flag-missing-materials").count() == 0
    for step in ("send-notice", "hold"):
        take(clerk, live_server, meeting.pk, step)
        if step == "send-notice":
            clerk.goto(f"{live_server.url}/meetings/{meeting.pk}/")
            row = clerk.locator("tr[data-person='vicemayor'] form.sign-in-form")
            row.locator("select[name=status]").select_option("excused")
            row.locator("input[name=reason]").fill("在省里开会")
            with clerk.expect_navigation():
                row.locator("button[type=submit]").click()
            assert "在省里开会" in clerk.locator("tr[data-person='vicemayor'] .sign-in-status").inner_text()
    take(clerk, live_server, meeting.pk, "draft-minutes")
    clerk.goto(f"{live_server.url}/meetings/{meeting.pk}/")
    assert "关于加快老旧小区改造" in clerk.locator("#minutes-text").input_value()
    decision = a_decision()
    clerk.fill("textarea[name=text-0]", decision["text"])
    clerk.select_option("select[name=lead-0]", decision["lead_unit"])
    clerk.fill("input[name=due-0]", decision["due"])
    submit(clerk, "#save-minutes")
    take(clerk, live_server, meeting.pk, "submit-minutes")
    take(open_as(browser, live_server, "leader", language), live_server, meeting.pk, "pass-review")
    take(mayor, live_server, meeting.pk, "sign-minutes")

    mayor.goto(f"{live_server.url}/meetings/{meeting.pk}/")
    number = Meeting.objects.get(pk=meeting.pk).matter.number
    assert re.fullmatch(r"纪要〔20\d\d〕1号", number)
    assert mayor.locator(".minutes-number").inner_text() == number
    assert mayor.locator("#minutes-pdf").count() == 1
    assert mayor.locator("tr[data-decision='1']").count() == 1
    mayor.screenshot(path=f"{SHOTS}/meeting-signed-{language}.png", full_page=True)
    assert Decision.objects.get(meeting_id=meeting.pk).text == decision["text"]
