"""Browser journeys of issue [4] (marktplaats), in Chromium with axe-core on every page visited:
1. DoorDeWijks posts a vraag in Feijenoord and sees VoorGoed Agency's aanbod as a match with its
reason; 2. VoorGoed Agency responds, both exchange messages, the vraag is marked ingevuld with
VoorGoed Agency, leaves the open list and the match is counted; 3. twenty members claim five
vouchers at once: exactly five succeed, the others read a Dutch message; 4. the beat task (real
worker) expires a listing and its poster got the reminder once; 5. bad input gives Dutch errors or
harmless text, and a stranger cannot edit or close someone else's listing."""

import datetime

import pytest
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.utils import timezone
from playwright.sync_api import expect

from marktplaats import selectors
from marktplaats.models import Listing, VoucherClaim
from marktplaats.tasks import expire_listings
from marktplaats.tests.factories import ListingFactory
from reisgids.models import Organisation
from reisgids.notifications.models import Notification
from reisgids.tests.factories import (
    PASSWORD,
    AreaFactory,
    MembershipFactory,
    NeighbourhoodFactory,
    OrganisationFactory,
    ThemeFactory,
    UserFactory,
)
from tests.browser import field_error
from tests.celery_worker import wait_for_tasks

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def log_in(page, axe, email):
    page.goto("/accounts/login/")
    axe(page)
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_load_state()


def member(organisation, email):
    user = UserFactory(email=email, verified=True)
    MembershipFactory(user=user, organisation=organisation, beheerder=True)
    return user


def signed_in_page(new_page, live_server, user):
    """A browser signed in as ``user`` through a real session row (the login form itself is
    covered by journeys 1 and 2; twenty logins would only make journey 3 slow)."""
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    page = new_page()
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session.session_key, "url": live_server.url}]
    )
    return page


def test_journeys_1_2_post_match_respond_and_fill(new_page, axe, live_server):
    feijenoord = AreaFactory(name="Feijenoord")
    NeighbourhoodFactory(name="Afrikaanderwijk", area=feijenoord)
    wijk = selectors.Neighbourhood.objects.get(name="Afrikaanderwijk")
    theme = ThemeFactory(name="Zorg en welzijn in de wijk")
    doordewijks = OrganisationFactory(name="DoorDeWijks", slug="doordewijks-test")
    voorgoed = OrganisationFactory(
        name="VoorGoed Agency", slug="voorgoed-test", kind=Organisation.Kind.NETWERK
    )
    member(doordewijks, "daan@example.nl")
    member(voorgoed, "vera@example.nl")
    ListingFactory(
        organisation=voorgoed,
        kind=Listing.Kind.AANBOD,
        category=Listing.Category.BUSINESSPLAN,
        title="Coaching bij je businessplan",
        neighbourhoods=[wijk],
        themes=[theme],
    )

    # 1. DoorDeWijks posts a vraag "hulp bij subsidieaanvraag" in Feijenoord.
    poster = new_page()
    log_in(poster, axe, "daan@example.nl")
    poster.goto("/marktplaats/")
    axe(poster)
    poster.get_by_role("link", name="Plaats een vraag").click()
    axe(poster)
    expect(poster.get_by_label("Vraag", exact=True)).to_be_checked()
    poster.get_by_label("Categorie").select_option(label="Hulp bij subsidieaanvraag")
    poster.get_by_label("Titel").fill("Hulp bij onze subsidieaanvraag")
    poster.get_by_label("Beschrijving").fill("Wie helpt ons met de begroting? Zie https://doordewijks.nl")
    poster.get_by_role("checkbox", name="Feijenoord", exact=True).check()
    poster.get_by_role("checkbox", name="Afrikaanderwijk", exact=True).check()
    poster.get_by_role("button", name="Vraag of aanbod plaatsen").click()
    expect(poster.get_by_text("Je vraag of aanbod is geplaatst.")).to_be_visible()
    axe(poster)
    matches = poster.locator("section:has(#matches-heading)")
    expect(matches.get_by_role("link", name="Coaching bij je businessplan")).to_be_visible()
    expect(matches.get_by_text("Waarom dit past: zelfde wijk, zelfde thema")).to_be_hidden()
    expect(matches.get_by_text("Waarom dit past: zelfde wijk, verwante categorie")).to_be_visible()
    expect(poster.locator("a[href='https://doordewijks.nl']")).to_have_attribute("rel", "nofollow ugc")
    vraag = Listing.objects.get(title="Hulp bij onze subsidieaanvraag")

    # 2. VoorGoed Agency responds; both sides exchange messages.
    helper = new_page()
    log_in(helper, axe, "vera@example.nl")
    helper.goto(vraag.get_absolute_url())
    axe(helper)
    helper.get_by_label("Je bericht").fill("Wij helpen jullie graag, bijvoorbeeld donderdag?")
    helper.get_by_role("button", name="Reactie versturen").click()
    expect(helper.get_by_text("Je reactie is verstuurd.")).to_be_visible()
    axe(helper)
    expect(helper.get_by_role("heading", name="Gesprek met VoorGoed Agency")).to_be_visible()

    poster.goto(vraag.get_absolute_url())
    axe(poster)
    expect(poster.locator("[data-testid=status]")).to_have_text("In gesprek")
    poster.get_by_role("link", name="Gesprek met VoorGoed Agency").click()
    axe(poster)
    expect(poster.get_by_text("Wij helpen jullie graag, bijvoorbeeld donderdag?")).to_be_visible()
    expect(poster.get_by_text("vera@example.nl")).to_have_count(0)
    poster.get_by_label("Je bericht").fill("Donderdag is prima!")
    poster.get_by_role("button", name="Versturen").click()
    expect(poster.get_by_text("Je bericht is verstuurd.")).to_be_visible()
    axe(poster)
    helper.reload()
    axe(helper)
    expect(helper.get_by_text("Donderdag is prima!")).to_be_visible()
    expect(helper.get_by_text("daan@example.nl")).to_have_count(0)

    # The poster marks the vraag ingevuld with VoorGoed Agency.
    poster.goto(vraag.get_absolute_url())
    poster.get_by_role("link", name="Op ingevuld zetten").click()
    axe(poster)
    poster.get_by_label("Gematcht met").select_option(label="VoorGoed Agency")
    poster.get_by_role("button", name="Op ingevuld zetten").click()
    expect(poster.get_by_text("De vraag of het aanbod staat op ingevuld. Bedankt!")).to_be_visible()
    axe(poster)
    expect(poster.locator("[data-testid=status]")).to_have_text("Ingevuld")
    poster.goto("/marktplaats/")
    axe(poster)
    expect(poster.get_by_role("link", name="Hulp bij onze subsidieaanvraag")).to_have_count(0)
    expect(poster.get_by_role("link", name="Coaching bij je businessplan")).to_be_visible()
    by_theme, by_wijk = selectors.match_counts(*this_day())
    assert by_wijk == {"afrikaanderwijk": 1}
    assert Notification.objects.filter(recipient__email="vera@example.nl").exists()


def test_journey_3_twenty_members_claim_five_vouchers_at_once(new_page, axe, live_server):
    gemeente = OrganisationFactory(name="Gebiedsorganisatie", kind=Organisation.Kind.GEMEENTE)
    listing = ListingFactory(
        organisation=gemeente,
        kind=Listing.Kind.AANBOD,
        category=Listing.Category.KENNIS,
        title="Voucher: een ambtenaar naar keuze",
        vouchers_total=5,
    )
    pages = []
    for index in range(20):
        organisation = OrganisationFactory(name=f"Initiatief {index:02d}")
        user = member(organisation, f"lid{index}@example.nl")
        page = signed_in_page(new_page, live_server, user)
        page.goto(listing.get_absolute_url())
        pages.append(page)
    axe(pages[0])
    # Everyone presses the button; the requests are in flight at the same time.
    for page in pages:
        page.get_by_role("button", name="Claim een voucher").click(no_wait_after=True)
    succeeded = gone = 0
    for page in pages:
        page.wait_for_load_state()
        # a claim that got one: a status message; one too late: the refusal in the error summary,
        # focused, "Fout: " in the title
        message = page.locator(".reisgids-messages, [data-error-summary]").first
        expect(message).to_be_visible()
        text = message.inner_text()
        if "Je hebt een voucher geclaimd" in text:
            succeeded += 1
        else:
            assert "Helaas, alle vouchers zijn al geclaimd." in text
            expect(page.locator("[data-error-summary]")).to_be_focused()
            assert page.title().startswith("Fout: ")
            gone += 1
    axe(pages[0])
    axe(pages[-1])
    assert (succeeded, gone) == (5, 15)
    assert VoucherClaim.objects.filter(listing=listing).count() == 5
    expect(pages[-1].locator("[data-testid=vouchers-left]")).to_have_text("Nog 0 van de 5 vouchers over")


def test_journey_4_beat_task_expires_and_reminds_once(page, axe, live_server, celery_worker_real):  # noqa: F811
    today = timezone.localdate()
    organisation = OrganisationFactory(name="Buurtkracht")
    poster = member(organisation, "bo@example.nl")
    listing = ListingFactory(
        organisation=organisation, title="Handjes voor de buurtbarbecue", valid_until=today
    )
    listing.contact_person = poster
    listing.save(update_fields=["contact_person"])
    Listing.objects.filter(pk=listing.pk).update(valid_until=today + datetime.timedelta(days=6))
    expire_listings.delay()
    expire_listings.delay()
    wait_for_tasks(celery_worker_real)
    assert Notification.objects.filter(recipient=poster).count() == 1
    # A week later, past its date: the next run expires it and sends no second reminder.
    Listing.objects.filter(pk=listing.pk).update(valid_until=today - datetime.timedelta(days=1))
    expire_listings.delay()
    wait_for_tasks(celery_worker_real)
    assert Notification.objects.filter(recipient=poster).count() == 1

    log_in(page, axe, "bo@example.nl")
    page.goto("/meldingen/")
    axe(page)
    expect(page.get_by_text("Je vraag of aanbod „Handjes voor de buurtbarbecue” verloopt op")).to_have_count(
        1
    )
    page.goto(listing.get_absolute_url())
    axe(page)
    expect(page.locator("[data-testid=status]")).to_have_text("Verlopen")
    page.goto("/marktplaats/")
    axe(page)
    expect(page.get_by_role("link", name="Handjes voor de buurtbarbecue")).to_have_count(0)


def test_journey_5_bad_input_and_strangers(new_page, axe, live_server):
    organisation = OrganisationFactory(name="Wijkwerkplaats")
    member(organisation, "wim@example.nl")
    other = OrganisationFactory(name="Andere partij")
    member(other, "olga@example.nl")
    page = new_page()
    log_in(page, axe, "wim@example.nl")
    page.goto("/marktplaats/plaatsen/")
    axe(page)
    page.get_by_label("Aanbod").check()
    page.get_by_label("Titel").fill("")
    description = page.get_by_label("Beschrijving")
    description.evaluate("el => el.removeAttribute('maxlength')")
    description.fill("x" * 100_000)
    page.get_by_label("Geldig tot").fill("2020-01-01")
    page.get_by_role("button", name="Vraag of aanbod plaatsen").click()
    axe(page)
    expect(field_error(page, "Geef je vraag of aanbod een titel.")).to_be_visible()
    expect(field_error(page, "De beschrijving is te lang: maximaal 5000 tekens (nu 100000).")).to_be_visible()
    page.get_by_label("Titel").fill("<b>Gratis</b> <script>alert('x')</script>")
    page.get_by_label("Beschrijving").fill("<img src=x onerror=alert(1)> Kom langs!")
    page.get_by_role("button", name="Vraag of aanbod plaatsen").click()
    axe(page)
    expect(field_error(page, "De einddatum kan niet in het verleden liggen.")).to_be_visible()
    expect(page.get_by_label("Titel")).to_have_value("<b>Gratis</b> <script>alert('x')</script>")
    page.get_by_label("Geldig tot").fill("")
    page.get_by_role("button", name="Vraag of aanbod plaatsen").click()
    expect(page.get_by_text("Je vraag of aanbod is geplaatst.")).to_be_visible()
    axe(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("<b>Gratis</b> <script>alert('x')</script>")
    expect(page.get_by_text("<img src=x onerror=alert(1)> Kom langs!")).to_be_visible()
    assert page.locator("main img").count() == 0
    listing = Listing.objects.get()

    stranger = new_page()
    log_in(stranger, axe, "olga@example.nl")
    stranger.goto(listing.get_absolute_url())
    axe(stranger)
    expect(stranger.get_by_role("link", name="Vraag of aanbod bewerken")).to_have_count(0)
    expect(stranger.get_by_role("button", name="Intrekken")).to_have_count(0)
    response = stranger.goto(f"/marktplaats/{listing.pk}/bewerken/")
    assert response.status == 403
    axe(stranger)
    response = stranger.goto(f"/marktplaats/{listing.pk}/ingevuld/")
    assert response.status == 403
    stranger.goto(listing.get_absolute_url())
    status = stranger.evaluate(
        """async (url) => {
            const token = document.querySelector('input[name=csrfmiddlewaretoken]').value;
            const response = await fetch(url, {method: 'POST', headers: {'X-CSRFToken': token}});
            return response.status;
        }""",
        f"/marktplaats/{listing.pk}/intrekken/",
    )
    assert status == 403
    listing.refresh_from_db()
    assert listing.status == Listing.Status.OPEN


def this_day():
    """From the start of today until the start of tomorrow (the period of ``match_counts``)."""
    import datetime

    from django.utils import timezone

    start = timezone.make_aware(datetime.datetime.combine(timezone.localdate(), datetime.time.min))
    return start, start + datetime.timedelta(days=1)
