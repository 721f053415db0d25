"""Browser journeys of issue 14 (the kompas), in Chromium with axe-core on every page visited:
1. a kompas editor who is a partner (not a gemeente employee) bundles two systeem-lessons into a
proposal; an initiative supports it. 2. It goes on the college's agenda; the bestuur records
"aangenomen" with an indicator; the organisations behind the lessons are told; /kompas/ shows the
reasoning. 3. The period ends (time moved): the report is generated, its PDF parses back, each
bestuur member gets exactly one mail although the task ran twice. 4. The priorities make
"eenzaamheid" welcome: the deals pages show it and it filters the register. 5. A visitor reads
/kompas/ and a report; a member without the kompas role cannot create, decide or monitor; bad input
gets Dutch messages and nothing is half-saved. Each write allowed and refused, for every person, is
in kompas/tests/test_permissions.py; every form's bad input in kompas/tests/test_form_input.py."""

import datetime
import io

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from deals.tests.factories import DealFactory
from kompas import services, tasks
from kompas.models import Proposal, ReportDelivery
from kompas.tests import factories as f
from reisgids.models import Organisation, Theme
from reisgids.notifications.models import Notification
from reisgids.tests.factories import PASSWORD, MembershipFactory, OrganisationFactory
from residence.models import Residency
from residence.tests.factories import ResidencyFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]
TITLE = "Kleine percelen in de aanbesteding welzijn"


def log_in(page, axe, email):
    page.goto("/accounts/login/")
    axe(page)
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_load_state()
    axe(page)  # the page the log-in leads to


def test_journeys_1_and_2_bundle_support_schedule_decide_and_feed_back(
    new_page, axe, django_capture_on_commit_callbacks
):
    lesson_org = OrganisationFactory(name="Buurtkracht Bospolder")
    lesson_member = MembershipFactory(organisation=lesson_org, user__verified=True).user
    lessons = f.system_lessons(2, organisations=[lesson_org])
    editor = f.editor()  # a member of a zorgaanbieder, with the kompas role given to them personally
    home = editor.memberships.get().organisation
    residency = ResidencyFactory(  # and a partner in residence at another deal partner
        deal=DealFactory(running=True, trekker__organisation=home), home_partner=home, person=editor
    )
    assert residency.status == Residency.Status.ACTIVE and home.kind != Organisation.Kind.GEMEENTE
    initiative = OrganisationFactory(name="Initiatief Samen Eten", kind=Organisation.Kind.INITIATIEF)
    supporter = MembershipFactory(organisation=initiative, user__verified=True).user
    board = f.board_member()
    f.college()

    page = new_page()
    log_in(page, axe, editor.email)
    page.goto("/kompas/lessen/?kind=systeem")
    axe(page)
    for lesson in lessons:
        page.get_by_label(f"“{lesson.title}” bundelen in een voorstel").check()
    page.get_by_role("button", name="Voorstel schrijven met de gekozen lessen").click()
    axe(page)
    page.get_by_label("Titel").fill(TITLE)
    page.get_by_label("Inkoopregels").check()
    page.get_by_label("Probleem").fill("Grote percelen sluiten kleine aanbieders uit.")
    page.get_by_label("Voorgestelde verandering").fill("Kleine percelen in de aanbesteding welzijn.")
    page.get_by_label("Beoogd effect op de samenwerking").fill("Kleine initiatieven doen mee.")
    page.get_by_label("Voorgesteld door").fill(editor.memberships.get().organisation.name)
    page.get_by_role("button", name="Voorstel opslaan").click()
    expect(page.get_by_text("Het voorstel is opgeslagen als concept.")).to_be_visible()
    axe(page)
    page.get_by_role("button", name="Open voor steun").click()
    expect(page.get_by_text("Het voorstel staat open voor steun en reacties.")).to_be_visible()
    axe(page)  # the proposal page, open for support now
    proposal = Proposal.objects.get()
    assert proposal.lessons.count() == 2

    other = new_page()
    log_in(other, axe, supporter.email)
    other.goto(proposal.get_absolute_url())
    axe(other)
    other.get_by_role("button", name="Dit voorstel steunen").click()
    expect(other.get_by_text("Je organisatie steunt dit voorstel.")).to_be_visible()
    axe(other)

    page.goto(proposal.get_absolute_url())
    axe(page)
    page.get_by_role("link", name="Agenderen").click()
    axe(page)
    page.get_by_label("Gremium").select_option(label="College van B&W")
    page.get_by_label("Vergaderdatum").fill((timezone.localdate() + datetime.timedelta(days=10)).isoformat())
    page.get_by_role("button", name="Agenderen").click()
    expect(page.get_by_text("Het voorstel is geagendeerd.")).to_be_visible()
    axe(page)

    bestuur = new_page()
    log_in(bestuur, axe, board.email)
    bestuur.goto(proposal.get_absolute_url())
    axe(bestuur)
    bestuur.get_by_role("link", name="Besluit vastleggen").click()
    axe(bestuur)
    bestuur.get_by_label("Aangenomen", exact=True).check()
    bestuur.get_by_label("Motivering").fill("Kleine percelen maken ruimte voor initiatieven uit de wijk.")
    bestuur.get_by_label("Maatregel", exact=True).fill("Percelen tot 50.000 euro.")
    bestuur.get_by_label("Indicator", exact=True).fill("Aandeel kleine aanbieders")
    bestuur.get_by_label("Eigenaar van de maatregel").fill(board.get_full_name())
    review = (timezone.localdate() + datetime.timedelta(days=90)).strftime("%d-%m-%Y")
    bestuur.get_by_label("Evaluatiedata").fill(review)
    bestuur.get_by_role("button", name="Besluit vastleggen").click()
    expect(
        bestuur.get_by_text("Het besluit is vastgelegd; iedereen achter het voorstel krijgt bericht.")
    ).to_be_visible()
    axe(bestuur)

    assert Notification.objects.filter(recipient=lesson_member, url=proposal.get_absolute_url()).exists()
    assert Notification.objects.filter(recipient=supporter, url=proposal.get_absolute_url()).exists()
    visitor = new_page()
    visitor.goto("/kompas/")
    axe(visitor)
    expect(visitor.get_by_text("Kleine percelen maken ruimte voor initiatieven uit de wijk.")).to_be_visible()
    expect(visitor.get_by_test_id("proposal-status").first).to_have_text("Aangenomen")


def test_journey_3_the_period_ends_and_the_report_goes_out_once(
    new_page, axe, django_capture_on_commit_callbacks
):
    proposal = f.proposal(state=Proposal.Status.ADOPTED, title=TITLE)
    board = [f.board_member(), f.board_member()]
    period = services.period_for()
    after = period.end  # the day after the period: time moved
    tasks.generate_reports(after.isoformat())
    tasks.generate_reports(after.isoformat())  # the beat task ran twice
    mails = [m for m in mail.outbox if "Kompasrapport" in m.subject]
    for member in board:
        assert sum(1 for m in mails if m.to == [member.email]) == 1
    assert ReportDelivery.objects.filter(recipient__in=board).count() == 2

    page = new_page()
    page.goto("/kompas/rapporten/")
    axe(page)
    page.get_by_role("link", name=f"Kompasrapport {period}").click()
    axe(page)
    expect(page.get_by_text(TITLE).first).to_be_visible()
    response = page.request.get(f"/kompas/rapporten/{period.slug}/pdf/")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.body())).pages)
    assert proposal.title in text


def test_journey_4_priorities_open_the_next_round_of_deals(new_page, axe):
    editor = f.editor()
    loneliness = Theme.objects.get_or_create(slug="eenzaamheid", defaults={"name": "Eenzaamheid"})[0]
    sport = Theme.objects.get_or_create(slug="sport-en-bewegen", defaults={"name": "Sport en bewegen"})[0]
    Theme.objects.update(deals_welcome=False, deals_welcome_text="")
    behind = f.proposal(state=Proposal.Status.OPEN, actor=editor, title="Samen eten tegen eenzaamheid")
    DealFactory(closed=True, title="Buurtmaaltijd Spangen", themes=[loneliness])
    DealFactory(closed=True, title="Sportclub Delfshaven", themes=[sport])
    page = new_page()
    log_in(page, axe, editor.email)
    page.goto("/kompas/prioriteiten/")
    axe(page)
    page.get_by_label("Eenzaamheid", exact=True).check()
    page.locator(f"#id_thema-{loneliness.pk}-reason").fill("Eenzaamheid kwam in elke schouw terug.")
    page.locator(f"input[name='thema-{loneliness.pk}-proposals'][value='{behind.pk}']").check()
    page.get_by_role("button", name="Prioriteiten opslaan").click()
    expect(page.get_by_text("De prioriteiten zijn vastgesteld.")).to_be_visible()
    axe(page)

    page.goto("/deals/")
    axe(page)
    expect(page.get_by_text("Eenzaamheid kwam in elke schouw terug.").first).to_be_visible()
    expect(page.get_by_role("link", name="Samen eten tegen eenzaamheid").first).to_be_visible()
    expect(page.get_by_role("link", name="Sportclub Delfshaven")).to_be_visible()  # unfiltered: both
    page.get_by_role("link", name="Deals over Eenzaamheid").first.click()
    page.wait_for_load_state()
    assert "theme=eenzaamheid" in page.url
    axe(page)
    expect(page.get_by_role("link", name="Buurtmaaltijd Spangen")).to_be_visible()
    expect(page.get_by_role("link", name="Sportclub Delfshaven")).to_have_count(0)
    page.get_by_role("link", name="Samen eten tegen eenzaamheid").first.click()
    page.wait_for_load_state()
    assert page.url.endswith(behind.get_absolute_url())
    axe(page)
    page.goto("/deals/start/")
    axe(page)
    expect(page.get_by_text("Eenzaamheid kwam in elke schouw terug.").first).to_be_visible()


def test_journey_5_visitors_read_members_cannot_write_and_bad_input_is_refused(new_page, axe):
    proposal = f.proposal(state=Proposal.Status.SCHEDULED, title=TITLE)
    adopted = f.proposal(state=Proposal.Status.ADOPTED, title="Eén loket")
    measure = adopted.measures.get()
    report = services.report_generate(period=services.period_for())
    visitor = new_page()
    visitor.goto("/kompas/")
    axe(visitor)
    visitor.goto(proposal.get_absolute_url())
    axe(visitor)
    visitor.goto("/kompas/rapporten/")
    axe(visitor)
    visitor.get_by_role("link", name=f"Kompasrapport {report.period}").click()
    visitor.wait_for_load_state()
    axe(visitor)
    expect(visitor.get_by_text(TITLE).first).to_be_visible()
    for path in ("/kompas/nieuw/", f"{proposal.get_absolute_url()}besluit/"):
        visitor.goto(path)  # a visitor is sent to the log-in page
        assert "/accounts/login/" in visitor.url, path
        axe(visitor)

    member = f.member()
    page = new_page()
    log_in(page, axe, member.email)
    for path in (
        "/kompas/nieuw/",
        f"{proposal.get_absolute_url()}besluit/",
        f"{proposal.get_absolute_url()}agenderen/",
        f"/kompas/maatregelen/{measure.pk}/voortgang/",
        "/kompas/prioriteiten/",
    ):
        response = page.goto(path)
        assert response.status == 403, path
        axe(page)

    editor = f.editor()
    page = new_page()
    log_in(page, axe, editor.email)
    page.goto("/kompas/nieuw/")
    axe(page)
    page.get_by_label("Titel").fill("Half voorstel")
    page.get_by_role("button", name="Voorstel opslaan").click()
    expect(page.get_by_text("Beschrijf het probleem dat de lessen laten zien.").first).to_be_visible()
    expect(page.get_by_label("Titel")).to_have_value("Half voorstel")
    axe(page)

    board = f.board_member()
    page = new_page()
    log_in(page, axe, board.email)
    page.goto(f"{proposal.get_absolute_url()}besluit/")
    axe(page)
    page.get_by_label("Aangenomen", exact=True).check()
    page.get_by_label("Evaluatiedata").fill(
        (timezone.localdate() - datetime.timedelta(days=5)).strftime("%d-%m-%Y")
    )
    page.get_by_role("button", name="Besluit vastleggen").click()
    expect(page.get_by_text("Geef de motivering van het besluit.").first).to_be_visible()
    expect(page.get_by_text("Een evaluatiedatum moet in de toekomst liggen.").first).to_be_visible()
    axe(page)
    assert Proposal.objects.get(pk=proposal.pk).status == Proposal.Status.SCHEDULED
    assert Proposal.objects.filter(title="Half voorstel").count() == 0
