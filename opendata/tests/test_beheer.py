"""/beheer/: the HSDS import, for staff with the permission only (both ways), showing the report."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from reisgids.models import Organisation
from reisgids.tests.beheer import staff_client

pytestmark = pytest.mark.django_db
URL = "/beheer/open-data/hsds-import/"
ORG = "11111111-1111-4111-8111-111111111111"


def package(name="Stichting Kaart"):
    target = io.BytesIO()
    with zipfile.ZipFile(target, "w") as archive:
        archive.writestr("organizations.csv", f"id,name,description\n{ORG},{name},Een\nkapot,Kapot,Kapot\n")
    return SimpleUploadedFile("kaart.zip", target.getvalue(), content_type="application/zip")


def test_staff_without_the_permission_cannot_import(client):
    staff_client(client, group="Redactie")
    # Wagtail answers a refusal in the admin with a redirect to the dashboard and a message.
    assert client.get(URL)["Location"] == "/beheer/"
    assert client.post(URL, {"package": package()})["Location"] == "/beheer/"
    assert URL not in client.get("/beheer/").content.decode()  # no menu item
    assert not Organisation.objects.filter(name="Stichting Kaart").exists()


def test_staff_with_the_permission_imports_and_sees_the_report(client):
    staff_client(client, "opendata.import_hsds", group="Sociale kaart")
    assert client.get(URL).status_code == 200
    assert URL in client.get("/beheer/").content.decode()  # the menu item
    response = client.post(URL, {"package": package()})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="hsds-report"' in html and "kapot" in html
    assert Organisation.objects.filter(name="Stichting Kaart").exists()


def test_dry_run_and_a_broken_file(client):
    staff_client(client, superuser=True)
    response = client.post(URL, {"package": package("Proef"), "dry_run": "on"})
    assert response.status_code == 200 and not Organisation.objects.filter(name="Proef").exists()
    broken = SimpleUploadedFile("kaart.zip", b"geen zip")
    response = client.post(URL, {"package": broken})
    assert "HSDS" in response.content.decode() and response.status_code == 200
