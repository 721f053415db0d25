"""The kompas services: the state machine, who may do what (both ways), bad input with nothing
half-saved, feedback to everyone behind a decision, the news draft, monitoring and priorities."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from atlas.models import NewsPage
from kompas import services
from kompas.models import Measure, Priority, Proposal, Review, Support
from kompas.tests import factories as f
from reisgids import comments
from reisgids.models import Theme
from reisgids.notifications.models import Notification
from reisgids.tests.factories import MembershipFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db
S = Proposal.Status
TODAY = timezone.localdate()


def test_an_editor_who_is_a_partner_bundles_lessons_into_a_draft():
    lessons = f.system_lessons(2)
    proposal = f.proposal(lessons=lessons)
    assert proposal.status == S.DRAFT
    assert set(proposal.lessons.all()) == set(lessons)
    assert proposal.period.start <= TODAY < proposal.period.end


def test_a_member_without_the_kompas_role_cannot_write_a_proposal():
    with pytest.raises(PermissionDenied):
        f.proposal(actor=f.member())
    assert not Proposal.objects.exists()


def test_an_empty_proposal_gets_a_message_per_field_and_nothing_is_saved():
    with pytest.raises(ValidationError) as error:
        services.proposal_create(
            actor=f.editor(),
            title=" ",
            kind="",
            problem="",
            change="",
            intended_effect="",
            lessons=[],
            organisations=[],
        )
    assert set(error.value.message_dict) == {
        "title",
        "kind",
        "problem",
        "change",
        "intended_effect",
        "lessons",
        "organisations",
    }
    assert not Proposal.objects.exists()


def test_steps_follow_the_state_machine():
    proposal = f.proposal(state=S.OPEN)
    with pytest.raises(ValidationError):
        f.decide(proposal, S.ADOPTED)  # not on the agenda yet
    assert Proposal.objects.get().status == S.OPEN


def test_a_meeting_date_in_the_past_is_refused():
    proposal = f.proposal(state=S.OPEN)
    with pytest.raises(ValidationError) as error:
        services.proposal_schedule(
            proposal=proposal,
            actor=f.editor(),
            gremium=f.college(),
            meeting_date=TODAY - datetime.timedelta(days=1),
        )
    assert "meeting_date" in error.value.message_dict
    assert Proposal.objects.get().status == S.OPEN


def test_only_the_bestuur_decides():
    proposal = f.proposal(state=S.SCHEDULED)
    for actor in (f.editor(), f.member(), UserFactory()):
        with pytest.raises(PermissionDenied):
            services.proposal_decide(proposal=proposal, actor=actor, decision=S.REJECTED, reasoning="Nee.")
    assert Proposal.objects.get().status == S.SCHEDULED


def test_a_decision_without_reasoning_is_refused_and_nothing_is_saved():
    proposal = f.proposal(state=S.SCHEDULED)
    board = f.board_member()
    with pytest.raises(ValidationError) as error:
        services.proposal_decide(
            proposal=proposal,
            actor=board,
            decision=S.ADOPTED,
            reasoning="  ",
            measure="Maatregel",
            indicator="Indicator",
            owner=board,
            review_dates=[TODAY - datetime.timedelta(days=3)],
        )
    assert {"reasoning", "review_dates"} <= set(error.value.message_dict)
    assert Proposal.objects.get().status == S.SCHEDULED
    assert not Measure.objects.exists()
    assert not NewsPage.objects.exists()


def test_adopting_creates_a_measure_a_news_draft_and_tells_everyone_behind_it():
    lesson_org = OrganisationFactory()
    lesson_member = MembershipFactory(organisation=lesson_org).user
    supporter_org = OrganisationFactory()
    supporter = MembershipFactory(organisation=supporter_org).user
    proposal = f.proposal(state=S.OPEN, lessons=f.system_lessons(2, organisations=[lesson_org]))
    services.proposal_support(proposal=proposal, actor=supporter, organisation=supporter_org)
    proposal = services.proposal_schedule(
        proposal=proposal,
        actor=f.editor(),
        gremium=f.college(),
        meeting_date=TODAY + datetime.timedelta(days=7),
    )
    proposal = f.decide(proposal, S.ADOPTED)

    assert proposal.status == S.ADOPTED
    measure = Measure.objects.get(proposal=proposal)
    assert Review.objects.filter(measure=measure).count() == 1
    news = NewsPage.objects.get()
    assert not news.live and proposal.news_page_id == news.pk
    told = set(
        Notification.objects.filter(url=proposal.get_absolute_url(), kind="kompas").values_list(
            "recipient_id", flat=True
        )
    )
    assert {lesson_member.pk, supporter.pk} <= told


def test_a_rejection_is_fed_back_as_well():
    lesson_org = OrganisationFactory()
    lesson_member = MembershipFactory(organisation=lesson_org).user
    proposal = f.proposal(state=S.SCHEDULED, lessons=f.system_lessons(1, organisations=[lesson_org]))
    f.decide(proposal, S.REJECTED)
    assert Notification.objects.filter(recipient=lesson_member, url=proposal.get_absolute_url()).exists()
    assert not NewsPage.objects.exists()


def test_a_held_proposal_can_go_on_the_agenda_again():
    proposal = f.decide(f.proposal(state=S.SCHEDULED), S.HELD)
    again = services.proposal_schedule(
        proposal=proposal,
        actor=f.editor(),
        gremium=f.college(),
        meeting_date=TODAY + datetime.timedelta(days=30),
    )
    assert again.status == S.SCHEDULED


def test_support_is_one_per_organisation_and_only_by_its_members():
    proposal = f.proposal(state=S.OPEN)
    organisation = OrganisationFactory()
    first = MembershipFactory(organisation=organisation).user
    second = MembershipFactory(organisation=organisation).user
    services.proposal_support(proposal=proposal, actor=first, organisation=organisation)
    with pytest.raises(ValidationError):
        services.proposal_support(proposal=proposal, actor=second, organisation=organisation)
    with pytest.raises(PermissionDenied):
        services.proposal_support(proposal=proposal, actor=f.member(), organisation=organisation)
    assert Support.objects.count() == 1
    assert Proposal.objects.get().support_count == 1


def test_comments_use_the_shared_moderation():
    proposal = f.proposal(state=S.OPEN)
    author = f.member()
    comment = services.comment_create(actor=author, proposal=proposal, text="Goed plan")
    with pytest.raises(ValidationError):
        services.comment_create(actor=author, proposal=proposal, text="   ")
    services.comment_report(actor=f.member(), comment=comment, reason="")
    with pytest.raises(PermissionDenied):
        comments.comment_hide(actor=f.member(), comment=comment, reason="Ongepast")
    moderator = UserFactory(is_superuser=True)
    hidden = comments.comment_hide(actor=moderator, comment=comment, reason="Ongepast")
    assert hidden.is_hidden and hidden.report_count == 1


def test_no_comments_on_a_draft():
    with pytest.raises(PermissionDenied):
        services.comment_create(actor=f.member(), proposal=f.proposal(), text="Hallo")


def test_monitoring_by_the_owner_or_an_editor_answers_the_review():
    proposal = f.proposal(state=S.ADOPTED)
    measure = proposal.measures.get()
    with pytest.raises(PermissionDenied):
        services.monitoring_update(measure=measure, actor=f.member(), date=TODAY, value="10%")
    with pytest.raises(ValidationError) as error:
        services.monitoring_update(
            measure=measure, actor=measure.owner, date=TODAY + datetime.timedelta(days=2), value=""
        )
    assert {"date", "value"} == set(error.value.message_dict)
    update = services.monitoring_update(measure=measure, actor=measure.owner, date=TODAY, value="10%")
    assert Review.objects.get(measure=measure).answered_by == update
    services.monitoring_update(measure=measure, actor=f.editor(), date=TODAY, value="12%")
    services.measure_close(measure=measure, actor=measure.owner, note="Doel bereikt")
    with pytest.raises(ValidationError):
        services.monitoring_update(measure=measure, actor=measure.owner, date=TODAY, value="13%")


def test_overdue_reviews_are_flagged_to_the_owner_once():
    proposal = f.proposal(state=S.ADOPTED)
    measure = proposal.measures.get()
    later = TODAY + datetime.timedelta(days=120)
    assert services.flag_overdue_reviews(today=later) == 1
    assert services.flag_overdue_reviews(today=later) == 0
    assert Notification.objects.filter(recipient=measure.owner, subject__icontains="monitoring").count() == 1


def test_priorities_mark_themes_welcome_and_unmark_dropped_ones():
    period = services.period_for()
    editor = f.editor()
    loneliness = Theme.objects.get_or_create(slug="eenzaamheid", defaults={"name": "Eenzaamheid"})[0]
    other = Theme.objects.exclude(pk=loneliness.pk).first()
    proposal = f.proposal(state=S.OPEN)
    services.priorities_set(
        period=period, actor=editor, items=[(loneliness, "Veel signalen", [proposal]), (other, "Ook", [])]
    )
    loneliness.refresh_from_db()
    assert loneliness.deals_welcome and loneliness.deals_welcome_text == "Veel signalen"
    services.priorities_set(period=period, actor=editor, items=[(loneliness, "Veel signalen", [proposal])])
    other.refresh_from_db()
    assert not other.deals_welcome
    assert Priority.objects.get().proposals.get() == proposal
    with pytest.raises(ValidationError):
        services.priorities_set(period=period, actor=editor, items=[(loneliness, " ", [])])
    with pytest.raises(PermissionDenied):
        services.priorities_set(period=period, actor=f.member(), items=[])
    assert Priority.objects.count() == 1


@pytest.mark.parametrize(
    ("months", "day", "start", "end"),
    [
        (6, datetime.date(2026, 3, 5), datetime.date(2026, 1, 1), datetime.date(2026, 7, 1)),
        (6, datetime.date(2026, 12, 31), datetime.date(2026, 7, 1), datetime.date(2027, 1, 1)),
        (3, datetime.date(2026, 5, 1), datetime.date(2026, 4, 1), datetime.date(2026, 7, 1)),
    ],
)
def test_period_bounds(months, day, start, end):
    assert services.period_bounds(day, months) == (start, end)


def test_content_managers_are_told_about_the_news_draft_on_adoption():
    from reisgids import roles

    manager = UserFactory(verified=True)
    roles.grant(manager, roles.CONTENT_MANAGERS_GROUP)
    bystander = f.member()
    rejected = f.proposal(state=S.REJECTED, title="Afgewezen voorstel")
    assert not Notification.objects.filter(recipient=manager).exists()  # no news, no word
    adopted = f.proposal(state=S.ADOPTED, title="Aangenomen voorstel")

    news = NewsPage.objects.get()
    told = Notification.objects.get(recipient=manager)
    assert told.url == f"/beheer/pages/{news.pk}/edit/"
    assert adopted.title in told.subject and rejected.title not in told.subject
    assert not Notification.objects.filter(recipient=bystander, url=told.url).exists()
