"""Browser journeys of what closed the gaps of issues 12 and 15, in Chromium with axe-core on every
page visited: a visitor sends an idea with only an email address, confirms it, signs in and links it
to their account through the link in the mail (and another account is refused); the resident changes
a knelpunt on the front end, bad input answered in Dutch, and a partner without the right sees no
way to change it."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from intake.models import Intake
from reisgids.tests.factories import UserFactory
from residence.models import Concern
from residence.tests.factories import ConcernFactory
from tests.test_journey_deals import log_in
from tests.test_journey_marktplaats import signed_in_page
from tests.test_journey_residence import active_residency, deal_world  # noqa: F401 - the fixture

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def _mail_link(fragment):
    body = mail.outbox[-1].body
    return re.search(rf"https?://\S+{fragment}\S+", body).group(0)


def test_an_idea_sent_without_an_account_is_linked_to_the_submitters_account(new_page, axe, live_server):
    visitor = new_page()
    visitor.goto("/idee/")
    axe(visitor)
    visitor.get_by_role("link", name="Dien je idee in").click()
    axe(visitor)
    visitor.get_by_label("Je naam").fill("Anne de Vries")
    visitor.get_by_label("Je e-mailadres").fill("anne@example.nl")
    visitor.get_by_label("Titel van je idee").fill("Buurtmoestuin Oude Westen")
    visitor.get_by_label("Wat is je idee?").fill("Een moestuin op het braakliggende veld.")
    visitor.get_by_label("Voor wie?").fill("Buren")
    visitor.get_by_label("Wat heeft je idee nodig?").fill("Grond en water")
    visitor.get_by_label("Wat breng je zelf mee?").fill("Handen en zaden")
    visitor.get_by_role("button", name="Dien je idee in").click()
    expect(visitor.get_by_role("heading", name="Bevestig je e-mailadres")).to_be_visible()
    axe(visitor)
    intake = Intake.objects.get()
    confirm, link = _mail_link("/idee/bevestig/"), _mail_link("/idee/koppel/")
    visitor.goto(confirm)
    expect(visitor.get_by_role("heading", name="Je idee is ingediend")).to_be_visible()
    axe(visitor)

    bob = signed_in_page(new_page, live_server, UserFactory(email="bob@example.nl"))
    bob.goto(link)
    axe(bob)
    bob.get_by_role("button", name="Koppel aan mijn account").click()
    expect(bob.locator("[data-error-summary]")).to_contain_text("Log in met het account van het e-mailadres")
    axe(bob)
    intake.refresh_from_db()
    assert intake.initiator is None

    anne = signed_in_page(new_page, live_server, UserFactory(email="anne@example.nl"))
    anne.goto(link)
    axe(anne)
    anne.get_by_role("button", name="Koppel aan mijn account").click()
    expect(anne.get_by_text("Het idee is aan je account gekoppeld.")).to_be_visible()
    expect(anne.get_by_test_id("intake-status")).to_have_text("Bij het initiatieventeam")
    axe(anne)
    anne.goto("/idee/")
    expect(anne.get_by_role("link", name="Buurtmoestuin Oude Westen")).to_be_visible()
    axe(anne)
    anne.goto("/idee/koppel/onzin/")
    expect(anne.get_by_text("Deze link is niet geldig of verlopen.")).to_be_visible()
    axe(anne)


def test_the_resident_changes_a_knelpunt_and_another_partner_cannot(new_page, axe, deal_world):  # noqa: F811
    w = deal_world
    residency = active_residency(w)
    concern = ConcernFactory(residency=residency, title="Wachtlijst dagbesteding", owner=w["gemeente"])
    rachid = new_page()
    log_in(rachid, axe, "rachid@example.nl")
    rachid.goto(concern.get_absolute_url())
    axe(rachid)
    rachid.get_by_test_id("concern-edit").click()
    axe(rachid)
    rachid.locator("#id_title").fill("")
    rachid.locator("#id_actions").fill("Elke dinsdag overleg met het wijkteam")
    rachid.get_by_role("button", name="Knelpunt opslaan").click()
    expect(rachid.locator("#id_title_error")).to_be_visible()
    expect(rachid.locator("#id_actions")).to_have_value("Elke dinsdag overleg met het wijkteam")
    axe(rachid)
    rachid.locator("#id_title").fill("Wachtlijst dagbesteding Delfshaven")
    rachid.locator("#id_owner").select_option(label="Humanitas Rotterdam")
    rachid.get_by_role("button", name="Knelpunt opslaan").click()
    expect(rachid.get_by_text("Het knelpunt is opgeslagen.")).to_be_visible()
    expect(rachid.get_by_role("heading", name="Wachtlijst dagbesteding Delfshaven")).to_be_visible()
    axe(rachid)
    concern.refresh_from_db()
    assert concern.owner == w["provider"] and concern.actions == "Elke dinsdag overleg met het wijkteam"
    assert concern.status == Concern.Status.OPEN

    tom = new_page()
    log_in(tom, axe, "tom@example.nl")
    tom.goto(concern.get_absolute_url())
    axe(tom)
    expect(tom.get_by_test_id("concern-edit")).to_have_count(0)
    response = tom.goto(f"/residentie/knelpunt/{concern.pk}/bewerken/")
    assert response.status == 404
