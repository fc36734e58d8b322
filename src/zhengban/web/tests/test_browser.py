"""The web shell in a real browser: log in, switch languages, read the organization."""

from io import StringIO

import pytest
from django.core.management import call_command

from zhengban.core.models import RoleCode, Unit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def load_hengyang_units():
    call_command("profile", "load", "hengyang", stdout=StringIO())
    assert Unit.objects.count() == 23


def section_names(page):
    return page.locator("section.org-group[data-kind=section] article.unit-card h3 a").all_inner_texts()


def test_log_in_switch_to_chinese_and_read_the_organization(page, live_server, login, make_person):
    load_hengyang_units()
    make_person("clerk", unit=Unit.objects.get(code="secretariat-1"), roles=[RoleCode.CLERK],
                full_name="样例·文秘", full_name_en="Sample Clerk")
    make_person("chief", unit=Unit.objects.get(code="secretariat-1"), roles=[RoleCode.CHIEF],
                full_name="样例·科长", full_name_en="Sample Chief")

    login(page, live_server, "clerk")
    assert page.url == live_server.url + "/"

    # The person menu holds the language switch; choose Chinese.
    page.click("details.menu > summary")
    page.click("details.menu button[name=language][value=zh-hans]")
    page.click("nav .nav-more summary")
    page.click("nav a[href='/org/']")
    assert page.locator("h1").inner_text() == "组织机构"
    assert page.locator("section.org-group[data-kind=section] h2").inner_text().startswith("科室")
    names = section_names(page)
    assert len(names) == 21
    assert {"秘书一科", "督查室", "侨务科"} <= set(names)
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    assert "领导" in page.inner_text("article[data-unit=secretariat-1]")
    page.screenshot(path="/tmp/zhengban-web-org-zh.png", full_page=False)

    # Back to English: the same page in English.
    page.click("details.menu > summary")
    page.click("details.menu button[name=language][value=en]")
    assert page.url == live_server.url + "/org/"
    assert page.locator("h1").inner_text() == "Organization"
    names = section_names(page)
    assert len(names) == 21 and "Supervision Office" in names and "Overseas Chinese Affairs Section" in names
    page.screenshot(path="/tmp/zhengban-web-org-en.png", full_page=False)


def test_phone_width_layout_and_login_page(browser, live_server, login, make_person):
    load_hengyang_units()
    make_person("clerk", unit=Unit.objects.get(code="secretariat-1"), roles=[RoleCode.CLERK], full_name="样例·文秘")
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN", is_mobile=True)
    try:
        page = context.new_page()
        page.goto(live_server.url + "/login/")
        assert "政办" in page.inner_text(".auth-title") and "zhengban" in page.inner_text(".auth-title")
        page.screenshot(path="/tmp/zhengban-web-login-phone.png")
        login(page, live_server, "clerk")
        assert "样例·文秘" in page.inner_text("h1")
        # Nothing is wider than the phone's screen.
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        page.screenshot(path="/tmp/zhengban-web-home-phone.png", full_page=True)
        page.click("details.menu > summary")
        assert page.locator("details.menu .menu-panel").is_visible()
        page.screenshot(path="/tmp/zhengban-web-menu-phone.png")
        page.goto(live_server.url + "/org/")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        page.screenshot(path="/tmp/zhengban-web-org-phone.png")
    finally:
        context.close()
