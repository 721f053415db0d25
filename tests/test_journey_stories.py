"""Browser journeys of the stories (issue 4), in Chromium with axe-core on every page visited:
2. a member submits a video story; it is not public until a contentbeheerder (with two-step
verification) approves it in /beheer/ (Wagtail's workflow); the author is told, then it is public.
3. a member comments; another member reports it; a moderator hides it in /beheer/; visitors no
longer see it; a comment with ``<script>`` or an ``onerror=`` attribute shows as harmless text."""

import pytest
from allauth.mfa.totp.internal.auth import generate_totp_secret
from playwright.sync_api import expect

from reisgids.notifications.models import Notification
from reisgids.tests.factories import (
    PASSWORD,
    MembershipFactory,
    OrganisationFactory,
    ThemeFactory,
    UserFactory,
)
from stories.models import Comment, StoryPage
from stories.tests.factories import StoryPageFactory
from stories.tests.helpers import content_manager
from tests.browser import field_error
from tests.totp import current_code

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

# Wagtail (not our code) fades its messages in and out; axe catches them mid-fade at random.
ADMIN_EXCLUDE = [".messages"]
# Wagtail's rich-text editor (Draftail, third-party markup) has an unlabelled contenteditable.
EDITOR_EXCLUDE = [*ADMIN_EXCLUDE, ".Draftail-Editor"]


@pytest.fixture(autouse=True)
def _no_embed_fetch(settings):
    settings.STORIES_FETCH_EMBEDS = False


def log_in(page, axe, email, *, totp_secret=None):
    page.goto("/accounts/login/")
    axe(page)
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_load_state()
    if totp_secret:
        page.wait_for_url("**/accounts/2fa/authenticate/")
        axe(page)
        page.locator("#id_code").fill(current_code(totp_secret))
        page.get_by_role("button", name="Inloggen").click()
        page.wait_for_load_state()


def member(organisation, **kwargs):
    user = UserFactory(verified=True, **kwargs)
    MembershipFactory(user=user, organisation=organisation)
    return user


def test_journey_2_member_submits_video_story_published_after_approval(new_page, axe):
    ThemeFactory(name="Mantelzorg", slug="mantelzorg")
    organisation = OrganisationFactory(name="Logeerhuis De Buren")
    author = member(organisation, first_name="Sanne", last_name="de Buren")
    secret = generate_totp_secret()
    moderator = content_manager(verified=True, totp_secret=secret)

    page = new_page()
    log_in(page, axe, author.email)
    page.goto("/verhalen/insturen/")
    axe(page)
    page.get_by_label("Video", exact=True).check()
    page.get_by_label("Titel").fill("Een dag in het logeerhuis")
    page.get_by_label("Inleiding").fill("Kijk mee met onze gasten en vrijwilligers.")
    page.get_by_label("Link naar de video of podcast").fill("https://www.youtube.com/watch?v=abc123")
    page.get_by_role("button", name="Verhaal insturen").click()
    # Bad input: no transcript → Dutch error next to the field, input kept.
    expect(field_error(page, "Voeg een transcriptie of tekstversie toe")).to_be_visible()
    expect(page.get_by_label("Titel")).to_have_value("Een dag in het logeerhuis")
    axe(page)
    page.get_by_label("Transcriptie").fill(
        "Gastvrouw: Welkom in het logeerhuis.\n\nGast: Fijn dat ik hier mag zijn."
    )
    page.get_by_label("Mantelzorg").check()
    page.get_by_role("button", name="Verhaal insturen").click()
    expect(page.get_by_text("Je verhaal is naar de contentbeheerders gestuurd")).to_be_visible()
    expect(page.get_by_text("Een dag in het logeerhuis — wordt beoordeeld")).to_be_visible()
    axe(page)
    story = StoryPage.objects.get(title="Een dag in het logeerhuis")
    assert not story.live

    visitor = new_page()
    response = visitor.goto(f"/verhalen/{story.slug}/")
    assert response.status == 404
    axe(visitor)
    visitor.goto("/verhalen/")
    expect(visitor.get_by_text("Een dag in het logeerhuis")).to_have_count(0)
    axe(visitor)

    # The contentbeheerder approves in Wagtail's own workflow UI, with a comment.
    admin = new_page()
    log_in(admin, axe, moderator.email, totp_secret=secret)
    admin.goto(f"/beheer/pages/{story.pk}/edit/")
    axe(admin, exclude=EDITOR_EXCLUDE)
    approve = admin.locator('button[data-workflow-action-name="approve"][data-workflow-action-modal-url]')
    # Wagtail's editor builds its footer menu with JavaScript: on a loaded 2-core machine that took
    # over the default 10 s once (CI), so this click waits up to 30 s.
    admin.locator("footer .dropdown-toggle, footer [data-w-dropdown-target='toggle']").first.click(
        timeout=30_000
    )
    approve.click()
    admin.locator("textarea[name=comment]").fill("Mooi verhaal, dank je wel!")
    admin.locator(".modal form button[type=submit], .modal-content button[type=submit]").first.click()
    admin.wait_for_load_state()
    expect(admin.locator(".messages")).to_be_visible()
    story.refresh_from_db()
    assert story.live

    notification = Notification.objects.get(recipient=author)
    assert notification.body == "Mooi verhaal, dank je wel!"
    page.goto("/meldingen/")
    expect(page.get_by_text("Je verhaal „Een dag in het logeerhuis” is gepubliceerd")).to_be_visible()
    axe(page)

    visitor.goto("/verhalen/")
    visitor.get_by_role("link", name="Een dag in het logeerhuis").click()
    expect(visitor.get_by_role("heading", name="Een dag in het logeerhuis")).to_be_visible()
    expect(visitor.get_by_role("link", name="Bekijk de video op YouTube")).to_be_visible()
    visitor.get_by_text("Transcriptie").click()
    expect(visitor.get_by_text("Gastvrouw: Welkom in het logeerhuis.")).to_be_visible()
    axe(visitor)


def test_a_story_sent_back_is_changed_by_its_author_and_reviewed_again(new_page, axe):
    from stories import services
    from stories.moderation import ensure_story_moderation
    from stories.tests.helpers import review, story_data

    ensure_story_moderation()  # the workflow comes from a migration; transactional tests flush it
    organisation = OrganisationFactory(name="Buurthuis De Esch")
    author = member(organisation)
    story = services.story_submit(
        actor=author, organisation=organisation, data=story_data(title="Koken met de buren")
    )
    review(story, approve=False, comment="Vertel ook wie er meekookt.")

    page = new_page()
    log_in(page, axe, author.email)
    page.goto("/verhalen/insturen/")
    axe(page)
    page.get_by_role("link", name="lees waarom en pas je verhaal aan").click()
    expect(page.get_by_text("Vertel ook wie er meekookt.")).to_be_visible()
    expect(page.get_by_label("Titel")).to_have_value("Koken met de buren")
    axe(page)
    # Bad input: no introduction → Dutch error next to the field, the rest kept.
    page.get_by_label("Inleiding").fill("")
    page.get_by_label("Je verhaal", exact=True).fill("Elke donderdag koken Ahmed, Joke en tien buren samen.")
    page.get_by_role("button", name="Opnieuw ter beoordeling sturen").click()
    expect(field_error(page, "Schrijf een korte inleiding.")).to_be_visible()
    expect(page.get_by_label("Je verhaal", exact=True)).to_have_value(
        "Elke donderdag koken Ahmed, Joke en tien buren samen."
    )
    axe(page)
    page.get_by_label("Inleiding").fill("Wie er meekookt in De Esch.")
    page.get_by_role("button", name="Opnieuw ter beoordeling sturen").click()
    expect(page.get_by_text("Je gewijzigde verhaal is naar de contentbeheerders gestuurd")).to_be_visible()
    expect(page.get_by_text("Koken met de buren — wordt beoordeeld")).to_be_visible()
    axe(page)

    review(story, approve=True, comment="Dank je!")
    visitor = new_page()
    visitor.goto(f"/verhalen/{story.slug}/")
    expect(visitor.get_by_text("Elke donderdag koken Ahmed, Joke en tien buren samen.")).to_be_visible()
    axe(visitor)


def test_journey_3_comment_report_hide_and_harmless_markup(new_page, axe):
    organisation = OrganisationFactory()
    writer = member(organisation, first_name="Kees", last_name="Schrijver")
    reader = member(OrganisationFactory(), first_name="Ria", last_name="Lezer")
    secret = generate_totp_secret()
    moderator = content_manager(verified=True, totp_secret=secret)
    story = StoryPageFactory(title="Samen eten in Bospolder", author=member(organisation))

    page = new_page()
    log_in(page, axe, writer.email)
    page.goto(story.url)
    axe(page)
    page.get_by_role("button", name="Reactie plaatsen").click()
    expect(field_error(page, "Schrijf een reactie.")).to_be_visible()
    axe(page)
    page.get_by_label("Je reactie").fill("Jullie zijn allemaal sukkels!")
    page.get_by_role("button", name="Reactie plaatsen").click()
    expect(page.get_by_text("Je reactie is geplaatst.")).to_be_visible()
    axe(page)
    page.get_by_label("Je reactie").fill(
        '<script>window.hacked=1</script> <img src=x onerror="window.hacked=2">'
    )
    page.get_by_role("button", name="Reactie plaatsen").click()
    expect(page.get_by_text("<script>window.hacked=1</script>", exact=False)).to_be_visible()
    assert page.evaluate("window.hacked") is None
    assert page.locator("article.reisgids-comment img").count() == 0
    axe(page)
    rude = Comment.objects.get(text="Jullie zijn allemaal sukkels!")

    other = new_page()
    log_in(other, axe, reader.email)
    other.goto(story.url)
    axe(other)
    other.locator(f"#reactie-{rude.pk}").get_by_role("link", name="Meld ongepast").click()
    axe(other)
    other.get_by_label("Wat is er mis met deze reactie? (niet verplicht)").fill("Scheldwoorden")
    other.get_by_role("button", name="Melding versturen").click()
    expect(other.get_by_text("Een moderator bekijkt deze reactie.")).to_be_visible()
    axe(other)

    admin = new_page()
    log_in(admin, axe, moderator.email, totp_secret=secret)
    admin.goto("/beheer/snippets/stories/comment/")
    expect(admin.get_by_text("Jullie zijn allemaal sukkels!")).to_be_visible()
    axe(admin, exclude=ADMIN_EXCLUDE)
    admin.get_by_role("link", name="Verbergen").first.click()
    expect(admin.get_by_role("button", name="Reactie verbergen")).to_be_visible()  # the page has loaded
    admin.wait_for_load_state()
    axe(admin, exclude=ADMIN_EXCLUDE)
    admin.get_by_role("button", name="Reactie verbergen").click()
    expect(admin.get_by_text("Geef de reden waarom je deze reactie verbergt.")).to_be_visible()
    admin.wait_for_load_state()
    admin.locator("textarea[name=reason]").fill("Scheldwoorden horen hier niet.")
    admin.get_by_role("button", name="Reactie verbergen").click()
    admin.wait_for_url("**/beheer/snippets/stories/comment/")
    axe(admin, exclude=ADMIN_EXCLUDE)
    rude.refresh_from_db()
    assert rude.is_hidden
    assert Notification.objects.filter(recipient=writer, body="Scheldwoorden horen hier niet.").exists()

    visitor = new_page()
    visitor.goto(story.url)
    expect(visitor.get_by_text("Jullie zijn allemaal sukkels!")).to_have_count(0)
    expect(visitor.get_by_text("Deze reactie is verborgen door een moderator.")).to_be_visible()
    expect(visitor.get_by_text("<script>window.hacked=1</script>", exact=False)).to_be_visible()
    assert visitor.evaluate("window.hacked") is None
    axe(visitor)

    # Initiatiefnemers never reach /beheer/: refused outright (no redirect loop via the login).
    response = page.request.get("/beheer/snippets/stories/comment/", max_redirects=0)
    assert response.status == 403
