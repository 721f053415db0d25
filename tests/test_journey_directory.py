"""Browser journeys through the directory: partijen, aanspreekpunten, registering an organisation
and joining one. axe runs on every page visited."""

import re

import pytest
from playwright.sync_api import expect

from reisgids.tests.factories import (
    AreaFactory,
    ContactPointFactory,
    OrganisationFactory,
    ThemeFactory,
    UserFactory,
)

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

PASSWORD = "Zorg-en-welzijn-2026!"


def test_j1_visitor_filters_parties_by_area_and_theme_and_opens_one(page, axe):
    # Transactional tests start from an empty database: create the gebieden and thema's used.
    delfshaven = AreaFactory(name="Delfshaven")
    noord = AreaFactory(name="Noord")
    mantelzorg = ThemeFactory(name="Mantelzorg")
    other_theme = ThemeFactory(name="Sport en bewegen")
    OrganisationFactory(
        name="Logeerhuis De Buren",
        summary="Een logeerhuis dat mantelzorgers even ontlast.",
        areas=[delfshaven],
        themes=[mantelzorg],
    )
    OrganisationFactory(name="Buurthuis Noord", areas=[noord], themes=[mantelzorg])
    OrganisationFactory(name="Sportclub Delfshaven", areas=[delfshaven], themes=[other_theme])
    OrganisationFactory.create_batch(3)

    page.goto("/partijen/")
    axe(page)
    page.get_by_label("Gebied").select_option(label="Delfshaven")
    page.get_by_label("Thema", exact=True).select_option(label=mantelzorg.name)
    page.get_by_role("button", name="Filter", exact=True).click()
    expect(page.get_by_text("1 partij gevonden")).to_be_visible()
    assert "area=delfshaven" in page.url and "theme=mantelzorg" in page.url
    expect(page.get_by_role("link", name="Sportclub Delfshaven")).to_have_count(0)
    expect(page.get_by_role("link", name=re.compile("Gebied: Delfshaven"))).to_be_visible()
    axe(page)
    page.get_by_role("link", name="Logeerhuis De Buren").click()
    expect(page.get_by_role("heading", level=1, name="Logeerhuis De Buren")).to_be_visible()
    expect(page.get_by_text("Een logeerhuis dat mantelzorgers even ontlast.")).to_be_visible()
    axe(page)


def test_j2_visitor_finds_the_contact_person_for_mantelzorg(page, axe):
    mantelzorg = ThemeFactory(name="Mantelzorg")
    delfshaven = AreaFactory(name="Delfshaven")
    department = OrganisationFactory(gemeente=True, name="Cluster Maatschappelijke Ontwikkeling")
    ContactPointFactory(
        organisation=department,
        name="Fatima El Amrani",
        function="Beleidsadviseur mantelzorg",
        approach_for="Ondersteuning van mantelzorgers en respijtzorg in Delfshaven",
        themes=[mantelzorg],
        areas=[delfshaven],
        email="f.elamrani@rotterdam.example.nl",
        phone="010 498 12 34",
        availability="Dinsdag en donderdag",
    )
    ContactPointFactory(name="Pieter de Vries", function="Sportcoach", approach_for="Sport in de wijk")

    page.goto("/")
    axe(page)
    page.get_by_role("link", name=re.compile("Wie moet ik hebben")).first.click()
    axe(page)
    page.locator("main").get_by_label("Zoeken").fill("mantelzorg")
    page.get_by_role("button", name="Filter", exact=True).click()
    expect(page.get_by_text("1 aanspreekpunt gevonden")).to_be_visible()
    card = page.locator("article", has_text="Fatima El Amrani")
    expect(card.get_by_role("link", name="f.elamrani@rotterdam.example.nl")).to_have_attribute(
        "href", "mailto:f.elamrani@rotterdam.example.nl"
    )
    expect(card.get_by_role("link", name="010 498 12 34")).to_have_attribute("href", "tel:0104981234")
    expect(card.get_by_text("Dinsdag en donderdag")).to_be_visible()
    expect(page.get_by_text("Pieter de Vries")).to_have_count(0)
    axe(page)


def sign_up(page, axe, mailoutbox, email):
    page.goto("/accounts/signup/")
    axe(page)
    page.locator("input[name=email]").fill(email)
    page.locator("input[name=password1]").fill(PASSWORD)
    page.locator("input[name=password2]").fill(PASSWORD)
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_load_state()
    axe(page)
    message = next(m for m in reversed(mailoutbox) if email in m.to)
    link = re.search(r"https?://[^\s]+/accounts/confirm-email/[^\s]+", message.body).group(0)
    page.goto(re.sub(r"^https?://[^/]+", "", link))
    axe(page)
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_load_state()
    assert page.url.endswith("/accounts/profiel/"), page.url
    axe(page)


def test_j3_newcomer_registers_an_initiative_and_approves_a_second_member(new_page, axe, mailoutbox):
    AreaFactory(name="Delfshaven")
    page = new_page()
    sign_up(page, axe, mailoutbox, "amina@example.nl")
    # Join requests follow the beheerder's mail preference: Amina wants one email per notification.
    page.get_by_label("Direct, één e-mail per melding").check()
    page.locator("button[type=submit]", has_text="Opslaan").first.click()
    expect(page.get_by_text("Je profiel is opgeslagen.")).to_be_visible()
    page.goto("/partijen/registreren/")
    axe(page)
    page.get_by_role("textbox", name="Naam", exact=True).fill("Buurtkracht Bospolder")
    page.get_by_label("Bewonersinitiatief").check()
    page.get_by_label("Samenvatting").fill("Bewoners helpen elkaar in Bospolder.")
    page.get_by_label("Delfshaven").check()
    page.get_by_role("button", name="Organisatie registreren").click()
    expect(page.get_by_role("heading", level=1, name="Buurtkracht Bospolder")).to_be_visible()
    axe(page)
    page.get_by_role("link", name="Profiel bewerken").click()
    axe(page)
    page.get_by_label("Beschrijving").fill("Elke woensdag koken we samen in het buurthuis.")
    page.get_by_role("button", name="Profiel opslaan").click()
    expect(page.get_by_text("Elke woensdag koken we samen in het buurthuis.")).to_be_visible()
    axe(page)

    second = new_page()
    UserFactory(
        email="bram@example.nl",
        first_name="Bram",
        last_name="Visser",
        verified=True,
        notification_preference="direct",
    )
    second.goto("/accounts/login/")
    axe(second)
    second.locator("input[name=login]").fill("bram@example.nl")
    second.locator("input[name=password]").fill("Wachtwoord-voor-tests-42")
    second.locator("main form button[type=submit]").last.click()
    second.wait_for_load_state()
    second.goto("/partijen/buurtkracht-bospolder/")
    axe(second)
    second.get_by_role("link", name="Vraag om lid te worden").click()
    axe(second)
    second.get_by_label("Bericht aan de beheerders").fill("Ik kook graag mee.")
    second.get_by_role("button", name="Verzoek versturen").click()
    expect(second.get_by_text("Je verzoek is verstuurd.")).to_be_visible()
    axe(second)
    assert any("amina@example.nl" in m.to for m in mailoutbox if "Bram Visser" in m.body)

    page.goto("/partijen/buurtkracht-bospolder/")
    page.get_by_role("link", name="Leden beheren").click()
    expect(page.get_by_text("Ik kook graag mee.")).to_be_visible()
    axe(page)
    page.get_by_role("button", name="Goedkeuren Bram Visser").click()
    expect(page.get_by_text("Bram Visser is nu lid.")).to_be_visible()
    axe(page)
    assert any("bram@example.nl" in m.to for m in mailoutbox)

    second.goto("/accounts/profiel/")
    expect(second.get_by_role("link", name="Buurtkracht Bospolder")).to_be_visible()
    axe(second)


def test_j5b_saving_an_organisation_without_a_name_keeps_everything_else(new_page, axe, mailoutbox):
    AreaFactory(name="Delfshaven")
    page = new_page()
    sign_up(page, axe, mailoutbox, "noor@example.nl")
    page.goto("/partijen/registreren/")
    page.get_by_label("Bewonersinitiatief").check()
    page.get_by_label("Samenvatting").fill("Samen eten in de wijk.")
    page.get_by_role("textbox", name="Website").fill("https://samen-eten.example.nl")
    page.get_by_label("Delfshaven").check()
    page.get_by_role("button", name="Organisatie registreren").click()
    name = page.get_by_role("textbox", name="Naam", exact=True)
    expect(name).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_name_error")).to_have_text("Vul de naam van de organisatie in.")
    expect(page.get_by_label("Samenvatting")).to_have_value("Samen eten in de wijk.")
    expect(page.get_by_role("textbox", name="Website")).to_have_value("https://samen-eten.example.nl")
    expect(page.get_by_label("Bewonersinitiatief")).to_be_checked()
    expect(page.get_by_label("Delfshaven")).to_be_checked()
    axe(page)
