"""Download my data, end to end: a person with data in every app downloads the JSON from
/accounts/profiel/ and gets every item back, section by section, and nothing of anyone else."""

import json

import pytest
from allauth.socialaccount.models import SocialAccount
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.admin.models import FormState
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Collection, CommentReply, PageSubscription
from wagtail.models import Comment as EditorComment
from wagtail.users.models import UserProfile

from deals.tests.factories import ContributionFactory, DealEventFactory, DealFactory, DealPartnerFactory
from marktplaats.tests.factories import (
    ConversationFactory,
    ListingFactory,
    MessageFactory,
    VoucherClaimFactory,
)
from reisgids import roles
from reisgids.accounts.exports import EXPORT_SECTIONS
from reisgids.notifications.models import Digest
from reisgids.notifications.tests.factories import NotificationFactory
from reisgids.services import join_request_approve
from reisgids.tests.factories import (
    AreaFactory,
    ContactPointFactory,
    JoinRequestFactory,
    MembershipFactory,
    UserFactory,
)
from residence.tests.factories import (
    ActivityFactory,
    ConcernFactory,
    LogEntryFactory,
    ResidencyFactory,
    ResponseFactory,
)
from stories import services as story_services
from stories.models import StoryPage
from stories.moderation import ensure_story_moderation
from stories.tests.factories import CommentFactory, CommentReportFactory, StoryPageFactory
from stories.tests.helpers import story_data

pytestmark = pytest.mark.django_db


def person_with_data_everywhere():
    """A person with one or more rows in every model that links to a person; returns the person
    and the number of items each section must hold."""
    from marktplaats.models import Follow, Report

    ensure_story_moderation()
    user = UserFactory(verified=True, first_name="Fatima", last_name="El Amrani")
    organisation = MembershipFactory(user=user, beheerder=True).organisation
    SocialAccount.objects.create(user=user, provider="gemeente", uid="f-el-amrani")
    JoinRequestFactory(user=user, motivation="Ik wil meedoen")
    join_request_approve(join_request=JoinRequestFactory(organisation=organisation), actor=user)
    ContactPointFactory(user=user)
    UserProfile.get_for_user(user)

    # Stories: one sent in (a page, its revision, its review), two comments, a report, a hidden one.
    story = story_services.story_submit(actor=user, organisation=organisation, data=story_data())
    published = StoryPageFactory()
    CommentFactory.create_batch(2, page=published, author=user)
    CommentReportFactory(reporter=user, comment=CommentFactory(page=published))
    CommentFactory(page=published, hidden_by=user, hidden_at=timezone.now(), hidden_reason="Kwetsend")

    # Wagtail's editor in /beheer/: a comment, a reply, a subscription, uploads, a form draft. (The
    # root collection comes from a migration; a transactional test's flush removes it.)
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    editor_comment = EditorComment.objects.create(
        page=story, user=user, text="Klopt dit?", contentpath="title"
    )
    CommentReply.objects.create(comment=editor_comment, user=user, text="Ja")
    PageSubscription.objects.create(page=story, user=user, comment_notifications=True)
    get_image_model().objects.create(title="Logo", file=get_test_image_file(), uploaded_by_user=user)
    get_document_model().objects.create(
        title="Jaarplan", file=ContentFile(b"%PDF-1.4", name="jaarplan.pdf"), uploaded_by_user=user
    )
    FormState.objects.create(
        user=user,
        content_type=ContentType.objects.get_for_model(StoryPage),
        object_id=str(story.pk),
        data="title=Concept",
        last_updated_at=timezone.now(),
    )

    # Deals: two started, a partner invited and one whose inbreng was confirmed, two timeline lines.
    DealFactory.create_batch(2, created_by=user)
    DealPartnerFactory(requested_by=user, invited=True)
    confirmed = DealPartnerFactory(confirmed_by=user, confirmed=True)
    ContributionFactory(partner=confirmed)
    DealEventFactory.create_batch(2, actor=user)

    # Marktplaats: a listing posted, one as contact person, a response with two messages, a report,
    # a follow and a voucher claim.
    listing = ListingFactory(created_by=user, contact_person=user, organisation=organisation)
    ListingFactory(contact_person=user, organisation=organisation)
    conversation = ConversationFactory(started_by=user, organisation=organisation)
    MessageFactory.create_batch(2, conversation=conversation, sender=user)
    Report.objects.create(listing=listing, reporter=user, reason="Spam")
    Follow.objects.create(organisation=organisation, area=AreaFactory(), created_by=user)
    VoucherClaimFactory(claimed_by=user, organisation=organisation)

    # Residence: a residency with two log entries, a response, a concern raised, an activity.
    residency = ResidencyFactory(person=user)
    LogEntryFactory.create_batch(2, residency=residency, author=user)
    ResponseFactory(author=user)
    ConcernFactory(raised_by=user)
    ActivityFactory(created_by=user)
    # Kompas: a proposal written and decided, a support, a comment and a report, a hidden comment, a
    # measure owned with an update, a report mailed.
    from kompas.models import (
        MonitoringUpdate,
        ProposalComment,
        ProposalCommentReport,
        ReportDelivery,
        Support,
    )
    from kompas.tests import factories as kompas

    roles.grant(user, roles.KOMPAS_EDITORS_GROUP)
    roles.grant(user, roles.BOARD_GROUP)
    proposal = kompas.proposal(state="aangenomen", actor=user)
    proposal = type(proposal).objects.get(pk=proposal.pk)
    type(proposal).objects.filter(pk=proposal.pk).update(decided_by=user)
    Support.objects.create(proposal=proposal, organisation=organisation, user=user)
    mine = ProposalComment.objects.create(proposal=proposal, author=user, text="Eens")
    ProposalCommentReport.objects.create(comment=mine, reporter=user)
    ProposalComment.objects.create(proposal=proposal, text="Weg", hidden_by=user, hidden_at=timezone.now())
    measure = proposal.measures.get()
    type(measure).objects.filter(pk=measure.pk).update(owner=user)
    MonitoringUpdate.objects.create(measure=measure, date=timezone.localdate(), value="3", author=user)
    ReportDelivery.objects.create(period=proposal.period, recipient=user)

    # Notifications: three received, one digest.
    NotificationFactory.create_batch(3, recipient=user)
    Digest.objects.create(recipient=user, day=timezone.localdate())

    counts = {
        "email_addresses": 1,
        "linked_accounts": 1,
        "memberships": 1,
        "join_requests": 2,  # their own, and one they decided
        "contact_points": 1,
        "pages": 1,
        "revisions": 1,
        "reviews": 1,
        "editor_comments": 3,
        "uploads": 2,
        "admin_form_drafts": 1,
        "stories": 1,
        "comments": 3,  # two of their own, one they hid
        "comment_reports": 1,
        "deals": 2,
        "deal_partnerships": 2,
        "deal_events": 2,
        "listings": 2,
        "listing_conversations": 1,
        "listing_messages": 2,
        "listing_reports": 1,
        "listing_follows": 1,
        "voucher_claims": 1,
        "notifications": 3,
        "notification_digests": 1,
        "residencies": 1,
        "residency_log": 2,
        "residency_responses": 1,
        "residency_concerns": 1,
        "residency_activities": 1,
        "kompas_proposals": 1,
        "kompas_supports": 1,
        "kompas_reports_mailed": 1,
    }
    return user, counts


def download(client, user):
    client.force_login(user)
    response = client.post("/accounts/profiel/mijn-gegevens/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    return json.loads(response.content)


def test_a_person_with_data_in_every_app_gets_every_item_back(client):
    user, counts = person_with_data_everywhere()
    other = UserFactory(first_name="Kees", last_name="Buitenstaander")

    data = download(client, user)

    assert {name: len(data[name]) for name in counts} == counts
    for name in EXPORT_SECTIONS:
        assert data[name], f"section {name} is empty"
    assert data["profile"]["first_name"] == "Fatima"
    assert data["admin_preferences"]["preferred_language"] == ""
    assert {row["action"] for row in data["audit_log"]} >= {
        "stories.story.submit",
        "reisgids.membership.approve",
        "reisgids.account.export",
    }
    assert data["stories"][0]["title"] == story_data()["title"]
    assert data["deal_partnerships"][1]["confirmed_contributions"]
    text = json.dumps(data)
    assert other.email not in text and "Buitenstaander" not in text


def test_a_new_person_gets_every_section_and_no_items():
    user = UserFactory()
    from reisgids.accounts import services

    data = services.account_export(user=user, actor=user)
    assert set(data) == {"exported_at", *EXPORT_SECTIONS}
    assert data["deals"] == [] and data["listings"] == [] and data["comments"] == []
