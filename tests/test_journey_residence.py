"""Browser journeys of issue 12 (partner in residence), in Chromium with axe-core on every page
visited: proposing and confirming a residency, the log with an attachment and a response, the
handrem that stops the deal's next step, what strangers and visitors (do not) see, and bad input."""

import datetime
import re
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from playwright.sync_api import expect

from deals.models import Deal
from deals.tests.factories import DealFactory, DealPartnerFactory
from reisgids.models import Organisation
from reisgids.notifications.models import Notification
from reisgids.tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from residence.models import Activity, Concern, LogEntry, Residency, Response
from residence.tests.factories import ActivityFactory, ConcernFactory, LogEntryFactory, ResidencyFactory
from residence.tests.test_services import EXE, PDF
from schouw.services import no_schouw_reason_record
from tests.test_journey_deals import log_in, manager

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def user(email, organisation, **kwargs):
    person = UserFactory(email=email, verified=True, **kwargs)
    MembershipFactory(user=person, organisation=organisation)
    return person


@pytest.fixture
def deal_world():
    initiative = OrganisationFactory(name="ZorgVrijstaat West", slug="zorgvrijstaat-west")
    gemeente = OrganisationFactory(name="Gebiedsorganisatie Delfshaven", slug="go-delfshaven", gemeente=True)
    provider = OrganisationFactory(name="Humanitas Rotterdam", kind=Organisation.Kind.ZORGAANBIEDER)
    deal = DealFactory(running=True, title="Respijt voor mantelzorgers", trekker__organisation=initiative)
    DealPartnerFactory(deal=deal, organisation=gemeente)
    DealPartnerFactory(deal=deal, organisation=provider)
    return {
        "deal": deal,
        "initiative": initiative,
        "gemeente": gemeente,
        "provider": provider,
        "ilse": manager(initiative, "ilse@example.nl"),
        "gert": manager(gemeente, "gert@example.nl"),
        "hanna": manager(provider, "hanna@example.nl"),
        "rachid": user("rachid@example.nl", initiative, first_name="Rachid", last_name="Resident"),
        "tom": user("tom@example.nl", initiative, first_name="Tom", last_name="Trekker"),
    }


def active_residency(w):
    return ResidencyFactory(
        deal=w["deal"], person=w["rachid"], home_partner=w["initiative"], host_partner=w["gemeente"]
    )


def test_journey_1_a_residency_is_proposed_and_confirmed_by_both_partners(new_page, axe, deal_world):
    w = deal_world
    colleague_at_host = user("gemma@example.nl", w["gemeente"])  # a member of the host, not its beheerder
    deal_url = w["deal"].get_absolute_url()
    tom = new_page()
    log_in(tom, axe, "tom@example.nl")
    tom.goto(deal_url)
    axe(tom)
    tom.get_by_role("link", name="Een partner in residence voorstellen").click()
    axe(tom)
    tom.locator("#id_person").select_option(label="Rachid Resident (rachid@example.nl)")
    tom.locator("#id_home_partner").select_option(label="ZorgVrijstaat West")
    tom.locator("#id_host_partner").select_option(label="Gebiedsorganisatie Delfshaven")
    tom.locator("#id_starts_on").fill(timezone.localdate().isoformat())
    tom.locator("#id_time_amount").fill("2")
    tom.get_by_label("dagen per week", exact=True).check()
    tom.get_by_label("Signaleren").check()
    tom.get_by_label("Bemiddelen").check()
    tom.locator("#id_openness").fill("Ziet de wijkplanning; deelt niets over bewoners.")
    tom.get_by_role("button", name="Voorstellen").click()
    expect(tom.get_by_text("De residentie is voorgesteld.")).to_be_visible()
    axe(tom)
    residency = Residency.objects.get()
    assert residency.status == Residency.Status.PLANNED
    assert (residency.time_amount, residency.time_unit) == (2, "dagen")

    for email, organisation in (("ilse@example.nl", w["initiative"]), ("gert@example.nl", w["gemeente"])):
        page = new_page()
        log_in(page, axe, email)
        page.goto("/meldingen/")
        axe(page)
        page.get_by_role("link", name=re.compile("Bevestig de partner in residence")).first.click()
        axe(page)
        page.get_by_role("button", name=f"Bevestigen voor {organisation.name}").click()
        expect(page.get_by_text(re.compile(r"^Bevestigd\."))).to_be_visible()
        axe(page)
    residency.refresh_from_db()
    assert residency.status == Residency.Status.ACTIVE
    expect(page.get_by_test_id("residency-status")).to_have_text("Actief")
    # The resident and both partners are told (the beheerder who confirmed last saw it happen); the
    # host's other member too.
    for person in (w["rachid"], w["ilse"], w["tom"], colleague_at_host):
        assert Notification.objects.filter(recipient=person, subject__contains="is gestart").exists()
    assert Notification.objects.filter(recipient=w["gert"], subject__contains="Bevestig de partner").exists()


def test_journey_2_the_log_with_an_attachment_a_response_and_what_a_third_partner_sees(
    new_page, axe, deal_world, tmp_path, settings
):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    w = deal_world
    residency = active_residency(w)
    rachid = new_page()
    log_in(rachid, axe, "rachid@example.nl")
    pdf = tmp_path / "verslag.pdf"
    pdf.write_bytes(PDF)
    entries = [
        ("werkbezoek", "Werkbezoek bij het wijkteam Bospolder.", "alle", pdf),
        ("observatie", "Wachtlijst voor respijt loopt op; alleen voor thuis en gast.", "thuis-gast", None),
        ("advies", "Advies: aanmelden via één formulier.", "alle", None),
    ]
    for kind, text, visibility, attachment in entries:
        rachid.goto(residency.get_absolute_url())
        axe(rachid)
        rachid.get_by_role("link", name="Nieuwe logboekregel").click()
        axe(rachid)
        rachid.locator("#id_date").fill(timezone.localdate().isoformat())
        rachid.locator(f"input[name=kind][value={kind}]").check()
        rachid.locator("#id_text").fill(text)
        rachid.locator(f"input[name=visibility][value={visibility}]").check()
        if attachment:
            rachid.locator("#id_attachment").set_input_files(str(attachment))
        rachid.get_by_role("button", name="Logboekregel opslaan").click()
        expect(rachid.get_by_text("De logboekregel is opgeslagen.")).to_be_visible()
        axe(rachid)
    assert LogEntry.objects.count() == 3
    assert LogEntry.objects.get(kind="werkbezoek").attachment_name == "verslag.pdf"

    gert = new_page()
    log_in(gert, axe, "gert@example.nl")
    gert.goto(residency.get_absolute_url())
    axe(gert)
    expect(gert.get_by_text("Wachtlijst voor respijt loopt op")).to_be_visible()
    with gert.expect_download() as download:
        gert.get_by_role("link", name="Bijlage: verslag.pdf").click()
    assert download.value.suggested_filename == "verslag.pdf"
    gert.get_by_role("link", name=re.compile("Reageer bij: Advies")).click()
    axe(gert)
    gert.locator("#id_text").fill("Goed idee, we nemen het mee in het wijkteamoverleg.")
    gert.get_by_role("button", name="Reageer").click()
    expect(gert.get_by_text("Je reactie is opgeslagen.")).to_be_visible()
    axe(gert)
    assert Notification.objects.filter(recipient=w["rachid"], subject__contains="Nieuwe reactie").exists()

    hanna = new_page()
    log_in(hanna, axe, "hanna@example.nl")
    hanna.goto(residency.get_absolute_url())
    axe(hanna)
    expect(hanna.locator("article[id^=entry-]")).to_have_count(2)
    expect(hanna.get_by_text("Wachtlijst voor respijt loopt op")).to_have_count(0)
    expect(hanna.get_by_text("Goed idee, we nemen het mee")).to_be_visible()


def test_journey_3_the_handrem_stops_the_next_step_until_both_partners_confirm(new_page, axe, deal_world):
    w = deal_world
    residency = active_residency(w)
    deal_url = w["deal"].get_absolute_url()
    # "afgerond" also needs a published schouw report or the reason there was none (schouw's guard)
    no_schouw_reason_record(deal=w["deal"], actor=w["ilse"], reason="De partners evalueren in januari samen.")
    rachid = new_page()
    log_in(rachid, axe, "rachid@example.nl")
    rachid.goto(residency.get_absolute_url())
    axe(rachid)
    rachid.get_by_role("link", name="Een knelpunt melden").click()
    axe(rachid)
    rachid.locator("#id_title").fill("Wijkteam deelt geen signalen meer")
    rachid.locator("input[name=severity][value=handrem]").check()
    rachid.locator("#id_owner").select_option(label="Gebiedsorganisatie Delfshaven")
    rachid.get_by_role("button", name="Knelpunt melden").click()
    expect(rachid.get_by_text("Er is aan de handrem getrokken.")).to_be_visible()
    axe(rachid)
    for person in (w["ilse"], w["gert"], w["hanna"], w["tom"]):
        assert Notification.objects.filter(recipient=person, subject__startswith="Handrem getrokken").exists()

    ilse = new_page()
    log_in(ilse, axe, "ilse@example.nl")
    ilse.goto(deal_url)
    axe(ilse)
    expect(ilse.get_by_test_id("handrem")).to_be_visible()
    ilse.get_by_role("link", name="Deal afronden").click()
    axe(ilse)
    ilse.locator("#id_follow_up").fill("We gaan door in Charlois.")
    ilse.get_by_role("button", name="Deal afronden").click()
    expect(
        ilse.get_by_text(
            re.compile("Er is aan de handrem getrokken \\(‘Wijkteam deelt geen signalen meer’\\)")
        )
    ).to_be_visible()
    axe(ilse)
    assert Deal.objects.get().status == Deal.Status.RUNNING

    concern = Concern.objects.get()
    for page, organisation in ((ilse, w["initiative"]), (new_page(), w["gemeente"])):
        if organisation == w["gemeente"]:
            log_in(page, axe, "gert@example.nl")
        page.goto(concern.get_absolute_url())
        axe(page)
        page.locator("#id_resolution").fill(
            "Wekelijks overleg met het wijkteam; signalen via één contactpersoon."
        )
        page.get_by_role("button", name=f"Bevestigen voor {organisation.name}").click()
        axe(page)
    concern.refresh_from_db()
    assert concern.status == Concern.Status.CLOSED

    ilse.goto(deal_url)
    expect(ilse.get_by_test_id("handrem")).to_have_count(0)
    ilse.get_by_role("link", name="Deal afronden").click()
    ilse.locator("#id_follow_up").fill("We gaan door in Charlois.")
    ilse.get_by_role("button", name="Deal afronden").click()
    axe(ilse)
    assert Deal.objects.get().status == Deal.Status.FINISHED


def test_journey_4_a_stranger_and_a_visitor_see_no_log_concern_or_private_activity(
    new_page, axe, deal_world, live_server, tmp_path, settings
):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    w = deal_world
    residency = active_residency(w)
    entry = LogEntryFactory(residency=residency, text="Geheime observatie")
    entry.attachment.save("x.pdf", ContentFile(PDF))
    entry.attachment_type, entry.attachment_name = "application/pdf", "x.pdf"
    entry.save()
    concern = ConcernFactory(residency=residency, title="Geheim knelpunt")
    private = ActivityFactory(residency=residency, is_public=False, title="Interne intervisie")
    public = ActivityFactory(residency=residency, is_public=True, title="Open workshop respijt")
    urls = [
        residency.get_absolute_url(),
        f"/residentie/logboek/{entry.pk}/",
        f"/residentie/logboek/{entry.pk}/bijlage/",
        f"/residentie/logboek/{entry.pk}/bewerken/",
        f"/residentie/{residency.pk}/logboek/nieuw/",
        f"/residentie/{residency.pk}/knelpunten/",
        concern.get_absolute_url(),
        f"/residentie/knelpunt/{concern.pk}/bewerken/",
        f"/residentie/{residency.pk}/knelpunt/nieuw/",
        f"/residentie/{residency.pk}/activiteit/nieuw/",
        f"/residentie/{residency.pk}/afspraken/",
        f"/residentie/{residency.pk}/toestemming/",
        f"/residentie/{residency.pk}/beeindigen/",
        private.get_absolute_url(),
        f"/residentie/deal/{w['deal'].slug}/schouw/",
        f"/residentie/deal/{w['deal'].slug}/nieuw/",
    ]
    writes = [
        f"/residentie/deal/{w['deal'].slug}/nieuw/",
        f"/residentie/{residency.pk}/bevestigen/",
        f"/residentie/{residency.pk}/afspraken/",
        f"/residentie/{residency.pk}/toestemming/",
        f"/residentie/{residency.pk}/beeindigen/",
        f"/residentie/{residency.pk}/logboek/nieuw/",
        f"/residentie/logboek/{entry.pk}/",
        f"/residentie/logboek/{entry.pk}/bewerken/",
        f"/residentie/{residency.pk}/knelpunt/nieuw/",
        concern.get_absolute_url(),
        f"/residentie/knelpunt/{concern.pk}/bewerken/",
        f"/residentie/{residency.pk}/activiteit/nieuw/",
        private.get_absolute_url(),
    ]
    form = {  # every field of every form of the residencies, filled in validly
        "text": "Ingebroken",
        "title": "Ingebroken",
        "resolution": "Ingebroken",
        "end_note": "Ingebroken",
        "report": "Ingebroken",
        "date": timezone.localdate().isoformat(),
        "kind": "overleg",
        "visibility": "alle",
        "severity": "handrem",
        "owner": str(w["gemeente"].pk),
        "starts_at": (timezone.localtime() + datetime.timedelta(days=3)).strftime("%Y-%m-%dT%H:%M"),
        "place": "Elders",
        "person": str(w["rachid"].pk),
        "home_partner": str(w["initiative"].pk),
        "host_partner": str(w["gemeente"].pk),
        "starts_on": timezone.localdate().isoformat(),
        "time_amount": "8",
        "time_unit": "uren",
        "functions": "adviseren",
        "openness": "Ingebroken",
        "name_public": "on",
    }

    def rows():
        residency.refresh_from_db()
        return (
            [m.objects.count() for m in (Residency, LogEntry, Concern, Activity, Response, Notification)],
            residency.status,
            residency.openness,
            residency.name_public,
            list(LogEntry.objects.values_list("text", flat=True)),
            list(Concern.objects.values_list("title", "resolution", "status")),
            list(Activity.objects.values_list("title", "report")),
        )

    before = rows()
    stranger = user("sanne@example.nl", OrganisationFactory(name="Buurtvereniging Elders"))
    for who in ("visitor", "stranger"):
        page = new_page()
        if who == "stranger":
            log_in(page, axe, stranger.email)
        for url in urls:
            response = page.goto(url)
            if who == "visitor":
                assert "/accounts/login/" in page.url or response.status == 404, url
            else:
                assert response.status == 404, url
            axe(page)
        # Every write, sent from this browser with a valid CSRF token: refused, nothing written.
        page.goto("/accounts/login/" if who == "visitor" else "/accounts/profiel/")
        token = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
        for url in writes:
            response = page.request.post(
                url,
                form={**form, "csrfmiddlewaretoken": token},
                headers={"Referer": live_server.url + "/"},
                max_redirects=0,
            )
            if who == "visitor" and url != private.get_absolute_url():
                assert response.status == 302 and "/accounts/login/" in response.headers["location"], url
            else:
                assert response.status == 404, url
        assert rows() == before
        page.goto(w["deal"].get_absolute_url())
        axe(page)
        expect(
            page.get_by_text("Deze deal heeft een partner in residence van ZorgVrijstaat West.")
        ).to_be_visible()
        content = page.content()
        for secret in ("Geheime observatie", "Geheim knelpunt", "Interne intervisie"):
            assert secret not in content
        page.goto("/agenda/")
        axe(page)
        expect(page.get_by_role("link", name="Open workshop respijt")).to_be_visible()
        expect(page.get_by_text("Interne intervisie")).to_have_count(0)
        page.get_by_role("link", name="Open workshop respijt").click()
        axe(page)
        expect(page.get_by_role("heading", name="Open workshop respijt")).to_be_visible()
    assert public.pk


def test_journey_5_bad_input_is_answered_in_dutch_and_nothing_is_half_saved(
    new_page, axe, deal_world, tmp_path, settings
):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    settings.RESIDENCE_ATTACHMENT_MAX_BYTES = 1024
    w = deal_world
    tom = new_page()
    log_in(tom, axe, "tom@example.nl")
    tom.goto(f"/residentie/deal/{w['deal'].slug}/nieuw/")
    axe(tom)
    outsider = user("olga@example.nl", w["provider"], first_name="Olga", last_name="Buiten")
    tom.reload()
    tom.locator("#id_person").select_option(label="Olga Buiten (olga@example.nl)")
    tom.locator("#id_home_partner").select_option(label="ZorgVrijstaat West")
    tom.locator("#id_host_partner").select_option(label="Gebiedsorganisatie Delfshaven")
    tom.locator("#id_starts_on").fill("2026-06-01")
    tom.locator("#id_ends_on").fill("2026-05-01")
    tom.locator("#id_time_amount").fill("8")
    tom.get_by_label("uren per week", exact=True).check()
    tom.get_by_label("Adviseren").check()
    tom.locator("#id_openness").fill("Mijn getypte afspraken")
    tom.get_by_role("button", name="Voorstellen").click()
    expect(tom.locator("#id_ends_on_error")).to_contain_text(
        "De einddatum kan niet vóór de startdatum liggen."
    )
    expect(tom.locator("#id_person_error")).to_contain_text("moet lid van de thuispartner zijn")
    expect(tom.locator("[data-error-summary]")).to_be_focused()  # the summary above the form
    expect(tom.locator("[data-error-summary]")).to_contain_text("moet lid van de thuispartner zijn")
    expect(tom.locator("#id_openness")).to_have_value("Mijn getypte afspraken")
    expect(tom.locator("#id_ends_on")).to_have_value("2026-05-01")
    axe(tom)
    assert not Residency.objects.exists() and outsider.pk

    residency = active_residency(w)
    tom.goto(f"/residentie/{residency.pk}/knelpunt/nieuw/")
    tom.locator("#id_description").fill("Mijn uitleg")
    tom.get_by_role("button", name="Knelpunt melden").click()
    expect(tom.locator("#id_title_error")).to_contain_text("Beschrijf het knelpunt in een paar woorden.")
    expect(tom.locator("#id_severity_error")).to_be_visible()
    expect(tom.locator("[data-error-summary]")).to_be_focused()
    expect(tom.locator("#id_description")).to_have_value("Mijn uitleg")
    axe(tom)
    assert not Concern.objects.exists()

    rachid = new_page()
    log_in(rachid, axe, "rachid@example.nl")
    renamed = tmp_path / "verslag.pdf"
    renamed.write_bytes(EXE)
    large = tmp_path / "groot.pdf"
    large.write_bytes(PDF + b"0" * 2048)
    for upload, message in ((renamed, "geen pdf, kantoordocument of afbeelding"), (large, "te groot")):
        rachid.goto(f"/residentie/{residency.pk}/logboek/nieuw/")
        axe(rachid)
        rachid.locator("#id_date").fill(timezone.localdate().isoformat())
        rachid.locator("input[name=kind][value=overleg]").check()
        rachid.locator("#id_text").fill("Mijn getypte logregel")
        rachid.locator("#id_attachment").set_input_files(str(upload))
        rachid.get_by_role("button", name="Logboekregel opslaan").click()
        expect(rachid.locator("#id_attachment_error")).to_contain_text(message)
        expect(rachid.locator("[data-error-summary]")).to_contain_text(message)
        expect(rachid.locator("#id_text")).to_have_value("Mijn getypte logregel")
        axe(rachid)
    assert not LogEntry.objects.exists()
    assert not any(tmp_path.rglob("residence/*"))


def test_journey_6_the_other_pages_of_a_residency_pass_axe_and_work(new_page, axe, deal_world):
    """The pages the first five journeys do not visit, each with axe and used as a person would: the
    resident plans an activity, reports on one held, changes a log entry and gives consent to be
    named; the partners read the list of concerns and the schouw summary; a beheerder of the home
    partner changes the terms and ends the residency; a visitor filters the register."""
    w = deal_world
    residency = active_residency(w)
    entry = LogEntryFactory(residency=residency, text="Eerste gesprek met het wijkteam.")
    held = ActivityFactory(
        residency=residency,
        title="Intervisie mantelzorgconsulenten",
        is_public=False,
        starts_at=timezone.now() - datetime.timedelta(days=2),
    )
    for n in range(3):
        ConcernFactory(residency=residency, title=f"Knelpunt nummer {n}", handrem=n == 0)

    rachid = new_page()
    log_in(rachid, axe, "rachid@example.nl")
    rachid.goto(residency.get_absolute_url())
    axe(rachid)
    rachid.get_by_role("link", name="Een nevenactiviteit plannen").click()
    axe(rachid)
    rachid.locator("input[name=kind][value=workshop]").check()
    rachid.locator("#id_title").fill("Workshop samen ontwikkelen")
    starts = timezone.localtime() + datetime.timedelta(days=10)
    rachid.locator("#id_starts_at").fill(starts.strftime("%Y-%m-%dT10:00"))
    rachid.locator("#id_place").fill("Buurthuis De Put")
    rachid.get_by_label("Gebiedsorganisatie Delfshaven").check()
    rachid.get_by_label("Openbaar: tonen in de agenda").check()
    rachid.get_by_role("button", name="Activiteit opslaan").click()
    expect(rachid.get_by_text("De activiteit is gepland.")).to_be_visible()
    expect(rachid.get_by_role("heading", name="Workshop samen ontwikkelen")).to_be_visible()
    axe(rachid)

    rachid.goto(held.get_absolute_url())
    axe(rachid)
    rachid.locator("#id_report").fill("Acht consulenten; afspraak om maandelijks samen te komen.")
    rachid.get_by_role("button", name="Verslag opslaan").click()
    expect(rachid.get_by_text("Het verslag is opgeslagen.")).to_be_visible()
    axe(rachid)

    rachid.goto(residency.get_absolute_url())
    rachid.locator(f"#entry-{entry.pk}").get_by_role("link", name=re.compile("^Wijzigen")).click()
    axe(rachid)
    rachid.locator("#id_text").fill("Eerste gesprek met het wijkteam, met afspraken.")
    rachid.get_by_role("button", name="Logboekregel opslaan").click()
    expect(rachid.get_by_text("De logboekregel is opgeslagen.")).to_be_visible()
    axe(rachid)
    assert LogEntry.objects.get(pk=entry.pk).text == "Eerste gesprek met het wijkteam, met afspraken."

    rachid.get_by_role("link", name="Je naam op de openbare pagina").click()
    axe(rachid)
    rachid.get_by_label("Toon mijn naam en functies op de openbare dealpagina").check()
    rachid.get_by_role("button", name="Opslaan").click()
    expect(rachid.get_by_text("Je naam en functies staan op de openbare dealpagina.")).to_be_visible()
    axe(rachid)

    hanna = new_page()  # a third partner of the deal
    log_in(hanna, axe, "hanna@example.nl")
    hanna.goto(f"/residentie/{residency.pk}/knelpunten/")
    axe(hanna)
    expect(hanna.get_by_role("link", name=re.compile("Knelpunt nummer"))).to_have_count(3)
    hanna.goto(f"/residentie/deal/{w['deal'].slug}/schouw/")
    axe(hanna)
    expect(hanna.get_by_text("Acht consulenten")).to_be_visible()
    expect(hanna.get_by_text("Knelpunt nummer 2")).to_be_visible()

    ilse = new_page()  # beheerder of the home partner
    log_in(ilse, axe, "ilse@example.nl")
    ilse.goto(residency.get_absolute_url())
    ilse.get_by_role("link", name="De residentie wijzigen").click()
    axe(ilse)
    expect(ilse.locator("#id_time_amount")).to_have_value("8")  # "8 uur per week", not "8,0"
    ilse.locator("#id_time_amount").fill("1,5")
    ilse.get_by_label("dagen per week", exact=True).check()
    ilse.get_by_role("button", name="Residentie opslaan").click()
    expect(ilse.get_by_text("De residentie is opgeslagen.")).to_be_visible()
    expect(ilse.get_by_test_id("residency-time")).to_have_text("1,5 dag per week")
    axe(ilse)
    ilse.get_by_role("link", name="De residentie beëindigen").click()
    axe(ilse)
    ilse.locator("#id_end_note").fill("Het doel is bereikt; het wijkteam werkt nu zelf met de signalen.")
    ilse.get_by_role("button", name="De residentie beëindigen").click()
    expect(ilse.get_by_text("De residentie is beëindigd.")).to_be_visible()
    axe(ilse)
    residency.refresh_from_db()
    assert residency.status == Residency.Status.ENDED and residency.time_amount == Decimal("1.5")

    other = active_residency_elsewhere(w)
    visitor = new_page()
    visitor.goto("/deals/?residentie=ja")
    axe(visitor)
    expect(visitor.get_by_role("link", name=other.deal.title)).to_be_visible()
    expect(visitor.get_by_role("link", name="Respijt voor mantelzorgers")).to_have_count(0)  # ended


def active_residency_elsewhere(w):
    """An active residency in another running deal (the register shows deals with an active one)."""
    deal = DealFactory(running=True, title="Samen eten in Bospolder", trekker__organisation=w["initiative"])
    DealPartnerFactory(deal=deal, organisation=w["gemeente"])
    return ResidencyFactory(
        deal=deal, person=w["rachid"], home_partner=w["initiative"], host_partner=w["gemeente"]
    )
