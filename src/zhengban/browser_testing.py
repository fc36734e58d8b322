"""Headless Chromium for browser tests, as pytest fixtures every app can use.

Registered for the whole suite by `pytest_plugins = ["zhengban.browser_testing"]` in the root
conftest. A test asks for `page` (a fresh browser context per test) together with Django's
`live_server`, and is marked `@pytest.mark.browser`:

    @pytest.mark.browser
    def test_something(page, live_server, login):
        login(page, live_server, "member")
        page.goto(live_server.url + "/org/")

Chromium is Debian's /usr/bin/chromium when present, else Playwright's own browser if it was
installed with `playwright install chromium`; without either the tests are skipped with a hint.
"""

import os
import shutil

import pytest

# Playwright's sync API runs an event loop in the test thread; Django then refuses ORM calls from
# that thread (SynchronousOnlyOperation) unless told that this is safe, which it is in tests.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

SYSTEM_CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
NO_CHROMIUM = "no Chromium: apt-get install chromium, or playwright install chromium"
DEFAULT_PASSWORD = "correct horse battery"


def chromium_executable():
    """The system Chromium if installed, else None (Playwright then uses its own download)."""
    if os.path.exists(SYSTEM_CHROMIUM):
        return SYSTEM_CHROMIUM
    return shutil.which("chromium")


@pytest.fixture(scope="session")
def browser():
    try:
        from playwright.sync_api import Error, sync_playwright
    except ImportError:
        pytest.skip("playwright is not installed: pip install -e '.[test]'")
    playwright = sync_playwright().start()
    try:
        launched = playwright.chromium.launch(executable_path=chromium_executable(), args=CHROMIUM_ARGS)
    except Error:
        playwright.stop()
        pytest.skip(NO_CHROMIUM)
    yield launched
    launched.close()
    playwright.stop()


@pytest.fixture
def browser_context(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    context.set_default_timeout(10_000)
    yield context
    context.close()


@pytest.fixture
def page(browser_context):
    return browser_context.new_page()


@pytest.fixture
def login():
    """Log in through the login form: login(page, live_server, username, password=…)."""

    def log_in(page, live_server, username, password=DEFAULT_PASSWORD):
        page.goto(live_server.url + "/login/")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", password)
        page.click("form[action='/login/'] button[type=submit]")
        page.wait_for_load_state()
        return page

    return log_in


def open_as(browser, live_server, username, language, width=1280, timeout=15_000):
    """A fresh browser context signed in as `username`, with the interface switched to `language`."""
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="en-US")
    context.set_default_timeout(timeout)
    page = context.new_page()
    page.goto(live_server.url + "/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEFAULT_PASSWORD)
    page.click("form[action='/login/'] button[type=submit]")
    page.wait_for_load_state()
    page.click("details.menu > summary")
    page.click(f"details.menu button[name=language][value={language}]")
    page.wait_for_load_state()
    return page


def act(page, name, fill=None):
    """Take an action on the matter page: open its form, fill it (selectors within the form), submit."""
    page.click(f"#matter-content [data-action={name}]")
    page.wait_for_selector("#action-panel form.action-form")
    for selector, value in (fill or {}).items():
        if selector.startswith("select"):
            page.select_option(f"#action-panel {selector}", value)
        else:
            page.fill(f"#action-panel {selector}", value)
    page.click("#action-panel form.action-form button[type=submit]")
    page.wait_for_load_state()


def expect_state(page, text):
    """Wait until the matter page shows `text` as the current step."""
    page.wait_for_function(
        "t => document.querySelector('#matter-content .state-label')?.textContent.trim() === t", arg=text
    )
