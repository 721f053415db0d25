"""The HSDS import: an export -> import round trip on an empty directory reproduces it; importing
again changes nothing; bad rows are rejected with their reason while the rest is imported; a broken
package imports nothing; the management command prints the report."""

import io
import json
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from opendata import hsds
from opendata.models import HsdsIdentifier
from opendata.services import hsds_import
from reisgids.models import ContactPoint, Instrument, Organisation, Theme
from reisgids.tests.factories import (
    AreaFactory,
    ContactPointFactory,
    InstrumentFactory,
    NeighbourhoodFactory,
    OrganisationFactory,
)

pytestmark = pytest.mark.django_db


def directory_snapshot():
    """Everything of the directory but the logos."""
    return {
        "organisations": sorted(
            (o.name, o.slug, o.kind, o.summary, o.description, o.website,
             o.contact_email if o.show_contact else "", o.contact_phone if o.show_contact else "",
             o.parent.name if o.parent_id else "",
             tuple(sorted(t.slug for t in o.themes.all())), tuple(sorted(a.slug for a in o.areas.all())),
             tuple(sorted(n.slug for n in o.neighbourhoods.all())))
            for o in Organisation.objects.all()
        ),
        "instruments": sorted(
            (i.name, i.slug, i.owner.name, i.summary, i.description, i.url, i.audience, i.amount, i.deadlines,
             i.offers_money, i.offers_knowledge, i.offers_space, i.offers_procedure,
             tuple(sorted(t.slug for t in i.themes.all())))
            for i in Instrument.objects.all()
        ),
        "contact_points": sorted(
            (c.name, c.function, c.organisation.name, c.approach_for, c.email, c.phone, c.availability,
             c.citywide, tuple(sorted(a.slug for a in c.areas.all())),
             tuple(sorted(t.slug for t in c.themes.all())))
            for c in ContactPoint.objects.all()
        ),
    }  # fmt: skip


def package_bytes():
    target = io.BytesIO()
    hsds.write_package(target)
    return target.getvalue()


@pytest.fixture
def directory():
    theme = Theme.objects.order_by("pk").first()
    area = AreaFactory(name="Charlois", slug="charlois")
    wijk = NeighbourhoodFactory(name="Tarwewijk", slug="tarwewijk", area=area)
    parent = OrganisationFactory(name="Gemeente Rotterdam", kind="gemeente", description="De gemeente.")
    org = OrganisationFactory(
        name="Buurtkracht", kind="initiatief", parent=parent, website="https://bk.example",
        contact_email="info@bk.example", contact_phone="+31 10 765", show_contact=True,
        summary="Buren voor buren.", description="Buren helpen buren.",
    )  # fmt: skip
    org.themes.add(theme)
    org.areas.add(area)
    org.neighbourhoods.add(wijk)
    OrganisationFactory(name="Alleen samenvatting", kind="fonds", summary="Kort.", description="")
    cp = ContactPointFactory(
        organisation=parent, name="Anna", function="Wijkregisseur", email="anna@r.example",
        phone="+31 10 123", approach_for="=Hulp", availability="ma-do",
    )  # fmt: skip
    cp.areas.add(area)
    cp.themes.add(theme)
    ContactPointFactory(organisation=parent, name="Bas", function="Stadsadviseur", citywide=True)
    InstrumentFactory(
        owner=parent, name="Citylab010", summary="Geld voor ideeën", description="Lang verhaal.",
        url="https://c.example", audience="Bewoners", amount="tot € 50.000", deadlines="1 maart",
        offers_money=True, offers_space=True,
    ).themes.add(theme)  # fmt: skip


def empty_directory():
    ContactPoint.objects.all().delete()
    Instrument.objects.all().delete()
    Organisation.objects.all().delete()


def test_round_trip_on_an_empty_directory_reproduces_it_and_is_idempotent(directory):
    before = directory_snapshot()
    package = package_bytes()
    empty_directory()
    report = hsds_import(source=io.BytesIO(package))
    assert report.rejected == []
    assert report.created == {"organization": 3, "service": 3}
    assert directory_snapshot() == before
    assert HsdsIdentifier.objects.filter(kind="organisation").count() == 3

    again = hsds_import(source=io.BytesIO(package))
    assert again.created == {} and again.updated == {} and again.rejected == []
    assert again.unchanged["organization"] == 3 and again.unchanged["service"] == 3
    assert directory_snapshot() == before
    # the export names the imported rows by the ids they came with
    assert package_bytes().count(b"0e9a0001") == package.count(b"0e9a0001")


def test_an_update_of_the_package_updates_the_rows(directory):
    package = package_bytes()
    archive = zipfile.ZipFile(io.BytesIO(package))
    changed = io.BytesIO()
    with zipfile.ZipFile(changed, "w") as out:
        for name in archive.namelist():
            data = archive.read(name)
            if name == "organizations.csv":
                data = data.replace(b"Buren helpen buren.", b"Buren helpen elkaar.")
            out.writestr(name, data)
    report = hsds_import(source=io.BytesIO(changed.getvalue()))
    assert report.updated == {"organization": 1} and report.created == {}
    assert Organisation.objects.get(name="Buurtkracht").description == "Buren helpen elkaar."


def make_package(tables):
    target = io.BytesIO()
    with zipfile.ZipFile(target, "w") as archive:
        for name, text in tables.items():
            archive.writestr(name, text)
    return io.BytesIO(target.getvalue())


GOOD_ORG = "11111111-1111-4111-8111-111111111111"


def test_bad_rows_are_rejected_with_their_reason_and_the_rest_is_imported():
    package = make_package({
        "organizations.csv": "id,name,description,email\n"
        f"{GOOD_ORG},Nieuwe Stichting,Helpt,info@ns.example\n"
        "niet-een-uuid,Kapot,Kapot,\n"
        "22222222-2222-4222-8222-222222222222,Geen mail,Oeps,geen-mailadres\n",
        "services.csv": "id,organization_id,name,status\n"
        f"33333333-3333-4333-8333-333333333333,{GOOD_ORG},Buurtfonds,active\n"
        "44444444-4444-4444-8444-444444444444,55555555-5555-4555-8555-555555555555,Wees,active\n"
        f"66666666-6666-4666-8666-666666666666,{GOOD_ORG},Fout,misschien\n",
    })  # fmt: skip
    report = hsds_import(source=package)
    assert report.created == {"organization": 1, "service": 1}
    reasons = {row_id: reason for _table, row_id, reason in report.rejected}
    assert set(reasons) == {
        "niet-een-uuid", "22222222-2222-4222-8222-222222222222", "44444444-4444-4444-8444-444444444444",
        "66666666-6666-4666-8666-666666666666",
    }  # fmt: skip
    assert "uuid" in reasons["niet-een-uuid"]
    assert "niet in het pakket" in reasons["44444444-4444-4444-8444-444444444444"]  # the Dutch reason
    assert Organisation.objects.filter(name="Nieuwe Stichting", kind="netwerk").exists()
    assert Instrument.objects.filter(name="Buurtfonds").exists()


def test_a_broken_package_imports_nothing():
    count = Organisation.objects.count()
    with pytest.raises(ValidationError):
        hsds_import(source=io.BytesIO(b"geen zip"))
    assert Organisation.objects.count() == count


def test_a_failure_halfway_rolls_back_everything(monkeypatch):
    package = make_package({
        "organizations.csv": f"id,name,description\n{GOOD_ORG},Eerst,Een\n",
        "services.csv": "id,organization_id,name,status\n"
        f"33333333-3333-4333-8333-333333333333,{GOOD_ORG},X,active\n",
    })  # fmt: skip

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr("opendata.services._instrument", broken)
    with pytest.raises(RuntimeError):
        hsds_import(source=package)
    assert not Organisation.objects.filter(name="Eerst").exists()


def test_dry_run_writes_nothing():
    package = make_package({"organizations.csv": f"id,name,description\n{GOOD_ORG},Proef,Een\n"})
    report = hsds_import(source=package, dry_run=True)
    assert report.created == {"organization": 1}
    assert not Organisation.objects.filter(name="Proef").exists()


def test_management_command_prints_the_report(tmp_path, capsys):
    path = tmp_path / "kaart.zip"
    path.write_bytes(
        make_package({"organizations.csv": f"id,name,description\n{GOOD_ORG},Cmd,Een\n"}).getvalue()
    )
    call_command("hsds_import", str(path))
    report = json.loads(capsys.readouterr().out)
    assert report["created"] == {"organization": 1}
