"""Browser harness: Playwright driving Debian's Chromium, and axe-core for WCAG 2.1 A/AA."""

import json
from importlib.util import find_spec
from pathlib import Path

from playwright.sync_api import Error as PlaywrightError

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
# axe-core as the package axe-playwright-python ships it. The tests' static files include its folder
# (the root conftest's ``pytest_configure``), so a page loads axe as a script of its own origin, which
# Chromium keeps parsed: evaluating the 550 KB source on every check cost ~60 ms a page, a third of
# the check (measured on the deals and schouw journeys: 12 of 38 s of axe in 128 checks).
AXE_DIR = Path(find_spec("axe_playwright_python").submodule_search_locations[0])
AXE_URL = "/static/tests-axe/axe.min.js"
AXE_SOURCE = (AXE_DIR / "axe.min.js").read_text()
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


# What Chromium says when a navigation started by the step before (a click on a link or a submit
# button) replaces the document while axe is reading it.
_NAVIGATED = ("documentElement", "Execution context was destroyed", "navigation", "axe is not defined")


def _run_axe(page, exclude, attempts=5):
    """axe-core on the document that is loaded once the navigation a click started has finished;
    a navigation that lands while axe runs restarts it on the new document."""
    for attempt in range(attempts):
        page.wait_for_load_state("load")
        try:
            _load_axe(page)
            return page.evaluate(
                "async ([tags, exclude]) => await axe.run({exclude: exclude.map(s => [s])}, "
                "{runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
                [WCAG_TAGS, exclude],
            )
        except PlaywrightError as error:
            if attempt == attempts - 1 or not any(sign in str(error) for sign in _NAVIGATED):
                raise
            page.wait_for_timeout(100)


def _load_axe(page):
    """axe-core into the page: from the live server's static files (the script comes from Chromium's
    cache after the first time); as source where the page's origin does not serve it."""
    if page.evaluate("typeof axe") == "object":
        return
    try:
        page.add_script_tag(url=AXE_URL)
    except PlaywrightError as error:
        if any(sign in str(error) for sign in _NAVIGATED):
            raise
        page.evaluate(AXE_SOURCE)


def assert_accessible(page, *, exclude=()):
    """Run axe-core on the page as it is now; fail listing every WCAG 2.1 A/AA violation.
    ``exclude``: CSS selectors left out (only for third-party markup we cannot change; say why)."""
    result = _run_axe(page, list(exclude))
    violations = result["violations"]
    if violations:
        lines = [f"{len(violations)} axe violation(s) on {page.url}:"]
        for violation in violations:
            lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
            for node in violation["nodes"][:5]:
                lines.append(f"    {json.dumps(node['target'])}: {node['failureSummary']}")
        raise AssertionError("\n".join(lines))


def field_error(page, text):
    """The error message ``text`` next to its field (the error summary above the form repeats it)."""
    return page.locator(".utrecht-form-field-error-message").get_by_text(text)
