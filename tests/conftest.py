import os

import pytest

from tests.browser import CHROMIUM, CHROMIUM_ARGS, assert_accessible

# Playwright's sync API runs an event loop in this thread; Django's ORM calls from the test body
# are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser, live_server):
    """Open a page in a fresh browser context (one per user). Every page records Content-Security-
    Policy violations and console errors; the test fails if there were any."""
    contexts = []
    problems = []

    def open_page(**context_options):
        context = browser.new_context(base_url=live_server.url, locale="nl-NL", **context_options)
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        page.on(
            "console",
            lambda msg: (
                problems.append(f"{page.url}: {msg.text}")
                if msg.type == "error" and "Content Security Policy" in msg.text
                else None
            ),
        )
        return page

    yield open_page
    for context in contexts:
        context.close()
    assert not problems, "Content-Security-Policy violations:\n" + "\n".join(problems)


@pytest.fixture
def page(new_page):
    return new_page()


@pytest.fixture
def axe():
    """``axe(page)`` fails the test on any WCAG 2.1 A/AA violation on the page as shown."""
    return assert_accessible
