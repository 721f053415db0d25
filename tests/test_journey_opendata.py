"""Browser journeys of the open data (issue 17), in Chromium with axe-core on every page visited:
1. a visitor finds /open-data/ from the footer, downloads the organisations CSV (it opens with ';'
and its formula cell is escaped) and the HSDS data package; 2. a beheerder with two-step verification
imports an HSDS data package in /beheer/ and sees the report."""

import csv
import io
import zipfile

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth.models import Group, Permission
from playwright.sync_api import expect

from reisgids.models import Organisation
from reisgids.tests.factories import PASSWORD, OrganisationFactory, UserFactory
from tests.totp import current_code

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_journey_1_visitor_finds_open_data_and_downloads_the_csv_and_hsds_package(page, axe, settings):
    settings.API_RATE_LIMIT = (10_000, 60)
    OrganisationFactory(name='=HYPERLINK("https://kwaad.example")', kind="fonds")
    OrganisationFactory(name="Buurtkracht Feijenoord", kind="initiatief")

    page.goto("/partijen/")
    axe(page)
    page.get_by_role("contentinfo").get_by_role("link", name="Open data").click()
    page.wait_for_url("**/open-data/")
    expect(page.get_by_role("heading", name="Open data", level=1)).to_be_visible()
    axe(page)

    organisations = page.locator("#organisations")
    with page.expect_download() as download_info:
        organisations.get_by_role("link", name="CSV Organisaties").click()
    content = open(download_info.value.path(), "rb").read()
    assert content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:4] == ["Nummer", "Naam", "Slug", "Soort"]
    names = {row[1]: row for row in rows[1:]}
    assert '\'=HYPERLINK("https://kwaad.example")' in names
    assert names["Buurtkracht Feijenoord"][3] == "Bewonersinitiatief"

    with page.expect_download() as download_info:
        page.get_by_role("link", name="HSDS-datapakket (ZIP)").click()
    archive = zipfile.ZipFile(download_info.value.path())
    assert {"datapackage.json", "organizations.csv", "services.csv"} <= set(archive.namelist())
    assert "Buurtkracht Feijenoord" in archive.read("organizations.csv").decode()

    page.goto("/api/v1/docs/")
    expect(page.locator("#swagger-ui")).to_contain_text("organisations", timeout=15_000)
    axe(page)
    # the visitor opens the organisations list: its parameters and responses pass axe too
    page.locator("#operations-organisations-organisations_list .opblock-summary-control").click()
    expect(page.locator("#operations-organisations-organisations_list")).to_contain_text("page_size")
    axe(page)


def beheerder_with_totp():
    group = Group.objects.get_or_create(name="Sociale kaart")[0]
    for app_label, codename in (("wagtailadmin", "access_admin"), ("opendata", "import_hsds")):
        group.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    user = UserFactory(verified=True, is_staff=True)
    user.groups.add(group)
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return user, secret


def test_journey_2_beheerder_imports_an_hsds_package_and_sees_the_report(page, axe, tmp_path):
    user, secret = beheerder_with_totp()
    package = tmp_path / "sociale-kaart.zip"
    with zipfile.ZipFile(package, "w") as archive:
        archive.writestr(
            "organizations.csv",
            "id,name,description,email\n"
            "11111111-1111-4111-8111-111111111111,Stichting De Kaart,Helpt buren,info@kaart.example\n"
            "geen-uuid,Kapotte rij,Kapot,\n",
        )

    page.goto("/beheer/")
    axe(page)
    page.locator("#id_login").fill(user.email)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url("**/accounts/2fa/authenticate/")
    page.locator("#id_code").fill(current_code(secret))
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url("**/beheer/")

    page.goto("/beheer/open-data/hsds-import/")
    axe(page)
    page.get_by_label("HSDS-datapakket").set_input_files(str(package))
    page.get_by_role("button", name="Importeren").click()
    report = page.get_by_test_id("hsds-report")
    expect(report).to_contain_text("Importverslag")
    expect(report).to_contain_text("1 rij geweigerd")
    expect(report).to_contain_text("geen-uuid")
    axe(page)
    assert Organisation.objects.filter(name="Stichting De Kaart").exists()
