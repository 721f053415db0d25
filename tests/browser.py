"""Browser harness: Playwright driving Debian's Chromium, and axe-core for WCAG 2.1 A/AA."""

import json
from pathlib import Path

import axe_playwright_python

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


def assert_accessible(page, *, exclude=()):
    """Run axe-core on the page as it is now; fail listing every WCAG 2.1 A/AA violation.
    ``exclude``: CSS selectors left out (only for third-party markup we cannot change; say why)."""
    page.evaluate(AXE_SOURCE)
    result = page.evaluate(
        "async ([tags, exclude]) => await axe.run({exclude: exclude.map(s => [s])}, "
        "{runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        [WCAG_TAGS, list(exclude)],
    )
    violations = result["violations"]
    if violations:
        lines = [f"{len(violations)} axe violation(s) on {page.url}:"]
        for violation in violations:
            lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
            for node in violation["nodes"][:5]:
                lines.append(f"    {json.dumps(node['target'])}: {node['failureSummary']}")
        raise AssertionError("\n".join(lines))
