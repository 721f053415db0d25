from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from icalendar import Calendar

from agenda import selectors
from agenda.models import EventIndexPage, EventPage
from agenda.tests.factories import agenda_index, make_event
from reisgids.tests.factories import AreaFactory, ThemeFactory

pytestmark = pytest.mark.django_db
AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def test_index_exists_from_migration(client):
    index = EventIndexPage.objects.get()
    assert index.url == "/agenda/"
    response = client.get("/agenda/")
    assert response.status_code == 200
    assert b'type="text/calendar"' in response.content


def test_upcoming_and_past_split(client):
    now = timezone.now()
    later = make_event(title="Later", start=now + timedelta(days=10))
    sooner = make_event(title="Eerder", start=now + timedelta(days=2))
    old = make_event(title="Inloopavond maart", start=now - timedelta(days=30))
    older = make_event(title="Inloopavond januari", start=now - timedelta(days=60))
    assert list(selectors.event_upcoming()) == [sooner, later]
    assert selectors.event_upcoming(limit=1) == [sooner]
    assert list(selectors.event_past()) == [old, older]
    upcoming = client.get("/agenda/").content.decode()
    assert upcoming.index("Eerder") < upcoming.index("Later") and "Inloopavond" not in upcoming
    archive = client.get("/agenda/archief/").content.decode()
    assert (
        archive.index("Inloopavond maart") < archive.index("Inloopavond januari") and "Eerder" not in archive
    )


def test_unpublished_events_are_not_listed():
    event = make_event(title="Concept")
    event.unpublish()
    assert list(selectors.event_upcoming()) == []


def test_filters_compose_in_the_url(client):
    mantelzorg = ThemeFactory(name="Mantelzorg", slug="mantelzorg")
    noord = AreaFactory(name="Noord", slug="noord")
    make_event(title="Mantelzorgcafé Noord", themes=[mantelzorg], areas=[noord], kind=EventPage.Kind.NETWORK)
    make_event(title="Training Noord", areas=[noord], kind=EventPage.Kind.TRAINING)
    make_event(title="Workshop subsidie", kind=EventPage.Kind.WORKSHOP)
    html = client.get("/agenda/?area=noord").content.decode()
    assert "Mantelzorgcafé Noord" in html and "Training Noord" in html and "Workshop subsidie" not in html
    html = client.get("/agenda/?area=noord&theme=mantelzorg").content.decode()
    assert "Mantelzorgcafé Noord" in html and "Training Noord" not in html
    html = client.get("/agenda/?kind=workshop").content.decode()
    assert "Workshop subsidie" in html and "Training Noord" not in html


def test_end_must_be_after_start_in_dutch():
    start = timezone.now() + timedelta(days=1)
    event = EventPage(title="X", slug="x", intro="x", place="Rotterdam", start=start, end=start)
    with pytest.raises(ValidationError) as error:
        event.clean()
    assert "Het einde moet na het begin liggen." in error.value.message_dict["end"]


def test_place_or_online_link_required_in_dutch():
    start = timezone.now() + timedelta(days=1)
    event = EventPage(title="X", slug="x", intro="x", start=start, end=start + timedelta(hours=1))
    with pytest.raises(ValidationError) as error:
        event.clean()
    assert "Geef een plaats of een online link (of allebei)." in error.value.message_dict["place"]
    event.online_url = "https://meet.example.org/x"
    event.clean()


def test_event_page_shows_dutch_date_and_ical_link(client):
    start = datetime(2026, 12, 8, 19, 30, tzinfo=AMSTERDAM)
    event = make_event(
        title="Gezond010", start=start, hours=1.5, registration_url="https://example.org/aanmelden"
    )
    html = client.get(event.url).content.decode()
    assert "dinsdag 8 december 2026, 19:30–21:00" in html
    soon = make_event(title="Binnenkort", registration_url="https://example.org/aanmelden")
    assert "https://example.org/aanmelden" in client.get(soon.url).content.decode()
    assert f'href="{event.url}ics/"' in html


@pytest.mark.parametrize(
    ("start", "utc_hour"),
    [
        (datetime(2027, 1, 12, 19, 30, tzinfo=AMSTERDAM), 18),
        (datetime(2027, 7, 13, 19, 30, tzinfo=AMSTERDAM), 17),
    ],
)
def test_event_ical_in_amsterdam_time(client, start, utc_hour):
    event = make_event(title="Training", start=start)
    response = client.get(f"{event.url}ics/")
    assert response["Content-Type"].startswith("text/calendar")
    assert "attachment" in response["Content-Disposition"]
    calendar = Calendar.from_ical(response.content)
    assert calendar.walk("VTIMEZONE")[0]["TZID"] == "Europe/Amsterdam"
    (vevent,) = calendar.walk("VEVENT")
    assert b"DTSTART;TZID=Europe/Amsterdam:" in response.content
    dtstart = vevent.decoded("dtstart")
    assert dtstart == start and (dtstart.hour, dtstart.astimezone(ZoneInfo("UTC")).hour) == (19, utc_hour)
    assert str(vevent["uid"]) == f"agenda-event-{event.pk}@reisgids"
    assert str(vevent["url"]).endswith(event.url)
    assert str(vevent["location"]) == "Wijkcentrum De Larenkamp, Rotterdam"


def test_feed_holds_upcoming_and_last_90_days(client):
    now = timezone.now()
    make_event(title="Komt eraan", start=now + timedelta(days=3))
    make_event(title="Net geweest", start=now - timedelta(days=20))
    make_event(title="Lang geleden", start=now - timedelta(days=120))
    response = client.get("/agenda/agenda.ics")
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    summaries = [str(e["summary"]) for e in calendar.walk("VEVENT")]
    assert summaries == ["Net geweest", "Komt eraan"]
    uids = {str(e["uid"]) for e in calendar.walk("VEVENT")}
    again = {
        str(e["uid"]) for e in Calendar.from_ical(client.get("/agenda/agenda.ics").content).walk("VEVENT")
    }
    assert uids == again


def test_the_feed_holds_at_most_its_maximum_of_events(client, monkeypatch):
    """A calendar subscription gets a bounded response whatever the agenda holds: the first
    FEED_MAX_EVENTS events from 90 days ago."""
    from agenda import selectors

    monkeypatch.setattr(selectors, "FEED_MAX_EVENTS", 2)
    now = timezone.now()
    for days, title in [(-20, "Eerst"), (3, "Dan"), (9, "Later"), (30, "Veel later")]:
        make_event(title=title, start=now + timedelta(days=days))
    calendar = Calendar.from_ical(client.get("/agenda/agenda.ics").content)
    assert [str(e["summary"]) for e in calendar.walk("VEVENT")] == ["Eerst", "Dan"]


def test_index_is_the_agenda_section():
    assert agenda_index().get_parent().specific_class.__name__ == "HomePage"


def test_event_is_found_by_the_words_of_its_text():
    """The site search (sitesearch) relies on intro, body and place being indexed."""
    event = make_event(
        title="Inloopmiddag",
        intro="Een middag voor wie zorgt voor een naaste.",
        body="<p>Over mantelzorg en respijt in de wijk.</p>",
        place="Buurthuis Het Klooster",
    )
    make_event(title="Training vrijwilligers", intro="Vrijwilligers werven.", body="<p>Werven</p>")
    assert list(EventPage.objects.live().search("mantelzorg")) == [event]
    assert list(EventPage.objects.live().search("klooster")) == [event]


def test_wagtail_form_shows_the_dutch_errors_next_to_the_fields():
    index = agenda_index()
    form_class = EventPage.get_edit_handler().get_form_class()
    data = {
        "title": "Workshop",
        "slug": "workshop",
        "intro": "Samen ontwikkelen.",
        "kind": "workshop",
        "start": "2027-03-02 19:30",
        "end": "2027-03-02 18:00",
        "place": "",
        "online_url": "",
    }
    form = form_class(data, instance=EventPage(), parent_page=index, for_user=None)
    assert not form.is_valid()
    assert form.errors["end"] == ["Het einde moet na het begin liggen."]
    assert form.errors["place"] == ["Geef een plaats of een online link (of allebei)."]
    assert form["title"].value() == "Workshop"


def test_cached_feed_follows_publishing(client, django_assert_max_num_queries):
    first = make_event(title="Eerste bijeenkomst")
    assert b"Eerste bijeenkomst" in client.get("/agenda/agenda.ics").content
    with django_assert_max_num_queries(3):
        client.get("/agenda/agenda.ics")
    make_event(title="Tweede bijeenkomst")
    assert b"Tweede bijeenkomst" in client.get("/agenda/agenda.ics").content
    first.unpublish()
    assert b"Eerste bijeenkomst" not in client.get("/agenda/agenda.ics").content


def test_the_home_page_block_loads_events_with_their_themes_in_three_queries(django_assert_num_queries):
    theme = ThemeFactory(name="Mantelzorg")
    for day in range(1, 4):
        make_event(title=f"Bijeenkomst {day}", start=timezone.now() + timedelta(days=day), themes=[theme])
    with django_assert_num_queries(3):  # view restrictions (public()), the events, their thema's
        events = selectors.event_upcoming(limit=3)
        assert [[t.name for t in event.themes.all()] for event in events] == [["Mantelzorg"]] * 3
