"""In the browser, in both languages: an incoming 请示 from sign-in to filing, and an outgoing 通知
from drafting to dispatch with its PDF. Screenshots go to /tmp/documents-*.png."""

import re

import pytest
from django.utils import timezone

from zhengban.documents.models import Document
from zhengban.engine.models import Matter

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
LANGUAGES = ["en", "zh-hans"]
YES = {name: "yes" for name in ("grounds", "policy_law", "consultation", "type_format", "wording")}


@pytest.fixture
def speakers(office):
    def speak(language):
        for person in Document._meta.apps.get_model("core", "Person").objects.all():
            person.language = language
            person.save(update_fields=["language"])

    return speak


class Desk:
    """One person at a time at the browser: log in, open a matter, take an action through its form."""

    def __init__(self, page, live_server, login, context):
        self.page, self.server, self.login, self.context = page, live_server, login, context

    def as_(self, username):
        self.context.clear_cookies()
        self.login(self.page, self.server, username)
        return self

    def open(self, matter_id):
        self.page.goto(f"{self.server.url}/matters/{matter_id}/")

    def act(self, matter_id, action, fields=None, state=None):
        self.open(matter_id)
        self.page.click(f"a[data-action='{action}']")
        form = self.page.locator("#action-panel form.action-form")
        form.wait_for()
        for name, value in (fields or {}).items():
            element = form.locator(f"[name='{name}']")
            tag = element.evaluate("e => e.tagName")
            if tag == "SELECT":
                element.select_option(value)
            else:
                element.fill(str(value))
        form.locator("button[type=submit]").click()
        if state:
            self.page.wait_for_selector(f"#matter-content[data-state='{state}']")
        else:
            # The next person must not log in while this submission is still on its way.
            self.page.wait_for_load_state("networkidle")

    def shot(self, name):
        self.page.screenshot(path=f"/tmp/documents-{name}.png", full_page=True)


def matter_id_of(page):
    return int(re.search(r"/matters/(\d+)/", page.url).group(1))


@pytest.mark.parametrize("language", LANGUAGES)
def test_incoming_request_from_sign_in_to_filing(page, live_server, login, browser_context, office, speakers, language):
    speakers(language)
    desk = Desk(page, live_server, login, browser_context).as_("clerk")
    page.goto(f"{live_server.url}/documents/incoming/new/")
    page.select_option("#d-sender", "hy-transport")
    page.fill("#d-sender-number", "衡交〔2026〕18号")
    page.fill("#d-title", "关于申请2026年农村公路建设补助资金的请示")
    page.select_option("#d-type", "request")
    page.fill("#d-body", "为加快农村公路建设，现申请补助资金。\n一、项目情况\n（一）建设规模\n妥否，请批示。")
    page.click("form.doc-form button[type=submit]")
    page.wait_for_url(re.compile(r"/matters/\d+/$"))
    incoming = matter_id_of(page)
    assert page.locator(".paper-issuer").inner_text() == "衡阳市交通运输局"
    desk.act(incoming, "register", state="registered")
    number = Matter.objects.get(pk=incoming).number
    assert page.locator(".matter-number").inner_text() == number
    desk.act(incoming, "check", state="proposing")
    desk.shot(f"incoming-proposing-{language}")
    desk.act(incoming, "propose_action", {"opinion": "拟请经济科牵头办理", "lead_unit": "economic-affairs", "leader": "sg"},
             state="instructing")
    assert page.locator(".slip .holder").inner_text().strip() == "样例·sg"

    desk.as_("sg").act(incoming, "instruct", {"instruction": "请经济科研究办理。", "lead_unit": "economic-affairs"},
                       state="handling")
    assert "请经济科研究办理。" in page.locator(".instruction").inner_text()

    desk.as_("econ")
    page.goto(f"{live_server.url}/documents/outgoing/new/")
    page.select_option("#o-type", "reply")
    page.fill("#o-title", "关于农村公路建设补助资金的复函")
    page.select_option("#o-prefix", "government-letter")
    page.select_option("#o-main", ["hy-transport"])
    page.click("form.doc-form button[type=submit]")
    page.wait_for_url(re.compile(r"/matters/\d+/$"))
    reply = matter_id_of(page)
    desk.act(incoming, "handle", {"result": "已研究提出资金安排意见。", "reply_document": reply}, state="handled")
    desk.as_("clerk").act(incoming, "reply", {"reply": "已以复函答复来文单位。"}, state="replied")
    assert page.locator(f".slip a[href='/matters/{reply}/']").count() == 1
    desk.act(incoming, "file", state="filed")
    desk.shot(f"incoming-filed-{language}")
    page.goto(f"{live_server.url}/documents/incoming/?q={number}")
    assert page.locator("tr.register-row").count() == 1
    assert page.locator("tr.register-row").get_attribute("data-state") == "filed"
    desk.shot(f"incoming-register-{language}")


@pytest.mark.parametrize("language", LANGUAGES)
def test_outgoing_notice_from_draft_to_dispatch_and_pdf(page, live_server, login, browser_context, office, speakers,
                                                         language):
    speakers(language)
    desk = Desk(page, live_server, login, browser_context).as_("econ")
    page.goto(f"{live_server.url}/documents/outgoing/new/")
    assert "特此通知。" in page.input_value("#o-body")
    page.fill("#o-title", "关于做好2026年春节期间安全生产工作的通知")
    page.select_option("#o-main", ["hengyang-county", "leiyang-city"])
    page.select_option("#o-cc", ["hy-emergency"])
    page.fill("#o-body", "各县市区人民政府：\n为做好春节期间安全生产工作，现就有关事项通知如下：\n一、压实安全责任\n（一）落实值班制度\n二、加强隐患排查\n特此通知。")
    page.click("form.doc-form button[type=submit]")
    page.wait_for_url(re.compile(r"/matters/\d+/$"))
    notice = matter_id_of(page)
    assert page.locator(".paper-issuer").inner_text() == "衡阳市人民政府办公室文件"
    assert page.locator(".paper-body .level-1").first.inner_text() == "一、压实安全责任"
    desk.act(notice, "submit", state="unit_review")
    desk.as_("econchief").act(notice, "unit_approve", {"opinion": "同意"}, state="office_review")
    desk.as_("clerk").act(notice, "office_countersign", {**YES, "countersign_units": ["finance-trade"]},
                          state="countersigning")
    desk.as_("fin").act(notice, "countersign", {"agree": "agree", "opinion": "同意"})
    desk.as_("clerk").act(notice, "countersign_done", state="signing")
    desk.as_("sg").act(notice, "sign", {"opinion": "同意印发"}, state="rechecking")
    desk.as_("clerk").act(notice, "recheck", state="registering")
    desk.act(notice, "register", state="sealing")
    number = Matter.objects.get(pk=notice).number
    assert re.fullmatch(r"衡政办发〔\d{4}〕1号", number) and page.locator(".paper-number").inner_text() == number
    desk.act(notice, "seal", {"seal": "office-seal", "impressions": 2}, state="printing")
    desk.act(notice, "print", {"printing_date": timezone.localdate().isoformat(), "copy_count": 30}, state="dispatching")
    desk.act(notice, "dispatch", state="dispatched")
    assert page.locator(".deliveries li").count() == 3
    desk.shot(f"outgoing-dispatched-{language}")
    with page.expect_download() as download_info:
        page.click("a[data-download='pdf']")
    download = download_info.value
    assert download.suggested_filename == f"{number} 关于做好2026年春节期间安全生产工作的通知.pdf"
    response = page.request.get(f"{live_server.url}/documents/{notice}/pdf")
    assert response.headers["content-type"] == "application/pdf" and response.body().startswith(b"%PDF")
    page.set_viewport_size({"width": 390, "height": 844})
    desk.open(notice)
    desk.shot(f"outgoing-phone-{language}")
