"""``manage.py seed_demo``: the demo network, idempotent, and demo users who can really log in."""

import time
from pathlib import Path

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import decrypt
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import Client
from wagtail.models import Site

from reisgids import demo
from reisgids.models import ContactPoint, Instrument, Membership, Organisation, User
from tests.totp import current_code

pytestmark = pytest.mark.django_db

README = Path(__file__).resolve().parents[1] / "README.md"


def snapshot():
    """Every demo row with its fields and links, to compare two runs."""
    return {
        "organisations": sorted(
            Organisation.objects.values_list("slug", "name", "parent__slug", "updated_at", "is_demo")
        ),
        "organisation_themes": sorted(
            Organisation.themes.through.objects.values_list("organisation_id", "theme_id")
        ),
        "organisation_areas": sorted(
            Organisation.areas.through.objects.values_list("organisation_id", "area_id")
        ),
        "contact_points": sorted(
            ContactPoint.objects.values_list("pk", "email", "updated_at", "user__email")
        ),
        "instruments": sorted(Instrument.objects.values_list("pk", "slug", "updated_at")),
        "users": sorted(User.objects.values_list("pk", "email", "password")),
        "emails": sorted(EmailAddress.objects.values_list("pk", "email", "verified", "primary")),
        "memberships": sorted(
            Membership.objects.values_list("pk", "user__email", "organisation__slug", "role")
        ),
        "authenticators": sorted(Authenticator.objects.values_list("pk", "user__email", "type")),
        "sites": sorted(Site.objects.values_list("pk", "hostname", "site_name", "root_page_id")),
    }


def test_seed_demo_loads_the_rotterdam_network():
    call_command("seed_demo", verbosity=0)

    logeerhuis = Organisation.objects.get(slug="logeerhuis-de-buren")
    assert logeerhuis.name == "Logeerhuis De Buren"
    assert logeerhuis.kind == Organisation.Kind.INITIATIEF
    assert logeerhuis.is_demo
    assert "mantelzorgers" in logeerhuis.summary
    assert {area.name for area in logeerhuis.areas.all()} == {"Delfshaven"}
    assert "mantelzorg" in {theme.slug for theme in logeerhuis.themes.all()}

    names = set(Organisation.objects.values_list("name", flat=True))
    for name in [
        "DoorDeWijks",
        "ZorgVrijstaat West",
        "De Roffabriek",
        "MooiMooierMiddelland",
        "Gezond010",
        "Zorgzaam010",
        "Humanitas",
        "WMO Radar",
        "VoorGoed Agency",
    ]:
        assert name in names
    clusters = Organisation.objects.filter(parent__slug="gemeente-rotterdam", kind=Organisation.Kind.GEMEENTE)
    assert {
        "Cluster Maatschappelijke Ontwikkeling",
        "Cluster Stadsbeheer",
        "Cluster Dienstverlening",
        "Cluster Stadsontwikkeling",
        "Gebiedsorganisatie",
    } <= {c.name for c in clusters}
    assert Organisation.objects.filter(parent__slug="gebiedsorganisatie").count() >= 2
    assert not Organisation.objects.filter(is_demo=False).exists()

    assert set(Instrument.objects.values_list("name", flat=True)) >= {
        "Citylab010",
        "Bewonersinitiatief",
        "Couleur Locale",
        "Right to Challenge",
        "Heel de Stad-budget",
    }
    assert all(instrument.is_demo and instrument.description for instrument in Instrument.objects.all())

    contact_points = list(ContactPoint.objects.all())
    assert len(contact_points) >= 5
    for contact in contact_points:
        assert contact.is_demo
        assert contact.email.endswith("@example.org")
        assert contact.phone.startswith("010 000 ")
        assert contact.approach_for
    functions = {contact.function for contact in contact_points}
    assert {
        "Wijkregisseur Delfshaven",
        "Beleidsadviseur mantelzorg",
        "Accountmanager initiatieven",
    } <= functions
    assert ContactPoint.objects.get(email="noor.voorbeeld@example.org").user.email == demo._demo_email(
        "ambtenaar"
    )

    site = Site.objects.get(is_default_site=True)
    assert site.site_name == "Reisgids zorg en welzijn"
    assert site.root_page.title == "Reisgids zorg en welzijn"


def test_seed_demo_twice_changes_nothing():
    call_command("seed_demo", verbosity=0)
    first = snapshot()
    time.sleep(0.01)  # an accidental save would show in updated_at

    stats = demo.load()

    assert (stats.created, stats.updated) == (0, 0)
    assert snapshot() == first


def test_seed_demo_repairs_a_changed_demo_row():
    demo.load()
    Organisation.objects.filter(slug="doordewijks").update(name="Iets anders")
    ContactPoint.objects.get(email="karim.deproef@example.org").themes.clear()

    stats = demo.load()

    assert stats.updated == 2
    assert Organisation.objects.get(slug="doordewijks").name == "DoorDeWijks"
    assert (
        ContactPoint.objects.get(email="karim.deproef@example.org").themes.filter(slug="mantelzorg").exists()
    )


def test_demo_users_have_their_roles():
    demo.load()
    for spec in demo.USERS:
        user = User.objects.get(email=spec.email)
        assert user.email.endswith("@demo.reisgids.example")
        assert EmailAddress.objects.filter(user=user, email=spec.email, verified=True, primary=True).exists()
        assert set(user.groups.values_list("name", flat=True)) == set(spec.groups)
        assert set(user.memberships.values_list("organisation__slug", "role")) == set(spec.memberships)
        assert Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists() == bool(
            spec.totp_secret
        )
    assert set(
        Group.objects.filter(user__email__endswith="@demo.reisgids.example").values_list("name", flat=True)
    ) == {
        "Ambtenaren",
        "Netwerkmanagers",
        "Contentbeheerders",
        "Kompasredactie",  # a role per person: the partner demo user (issue 14)
        "Bestuur",
    }


def test_every_user_with_admin_access_has_the_documented_totp_secret():
    demo.load()
    for spec in demo.USERS:
        user = User.objects.get(email=spec.email)
        if user.has_perm("wagtailadmin.access_admin"):
            authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
            assert decrypt(authenticator.data["secret"]) == spec.totp_secret


def test_a_demo_user_logs_in_with_the_readme_password():
    demo.load()
    client = Client()
    response = client.post(
        "/accounts/login/", {"login": demo._demo_email("initiatiefnemer"), "password": demo.DEMO_PASSWORD}
    )
    assert response.status_code == 302
    assert client.get("/accounts/profiel/").status_code == 200


def test_a_demo_user_with_a_wrong_password_is_refused():
    demo.load()
    client = Client()
    response = client.post(
        "/accounts/login/", {"login": demo._demo_email("partner"), "password": "niet-goed-1"}
    )
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_a_demo_admin_user_reaches_the_admin_with_the_documented_totp_secret():
    demo.load()
    spec = next(user for user in demo.USERS if user.role == "contentbeheerder")
    client = Client()
    response = client.post("/accounts/login/", {"login": spec.email, "password": demo.DEMO_PASSWORD})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/2fa/authenticate/")
    assert client.get("/beheer/").status_code != 200  # not yet: the second factor is missing

    response = client.post("/accounts/2fa/authenticate/", {"code": current_code(spec.totp_secret)})
    assert response.status_code == 302
    assert client.get("/beheer/").status_code == 200


def test_the_readme_lists_every_demo_user_password_and_totp_secret():
    readme = README.read_text()
    assert demo.DEMO_PASSWORD in readme
    for spec in demo.USERS:
        assert spec.email in readme
        if spec.totp_secret:
            assert spec.totp_secret in readme
            assert demo.totp_uri(spec) in readme


def test_seed_demo_also_loads_the_demo_data_of_other_apps():
    from reisgids.management.commands.seed_demo import app_demo_loaders

    labels = [label for label, _ in app_demo_loaders()]
    assert "deals" in labels
    call_command("seed_demo", verbosity=0)
    from deals.models import Deal

    deals = Deal.objects.count()
    assert deals > 0
    call_command("seed_demo", verbosity=0)
    assert Deal.objects.count() == deals
