"""The residency pages over HTTP: every page, attachment URL and write refused for a visitor and for a
member of an unrelated organisation and allowed for the right partner; visibility of entries; the
deal page's section (public line, partners' block, handrem in red); the register filter; public
activities on /agenda/; bad input kept with Dutch messages."""

import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import resolve, reverse
from django.utils import timezone
from django.utils.html import escape
from wagtail.models import ModelLogEntry

from reisgids.tests.factories import MembershipFactory
from residence.models import Activity, Concern, LogEntry, Residency, Response
from residence.tests.factories import (
    ActivityFactory,
    ConcernFactory,
    LogEntryFactory,
    ResidencyFactory,
)
from residence.tests.test_services import EXE, PDF

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(tmp_path, settings):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    residency = ResidencyFactory(name_public=False)
    from deals.tests.factories import DealPartnerFactory

    third = DealPartnerFactory(deal=residency.deal).organisation
    public_entry = LogEntryFactory(residency=residency, text="Voor alle partners")
    pair_entry = LogEntryFactory(residency=residency, pair_only=True, text="Alleen thuis en gast")
    pair_entry.attachment.save("x.pdf", SimpleUploadedFile("x.pdf", PDF))
    pair_entry.attachment_name, pair_entry.attachment_type = "verslag.pdf", "application/pdf"
    pair_entry.save()
    return {
        "residency": residency,
        "public_entry": public_entry,
        "pair_entry": pair_entry,
        "concern": ConcernFactory(residency=residency, title="Geheim knelpunt"),
        "private_activity": ActivityFactory(residency=residency, is_public=False, title="Intervisie intern"),
        "public_activity": ActivityFactory(residency=residency, is_public=True, title="Open workshop"),
        "host_member": MembershipFactory(organisation=residency.host_partner).user,
        "third_member": MembershipFactory(organisation=third).user,
        "stranger": MembershipFactory().user,
    }


def private_urls(w):
    r = w["residency"]
    return [
        reverse("residence:detail", kwargs={"pk": r.pk}),
        reverse("residence:entry", kwargs={"pk": w["public_entry"].pk}),
        reverse("residence:entry", kwargs={"pk": w["pair_entry"].pk}),
        reverse("residence:attachment", kwargs={"pk": w["pair_entry"].pk}),
        reverse("residence:entry_edit", kwargs={"pk": w["public_entry"].pk}),
        reverse("residence:entry_create", kwargs={"pk": r.pk}),
        reverse("residence:concerns", kwargs={"pk": r.pk}),
        reverse("residence:concern", kwargs={"pk": w["concern"].pk}),
        reverse("residence:concern_edit", kwargs={"pk": w["concern"].pk}),
        reverse("residence:concern_create", kwargs={"pk": r.pk}),
        reverse("residence:activity_create", kwargs={"pk": r.pk}),
        reverse("residence:activity", kwargs={"pk": w["private_activity"].pk}),
        reverse("residence:confirm", kwargs={"pk": r.pk}),
        reverse("residence:end", kwargs={"pk": r.pk}),
        reverse("residence:edit", kwargs={"pk": r.pk}),
        reverse("residence:consent", kwargs={"pk": r.pk}),
        reverse("residence:propose", kwargs={"slug": r.deal.slug}),
        reverse("residence:schouw", kwargs={"slug": r.deal.slug}),
    ]


def test_the_private_urls_are_every_url_of_the_residencies(world):
    """A new page of the residencies joins ``private_urls`` (and so the test below) or fails here."""
    from residence.urls import urlpatterns

    assert sorted({resolve(url).url_name for url in private_urls(world)}) == sorted(
        {pattern.name for pattern in urlpatterns}
    )


def _write_data(w):
    """One POST that fills in every form of the residencies validly, so a refusal is never a form
    error."""
    r = w["residency"]
    return {
        "text": "Geschreven door een buitenstaander",
        "title": "Titel van een buitenstaander",
        "resolution": "Opgelost volgens een buitenstaander",
        "end_note": "Beëindigd door een buitenstaander",
        "report": "Verslag van een buitenstaander",
        "date": timezone.localdate().isoformat(),
        "kind": "overleg",
        "visibility": "alle",
        "severity": "handrem",
        "owner": r.host_partner.pk,
        "starts_at": (timezone.localtime() + datetime.timedelta(days=3)).strftime("%Y-%m-%dT%H:%M"),
        "place": "Elders",
        "person": r.person.pk,
        "home_partner": r.home_partner.pk,
        "host_partner": r.host_partner.pk,
        "starts_on": timezone.localdate().isoformat(),
        "time_amount": "8",
        "time_unit": "uren",
        "functions": ["adviseren"],
        "openness": "Alles",
        "name_public": "on",
    }


def _snapshot():
    """What a write would change: the rows of the residencies and their audit rows, and the fields
    the writes set."""
    return {
        "rows": [
            model.objects.count()
            for model in (Residency, LogEntry, Response, Concern, Activity, ModelLogEntry)
        ],
        "residency": list(
            Residency.objects.values_list(
                "status", "end_note", "home_confirmed_by", "time_amount", "openness", "name_public"
            )
        ),
        "entries": sorted(LogEntry.objects.values_list("pk", "text", "visibility")),
        "concerns": sorted(Concern.objects.values_list("pk", "title", "resolution", "status")),
        "activities": sorted(Activity.objects.values_list("pk", "title", "report")),
    }


@pytest.mark.parametrize("who", ["visitor", "stranger"])
def test_a_visitor_and_a_stranger_see_nothing_private_and_write_nothing(client, world, who):
    """Refused exactly: a visitor is sent to the login page (the private activity's page, open to
    anyone when public, is a 404); a stranger gets 404 for every page and write (405 for a GET of the
    confirm URL, which takes only a POST) — and nothing is written."""
    if who == "stranger":
        client.force_login(world["stranger"])
    login = reverse("account_login")
    activity = reverse("residence:activity", kwargs={"pk": world["private_activity"].pk})
    confirm = reverse("residence:confirm", kwargs={"pk": world["residency"].pk})
    before = _snapshot()
    for url in private_urls(world):
        for method in ("get", "post"):
            response = getattr(client, method)(url, _write_data(world) if method == "post" else None)
            where = f"{method.upper()} {url}"
            if who == "visitor" and url != activity:
                assert response.status_code == 302, where
                assert response["Location"].startswith(f"{login}?next="), where
            elif who == "stranger" and url == confirm and method == "get":
                assert response.status_code == 405, where
            else:
                assert response.status_code == 404, where
    assert _snapshot() == before
    assert before["rows"][:5] == [1, 2, 0, 1, 2]
    assert Residency.objects.get().status == Residency.Status.ACTIVE
    # What they do see: the public line on the deal page and the public activity, nothing else.
    deal_page = client.get(world["residency"].deal.get_absolute_url()).content.decode()
    assert f"partner in residence van {world['residency'].home_partner.name}" in deal_page
    for secret in ("Voor alle partners", "Alleen thuis en gast", "Geheim knelpunt", "Intervisie intern"):
        assert secret not in deal_page
    public = client.get(reverse("residence:activity", kwargs={"pk": world["public_activity"].pk}))
    assert public.status_code == 200 and "Open workshop" in public.content.decode()


def _audited(instance, action):
    return ModelLogEntry.objects.filter(action=action, object_id=str(instance.pk)).count()


def test_the_resident_plans_an_activity_and_reports_on_it_over_http(client, world):
    residency = world["residency"]
    client.force_login(residency.person)
    starts = timezone.localtime() + datetime.timedelta(days=5)
    response = client.post(
        reverse("residence:activity_create", kwargs={"pk": residency.pk}),
        {
            "kind": "workshop",
            "title": "Samen ontwikkelen",
            "starts_at": starts.strftime("%Y-%m-%dT%H:%M"),
            "place": "Buurthuis",
            "partners": [residency.host_partner.pk],
            "is_public": "on",
        },
    )
    activity = Activity.objects.get(title="Samen ontwikkelen")
    assert response.status_code == 302 and response["Location"] == activity.get_absolute_url()
    assert activity.is_public and list(activity.partners.all()) == [residency.host_partner]
    assert _audited(activity, "residence.activity.create") == 1

    Activity.objects.filter(pk=activity.pk).update(starts_at=timezone.now() - datetime.timedelta(hours=2))
    url = activity.get_absolute_url()
    client.force_login(world["host_member"])  # not the resident: no form, and a POST is refused
    assert "Verslag" not in client.get(url).content.decode()
    assert client.post(url, {"report": "Niet van mij"}).status_code == 404
    client.force_login(residency.person)
    response = client.post(url, {"report": "Twaalf deelnemers, goede gesprekken."})
    assert response.status_code == 302 and response["Location"] == url
    activity.refresh_from_db()
    assert activity.report == "Twaalf deelnemers, goede gesprekken."
    assert _audited(activity, "residence.activity.report") == 1


def test_the_resident_edits_their_own_log_entry_over_http(client, world):
    residency, entry = world["residency"], world["public_entry"]
    url = reverse("residence:entry_edit", kwargs={"pk": entry.pk})
    data = {"date": entry.date.isoformat(), "kind": "advies", "text": "Aangevuld", "visibility": "thuis-gast"}
    client.force_login(world["host_member"])
    assert client.post(url, data).status_code == 404
    client.force_login(residency.person)
    assert client.get(url).status_code == 200
    response = client.post(url, data)
    assert response.status_code == 302
    assert response["Location"] == residency.get_absolute_url() + f"#entry-{entry.pk}"
    entry.refresh_from_db()
    assert (entry.kind, entry.text, entry.visibility) == ("advies", "Aangevuld", "thuis-gast")
    assert _audited(entry, "residence.entry.update") == 1


def test_a_member_of_the_host_partner_ends_the_residency_over_http(client, world):
    residency = world["residency"]
    url = reverse("residence:end", kwargs={"pk": residency.pk})
    client.force_login(world["third_member"])  # a partner of the deal, not home or host: refused
    assert client.get(url).status_code == 404
    assert client.post(url, {"end_note": "Klaar"}).status_code == 404
    assert Residency.objects.get().status == Residency.Status.ACTIVE
    client.force_login(world["host_member"])
    assert client.get(url).status_code == 200
    response = client.post(url, {"end_note": "Doel bereikt."})
    assert response.status_code == 302 and response["Location"] == residency.get_absolute_url()
    residency.refresh_from_db()
    assert residency.status == Residency.Status.ENDED and residency.end_note == "Doel bereikt."
    assert _audited(residency, "residence.residency.end") == 1


def test_a_third_partner_sees_entries_for_all_partners_only(client, world):
    client.force_login(world["third_member"])
    page = client.get(reverse("residence:detail", kwargs={"pk": world["residency"].pk})).content.decode()
    assert "Voor alle partners" in page and "Alleen thuis en gast" not in page
    assert "Geheim knelpunt" in page  # concerns are for all partners
    pair = world["pair_entry"].pk
    assert client.get(reverse("residence:entry", kwargs={"pk": pair})).status_code == 404
    assert client.get(reverse("residence:attachment", kwargs={"pk": pair})).status_code == 404
    assert client.post(reverse("residence:entry", kwargs={"pk": pair}), {"text": "Hoi"}).status_code == 404
    response = client.post(
        reverse("residence:entry", kwargs={"pk": world["public_entry"].pk}), {"text": "Mooi"}
    )
    assert response.status_code == 302
    assert world["public_entry"].responses.get().text == "Mooi"


def test_the_host_partner_downloads_the_attachment_and_may_not_edit(client, world):
    client.force_login(world["host_member"])
    pair = world["pair_entry"].pk
    response = client.get(reverse("residence:attachment", kwargs={"pk": pair}))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert (
        "attachment" in response["Content-Disposition"] and "verslag.pdf" in response["Content-Disposition"]
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert client.get(reverse("residence:entry_edit", kwargs={"pk": pair})).status_code == 404
    assert (
        client.get(reverse("residence:entry_create", kwargs={"pk": world["residency"].pk})).status_code == 404
    )
    assert not str(world["pair_entry"].attachment.path).startswith(
        str(__import__("django.conf").conf.settings.MEDIA_ROOT)
    )


def test_the_resident_writes_an_entry_with_an_attachment(client, world):
    residency = world["residency"]
    client.force_login(residency.person)
    url = reverse("residence:entry_create", kwargs={"pk": residency.pk})
    data = {
        "date": timezone.localdate().isoformat(),
        "kind": "overleg",
        "text": "Overleg met het wijkteam",
        "visibility": "alle",
    }
    response = client.post(url, {**data, "attachment": SimpleUploadedFile("notulen.pdf", PDF)})
    assert response.status_code == 302
    assert LogEntry.objects.get(text="Overleg met het wijkteam").attachment_name == "notulen.pdf"


@override_settings(RESIDENCE_ATTACHMENT_MAX_BYTES=200)
@pytest.mark.parametrize(
    "upload", [("notulen.pdf", EXE), ("groot.pdf", PDF + b"0" * 400)], ids=["exe", "large"]
)
def test_a_bad_attachment_keeps_what_was_typed_and_saves_nothing(client, world, upload):
    residency = world["residency"]
    client.force_login(residency.person)
    url = reverse("residence:entry_create", kwargs={"pk": residency.pk})
    data = {
        "date": timezone.localdate().isoformat(),
        "kind": "overleg",
        "text": "Mijn getypte tekst",
        "visibility": "alle",
        "attachment": SimpleUploadedFile(*upload),
    }
    response = client.post(url, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Mijn getypte tekst" in html
    assert 'id="id_attachment_error"' in html
    assert LogEntry.objects.count() == 2


def test_the_proposal_form_keeps_input_and_shows_dutch_messages(client, world):
    residency = world["residency"]
    client.force_login(world["host_member"])
    url = reverse("residence:propose", kwargs={"slug": residency.deal.slug})
    assert client.get(url).status_code == 200
    data = {
        "person": world["third_member"].pk,
        "home_partner": residency.home_partner.pk,
        "host_partner": residency.host_partner.pk,
        "starts_on": "2026-06-01",
        "ends_on": "2026-05-01",
        "time_amount": "8",
        "time_unit": "uren",
        "functions": ["adviseren"],
        "openness": "Mijn afspraken over openheid",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="id_ends_on_error"' in html and 'id="id_person_error"' in html
    assert "Mijn afspraken over openheid" in html and 'value="2026-05-01"' in html
    # six days a week: the message next to the field and in the summary, what was typed kept
    response = client.post(url, {**data, "time_amount": "6", "time_unit": "dagen", "ends_on": ""})
    html = response.content.decode()
    message = "Vul het aantal dagen per week in: van 0,5 tot en met 5, in halve dagen."
    assert 'id="id_time_amount_error"' in html and html.count(message) == 2
    assert 'value="6"' in html and re.search(r'value="dagen"[^>]*checked', html)
    assert Residency.objects.count() == 1


@pytest.mark.parametrize(
    "amount, unit, text",
    [
        ("2", "dagen", "2 dagen per week"),
        ("1.5", "dagen", "1,5 dag per week"),
        ("16", "uren", "16 uur per week"),
    ],
)
def test_the_residency_page_says_the_time_per_week_in_dutch(client, amount, unit, text):
    residency = ResidencyFactory(time_amount=amount, time_unit=unit)
    client.force_login(residency.person)
    html = client.get(residency.get_absolute_url()).content.decode()
    assert f'<dd data-testid="residency-time">{text}</dd>' in html


def test_an_empty_concern_shows_messages_and_saves_nothing(client, world):
    client.force_login(world["host_member"])
    url = reverse("residence:concern_create", kwargs={"pk": world["residency"].pk})
    response = client.post(url, {"title": "", "description": "Mijn uitleg"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="id_title_error"' in html and 'id="id_severity_error"' in html and "Mijn uitleg" in html
    assert Concern.objects.count() == 1


def test_the_deal_page_shows_partners_the_open_concerns_and_a_handrem_in_red(client, world):
    ConcernFactory(residency=world["residency"], handrem=True, title="Stop: geen data")
    client.force_login(world["third_member"])
    html = client.get(world["residency"].deal.get_absolute_url()).content.decode()
    assert "Geheim knelpunt" in html and "Stop: geen data" in html
    assert "utrecht-alert--error" in html and 'data-testid="handrem"' in html


def test_the_deal_page_shows_ten_open_concerns_a_handrem_first_and_links_to_the_rest(client, world):
    """A deal with many open concerns does not list them all on its page: the first ten, a handrem
    first (so it is always in red), then the count of the rest with a link to the residency's list."""
    for i in range(12):
        ConcernFactory(residency=world["residency"], title=f"Knelpunt nummer {i:02d}")
    ConcernFactory(residency=world["residency"], handrem=True, title="Stop: laatste")
    client.force_login(world["third_member"])
    html = client.get(world["residency"].deal.get_absolute_url()).content.decode()
    listed = html.split('data-testid="open-concerns"')[1].split("</ul>")[0]
    assert listed.count("<li") == 10 and "Stop: laatste" in listed
    assert 'data-testid="handrem"' in html
    more = html.split('data-testid="more-concerns"')[1].split("</p>")[0]
    assert "4 open knelpunten" in more  # 14 open (the fixture's own one included), 10 shown
    assert reverse("residence:concerns", kwargs={"pk": world["residency"].pk}) in more


def test_the_public_line_names_the_person_only_when_they_agreed(client, world):
    residency = world["residency"]
    residency.name_public = True
    residency.save()
    html = client.get(residency.deal.get_absolute_url()).content.decode()
    assert escape(residency.person.get_full_name()) in html  # a name like "van 't Hof" is escaped


def test_the_public_line_without_consent_names_the_organisation_and_with_it_the_functions(client, world):
    """Without the resident's consent the deal page says only "a partner in residence of <home>";
    with it, the name and the agreed functions; after the resident deletes their account, no name."""
    from reisgids.accounts.services import account_delete

    residency = world["residency"]
    name = escape(residency.person.get_full_name())
    html = client.get(residency.deal.get_absolute_url()).content.decode()
    line = html.split('data-testid="public-residency"')[1].split("</p>")[0]
    assert name not in html and escape(residency.home_partner.name) in line
    residency.name_public = True
    residency.save()
    line = client.get(residency.deal.get_absolute_url()).content.decode()
    line = line.split('data-testid="public-residency"')[1].split("</p>")[0]
    assert name in line
    assert all(label.lower() in line.lower() for label in residency.function_labels)
    account_delete(user=residency.person, actor=residency.person)
    assert name not in client.get(residency.deal.get_absolute_url()).content.decode()


def test_partners_see_how_long_each_concern_has_been_open(client, world):
    concern = world["concern"]
    Concern.objects.filter(pk=concern.pk).update(raised_at=timezone.now() - datetime.timedelta(days=17))
    client.force_login(world["third_member"])
    html = client.get(world["residency"].deal.get_absolute_url()).content.decode()
    listed = html.split('data-testid="open-concerns"')[1].split("</ul>")[0]
    assert "Geheim knelpunt" in listed and "17 dagen open" in listed


def test_the_register_filters_on_partner_in_residence(client, world):
    from deals.tests.factories import DealFactory

    other = DealFactory(running=True, title="Zonder resident")
    html = client.get("/deals/?residentie=ja").content.decode()
    assert world["residency"].deal.title in html and other.title not in html
    html = client.get("/deals/").content.decode()
    assert other.title in html


def test_public_activities_are_on_the_agenda(client, world):
    html = client.get("/agenda/").content.decode()
    assert "Open workshop" in html and "Intervisie intern" not in html


def test_the_schouw_summary_gathers_the_period(client, world):
    ConcernFactory(residency=world["residency"], closed=True, title="Opgelost punt", resolution="Zo opgelost")
    ActivityFactory(
        residency=world["residency"],
        title="Gehouden workshop",
        starts_at=timezone.now() - datetime.timedelta(days=2),
    )
    client.force_login(world["host_member"])
    url = reverse("residence:schouw", kwargs={"slug": world["residency"].deal.slug})
    html = client.get(url).content.decode()
    for text in (
        "Voor alle partners",
        "Alleen thuis en gast",
        "Geheim knelpunt",
        "Zo opgelost",
        "Gehouden workshop",
    ):
        assert text in html
    client.force_login(world["third_member"])
    html = client.get(url).content.decode()
    assert "Voor alle partners" in html and "Alleen thuis en gast" not in html
    last_year = (timezone.localdate() - datetime.timedelta(days=400)).isoformat()
    html = client.get(url, {"van": last_year, "tot": last_year}).content.decode()
    assert "Voor alle partners" not in html


def test_the_evaluation_input_links_to_the_summary(world):
    from deals.extensions import evaluation_inputs

    (found,) = evaluation_inputs(world["residency"].deal)
    assert found.url.startswith(reverse("residence:schouw", kwargs={"slug": world["residency"].deal.slug}))


def test_the_schouw_summary_survives_extreme_dates(client, world):
    client.force_login(world["host_member"])
    url = reverse("residence:schouw", kwargs={"slug": world["residency"].deal.slug})
    for query in ({"tot": "0001-01-01"}, {"van": "9999-12-31"}, {"van": "2026-05-01", "tot": "2026-01-01"}):
        assert client.get(url, query).status_code == 200


@pytest.mark.parametrize("status", ["gestopt", "plannen"])
def test_a_public_activity_of_a_deal_that_is_not_public_shows_nowhere_to_outsiders(client, world, status):
    """A deal that the register does not show (stopped, or still being planned) keeps its public
    activities, and so its name, off /agenda/ and off the activity page for a visitor and a stranger;
    its partners still see the activity."""
    deal = world["residency"].deal
    type(deal).objects.filter(pk=deal.pk).update(status=status)
    url = reverse("residence:activity", kwargs={"pk": world["public_activity"].pk})
    for who in (None, world["stranger"]):
        client.logout()
        if who is not None:
            client.force_login(who)
        agenda = client.get("/agenda/").content.decode()
        assert "Open workshop" not in agenda and deal.title not in agenda
        assert client.get(url).status_code == 404
    client.force_login(world["third_member"])
    page = client.get(url)
    assert page.status_code == 200 and deal.title in page.content.decode()
