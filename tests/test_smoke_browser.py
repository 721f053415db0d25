import pytest

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_home_page_renders_in_chromium_without_accessibility_violations(page, axe):
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "nl"
    axe(page)
