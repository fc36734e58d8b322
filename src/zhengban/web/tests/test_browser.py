"""The web shell in a real browser: log in, switch languages, read the organization."""

import pytest

from zhengban.core.models import RoleCode, Unit, UnitKind

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The Hengyang office's 21 sections and two other units (DESIGN.md §3), parent null as in the profile.
HENGYANG_UNITS = [
    ("secretariat-1", "秘书一科", "Secretariat Section 1", UnitKind.SECTION),
    ("secretariat-2", "秘书二科（市长值班室）", "Secretariat Section 2 (Mayor's Duty Room)", UnitKind.SECTION),
    ("secretariat-3", "秘书三科", "Secretariat Section 3", UnitKind.SECTION),
    ("economic-affairs", "经济科", "Economic Affairs Section", UnitKind.SECTION),
    ("rural-affairs", "农村科", "Rural Affairs Section", UnitKind.SECTION),
    ("finance-trade", "财贸科", "Finance and Trade Section", UnitKind.SECTION),
    ("urban-construction", "城建科", "Urban Construction Section", UnitKind.SECTION),
    ("foreign-economic", "外经科", "Foreign-related Section", UnitKind.SECTION),
    ("social-development", "社会发展科", "Social Development Section", UnitKind.SECTION),
    ("supervision", "督查室", "Supervision Office", UnitKind.SECTION),
    ("research", "研究室", "Research Office", UnitKind.SECTION),
    ("information-technology", "信息科", "Information Technology Section", UnitKind.SECTION),
    ("economic-reform", "经济体制改革科", "Economic System Reform Section", UnitKind.SECTION),
    ("personnel", "人事科", "Personnel Section", UnitKind.SECTION),
    ("administration", "行政科", "Administration Section", UnitKind.SECTION),
    ("veteran-cadres", "老干科", "Veteran Cadres Section", UnitKind.SECTION),
    ("finance", "财务科", "Finance Section", UnitKind.SECTION),
    ("vehicles", "车管科", "Vehicle Management Section", UnitKind.SECTION),
    ("fao-general", "外事侨务办综合科", "Foreign and Overseas Chinese Affairs Office, General Section", UnitKind.SECTION),
    ("foreign-affairs", "外事科", "Foreign Affairs Section", UnitKind.SECTION),
    ("overseas-chinese", "侨务科", "Overseas Chinese Affairs Section", UnitKind.SECTION),
    ("securities-office", "证券管理办公室", "Securities Management Office", UnitKind.INSTITUTION),
    ("logistics-service", "机关后勤服务中心", "Government Logistics Service Department", UnitKind.SERVICE),
]


def load_hengyang_units():
    for order, (code, name_zh, name_en, kind) in enumerate(HENGYANG_UNITS):
        Unit.objects.create(code=code, name_zh=name_zh, name_en=name_en, kind=kind, sort_order=order)


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
