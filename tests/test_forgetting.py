"""A rename or an account deletion reaches everything that showed the person: cached story pages
(for anonymous visitors) and the audit rows in /beheer/, both the project's and Wagtail's own."""

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.test import Client
from wagtail.models import ModelLogEntry, PageLogEntry

from reisgids import services as core_services
from reisgids.accounts import services
from reisgids.tests.factories import PASSWORD, MembershipFactory, OrganisationFactory, UserFactory
from stories import services as story_services
from stories.moderation import ensure_story_moderation
from stories.tests.factories import StoryPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _stories(settings):
    settings.STORIES_FETCH_EMBEDS = False
    ensure_story_moderation()


def commenter_on_a_cached_story():
    """Fatima comments on a story; an anonymous visitor has seen (and so cached) the page."""
    story = StoryPageFactory()
    user = UserFactory(verified=True, first_name="Fatima", last_name="El Amrani")
    story_services.comment_create(actor=user, page=story, text="Wat een mooi initiatief")
    visitor = Client()
    html = visitor.get(story.url).content.decode()
    assert "Fatima El Amrani" in html and "Wat een mooi initiatief" in html
    return story, user, visitor


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def audit_text():
    rows = [*ModelLogEntry.objects.all(), *PageLogEntry.objects.all()]
    return " ".join(f"{row.label} {row.data}" for row in rows)


# --- renames and deletions reach the cached pages ------------------------------------------------


def test_a_rename_in_the_profile_shows_on_the_next_anonymous_request():
    story, user, visitor = commenter_on_a_cached_story()
    response = signed_in(user).post(
        "/accounts/profiel/",
        {"first_name": "Fatma", "last_name": "Yilmaz", "notification_preference": "daily"},
    )
    assert response.status_code == 302

    html = visitor.get(story.url).content.decode()
    assert "Fatma Yilmaz" in html
    assert "El Amrani" not in html


def test_a_user_save_that_changes_the_name_shows_on_the_next_anonymous_request():
    """A save outside the profile form (an edit in /beheer/, a script) does the same."""
    story, user, visitor = commenter_on_a_cached_story()
    user.last_name = "Bakker"
    user.save()
    html = visitor.get(story.url).content.decode()
    assert "Fatima Bakker" in html and "El Amrani" not in html


def test_a_save_without_a_name_change_keeps_the_cache():
    from reisgids.caching import version

    _story, user, _visitor = commenter_on_a_cached_story()
    before = version("stories")
    user.notification_preference = "off"
    user.save()
    user.save(update_fields=["last_login"])
    assert version("stories") == before


def test_an_account_deletion_removes_the_name_on_the_next_anonymous_request():
    story, user, visitor = commenter_on_a_cached_story()
    response = signed_in(user).post("/accounts/profiel/verwijderen/", {"password": PASSWORD, "confirm": "on"})
    assert response.status_code == 302

    html = visitor.get(story.url).content.decode()
    assert "Fatima" not in html and "El Amrani" not in html
    assert "Wat een mooi initiatief" in html  # the comment itself stays, without a name


# --- deletions reach the audit ---------------------------------------------------------------------


def person_in_the_audit():
    """A person without a name (the audit shows their e-mail address) and one with a name, both with
    audit rows of the project (join requests) and of Wagtail (a page they sent in)."""
    organisation = OrganisationFactory()
    manager = MembershipFactory(organisation=organisation, beheerder=True).user
    nameless = UserFactory(verified=True, first_name="", last_name="", email="anoniem.lid@example.nl")
    named = UserFactory(verified=True, first_name="Fatima", last_name="El Amrani")
    for person in (nameless, named):
        join_request = core_services.membership_request(organisation=organisation, user=person)
        core_services.join_request_approve(join_request=join_request, actor=manager)
    story_services.story_submit(
        actor=named,
        organisation=organisation,
        data={"kind": "blog", "title": "Ons verhaal", "intro": "Intro", "body": "Tekst", "themes": []},
    )
    ModelLogEntry.objects.create(
        content_type=ModelLogEntry.objects.first().content_type,
        label="Fatima El Amrani gaf anoniem.lid@example.nl een rol",
        action="reisgids.membership.role",
        data={"note": "Gemaild naar ANONIEM.LID@example.nl", "by": ["Fatima El Amrani"]},
        timestamp=ModelLogEntry.objects.first().timestamp,
        object_id="1",
    )
    assert "anoniem.lid@example.nl" in audit_text() and "Fatima El Amrani" in audit_text()
    return nameless, named


def test_an_account_deletion_removes_the_email_and_name_from_every_audit_row():
    nameless, named = person_in_the_audit()
    other = UserFactory(first_name="Kees", last_name="de Vries")
    core_services.membership_request(organisation=OrganisationFactory(), user=other)

    services.account_delete(user=nameless, actor=nameless)
    services.account_delete(user=named, actor=named)

    text = audit_text().lower()
    assert "anoniem.lid@example.nl" not in text
    assert "fatima el amrani" not in text
    nameless.refresh_from_db()
    assert nameless.email in audit_text()  # replaced by the anonymous account
    assert "Kees de Vries" in audit_text()  # someone else stays


def test_a_first_name_alone_is_replaced_only_in_the_persons_own_rows():
    person = UserFactory(first_name="Jan", last_name="")
    other_jan = UserFactory(first_name="Jan", last_name="")
    organisation = OrganisationFactory()
    core_services.membership_request(organisation=organisation, user=person)
    core_services.membership_request(organisation=organisation, user=other_jan)

    services.account_delete(user=person, actor=person)

    labels = list(
        ModelLogEntry.objects.filter(action="reisgids.membership.request").values_list("label", "user")
    )
    assert (f"Jan → {organisation.name}", other_jan.pk) in labels
    assert all("Jan" not in label for label, user_id in labels if user_id == person.pk)


def test_the_site_history_in_beheer_no_longer_shows_the_deleted_email():
    nameless, named = person_in_the_audit()
    admin = UserFactory(verified=True, is_staff=True, is_superuser=True)
    TOTP.activate(admin, generate_totp_secret())
    client = signed_in(admin)
    before = client.get("/beheer/reports/site-history/").content.decode()
    assert "anoniem.lid@example.nl" in before

    services.account_delete(user=nameless, actor=nameless)
    services.account_delete(user=named, actor=named)

    response = client.get("/beheer/reports/site-history/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "anoniem.lid@example.nl" not in html
    assert "El Amrani" not in html
