"""Browser journeys for accounts: J4 (contentbeheerder with and without two-step verification),
J5a (sign-up with a bad email address), J6 (download my data, delete my account)."""

import json

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth.models import Group, Permission
from playwright.sync_api import expect

from reisgids.models import Instrument, Membership, Organisation, User
from reisgids.tests.factories import PASSWORD, InstrumentFactory, MembershipFactory, UserFactory
from tests.totp import current_code

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def contentbeheerders_group():
    """The group from migration 0003. Transactional tests flush the database between tests,
    which removes migration data, so it is put back here with the permissions this test needs."""
    group, _ = Group.objects.get_or_create(name="Contentbeheerders")
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"),
        *Permission.objects.filter(
            content_type__app_label="reisgids", codename__in=["change_instrument", "view_instrument"]
        ),
    )
    return group


def contentbeheerder(**kwargs):
    user = UserFactory(verified=True, **kwargs)
    user.groups.add(contentbeheerders_group())
    return user


def log_in(page, axe, email, password=PASSWORD):
    axe(page)
    page.locator("#id_login").fill(email)
    page.locator("#id_password").fill(password)
    page.get_by_role("button", name="Inloggen").click()


def test_j4_contentbeheerder_with_totp_logs_in_and_edits_an_instrument(page, axe):
    secret = generate_totp_secret()
    user = contentbeheerder()
    TOTP.activate(user, secret)
    instrument = InstrumentFactory(name="Citylab010", summary="Oude samenvatting")

    page.goto("/beheer/snippets/reisgids/instrument/")
    assert "/accounts/login/" in page.url
    log_in(page, axe, user.email)

    page.wait_for_url("**/accounts/2fa/authenticate/")
    assert page.get_by_role("heading", name="Tweestapsverificatie").is_visible()
    axe(page)
    page.locator("#id_code").fill(current_code(secret))
    page.get_by_role("button", name="Inloggen").click()

    page.wait_for_url("**/beheer/snippets/reisgids/instrument/")
    # Wagtail shows the "signed in" message in its animated message area (see below).
    axe(page, exclude=[".messages"])
    page.get_by_role("link", name="Citylab010").first.click()
    page.wait_for_url(f"**/beheer/snippets/reisgids/instrument/edit/{instrument.pk}/")
    axe(page)
    page.locator("#id_summary").fill("Nieuwe samenvatting: subsidie voor sociale innovatie")
    page.locator("button[type=submit]", has_text="Opslaan").first.click()
    page.wait_for_url("**/beheer/snippets/reisgids/instrument/")
    assert page.locator(".messages .success").is_visible()
    # Wagtail (not our code) fades its "saved" message in and out; axe catches it mid-fade at
    # random (contrast 1.6–2.9). That message is left out here; the rest of the page is checked.
    axe(page, exclude=[".messages"])

    instrument.refresh_from_db()
    assert instrument.summary == "Nieuwe samenvatting: subsidie voor sociale innovatie"


def test_j4_contentbeheerder_without_totp_is_refused_with_guidance(page, axe):
    user = contentbeheerder()

    page.goto("/beheer/")
    log_in(page, axe, user.email)

    page.wait_for_url("**/beheer/")
    assert page.get_by_role("heading", level=1).inner_text() == "Tweestapsverificatie nodig"
    assert page.get_by_text("Met tweestapsverificatie log je in met je wachtwoord").is_visible()
    axe(page)

    page.get_by_role("link", name="Tweestapsverificatie instellen").click()
    page.wait_for_url("**/accounts/reauthenticate/**")
    axe(page)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()

    page.wait_for_url("**/accounts/2fa/totp/activate/")
    assert page.get_by_role("heading", name="Authenticator-app activeren").is_visible()
    assert page.locator("img.reisgids-qr").get_attribute("src").startswith("data:image/svg+xml")
    axe(page)


def test_j5a_signup_with_an_invalid_email_shows_the_error_next_to_the_field(page, axe):
    page.goto("/accounts/signup/")
    axe(page)
    page.locator("#id_email").fill("jan@@voorbeeld")
    page.locator("#id_password1").fill("Zorg-en-welzijn-2024")
    page.locator("#id_password2").fill("Zorg-en-welzijn-2024")
    page.get_by_role("button", name="Account aanmaken").click()

    error = page.locator("#id_email_error")
    assert error.is_visible()
    assert "geldig e-mailadres" in error.inner_text()
    assert page.locator("#id_email").input_value() == "jan@@voorbeeld"
    assert page.locator("#id_email").get_attribute("aria-invalid") == "true"
    axe(page)
    assert not User.objects.filter(email__startswith="jan@").exists()


def test_j6_download_data_then_delete_account(page, axe):
    user = UserFactory(verified=True, first_name="Fatima", last_name="El Amrani")
    membership = MembershipFactory(user=user, beheerder=True, organisation__name="Buurthuis De Esch")
    organisation = membership.organisation
    other = MembershipFactory(organisation=organisation)

    page.goto("/accounts/login/")
    log_in(page, axe, user.email)
    page.wait_for_url("**/accounts/profiel/")
    axe(page)
    assert page.get_by_role("link", name="Buurthuis De Esch").is_visible()

    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download mijn gegevens").click()
    data = json.loads(open(download_info.value.path(), encoding="utf-8").read())
    assert data["profile"]["email"] == user.email
    assert data["memberships"][0]["organisation"] == "Buurthuis De Esch"
    assert data["memberships"][0]["role"] == "beheerder"

    page.get_by_role("link", name="Verwijder mijn account").click()
    page.wait_for_url("**/accounts/profiel/verwijderen/")
    axe(page)
    page.locator("#id_password").fill("niet-mijn-wachtwoord")
    page.locator("#id_confirm").check()
    page.get_by_role("button", name="Mijn account definitief verwijderen").click()
    assert page.locator("#id_password_error").inner_text() == "Dit wachtwoord klopt niet."
    axe(page)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("#id_confirm").check()
    page.get_by_role("button", name="Mijn account definitief verwijderen").click()

    page.wait_for_url(lambda url: url.endswith("/"))
    assert page.get_by_text("Je account is verwijderd.").is_visible()
    axe(page)

    page.goto("/accounts/login/")
    log_in(page, axe, user.email)
    expect(page.get_by_text("Het e-mailadres of het wachtwoord klopt niet.")).to_be_visible()
    axe(page)

    assert Organisation.objects.filter(pk=organisation.pk).exists()
    assert Membership.objects.get(pk=other.pk).role == Membership.Role.BEHEERDER
    assert User.objects.get(pk=user.pk).anonymised_at is not None
    assert Instrument.objects.count() == 0
