"""Browser journey 6 of issue [3] (atlas), in Chromium with axe-core on every page visited: a visitor
finds events in /agenda/ (filtered by kind, in the URL), looks in the archive, opens an event and
downloads its iCal file; the file parses with ``icalendar`` and starts at the right hour in
Europe/Amsterdam, on both sides of daylight saving time."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from icalendar import Calendar
from playwright.sync_api import expect

from agenda.models import EventPage
from agenda.tests.factories import make_event

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def download_ical(page, axe, title):
    page.get_by_role("link", name=title).click()
    page.wait_for_load_state()
    axe(page)
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    with page.expect_download() as info:
        page.get_by_role("link", name="Zet in je agenda (.ics)").click()
    download = info.value
    assert download.suggested_filename.endswith(".ics")
    return Calendar.from_ical(open(download.path(), "rb").read())


def test_visitor_downloads_the_ical_of_an_event(page, axe):
    year = timezone.localdate().year + 1
    winter = make_event(
        title="Workshop Subsidie aanvragen",
        kind=EventPage.Kind.WORKSHOP,
        given_by=EventPage.GivenBy.GEMEENTE,
        start=datetime(year, 1, 12, 19, 30, tzinfo=AMSTERDAM),
        hours=1.5,
        place="Stadhuis Rotterdam, Coolsingel 40",
        registration_url="https://www.rotterdam.nl/subsidies",
    )
    summer = make_event(
        title="Netwerkbijeenkomst Zorgzaam010",
        start=datetime(year, 7, 13, 19, 30, tzinfo=AMSTERDAM),
        hours=2,
    )
    make_event(title="Gezond010-bijeenkomst", start=timezone.now() - timedelta(days=20))

    page.goto("/agenda/")
    axe(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Agenda")
    expect(page.locator("link[rel=alternate][type='text/calendar']")).to_have_attribute(
        "href", "/agenda/agenda.ics"
    )
    expect(page.get_by_role("link", name=winter.title)).to_be_visible()
    expect(page.get_by_role("link", name="Gezond010-bijeenkomst")).to_have_count(0)

    page.get_by_label("Soort").select_option("workshop")
    page.locator("form.reisgids-filters button[type=submit]").click()
    page.wait_for_load_state()
    axe(page)
    assert "kind=workshop" in page.url
    expect(page.get_by_role("link", name=summer.title)).to_have_count(0)

    page.goto("/agenda/archief/")
    axe(page)
    expect(page.get_by_role("link", name="Gezond010-bijeenkomst")).to_be_visible()
    expect(page.get_by_role("link", name=winter.title)).to_have_count(0)

    page.goto("/agenda/?kind=workshop")
    calendar = download_ical(page, axe, winter.title)
    expect(page.get_by_text(f"{year}, 19:30–21:00")).to_be_visible()
    (event,) = calendar.walk("VEVENT")
    start = event.decoded("dtstart")
    assert start.tzinfo is not None and str(event["dtstart"].params["TZID"]) == "Europe/Amsterdam"
    assert start == datetime(year, 1, 12, 18, 30, tzinfo=ZoneInfo("UTC"))
    assert (start.astimezone(AMSTERDAM).hour, start.astimezone(AMSTERDAM).minute) == (19, 30)
    assert str(event["summary"]) == winter.title and "Coolsingel 40" in str(event["location"])
    assert str(event["url"]).endswith(winter.url)
    assert calendar.walk("VTIMEZONE")[0]["TZID"] == "Europe/Amsterdam"

    page.goto("/agenda/")
    calendar = download_ical(page, axe, summer.title)
    (event,) = calendar.walk("VEVENT")
    start = event.decoded("dtstart")
    assert start == datetime(year, 7, 13, 17, 30, tzinfo=ZoneInfo("UTC"))
    assert start.astimezone(AMSTERDAM).hour == 19
