"""A letter end to end in a real browser, in English and in Chinese: registration by the petition
officer, forwarding, acceptance and the written reply by the responsible unit, and the petitioner's
rating on the public progress page."""

import pytest

from zhengban.browser_testing import act, expect_state, open_as
from zhengban.petitions.models import Petition

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LABELS = {
    "en": {"awaiting": "Awaiting acceptance", "accepted": "Being handled", "replied": "Replied",
           "public_replied": "Replied", "rating": "Satisfied (满意)", "locale": "en-US"},
    "zh-hans": {"awaiting": "待受理", "accepted": "办理中", "replied": "已答复",
                "public_replied": "已答复", "rating": "满意", "locale": "zh-CN"},
}


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_letter_from_registration_to_rated_reply(office, browser, live_server, language):
    labels = LABELS[language]
    officer = open_as(browser, live_server, "officer", language)
    officer.goto(live_server.url + "/petitions/new/")
    officer.select_option("#f-channel", "letter")
    officer.select_option("#f-category", "claim")
    officer.select_option("#f-place", "hengnan-county")
    officer.fill("#f-text", "衡南县某村道路年久失修，请求硬化村道。")
    officer.fill("#f-name", "张某（示例）")
    officer.fill("#f-phone", "13800000001")
    officer.click("form[action='/petitions/new/'] button[type=submit]")
    officer.wait_for_selector("#matter-content")
    assert "张某（示例）" in officer.inner_text(".petitioners")
    act(officer, "forward", {"select[name=handling_unit]": office.handling_unit.code})
    expect_state(officer, labels["awaiting"])

    handler = open_as(browser, live_server, "other", language)
    petition = Petition.objects.get()
    handler.goto(f"{live_server.url}/matters/{petition.pk}/")
    act(handler, "accept", {"textarea[name=notice]": "已受理，将在60日内办结。"})
    expect_state(handler, labels["accepted"])
    act(handler, "reply", {"select[name=outcome]": "support", "textarea[name=reply]": "村道硬化已列入2026年计划。"})
    expect_state(handler, labels["replied"])

    public = browser.new_context(locale=labels["locale"]).new_page()
    public.goto(f"{live_server.url}/public/petitions/status/?code={petition.query_code}")
    assert labels["public_replied"] in public.inner_text(".public-state")
    assert "村道硬化已列入2026年计划" in public.inner_text(".public-reply")
    assert office.handling_unit.name_zh not in public.content()
    public.check("input[name=rating][value=satisfied]")
    public.click("form.rating-form button[type=submit]")
    public.wait_for_selector(".public-rating")
    assert labels["rating"] in public.inner_text(".public-rating")
    assert Petition.objects.get().rating == "satisfied"
