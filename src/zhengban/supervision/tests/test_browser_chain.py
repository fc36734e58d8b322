"""In a real browser, in English and Chinese: a meeting decision becomes a supervision item, which the
lead unit signs for and reports on, gets extended, reports completed, and the Supervision Office
verifies and closes (督办事项 from 决定事项 to 销号)."""

import datetime
from importlib import import_module

import pytest
from django.apps import apps as django_apps
from django.utils import timezone

from zhengban.browser_testing import act, expect_state, open_as
from zhengban.core.models import DocumentPrefix, RoleCode
from zhengban.engine.actions import do_transition
from zhengban.meetings.models import Decision, Room
from zhengban.meetings.tests.helpers import a_decision, schedule, to_minutes_signing
from zhengban.supervision.models import ExtensionRequest, SupervisionItem

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = "/tmp/supervision-ui"

STATES = {
    "en": {"assigned": "Awaiting sign-off", "in-progress": "In progress", "completed": "Completion reported",
           "verified": "Verified", "closed": "Closed (销号)"},
    "zh-hans": {"assigned": "待签收", "in-progress": "办理中", "completed": "待核实", "verified": "已核实",
                "closed": "已销号"},
}


@pytest.fixture
def handed_over(office, make_person):
    """An executive meeting whose signed minutes hold one decision for the Economic Affairs Section,
    handed over by the Supervision Office: the decision's supervision item, assigned."""
    from zhengban.engine.parameters import clear_cache

    clear_cache()
    office.mayor = make_person("mayor", unit=office.office, roles=[RoleCode.MAYOR], full_name="样例·市长", clearance=3)
    office.room = Room.objects.create(code="room-1", name_zh="市政府第一会议室", name_en="Meeting Room 1", capacity=40)
    DocumentPrefix.objects.create(code="minutes", prefix="纪要", name_zh="会议纪要", name_en="Minutes")
    # Tests with transaction=True flush the tables, and with them the meeting types a data migration added.
    import_module("zhengban.meetings.migrations.0002_meeting_types").add_types(django_apps, None)
    meeting = to_minutes_signing(office, schedule(office), [a_decision(lead="economic-affairs", days=60)])
    meeting = do_transition(office.mayor, meeting, "sign-minutes", {})
    do_transition(office.officer, meeting, "hand-over", {"cadence": "monthly"})
    yield Decision.objects.select_related("item").get(meeting_id=meeting.pk).item
    clear_cache()


def matter_due(page):
    """The matter's deadline as shown in its facts (the tasks' own dates are listed elsewhere)."""
    return page.locator("#matter-content dd > span.due time").get_attribute("datetime")[:10]


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_decision_to_closed_item(office, handed_over, browser, live_server, language):
    item, states = handed_over, STATES[language]
    assert SupervisionItem.objects.get(pk=item.pk).source == "meeting-decision"
    url = f"{live_server.url}/matters/{item.pk}/"
    first_due = timezone.localdate() + datetime.timedelta(days=60)
    new_due = timezone.localdate() + datetime.timedelta(days=90)

    unit = open_as(browser, live_server, "other", language)
    unit.goto(url)
    expect_state(unit, states["assigned"])
    assert matter_due(unit) == first_due.isoformat()
    act(unit, "sign")
    expect_state(unit, states["in-progress"])
    act(unit, "report", {"[name=progress]": "50", "[name=text]": "已完成60个小区改造，其余已开工。"})
    unit.wait_for_function("() => document.querySelector('.supervision-progress')?.textContent.trim() === '50%'")
    expect_state(unit, states["in-progress"])

    unit.goto(url)
    unit.click("#matter-content details:has(form[action$='/extension/']) > summary")
    extension_form = unit.locator("#matter-content form[action$='/extension/']")
    extension_form.locator("[name=new_due]").fill(new_due.isoformat())
    extension_form.locator("[name=reason]").fill("汛期影响施工，申请顺延一个月。")
    with unit.expect_navigation():
        extension_form.locator("button[type=submit]").click()
    assert ExtensionRequest.objects.get(item_id=item.pk).state == "pending"

    officer = open_as(browser, live_server, "officer", language)
    officer.goto(url)
    with officer.expect_navigation():
        # The decision form follows its paragraph: a <form> ends the <p> it is written in.
        officer.click("#matter-content form[action*='/extensions/'] button[name=approve][value='1']")
    assert {"en": "Approved", "zh-hans": "已批准"}[language] in officer.locator("#matter-content p.extension").inner_text()
    assert matter_due(officer) == new_due.isoformat()
    expect_state(officer, states["in-progress"])

    unit.goto(url)
    assert matter_due(unit) == new_due.isoformat()
    act(unit, "complete", {"[name=report]": "120个小区改造全部完工，已通过验收。"})
    expect_state(unit, states["completed"])

    officer.goto(url)
    expect_state(officer, states["completed"])
    act(officer, "verify", {"select[name=rating]": "4", "[name=opinion]": "经实地核查属实。"})
    expect_state(officer, states["verified"])
    act(officer, "close")
    expect_state(officer, states["closed"])
    officer.screenshot(path=f"{SHOTS}/chain-closed-{language}.png", full_page=True)

    closed = SupervisionItem.objects.select_related("matter").get(pk=item.pk)
    assert closed.matter.state == "closed" and closed.quality_rating == 4 and closed.progress == 100
    assert closed.completed_on_time is True and timezone.localdate(closed.matter.due_at) == new_due
