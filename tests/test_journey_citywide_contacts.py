"""Issue 15, journey 1: filtering aanspreekpunten on a theme and a wijk shows the wijk's own
aanspreekpunt and the city-wide adviser for the theme, marked "stadsbreed". axe on every page."""

import pytest
from playwright.sync_api import expect

from reisgids.tests.factories import (
    AreaFactory,
    ContactPointFactory,
    NeighbourhoodFactory,
    OrganisationFactory,
    ThemeFactory,
)

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_j1_mantelzorg_in_bospolder_shows_the_wijkregisseur_and_the_citywide_adviser(page, axe):
    # Transactional tests start from an empty database: create the gebieden, wijk and thema used.
    delfshaven = AreaFactory(name="Delfshaven")
    NeighbourhoodFactory(name="Bospolder", area=delfshaven)
    feijenoord = AreaFactory(name="Feijenoord")
    mantelzorg = ThemeFactory(name="Mantelzorg")
    gemeente = OrganisationFactory(gemeente=True, name="Cluster Maatschappelijke Ontwikkeling")
    ContactPointFactory(
        organisation=gemeente,
        name="Noor Voorbeeld",
        function="Wijkregisseur Delfshaven",
        themes=[mantelzorg],
        areas=[delfshaven],
    )
    ContactPointFactory(
        organisation=gemeente,
        name="Karim de Proef",
        function="Beleidsadviseur mantelzorg",
        themes=[mantelzorg],
        citywide=True,
    )
    ContactPointFactory(
        organisation=gemeente, name="Marieke Fictief", themes=[mantelzorg], areas=[feijenoord]
    )

    page.goto("/aanspreekpunten/")
    axe(page)
    page.get_by_label("Thema", exact=True).select_option(label="Mantelzorg")
    page.get_by_label("Wijk", exact=True).select_option(label="Bospolder")
    page.get_by_role("button", name="Filter", exact=True).click()
    expect(page.get_by_text("2 aanspreekpunten gevonden")).to_be_visible()
    assert "neighbourhood=bospolder" in page.url
    expect(page.locator("article", has_text="Noor Voorbeeld")).to_be_visible()
    adviser = page.locator("article", has_text="Karim de Proef")
    expect(adviser.get_by_text("stadsbreed", exact=True)).to_be_visible()
    expect(page.locator("article", has_text="Marieke Fictief")).to_have_count(0)
    axe(page)
