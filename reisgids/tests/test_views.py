import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from reisgids.models import Area, JoinRequest, Membership, Organisation, Theme
from reisgids.tests.factories import (
    ContactPointFactory,
    InstrumentFactory,
    JoinRequestFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def test_organisation_list_filters_and_shows_the_count_and_active_filters(client):
    delfshaven = Area.objects.get(slug="delfshaven")
    mantelzorg = Theme.objects.get(slug="mantelzorg")
    OrganisationFactory(name="Logeerhuis De Buren", areas=[delfshaven], themes=[mantelzorg])
    OrganisationFactory(name="Ruis Noord", themes=[mantelzorg])
    response = client.get("/partijen/", {"area": "delfshaven", "theme": "mantelzorg"})
    html = response.content.decode()
    assert "Logeerhuis De Buren" in html
    assert "Ruis Noord" not in html
    assert "1 partij gevonden" in html
    assert "Gebied: Delfshaven" in html
    assert "Wis filters" in html
    empty = client.get("/partijen/", {"q": "bestaat-niet"}).content.decode()
    assert "Geen partijen gevonden. Pas de filters aan." in empty


def test_area_filter_also_finds_organisations_in_one_of_its_neighbourhoods(client):
    wijk = Area.objects.get(slug="delfshaven").neighbourhoods.first()
    OrganisationFactory(name="Wijkinitiatief", neighbourhoods=[wijk])
    assert "Wijkinitiatief" in client.get("/partijen/", {"area": "delfshaven"}).content.decode()


def test_invalid_filter_value_is_reported_next_to_the_filter(client):
    response = client.get("/partijen/", {"area": "atlantis"})
    assert response.status_code == 200
    assert "utrecht-form-field-error-message" in response.content.decode()


def test_pagination_marks_the_current_page(client, settings):
    settings.PAGE_SIZE = 2
    OrganisationFactory.create_batch(5)
    html = client.get("/partijen/", {"page": 2}).content.decode()
    assert 'aria-current="page"' in html
    assert 'class="utrecht-pagination utrecht-pagination--distanced" aria-label="Pagina\'s"' in html


def test_organisation_detail_hides_contact_unless_shown_and_lists_contact_points_and_instruments(client):
    organisation = OrganisationFactory(gemeente=True, contact_email="geheim@example.nl", show_contact=False)
    ContactPointFactory(organisation=organisation, name="Fatima El Amrani")
    InstrumentFactory(owner=organisation, name="Citylab010")
    html = client.get(organisation.get_absolute_url()).content.decode()
    assert "geheim@example.nl" not in html
    assert "Fatima El Amrani" in html and "Citylab010" in html
    organisation.show_contact = True
    organisation.save()
    assert "mailto:geheim@example.nl" in client.get(organisation.get_absolute_url()).content.decode()


def test_detail_buttons_depend_on_membership(client):
    manager = MembershipFactory(beheerder=True)
    organisation = manager.organisation
    stranger = UserFactory()
    client.force_login(stranger)
    assert "Vraag om lid te worden" in client.get(organisation.get_absolute_url()).content.decode()
    client.force_login(manager.user)
    html = client.get(organisation.get_absolute_url()).content.decode()
    assert "Profiel bewerken" in html and "Leden beheren" in html
    lid = MembershipFactory(organisation=organisation)
    client.force_login(lid.user)
    html = client.get(organisation.get_absolute_url()).content.decode()
    assert "Profiel bewerken" in html and "Leden beheren" not in html


def test_register_requires_login_and_makes_the_user_beheerder(client):
    url = reverse("organisation_create")
    assert client.get(url).status_code == 302
    user = UserFactory()
    client.force_login(user)
    response = client.post(
        url,
        {
            "name": "Buurtkracht Bospolder",
            "kind": "initiatief",
            "areas": [Area.objects.get(slug="delfshaven").pk],
            "logo": SimpleUploadedFile("logo.gif", b"GIF89a", content_type="image/gif"),
        },
    )
    assert response.status_code == 200
    assert "PNG, JPEG of WebP" in response.content.decode()
    response = client.post(url, {"name": "Buurtkracht Bospolder", "kind": "initiatief"})
    organisation = Organisation.objects.get(name="Buurtkracht Bospolder")
    assert response.url == organisation.get_absolute_url()
    assert Membership.objects.get(organisation=organisation, user=user).role == "beheerder"


def test_saving_without_a_name_shows_the_dutch_error_and_keeps_the_other_values(client):
    membership = MembershipFactory(organisation__name="Buurtkracht Bospolder")
    client.force_login(membership.user)
    response = client.post(
        reverse("organisation_edit", args=[membership.organisation.slug]),
        {"name": "", "kind": "initiatief", "summary": "Samen sterk in Bospolder", "website": "https://bk.nl"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_name_error"' in html and "Vul de naam van de organisatie in." in html
    assert 'value="Samen sterk in Bospolder"' in html and 'value="https://bk.nl"' in html
    membership.organisation.refresh_from_db()
    assert membership.organisation.name == "Buurtkracht Bospolder"


def test_only_members_can_edit_and_only_beheerders_manage(client):
    manager = MembershipFactory(beheerder=True)
    organisation = manager.organisation
    lid = MembershipFactory(organisation=organisation)
    edit = reverse("organisation_edit", args=[organisation.slug])
    members = reverse("organisation_members", args=[organisation.slug])
    client.force_login(UserFactory())
    assert client.get(edit).status_code == 403
    assert client.post(edit, {"name": "Gekaapt", "kind": "bedrijf"}).status_code == 403
    assert client.get(members).status_code == 403
    client.force_login(lid.user)
    assert client.get(edit).status_code == 200
    assert client.get(members).status_code == 403
    role_url = reverse("membership_role", args=[organisation.slug, manager.pk])
    assert client.post(role_url, {f"m{manager.pk}-role": "lid"}).status_code == 403
    response = client.post(
        edit, {"name": "Nieuwe naam", "kind": "initiatief", "description": "Nieuw verhaal"}
    )
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert (organisation.name, organisation.description) == ("Nieuwe naam", "Nieuw verhaal")
    client.force_login(manager.user)
    assert client.get(members).status_code == 200
    assert client.get(reverse("organisation_edit", args=["bestaat-niet"])).status_code == 404


def test_join_approve_and_refuse_through_the_pages(client, mailoutbox, django_capture_on_commit_callbacks):
    # Both chose one email per notification (the mails follow each person's preference).
    manager = MembershipFactory(beheerder=True, user__notification_preference="direct")
    organisation = manager.organisation
    requester = UserFactory(notification_preference="direct")
    client.force_login(requester)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("organisation_join", args=[organisation.slug]), {"motivation": "Graag!"})
    response = client.post(reverse("organisation_join", args=[organisation.slug]), {"motivation": "Nog eens"})
    assert "Je hebt al gevraagd" in response.content.decode()
    join_request = JoinRequest.objects.get(user=requester)
    approve = reverse("join_request_approve", args=[organisation.slug, join_request.pk])
    assert client.post(approve).status_code == 403  # the requester cannot approve themselves
    client.force_login(manager.user)
    assert "Graag!" in client.get(reverse("organisation_members", args=[organisation.slug])).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(approve)
    assert Membership.objects.filter(user=requester, organisation=organisation).exists()
    assert [m.to for m in mailoutbox] == [[manager.user.email], [requester.email]]
    other = JoinRequestFactory(organisation=organisation)
    client.post(reverse("join_request_refuse", args=[organisation.slug, other.pk]))
    other.refresh_from_db()
    assert other.status == "refused"


def assert_refusal_summarised(response, anchor):
    """The page of a refused action: the one error summary, focused, linking to the message."""
    html = response.content.decode()
    assert re.search(r"<title>Fout: ", html), "title"
    summary = html.split("data-error-summary", 1)[1].split("</ul>", 1)[0]
    assert html.count("data-error-summary") == 1 and f'href="#{anchor}"' in summary
    assert f'id="{anchor}"' in html


def test_last_beheerder_error_is_shown_next_to_the_member(client):
    manager = MembershipFactory(beheerder=True)
    client.force_login(manager.user)
    slug = manager.organisation.slug
    response = client.post(
        reverse("membership_role", args=[slug, manager.pk]), {f"m{manager.pk}-role": "lid"}
    )
    assert response.status_code == 400
    assert "minstens één beheerder" in response.content.decode()
    assert_refusal_summarised(response, f"lid-{manager.pk}-error")
    response = client.post(reverse("membership_remove", args=[slug, manager.pk]))
    assert response.status_code == 400
    assert_refusal_summarised(response, f"lid-{manager.pk}-error")
    manager.refresh_from_db()
    assert manager.role == "beheerder"


def test_contactpoints_search_and_theme_filter(client):
    mantelzorg = Theme.objects.get(slug="mantelzorg")
    ContactPointFactory(
        name="Fatima El Amrani",
        approach_for="Vragen over mantelzorg en respijtzorg",
        themes=[mantelzorg],
        email="f.elamrani@rotterdam.example.nl",
        phone="06 1234 5678",
    )
    ContactPointFactory(name="Ruis Persoon", approach_for="Sport")
    html = client.get("/aanspreekpunten/", {"q": "mantelzorg"}).content.decode()
    assert "Fatima El Amrani" in html and "Ruis Persoon" not in html
    assert 'href="mailto:f.elamrani@rotterdam.example.nl"' in html and 'href="tel:0612345678"' in html
    assert "Fatima El Amrani" in client.get("/aanspreekpunten/", {"theme": "mantelzorg"}).content.decode()


def test_instruments_filter_by_offer_and_detail(client):
    InstrumentFactory(name="Citylab010", offers_money=True, offers_knowledge=False)
    InstrumentFactory(name="Kennisbank", offers_money=False, offers_knowledge=True)
    html = client.get("/instrumenten/", {"offers": "kennis"}).content.decode()
    assert "Kennisbank" in html and "Citylab010" not in html
    assert client.get("/instrumenten/citylab010/").status_code == 200
    assert client.get("/instrumenten/bestaat-niet/").status_code == 404


def test_home_links_the_entry_points(client):
    html = client.get("/").content.decode()
    for text in ("Wie moet ik hebben?", "Partijen", "Beleidsinstrumenten", "Registreer je organisatie"):
        assert text in html


def test_organisation_page_shows_ten_contact_persons_and_links_to_the_rest(client):
    department = OrganisationFactory(name="Cluster Dienstverlening", gemeente=True)
    ContactPointFactory.create_batch(12, organisation=department)
    html = client.get(department.get_absolute_url()).content.decode()
    assert html.count('class="reisgids-card') - html.count("reisgids-card-list") == 10
    assert f"/aanspreekpunten/?organisation={department.slug}" in html
    assert "Alle aanspreekpunten van Cluster Dienstverlening" in html
    few = OrganisationFactory(name="Klein Initiatief")
    ContactPointFactory.create_batch(3, organisation=few)
    assert "Alle aanspreekpunten van" not in client.get(few.get_absolute_url()).content.decode()


def test_citywide_contactpoints_show_under_every_area_and_neighbourhood_filter(client):
    mantelzorg = Theme.objects.get(slug="mantelzorg")
    delfshaven, feijenoord = Area.objects.get(slug="delfshaven"), Area.objects.get(slug="feijenoord")
    ContactPointFactory(name="Noor Wijkregisseur", themes=[mantelzorg], areas=[delfshaven])
    ContactPointFactory(name="Karim Stadsbreed", themes=[mantelzorg], citywide=True)
    ContactPointFactory(name="Marieke Feijenoord", themes=[mantelzorg], areas=[feijenoord])
    ContactPointFactory(name="Sem Ander Thema", citywide=True)
    html = client.get(
        "/aanspreekpunten/", {"theme": "mantelzorg", "neighbourhood": "bospolder"}
    ).content.decode()
    assert "Noor Wijkregisseur" in html and "Karim Stadsbreed" in html
    assert "Marieke Feijenoord" not in html and "Sem Ander Thema" not in html
    assert "2 aanspreekpunten gevonden" in html
    assert html.count("stadsbreed") == 1 and "de hele stad" in html
    html = client.get("/aanspreekpunten/", {"area": "feijenoord", "theme": "mantelzorg"}).content.decode()
    assert "Marieke Feijenoord" in html and "Karim Stadsbreed" in html and "Noor Wijkregisseur" not in html
    # Without a gebied or wijk, a city-wide aanspreekpunt is listed once, like any other.
    html = client.get("/aanspreekpunten/", {"theme": "mantelzorg"}).content.decode()
    assert "3 aanspreekpunten gevonden" in html
