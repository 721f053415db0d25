"""Organisations follow categories, themes and areas and hear of new matching listings, by each
member's own email preference; only members manage what their organisation follows."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from marktplaats import services
from marktplaats.models import Follow, Listing
from marktplaats.tests.factories import member_of
from reisgids.notifications.models import Notification
from reisgids.tests.factories import AreaFactory, NeighbourhoodFactory, OrganisationFactory, ThemeFactory

pytestmark = pytest.mark.django_db


def post(actor, organisation, **extra):
    data = {
        "kind": Listing.Kind.VRAAG,
        "category": Listing.Category.SUBSIDIE,
        "title": "Hulp bij subsidieaanvraag",
        "description": "Wie helpt?",
        **extra,
    }
    return services.listing_create(actor=actor, organisation=organisation, data=data)


def test_followers_hear_of_matching_new_listings_only(mailoutbox, django_capture_on_commit_callbacks):
    theme = ThemeFactory(name="Armoede")
    area = AreaFactory(name="Feijenoord")
    wijk = NeighbourhoodFactory(name="Bloemhof", area=area)
    by_category = OrganisationFactory()
    direct = member_of(by_category)
    direct.notification_preference = "direct"
    direct.save()
    by_theme_and_area = OrganisationFactory()
    daily = member_of(by_theme_and_area)
    other_area = OrganisationFactory()
    not_told = member_of(other_area)
    services.follow_create(actor=direct, organisation=by_category, category="subsidie")
    services.follow_create(actor=daily, organisation=by_theme_and_area, theme=theme, area=area)
    services.follow_create(actor=not_told, organisation=other_area, area=AreaFactory(name="Noord"))
    poster_org = OrganisationFactory()
    poster = member_of(poster_org)
    services.follow_create(actor=poster, organisation=poster_org, category="subsidie")
    with django_capture_on_commit_callbacks(execute=True):
        post(poster, poster_org, themes=[theme], neighbourhoods=[wijk])
    assert set(Notification.objects.values_list("recipient__email", flat=True)) == {direct.email, daily.email}
    assert [m.to for m in mailoutbox] == [[direct.email]]
    assert poster.email not in mailoutbox[0].body


def test_follow_rules():
    organisation = OrganisationFactory()
    user = member_of(organisation)
    with pytest.raises(ValidationError):
        services.follow_create(actor=user, organisation=organisation)
    stranger = member_of(OrganisationFactory())
    with pytest.raises(PermissionDenied):
        services.follow_create(actor=stranger, organisation=organisation, category="ruimte")
    follow = services.follow_create(actor=user, organisation=organisation, category="ruimte")
    with pytest.raises(ValidationError):
        services.follow_create(actor=user, organisation=organisation, category="ruimte")
    with pytest.raises(PermissionDenied):
        services.follow_delete(actor=stranger, follow=follow)
    services.follow_delete(actor=user, follow=follow)
    assert not Follow.objects.exists()


def test_follow_page(client):
    organisation = OrganisationFactory(name="Buurtkamer")
    client.force_login(member_of(organisation))
    url = reverse("marktplaats:follows")
    response = client.post(url, {"organisation": organisation.pk})
    assert "Kies een categorie, een thema of een gebied om te volgen." in response.content.decode()
    response = client.post(url, {"organisation": organisation.pk, "category": "ruimte"}, follow=True)
    assert "Buurtkamer: Ruimte (vergaderruimte, werkplek)" in response.content.decode()
    follow = Follow.objects.get()
    client.force_login(member_of(OrganisationFactory()))
    assert client.post(reverse("marktplaats:follow_delete", args=[follow.pk])).status_code == 403
    assert "Buurtkamer" not in client.get(url).content.decode()
