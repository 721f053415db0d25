"""/meldingen/ from the cache (issue 11): a warm request runs no query, at 5 and at 500
notifications and on any page; the page is outdated at once when a notification comes, is read (one
or all) or goes; it is one person's own, never another's."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from reisgids.notifications.models import Notification
from reisgids.notifications.selectors import forget_unread_counts
from reisgids.notifications.services import notification_mark_read, notifications_mark_all_read, notify
from reisgids.retention import apply_retention
from reisgids.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

URL = "/meldingen/"


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def page(client, url=URL):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def seed(user, total):
    missing = total - Notification.objects.filter(recipient=user).count()
    Notification.objects.bulk_create(
        Notification(recipient=user, subject=f"Melding {number}") for number in range(missing)
    )
    forget_unread_counts(user.pk)  # bulk rows: no service told the cache


def warm_queries(client, url):
    page(client, url)
    with CaptureQueriesContext(connection) as captured:
        page(client, url)
    return len(captured)


def test_a_warm_notifications_page_runs_no_query_at_5_and_500():
    user = UserFactory()
    client = signed_in(user)
    counts = []
    for total in (5, 500):
        seed(user, total)
        counts.append([warm_queries(client, URL), warm_queries(client, URL + "?pagina=3")])
    assert counts == [[0, 0], [0, 0]], counts


def test_a_new_notification_and_reading_show_at_once():
    user = UserFactory()
    client = signed_in(user)
    assert "Welkom" not in page(client)
    [first] = notify(recipients=[user], subject="Welkom")
    html = page(client)
    assert "Welkom" in html and "1 ongelezen melding" in html
    notify(recipients=[user], subject="Tweede")
    assert "2 ongelezen meldingen" in page(client)
    notification_mark_read(user=user, notification_id=first.pk)
    assert "1 ongelezen melding" in page(client)
    notifications_mark_all_read(user=user)
    assert "0 ongelezen meldingen" in page(client)


def test_notifications_that_go_leave_the_page_at_once(settings):
    user = UserFactory()
    client = signed_in(user)
    notify(recipients=[user], subject="Oude melding")
    assert "Oude melding" in page(client)
    Notification.objects.filter(recipient=user).update(created_at="2000-01-01T00:00:00Z")
    apply_retention()
    assert "Oude melding" not in page(client)


def test_it_is_one_persons_own():
    anna, bea = UserFactory(), UserFactory()
    notify(recipients=[anna], subject="Alleen voor Anna")
    notify(recipients=[bea], subject="Alleen voor Bea")
    for _round in range(2):
        assert "Alleen voor Bea" not in page(signed_in(anna))
        assert "Alleen voor Anna" not in page(signed_in(bea))


def test_the_kept_list_gives_each_visitor_a_working_form_in_their_language():
    """The list is kept rendered; its forms carry this visitor's own CSRF token (a kept token would
    be refused) and go back to the page they were on, and the English page is English."""
    user = UserFactory()
    notify(recipients=[user], subject="Welkom")
    notify(recipients=[user], subject="Tweede")
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    page(client)  # kept
    html = page(client)
    assert "\x00" not in html
    token = html.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    [mark_one] = Notification.objects.filter(recipient=user, subject="Welkom")
    response = client.post(
        f"/meldingen/{mark_one.pk}/gelezen/", {"csrfmiddlewaretoken": token, "next": "/meldingen/?pagina=1"}
    )
    assert response.status_code == 302 and response["Location"] == "/meldingen/?pagina=1"
    assert "1 ongelezen melding" in page(client)
    english = page(client, "/en/meldingen/")
    assert "You have 1 unread notification." in english and "ongelezen" not in english
