import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from reisgids.notifications.context_processors import notifications as notifications_context
from reisgids.notifications.models import Notification
from reisgids.notifications.services import notify
from reisgids.notifications.tests.factories import NotificationFactory
from reisgids.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LIST = "/meldingen/"


def test_list_requires_login(client):
    response = client.get(LIST)
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_list_shows_own_notifications_unread_first(client):
    user = UserFactory()
    read = NotificationFactory(recipient=user, read=True, subject="Oude melding")
    unread = NotificationFactory(recipient=user, subject="Nieuwe <b>melding</b>", url="/deals/x/")
    NotificationFactory(subject="Melding van iemand anders")
    client.force_login(user)

    response = client.get(LIST)

    assert response.status_code == 200
    assert list(response.context["notifications"]) == [unread, read]
    html = response.content.decode()
    assert "Melding van iemand anders" not in html
    assert "Nieuwe &lt;b&gt;melding&lt;/b&gt;" in html
    assert 'href="/deals/x/"' in html
    # Unread is said in words, not only by colour.
    assert "Ongelezen" in html
    assert "Je hebt 1 ongelezen melding." in html
    assert "Markeer als gelezen" in html and "Alles gelezen" in html


def test_empty_state(client):
    client.force_login(UserFactory())
    html = client.get(LIST).content.decode()
    assert "Je hebt nog geen meldingen." in html
    assert "Alles gelezen" not in html


def test_pagination(client, settings):
    settings.PAGE_SIZE = 5
    user = UserFactory()
    NotificationFactory.create_batch(7, recipient=user)
    client.force_login(user)

    first = client.get(LIST)
    second = client.get(LIST, {"pagina": 2})
    beyond = client.get(LIST, {"pagina": "999"})

    assert len(first.context["notifications"]) == 5
    assert len(second.context["notifications"]) == 2
    assert "Pagina 2 van 2" in second.content.decode()
    assert 'href="?pagina=2"' in first.content.decode()
    assert beyond.context["page_obj"].number == 2


@pytest.mark.parametrize("size", [3, 60])
def test_list_query_count_is_constant(size, client, django_assert_max_num_queries):
    user = UserFactory()
    NotificationFactory.create_batch(size, recipient=user)
    client.force_login(user)
    with django_assert_max_num_queries(8):
        response = client.get(LIST)
    assert response.status_code == 200


def test_mark_read_by_owner(client):
    notification = NotificationFactory()
    client.force_login(notification.recipient)

    response = client.post(
        reverse("notification_read", kwargs={"notification_id": notification.pk}),
        {"next": "/meldingen/?pagina=2"},
    )

    assert response.status_code == 302
    assert response["Location"] == "/meldingen/?pagina=2"
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_mark_read_and_open_goes_to_the_target(client):
    notification = NotificationFactory(url="/partijen/buurtkracht/")
    client.force_login(notification.recipient)
    response = client.post(
        reverse("notification_read", kwargs={"notification_id": notification.pk}), {"open": "1"}
    )
    assert response["Location"] == "/partijen/buurtkracht/"


def test_mark_read_refused_for_another_user(client):
    notification = NotificationFactory()
    client.force_login(UserFactory())

    response = client.post(reverse("notification_read", kwargs={"notification_id": notification.pk}))

    assert response.status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None


def test_mark_read_refused_when_anonymous_or_by_get(client):
    notification = NotificationFactory()
    url = reverse("notification_read", kwargs={"notification_id": notification.pk})

    assert client.post(url).status_code == 302  # to the login page
    client.force_login(notification.recipient)
    assert client.get(url).status_code == 405
    notification.refresh_from_db()
    assert notification.read_at is None


def test_mark_read_ignores_a_next_off_the_site(client):
    notification = NotificationFactory()
    client.force_login(notification.recipient)
    response = client.post(
        reverse("notification_read", kwargs={"notification_id": notification.pk}),
        {"next": "https://elders.example.com/"},
    )
    assert response["Location"] == reverse("notification_list")


def test_mark_all_read_only_own(client):
    user = UserFactory()
    NotificationFactory.create_batch(3, recipient=user)
    theirs = NotificationFactory()
    client.force_login(user)

    response = client.post(reverse("notification_read_all"))

    assert response.status_code == 302
    assert not Notification.objects.filter(recipient=user, read_at__isnull=True).exists()
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_mark_all_read_refused_when_anonymous(client):
    notification = NotificationFactory()
    response = client.post(reverse("notification_read_all"))
    assert response.status_code == 302
    notification.refresh_from_db()
    assert notification.read_at is None


def test_csrf_is_required(client):
    from django.test import Client

    notification = NotificationFactory()
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(notification.recipient)
    response = strict.post(reverse("notification_read", kwargs={"notification_id": notification.pk}))
    assert response.status_code == 403


def render_count(user):
    request = RequestFactory().get("/")
    request.user = user
    context = notifications_context(request)
    return Template("{{ notifications_unread }}").render(Context(context))


def test_context_processor_counts_in_one_query(django_assert_num_queries):
    user = UserFactory()
    NotificationFactory.create_batch(3, recipient=user)
    NotificationFactory(recipient=user, read=True)
    with django_assert_num_queries(1):
        assert render_count(user) == "3"
    with django_assert_num_queries(0):  # kept in the cache until a notification service changes it
        assert render_count(user) == "3"
    notify(recipients=[user], subject="Nog een")
    with django_assert_num_queries(1):
        assert render_count(user) == "4"


def test_context_processor_is_lazy_and_free_for_anonymous(django_assert_num_queries):
    from django.contrib.auth.models import AnonymousUser

    request = RequestFactory().get("/")
    request.user = UserFactory()
    with django_assert_num_queries(0):
        notifications_context(request)
    with django_assert_num_queries(0):
        assert render_count(AnonymousUser()) == "0"
