"""Browser journeys of the schouw (issue 13), in Chromium with axe-core on every page visited:
1. an ambtenaar (TOTP) plans and starts a schouw for a running deal in /beheer/; a partner adds an
   open observation in the front end; the ambtenaar plans a peer review linked to two deals and
   changes its links;
2. the partners agree the meetlat (the inbreng criterion pre-filled); the phase refuses to move
   while one partner has not confirmed;
3. an external peer and an ervaringsdeskundige get links by mail and appraise without an account; a
   used-up, revoked or expired link is refused in Dutch; the link opens nothing else;
4. the bespreking shows the results side by side; a revised agreement updates the deal;
5. a partner writes the report, the ambtenaar publishes it in /beheer/; the report as PDF (parsed
   back: every partner and the lessons); its lessons are drafts; after a contentbeheerder (TOTP)
   publishes one in /beheer/ it is on /lessen/ with source "schouw"; the deal can be finished;
6. nobody outside the schouw sees it before publication (pages, PDF, writes);
7. bad input: a score off the scale, an empty appraisal, a meetlat without criteria, an invalid
   address, a phase change out of order: Dutch messages, nothing half-saved."""

import io
import re
from urllib.parse import quote

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth.models import Group, Permission
from playwright.sync_api import expect
from pypdf import PdfReader

from atlas.models import LessonPage
from deals.models import Deal
from reisgids.roles import CIVIL_SERVANTS_GROUP
from reisgids.tests.factories import PASSWORD, UserFactory
from schouw.models import Appraisal, Criterion, Observation, Participant, Schouw
from schouw.tests.factories import running_deal, schouw_in, trekker_member
from tests.browser import field_error
from tests.test_journey_atlas import contentbeheerder_with_totp
from tests.totp import current_code

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]
Ph = Schouw.Phase


def ambtenaar_with_totp():
    """An ambtenaar; the flush of transactional tests removed the group's permissions, so they are
    granted again as the migrations reisgids.0003 and schouw.0002 do."""
    group = Group.objects.get_or_create(name=CIVIL_SERVANTS_GROUP)[0]
    for app_label, codename in (
        ("wagtailadmin", "access_admin"),
        ("schouw", "view_schouw"),
        ("schouw", "change_schouw"),
    ):
        group.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    user = UserFactory(verified=True, first_name="Noor", last_name="Ambtenaar")
    user.groups.add(group)
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return user, secret


def log_in(page, axe, email, secret=None, next_url="/"):
    """Sign in on the way to ``next_url`` (as the atlas journey does for /beheer/: open the page, be
    sent to the login, then the second step with the TOTP code when ``secret`` is given)."""
    page.goto(next_url if next_url != "/" else "/accounts/login/")
    if "/accounts/login/" not in page.url:
        page.goto(f"/accounts/login/?next={quote(next_url)}")
    axe(page)
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").last.click()
    if secret:
        page.wait_for_url("**/accounts/2fa/authenticate/**")
        axe(page)
        page.locator("#id_code").fill(current_code(secret))
        page.get_by_role("button", name="Inloggen").click()
    page.wait_for_load_state()


def admin_axe(axe, page):
    axe(page, exclude=[".messages"])


def test_journey_1_an_ambtenaar_starts_a_schouw_and_a_partner_adds_an_observation(new_page, axe):
    deal, members = running_deal(partners=2, title="Respijt voor mantelzorgers")
    user, secret = ambtenaar_with_totp()
    admin = new_page()
    log_in(admin, axe, user.email, secret, next_url=f"/beheer/schouw/nieuw/?deal={deal.pk}")
    assert "/beheer/schouw/nieuw/" in admin.url, admin.url
    admin_axe(axe, admin)
    expect(admin.locator("#id_title")).to_have_value("Schouw van Respijt voor mantelzorgers")
    admin.get_by_role("button", name="Plan de schouw").click()
    admin.wait_for_url("**/beheren/")
    admin_axe(axe, admin)
    admin.get_by_role("button", name="Start de open schouw").click()
    expect(admin.get_by_test_id("admin-phase")).to_have_text("Open schouw")
    admin_axe(axe, admin)
    schouw = Schouw.objects.get()
    assert schouw.coordinator == user and schouw.phase == Ph.OPEN

    partner = new_page()
    member = next(iter(members.values()))[0]
    log_in(partner, axe, member.email)
    partner.goto(schouw.get_absolute_url())
    axe(partner)
    expect(partner.get_by_role("heading", name="Wat de partners afspraken")).to_be_visible()
    partner.get_by_role("link", name="Voeg toe wat je zag").click()
    axe(partner)
    partner.get_by_label("Wat heb je gezien?").fill("Mantelzorgers nemen hun buren mee.")
    partner.get_by_label("Positief", exact=True).check()
    partner.get_by_label("Onverwacht").check()
    partner.get_by_role("button", name="Observatie toevoegen").click()
    expect(partner.get_by_text("Je observatie is toegevoegd.")).to_be_visible()
    expect(partner.get_by_text("Mantelzorgers nemen hun buren mee.")).to_be_visible()
    axe(partner)
    assert Observation.objects.get().author == member

    # a peer review links several deals: the deals' partners take part; the links can change later
    other, _other_members = running_deal(partners=2, title="Buurtkamer Noord")
    admin.goto("/beheer/schouw/nieuw/")
    admin.locator("#id_kind").select_option("peer-review")
    admin.locator("#id_title").fill("Peer review mantelzorg en buurtkamer")
    admin.locator("#id_deals").fill("Respijt voor mantelzorgers\nBuurtkamer Noord")
    admin.locator("#id_planned_for").fill("2026-12-15")
    admin.get_by_role("button", name="Plan de schouw").click()
    admin.wait_for_url("**/beheren/")
    expect(admin.get_by_test_id("linked-deals").get_by_role("link")).to_have_text(
        ["Buurtkamer Noord", "Respijt voor mantelzorgers"]
    )
    admin_axe(axe, admin)
    review = Schouw.objects.get(kind=Schouw.Kind.PEER_REVIEW)
    assert set(review.deals.all()) == {deal, other} and review.partners.count() == 4
    admin.locator("#id_deals").fill(f"Buurtkamer Noord (#{other.pk})")
    admin.get_by_role("button", name="Gekoppelde deals opslaan").click()
    expect(admin.get_by_text("De gekoppelde deals zijn opgeslagen.")).to_be_visible()
    admin_axe(axe, admin)
    assert list(review.deals.all()) == [other]


def test_journey_2_the_meetlat_is_agreed_and_the_phase_waits_for_every_partner(new_page, axe):
    user, secret = ambtenaar_with_totp()
    schouw, actor, deal, members = schouw_in(Ph.MEETLAT, actor=user)
    first, second = list(schouw.partners.select_related("organisation"))[:2]
    page = new_page()
    log_in(page, axe, members[first.organisation_id][0].email)
    page.goto(schouw.get_absolute_url())
    axe(page)
    page.get_by_role("link", name=f"Meetlat van {first.organisation.name} bewerken").click()
    axe(page)
    expect(page.locator("#id_criteria-0-title")).to_have_value(
        "Heeft deze partner de toegezegde inbreng geleverd?"
    )
    expect(page.locator("#id_criteria-0-description")).to_contain_text(
        f"Inbreng van {first.organisation.name}"
    )
    page.locator("#id_criteria-1-title").fill("Bereikt mantelzorgers die nog geen hulp hadden")
    page.get_by_role("button", name="Meetlat opslaan").click()
    expect(page.get_by_text("De meetlat is opgeslagen.")).to_be_visible()
    axe(page)
    page.get_by_role("button", name=f"Bevestig de meetlat van {first.organisation.name}").click()
    expect(page.get_by_text(f"De meetlat van {first.organisation.name} is bevestigd.")).to_be_visible()
    assert first.criteria.count() == 2

    admin = new_page()
    log_in(admin, axe, user.email, secret, next_url=f"/beheer/schouw/{schouw.pk}/beheren/")
    admin.wait_for_url("**/beheren/")
    expect(
        admin.get_by_text(f"{second.organisation.name} heeft de meetlat nog niet bevestigd.").first
    ).to_be_visible()
    admin_axe(axe, admin)
    admin.get_by_role("button", name="Naar: waarderende schouw").click()
    expect(admin.get_by_test_id("admin-phase")).to_have_text("Bepalen meetlat")
    admin_axe(axe, admin)
    # Each other partner confirms its own meetlat in the front end.
    for partner in schouw.partners.exclude(pk=first.pk).select_related("organisation"):
        other = new_page()
        log_in(other, axe, members[partner.organisation_id][0].email)
        other.goto(schouw.get_absolute_url())
        other.get_by_role("button", name=f"Bevestig de meetlat van {partner.organisation.name}").click()
        expect(other.get_by_text(f"De meetlat van {partner.organisation.name} is bevestigd.")).to_be_visible()
        axe(other)
        other.close()
    assert not schouw.partners.filter(meetlat_confirmed_at__isnull=True).exists()
    admin.reload()
    admin.get_by_role("button", name="Naar: waarderende schouw").click()
    expect(admin.get_by_test_id("admin-phase")).to_have_text("Waarderende schouw")
    admin_axe(axe, admin)


def _link(mailoutbox, email):
    message = next(m for m in reversed(mailoutbox) if email in m.to)
    return re.search(r"https?://\S+/schouw/uitnodiging/\S+/", message.body).group(0).split("/schouw/", 1)[1]


def test_journey_3_outsiders_appraise_through_their_links_and_spent_links_are_refused(
    new_page, axe, mailoutbox
):
    user, secret = ambtenaar_with_totp()
    schouw, actor, deal, members = schouw_in(Ph.APPRAISAL, actor=user)
    admin = new_page()
    log_in(admin, axe, user.email, secret, next_url=f"/beheer/schouw/{schouw.pk}/beheren/")
    admin.wait_for_url("**/beheren/")
    for kind, name, email in (
        ("peer", "Petra Peer", "petra@example.org"),
        ("ervaringsdeskundige", "Ed Ervaring", "ed@example.org"),
    ):
        admin.locator("#id_kind").select_option(kind)
        admin.locator("#id_name").fill(name)
        admin.locator("#id_email").fill(email)
        admin.get_by_role("button", name="Verstuur de uitnodiging").click()
        expect(admin.get_by_text(f"{name} is per e-mail uitgenodigd.")).to_be_visible()
        admin_axe(axe, admin)

    criterion = Criterion.objects.filter(partner__schouw=schouw).order_by("pk").first()
    for email in ("petra@example.org", "ed@example.org"):
        outsider = new_page()
        path = "/schouw/" + _link(mailoutbox, email)
        outsider.goto(path)
        axe(outsider)
        expect(outsider.get_by_role("link", name="Deals")).to_have_count(0)  # nothing else of the site
        outsider.locator(f"#id_c{criterion.pk}").fill("Ik zag een warme ontvangst.")
        outsider.locator(f"#id_s{criterion.pk}").select_option("4")
        outsider.get_by_role("button", name="Lever mijn waardering in").click()
        expect(outsider.get_by_role("heading", name="Dank je wel")).to_be_visible()
        axe(outsider)
        outsider.goto(path)
        expect(outsider.get_by_test_id("link-refused")).to_contain_text("al ingeleverd")
        axe(outsider)
        outsider.goto(schouw.get_absolute_url())
        assert "/accounts/login/" in outsider.url  # the link signs nobody in
    assert Appraisal.objects.filter(participant__isnull=False).count() == 2

    # A revoked and an expired link are refused with a clear Dutch message.
    admin.locator("#id_kind").select_option("peer")
    admin.locator("#id_name").fill("Rik Ingetrokken")
    admin.locator("#id_email").fill("rik@example.org")
    admin.get_by_role("button", name="Verstuur de uitnodiging").click()
    admin.get_by_role("button", name="Trek de link van Rik Ingetrokken in").click()
    expect(admin.get_by_text("De link van Rik Ingetrokken is ingetrokken.")).to_be_visible()
    refused = new_page()
    refused.goto("/schouw/" + _link(mailoutbox, "rik@example.org"))
    expect(refused.get_by_test_id("link-refused")).to_contain_text("ingetrokken")
    axe(refused)
    admin.locator("#id_kind").select_option("peer")
    admin.locator("#id_name").fill("Vera Verlopen")
    admin.locator("#id_email").fill("vera@example.org")
    admin.get_by_role("button", name="Verstuur de uitnodiging").click()
    Participant.objects.filter(email="vera@example.org").update(expires_at="2000-01-01T00:00Z")
    refused.goto("/schouw/" + _link(mailoutbox, "vera@example.org"))
    expect(refused.get_by_test_id("link-refused")).to_contain_text("verlopen")
    axe(refused)


def test_journey_4_the_bespreking_shows_results_and_revises_the_deals_agreements(new_page, axe):
    schouw, actor, deal, members = schouw_in(Ph.DISCUSSION)
    Deal.objects.filter(pk=deal.pk).update(process_agreements="We overleggen elke maand.")
    member = trekker_member(deal, members)
    page = new_page()
    log_in(page, axe, member.email)
    page.goto(f"/schouw/{schouw.pk}/bespreking/")
    axe(page)
    for partner in schouw.partners.select_related("organisation"):
        # each partner's results, and again over the appraisal texts grouped per partner
        expect(page.get_by_role("heading", name=partner.organisation.name).first).to_be_visible()
    expect(page.get_by_role("img", name=re.compile("Gemiddelde score 3")).first).to_be_visible()
    page.get_by_label("Wat goed gaat").fill("Buren vinden elkaar.")
    page.get_by_role("button", name="Bespreking opslaan").click()
    expect(page.get_by_text("De bespreking is opgeslagen.")).to_be_visible()
    axe(page)
    page.get_by_label("De herziene afspraken").fill("We overleggen elke twee weken.")
    page.get_by_label("Waarom ze veranderen").fill("Eén keer per maand bleek te weinig.")
    page.get_by_role("button", name="Herzie de afspraken van de deal").click()
    expect(page.get_by_text("De afspraken van de deal zijn herzien")).to_be_visible()
    axe(page)
    deal.refresh_from_db()
    assert deal.process_agreements == "We overleggen elke twee weken."
    page.goto(deal.get_absolute_url())
    expect(page.get_by_text("Eén keer per maand bleek te weinig.").first).to_be_visible()
    axe(page)


def test_journey_5_the_report_as_pdf_lessons_published_and_the_deal_finished(new_page, axe):
    user, secret = ambtenaar_with_totp()
    schouw, actor, deal, members = schouw_in(Ph.REPORT, actor=user)
    trekker_user = trekker_member(deal, members)

    # a partner writes the report in the front end
    partner = new_page()
    log_in(partner, axe, trekker_user.email)
    partner.goto(f"/schouw/{schouw.pk}/rapport/")
    axe(partner)
    partner.get_by_label("Het verslag").fill("Een rijk en eerlijk beeld van de samenwerking in de wijk.")
    partner.get_by_role("button", name="Verslag opslaan").click()
    expect(partner.get_by_text("Het verslag is opgeslagen.")).to_be_visible()
    axe(partner)

    # the ambtenaar publishes it in /beheer/
    admin = new_page()
    log_in(admin, axe, user.email, secret, next_url=f"/beheer/schouw/{schouw.pk}/beheren/")
    admin.wait_for_url("**/beheren/")
    admin_axe(axe, admin)
    admin.get_by_role("button", name="Publiceer het verslag").click()
    expect(admin.get_by_test_id("admin-phase")).to_have_text("Verslag gepubliceerd")
    admin_axe(axe, admin)
    schouw.refresh_from_db()
    assert schouw.is_published and schouw.report_pdf

    visitor = new_page()
    visitor.goto(deal.get_absolute_url())
    axe(visitor)
    visitor.get_by_role("link", name=re.compile("Verslag van de schouw")).click()
    axe(visitor)
    expect(visitor.get_by_role("heading", name=re.compile("Verslag:"))).to_be_visible()
    expect(visitor.get_by_text("Een rijk en eerlijk beeld van de samenwerking in de wijk.")).to_be_visible()
    pdf = visitor.request.get(f"/schouw/{schouw.pk}/rapport.pdf")
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf"
    text = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.body())).pages))
    for row in schouw.partners.select_related("organisation"):
        assert row.organisation.name in text
    assert "Kleine percelen werken" in text

    # its lesson is a draft until a contentbeheerder publishes it in /beheer/ pages
    lesson = LessonPage.objects.get(source="schouw")
    assert not lesson.live and list(lesson.deals.all()) == [deal]
    visitor.goto("/lessen/")
    expect(visitor.get_by_role("link", name="Kleine percelen werken")).to_have_count(0)
    editor_user, editor_secret = contentbeheerder_with_totp()
    editor = new_page()
    log_in(editor, axe, editor_user.email, editor_secret, next_url=f"/beheer/pages/{lesson.pk}/edit/")
    editor.wait_for_url(f"**/beheer/pages/{lesson.pk}/edit/")
    admin_axe(axe, editor)
    expect(editor.locator("#id_title")).to_have_value("Kleine percelen werken")
    editor.locator("footer .w-dropdown-button .w-dropdown__toggle").first.click()
    editor.locator("button[name=action-publish]").click()
    editor.wait_for_url(f"**/beheer/pages/{lesson.get_parent().pk}/")
    expect(editor.locator(".messages")).to_contain_text("Kleine percelen werken")
    admin_axe(axe, editor)
    lesson.refresh_from_db()
    assert lesson.live

    visitor.goto("/lessen/")
    axe(visitor)
    visitor.get_by_role("link", name="Kleine percelen werken").click()
    axe(visitor)
    expect(visitor.get_by_role("heading", level=1)).to_have_text("Kleine percelen werken")
    source = visitor.locator("dl.reisgids-facets dt", has_text="Bron").locator(
        "xpath=following-sibling::dd[1]"
    )
    expect(source).to_have_text("Schouw")
    expect(source.get_by_role("link", name="Schouw", exact=True)).to_have_attribute(
        "href", re.compile(r"\?source=schouw$")
    )
    origin = visitor.get_by_test_id("lesson-origin").get_by_role(
        "link", name=f"Verslag van de schouw “{schouw.title}”"
    )
    expect(origin).to_have_attribute("href", f"/schouw/{schouw.pk}/rapport/")
    origin.click()
    visitor.wait_for_url(f"**/schouw/{schouw.pk}/rapport/")
    axe(visitor)

    trekker = new_page()
    log_in(trekker, axe, trekker_user.email)
    trekker.goto(f"{deal.get_absolute_url()}stap/afronden/")
    axe(trekker)
    trekker.locator("textarea").first.fill("We starten een vervolgdeal in Charlois.")
    trekker.get_by_role("button", name=re.compile("Deal afronden|Rond de deal af")).click()
    trekker.wait_for_load_state()
    deal.refresh_from_db()
    assert deal.status == Deal.Status.FINISHED


def test_journey_6_nobody_outside_the_schouw_sees_or_writes_before_publication(new_page, axe):
    schouw, actor, deal, members = schouw_in(Ph.REPORT)
    stranger = UserFactory(verified=True)
    page = new_page()
    for signed_in in (False, True):
        if signed_in:
            log_in(page, axe, stranger.email)
        for path in (
            f"/schouw/{schouw.pk}/",
            f"/schouw/{schouw.pk}/bespreking/",
            f"/schouw/{schouw.pk}/waarderen/",
            f"/schouw/{schouw.pk}/rapport/",
        ):
            response = page.goto(path)
            assert response.status == 404 or "/accounts/login/" in page.url, path
        assert page.request.get(f"/schouw/{schouw.pk}/rapport.pdf").status == 404
    page.goto(deal.get_absolute_url())
    expect(page.get_by_text("Goed samengewerkt")).to_have_count(0)
    axe(page)
    csrf = page.context.cookies()
    token = next((c["value"] for c in csrf if c["name"] == "csrftoken"), "")
    response = page.request.post(
        f"/schouw/{schouw.pk}/lessen/",
        form={"title": "Ingebroken", "text": "x", "kind": "systeem", "csrfmiddlewaretoken": token},
        headers={"X-CSRFToken": token, "Referer": page.url},
    )
    assert response.status == 404
    assert not schouw.lessons.filter(title="Ingebroken").exists()


def test_journey_7_bad_input_is_answered_in_dutch_and_nothing_is_half_saved(new_page, axe):
    user, secret = ambtenaar_with_totp()
    schouw, actor, deal, members = schouw_in(Ph.APPRAISAL, actor=user)
    member = next(iter(members.values()))[0]
    page = new_page()
    log_in(page, axe, member.email)
    page.goto(f"/schouw/{schouw.pk}/waarderen/")
    axe(page)
    page.get_by_role("button", name="Waarderingen opslaan").click()
    expect(page.get_by_text("Schrijf minstens één waardering voordat je opslaat.")).to_be_visible()
    axe(page)
    criterion = Criterion.objects.filter(partner__schouw=schouw).order_by("pk").first()
    page.locator(f"#id_s{criterion.pk}").select_option("2")
    page.get_by_role("button", name="Waarderingen opslaan").click()
    expect(field_error(page, "Licht je score in een paar woorden toe.")).to_be_visible()
    expect(page.locator(f"#id_s{criterion.pk}")).to_have_value("2")  # what was chosen is kept
    axe(page)
    assert not Appraisal.objects.filter(author=member).exists()
    # a score off the scale (a tampered form) is refused too
    page.evaluate(f"document.querySelector('#id_s{criterion.pk}').options[1].value = '9'")
    page.locator(f"#id_s{criterion.pk}").select_option(index=1)
    page.locator(f"#id_c{criterion.pk}").fill("Sterk")
    page.get_by_role("button", name="Waarderingen opslaan").click()
    expect(field_error(page, "Kies een score uit de lijst.")).to_be_visible()
    expect(page.locator(f"#id_c{criterion.pk}")).to_have_value("Sterk")
    assert not Appraisal.objects.filter(author=member).exists()

    admin = new_page()
    log_in(admin, axe, user.email, secret, next_url=f"/beheer/schouw/{schouw.pk}/beheren/")
    admin.wait_for_url("**/beheren/")
    admin.locator("#id_kind").select_option("peer")
    admin.locator("#id_name").fill("Geen Adres")
    admin.locator("#id_email").fill("geen-adres")
    admin.get_by_role("button", name="Verstuur de uitnodiging").click()
    expect(admin.get_by_text("Vul een geldig e-mailadres in").first).to_be_visible()
    expect(admin.locator("#id_name")).to_have_value("Geen Adres")
    admin_axe(axe, admin)
    assert not Participant.objects.exists()
    # a phase change out of order: the page offers only the next phase; a forged one is refused
    admin.evaluate("document.querySelector('input[name=name]').value = 'publish'")
    admin.locator("form:has(input[name=action][value=phase]) button").first.click()
    expect(admin.get_by_test_id("admin-phase")).to_have_text("Waarderende schouw")
    expect(admin.get_by_text("kan nog niet naar").first).to_be_visible()
    admin_axe(axe, admin)

    # a meetlat without criteria (in a schouw in that phase)
    other, _actor, _deal, other_members = schouw_in(Ph.MEETLAT, title="Tweede schouw")
    partner = other.partners.select_related("organisation").first()
    page2 = new_page()
    log_in(page2, axe, other_members[partner.organisation_id][0].email)
    page2.goto(f"/schouw/{other.pk}/meetlat/{partner.pk}/")
    page2.locator("#id_criteria-0-title").fill("")
    page2.locator("#id_criteria-0-description").fill("")
    page2.get_by_role("button", name="Meetlat opslaan").click()
    expect(page2.get_by_text("Een meetlat heeft minstens één criterium nodig.")).to_be_visible()
    axe(page2)
    assert partner.criteria.count() == 1
