"""Browser harness: Playwright driving Debian's Chromium, and axe-core for WCAG 2.1 A/AA."""

import json
from pathlib import Path

import axe_playwright_python
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
AXE_SOURCE = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text()
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
            page.evaluate(AXE_SOURCE)
            return page.evaluate(
                "async ([tags, exclude]) => await axe.run({exclude: exclude.map(s => [s])}, "
                "{runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
                [WCAG_TAGS, exclude],
            )
        except PlaywrightError as error:
            if attempt == attempts - 1 or not any(sign in str(error) for sign in _NAVIGATED):
                raise
            page.wait_for_timeout(100)


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
