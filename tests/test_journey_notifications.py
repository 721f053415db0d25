"""Journey: a member reads her notifications on /meldingen/, marks one and then all as read."""

from datetime import timedelta

import pytest
from django.utils import timezone

from reisgids.models import User
from reisgids.notifications.models import Notification
from reisgids.notifications.services import notify
from reisgids.tests.factories import PASSWORD, OrganisationFactory, UserFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def log_in(page, axe, user):
    page.goto("/meldingen/")
    # Not signed in: the login page, which returns to /meldingen/ afterwards.
    assert "/accounts/login/" in page.url
    axe(page)
    page.fill("input[name=login]", user.email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("input[name=password]").press("Enter")
    page.wait_for_url("**/meldingen/")


def test_read_notifications(page, axe, settings, mailoutbox):
    settings.PAGE_SIZE = 3
    fatima = UserFactory(
        verified=True, first_name="Fatima", notification_preference=User.NotificationPreference.DIRECT
    )
    jan = UserFactory(first_name="Jan")
    organisation = OrganisationFactory(name="Buurtkracht Hillesluis")
    notify(
        recipients=[fatima, jan],
        actor=jan,
        subject="Buurtkracht Hillesluis nodigt je uit voor de deal 'Samen eten in de wijk'",
        body="Jan vraagt of je organisatie wil meedoen.",
        url=organisation.get_absolute_url(),
        kind="deal.invite",
        target=organisation,
    )
    for number in range(3):
        Notification.objects.create(
            recipient=fatima,
            subject=f"Oudere melding {number + 1}",
            created_at=timezone.now() - timedelta(days=number + 1),
            read_at=timezone.now() if number == 0 else None,
        )
    # The "direct" preference: one mail, with an absolute link to the organisation.
    assert len(mailoutbox) == 1
    assert f"{settings.SITE_URL}{organisation.get_absolute_url()}" in mailoutbox[0].body

    log_in(page, axe, fatima)
    axe(page)
    assert page.get_by_role("heading", level=1).inner_text() == "Meldingen"
    page.get_by_text("Je hebt 3 ongelezen meldingen.").wait_for()
    items = page.locator(".reisgids-notification")
    assert items.count() == 3  # one page of three; the read one is on page 2
    assert items.first.get_by_text("Ongelezen").is_visible()

    # Mark the newest as read; the page says so and counts one fewer.
    assert "Samen eten in de wijk" in items.first.inner_text()
    items.first.get_by_role("button", name="Markeer als gelezen").click()
    page.get_by_text("De melding is gemarkeerd als gelezen.").wait_for()
    axe(page)
    page.get_by_text("Je hebt 2 ongelezen meldingen.").wait_for()

    # Page 2 holds the read notifications.
    page.get_by_role("link", name="Volgende pagina").click()
    page.wait_for_url("**/meldingen/?pagina=2")
    axe(page)
    page.get_by_text("Pagina 2 van 2").wait_for()
    page.get_by_role("link", name="Vorige pagina").click()
    page.wait_for_url("**/meldingen/?pagina=1")

    page.get_by_role("button", name="Alles gelezen").click()
    page.get_by_text("Alle meldingen zijn gemarkeerd als gelezen.").wait_for()
    axe(page)
    page.get_by_text("Je hebt 0 ongelezen meldingen.").wait_for()
    assert page.get_by_text("Ongelezen", exact=True).count() == 0
    assert not Notification.objects.filter(recipient=fatima, read_at__isnull=True).exists()

    # The link leads to the target.
    page.get_by_role("link", name="Buurtkracht Hillesluis nodigt je uit").click()
    page.wait_for_url(f"**{organisation.get_absolute_url()}")
    axe(page)


def test_empty_state_on_a_phone(new_page, axe):
    page = new_page(viewport={"width": 360, "height": 780})
    user = UserFactory(verified=True)
    log_in(page, axe, user)
    page.get_by_text("Je hebt nog geen meldingen.").wait_for()
    axe(page)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
