"""The cache-invalidation registry (``reisgids.caching``), tested over everything the apps registered:
every registered write bumps the namespaces it declares, every namespace has a page that shows a
change on the next request (anonymous and signed in), also when another request rendered and
cached that page while the write's transaction was still open, and a rename or deletion of a user
bumps every namespace that shows names. A new app's registration fails here until it adds a
sample to ``SAMPLES`` and a page to ``PAGES``."""

import threading
import uuid
from collections.abc import Callable
from typing import NamedTuple

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages.storage import default_storage
from django.core.exceptions import ImproperlyConfigured
from django.db import connections, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.test import Client
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import PageViewRestriction, Site
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from agenda.tests.factories import agenda_index, make_event
from atlas.models import StandardPage
from atlas.pagecache import page_key
from atlas.tests.factories import lesson_page, news_page
from deals.tests import factories as deal_factories
from intake.models import Advice, CoInitiator, Meeting, Request, StepFigure, StepPeriod
from intake.tests.factories import IntakeFactory
from kompas import services as kompas_services
from kompas.models import MonitoringUpdate, Priority, Proposal, Support
from kompas.tests import factories as kompas_factories
from marktplaats.tests.factories import ListingFactory, VoucherClaimFactory
from reisgids.caching import INVALIDATIONS, NAMESPACES, fragment, user_name_namespaces, versions_of
from reisgids.tests import factories
from reisgids.tests.factories import UserFactory
from residence.tests import factories as residence_factories
from schouw.models import (
    AgreementRevision,
    Appraisal,
    Criterion,
    Lesson,
    NoSchouwReason,
    Observation,
    Participant,
    Schouw,
    SchouwDeal,
)
from schouw.tests.factories import first_members, schouw_in
from stories.tests.factories import CommentFactory, StoryPageFactory, story_index

pytestmark = pytest.mark.django_db


def _image():
    return get_image_model().objects.create(title="Logeerkamer", file=get_test_image_file())


def _site():
    return Site.objects.create(hostname=f"{uuid.uuid4().hex[:8]}.example", port=80, root_page=news_page())


# One row of every registered model (label -> maker); a Page subclass stands in for ``Page``.
SAMPLES = {
    "reisgids.Area": factories.AreaFactory,
    "reisgids.Neighbourhood": factories.NeighbourhoodFactory,
    "reisgids.Theme": factories.ThemeFactory,
    "reisgids.Organisation": factories.OrganisationFactory,
    "reisgids.ContactPoint": factories.ContactPointFactory,
    "reisgids.Instrument": factories.InstrumentFactory,
    "wagtailcore.Page": news_page,
    "wagtailcore.PageViewRestriction": lambda: PageViewRestriction.objects.create(
        page=news_page(), restriction_type=PageViewRestriction.LOGIN
    ),
    "wagtailcore.Site": _site,
    "wagtailimages.Image": _image,
    "atlas.NewsPage": news_page,
    "atlas.LessonPage": lesson_page,
    "atlas.StandardPage": lambda: StandardPage.objects.first(),
    "stories.StoryPage": StoryPageFactory,
    "stories.StoryIndexPage": story_index,
    "stories.Comment": CommentFactory,
    "agenda.EventPage": make_event,
    "agenda.EventIndexPage": agenda_index,
    "deals.Deal": deal_factories.DealFactory,
    "deals.DealPartner": deal_factories.DealPartnerFactory,
    "deals.Contribution": deal_factories.ContributionFactory,
    "deals.ExpectedResult": deal_factories.ExpectedResultFactory,
    "deals.Risk": deal_factories.RiskFactory,
    "deals.Milestone": deal_factories.MilestoneFactory,
    "deals.KickoffMoment": deal_factories.KickoffMomentFactory,
    "deals.DealEvent": deal_factories.DealEventFactory,
    "marktplaats.Listing": ListingFactory,
    "marktplaats.VoucherClaim": VoucherClaimFactory,
    "residence.Residency": residence_factories.ResidencyFactory,
    "residence.Activity": residence_factories.ActivityFactory,
    "residence.Concern": residence_factories.ConcernFactory,
    "schouw.Schouw": lambda: Schouw.objects.create(
        title="Schouw", deal=deal_factories.DealFactory(running=True), planned_for="2026-12-01"
    ),
    "schouw.NoSchouwReason": lambda: NoSchouwReason.objects.create(
        deal=deal_factories.DealFactory(running=True), reason="De partners stopten eerder."
    ),
    "schouw.SchouwDeal": lambda: SchouwDeal.objects.create(
        schouw=Schouw.objects.create(title="Peer review", kind="peer-review", planned_for="2026-12-01"),
        deal=deal_factories.DealFactory(running=True),
    ),
}


def _open_proposal(title="Kleine percelen"):
    return kompas_factories.proposal(state=Proposal.Status.OPEN, title=title)


def _measure():
    return kompas_factories.proposal(state=Proposal.Status.ADOPTED).measures.get()


def _kompas_samples():
    period = kompas_services.period_for
    return {
        "kompas.Proposal": _open_proposal,
        "kompas.Gremium": kompas_factories.college,
        "kompas.Period": period,
        "kompas.Priority": lambda: Priority.objects.create(
            period=period(), theme=factories.ThemeFactory(), reason="Welkom."
        ),
        "kompas.Support": lambda: Support.objects.create(
            proposal=_open_proposal(), organisation=factories.OrganisationFactory()
        ),
        "kompas.ProposalComment": lambda: kompas_services.comment_create(
            actor=kompas_factories.member(), proposal=_open_proposal(), text="Goed plan."
        ),
        "kompas.Measure": _measure,
        "kompas.Review": lambda: _measure().reviews.first(),
        "kompas.MonitoringUpdate": lambda: MonitoringUpdate.objects.create(
            measure=_measure(), date="2026-11-30", value="5"
        ),
        "kompas.Report": lambda: kompas_services.report_generate(period=period()),
        "intake.Intake": IntakeFactory,
        "intake.StepPeriod": lambda: StepPeriod.objects.create(
            intake=IntakeFactory(), status="triage", started_at="2026-11-30T10:00:00+01:00"
        ),
        "intake.StepFigure": lambda: IntakeFactory() and StepFigure.objects.get(status="triage"),
        "intake.Meeting": lambda: Meeting.objects.create(
            intake=IntakeFactory(),
            starts_at="2026-12-07T10:00:00+01:00",
            ends_at="2026-12-07T11:30:00+01:00",
            place="Wijkhuis",
        ),
        "intake.Advice": lambda: Advice.objects.create(
            intake=IntakeFactory(), kind=Advice.Kind.values[0], recommend=True, text="Goed plan."
        ),
        "intake.Request": lambda: Request.objects.create(
            intake=IntakeFactory(), kind=Request.Kind.values[0], text="Wij horen niets."
        ),
        "intake.CoInitiator": lambda: CoInitiator.objects.create(
            intake=IntakeFactory(), name="Mo Buur", email="mo@example.nl"
        ),
        "reisgids.User": UserFactory,  # a meeting's attendee
    }


SAMPLES.update(_kompas_samples())


def _discussed():
    return schouw_in(Schouw.Phase.DISCUSSION)[0]


def _participant():
    return Participant.objects.create(
        schouw=_discussed(),
        kind=Participant.Kind.PEER,
        name="Peer",
        email="peer@example.org",
        token_hash=uuid.uuid4().hex * 2,
        expires_at="2030-01-01T00:00:00Z",
    )


SAMPLES |= {
    "residence.LogEntry": residence_factories.LogEntryFactory,
    "residence.Response": residence_factories.ResponseFactory,
    "schouw.SchouwPartner": lambda: _discussed().partners.first(),
    "schouw.Criterion": lambda: Criterion.objects.filter(partner__schouw=_discussed()).first(),
    "schouw.Appraisal": lambda: Appraisal.objects.filter(criterion__partner__schouw=_discussed()).first(),
    "schouw.Participant": _participant,
    "schouw.Observation": lambda: Observation.objects.create(
        schouw=_discussed(), text="Gezien", tone="positief", expectation="verwacht"
    ),
    "schouw.AgreementRevision": lambda: AgreementRevision.objects.create(
        schouw=_discussed(), agreement="Elke week overleg.", reason="Beter."
    ),
    "schouw.Lesson": lambda: Lesson.objects.create(
        schouw=_discussed(), title="Les", text="Uitleg.", kind=Lesson.Kind.values[0]
    ),
}


def _m2m_add(instance, through):
    field = next(f for f in type(instance)._meta.many_to_many if f.remote_field.through is through)
    getattr(instance, field.name).add(SAMPLES[field.related_model._meta.label]())


def _change_slug(page):
    page.slug = f"{page.slug}-nieuw"
    page.save()


def _move(page):
    page.move(story_index(), pos="last-child")


# The write that sends each signal, as users make it (Wagtail sends some of them on commit).
WRITES = {
    post_save: lambda instance: instance.save(),
    post_delete: lambda instance: instance.delete(),
    page_published: lambda page: page.save_revision().publish(),
    page_unpublished: lambda page: page.unpublish(),
    page_slug_changed: _change_slug,
    post_page_move: _move,
}
SIGNAL_NAMES = {
    post_save: "save",
    post_delete: "delete",
    page_published: "published",
    page_unpublished: "unpublished",
    page_slug_changed: "slug_changed",
    post_page_move: "moved",
}


def _cases():
    cases = []
    for entry in INVALIDATIONS:
        label = entry.model._meta.label
        for signal in entry.signals:
            name = SIGNAL_NAMES[signal]
            cases.append(pytest.param(entry, signal, None, id=f"{label}-{','.join(entry.namespaces)}-{name}"))
        for through in entry.m2m:
            cases.append(pytest.param(entry, m2m_changed, through, id=f"{label}-{through._meta.model_name}"))
    return cases


def test_every_registered_model_has_a_sample():
    assert {entry.model._meta.label for entry in INVALIDATIONS} <= set(SAMPLES)


@pytest.mark.parametrize(("entry", "signal", "through"), _cases())
def test_a_registered_write_bumps_the_namespaces_it_declares(
    entry, signal, through, django_capture_on_commit_callbacks
):
    instance = SAMPLES[entry.model._meta.label]()
    before = versions_of(entry.namespaces)
    with django_capture_on_commit_callbacks(execute=True):
        if through is not None:
            _m2m_add(instance, through)
        else:
            WRITES[signal](instance)
    after = versions_of(entry.namespaces)
    assert all(after[name] > before[name] for name in entry.namespaces), (before, after)


# Per namespace, a page that shows it: make(text) writes a row with ``text`` and returns
# (url, change); change(text) writes the row the way users do so that the page shows ``text``.
def _directory(text):
    organisation = factories.OrganisationFactory(name=text)
    return "/partijen/", lambda new: _rename(organisation, "name", new)


def _rename(row, field, text):
    setattr(row, field, text)
    row.save()


def _publish(page, text):
    page.title = text
    page.save_revision().publish()


def _atlas(text):
    page = news_page(title=text)
    return "/nieuws/", lambda new: _publish(page, new)


def _stories(text):
    comment = CommentFactory(page=StoryPageFactory(), text=text)
    return comment.page.url, lambda new: _rename(comment, "text", new)


def _agenda(text):
    event = make_event(title=text)
    return "/agenda/", lambda new: _publish(event, new)


def _search(text):
    organisation = factories.OrganisationFactory(name=f"Zonnebloem {text}")
    return "/zoeken/?q=Zonnebloem", lambda new: _rename(organisation, "name", f"Zonnebloem {new}")


def _deals(text):
    deal = deal_factories.DealFactory(closed=True, title=text)
    return "/deals/", lambda new: _rename(deal, "title", new)


def _marktplaats(text):
    listing = ListingFactory(title=text)
    return "/marktplaats/", lambda new: _rename(listing, "title", new)


def _residence(text):
    activity = residence_factories.ActivityFactory(title=text, is_public=True)
    return "/agenda/", lambda new: _rename(activity, "title", new)


class Page(NamedTuple):
    """What a maker of ``PAGES`` returns: the page, the change to make, what the page shows for a
    text (the text itself unless ``shown`` maps it) and, for a page only some people may see, one of
    them."""

    url: str
    change: Callable
    shown: Callable | None = None
    viewer: object = None

    def show(self, text):
        return self.shown(text) if self.shown else text


def _kompas(text):
    proposal = _open_proposal(title=text)
    return "/kompas/", lambda new: _rename(proposal, "title", new)


IDEAS_SHOWN = {
    "Logeerhuis Oud": "Tot nu toe 1 idee ingediend",
    "Logeerhuis Nieuw": "Tot nu toe 2 ideeën ingediend",
}


def _intake(text):
    """/idee/ shows counts only: one idea for the old text, a second for the new one."""
    IntakeFactory()
    return Page("/idee/", lambda new: IntakeFactory(), shown=IDEAS_SHOWN.get)


def _schouw_reports(text):
    schouw, *_ = schouw_in(Schouw.Phase.PUBLISHED, title=text)
    return "/api/v1/schouw-reports/", lambda new: _rename(schouw, "title", new)


IDEAS_IN_TRIAGE = {"Logeerhuis Oud": '"ideas_now": 1', "Logeerhuis Nieuw": '"ideas_now": 2'}


def _intake_figures(text):
    """The open-data figures per step: one idea in triage for the old text, a second for the new."""
    IntakeFactory()
    return Page("/api/v1/intake-steps/triage/", lambda new: IntakeFactory(), shown=IDEAS_IN_TRIAGE.get)


# Pages only some people may see: the Page names a person who may see it.
def _residency_pages(text):
    entry = residence_factories.LogEntryFactory(text=text)
    residency = entry.residency
    return Page(
        residency.get_absolute_url(), lambda new: _rename(entry, "text", new), viewer=residency.person
    )


def _schouw_pages(text):
    schouw, _actor, _deal, members = schouw_in(Schouw.Phase.DISCUSSION)
    lesson = Lesson.objects.create(schouw=schouw, title=text, text="Uitleg.", kind=Lesson.Kind.values[0])
    return Page(
        f"/schouw/{schouw.pk}/bespreking/",
        lambda new: _rename(lesson, "title", new),
        viewer=first_members(members)[0],
    )


def _intake_pages(text):
    """An intake's page, for the people who may open it (its initiator)."""
    intake = IntakeFactory(title=text)
    return Page(intake.get_absolute_url(), lambda new: _rename(intake, "title", new), viewer=intake.initiator)


PAGES = {
    "intake_pages": _intake_pages,
    "residency_pages": _residency_pages,
    "schouw_pages": _schouw_pages,
    "schouw-reports": _schouw_reports,
    "intake-figures": _intake_figures,
    "residence": _residence,
    "kompas": _kompas,
    "intake": _intake,
    "directory": _directory,
    "atlas": _atlas,
    "stories": _stories,
    "agenda": _agenda,
    "search": _search,
    "deals": _deals,
    "marktplaats": _marktplaats,
}


def test_every_namespace_has_a_page():
    assert set(NAMESPACES) == set(PAGES)


def _page(namespace, text):
    page = PAGES[namespace](text)
    return page if isinstance(page, Page) else Page(*page)


def _html(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "signed-in"])
@pytest.mark.parametrize("namespace", list(PAGES))
def test_a_change_shows_on_the_next_request(client, namespace, signed_in):
    page = _page(namespace, "Logeerhuis Oud")
    url, change, old, new = page.url, page.change, page.show("Logeerhuis Oud"), page.show("Logeerhuis Nieuw")
    if page.viewer:  # a page for some people only: one of them, signed in
        client.force_login(page.viewer)
    elif signed_in:
        client.force_login(UserFactory())
    assert old in _html(client, url)
    assert old in _html(client, url)  # now from the cache
    change("Logeerhuis Nieuw")
    html = _html(client, url)
    assert new in html and old not in html


def _render_elsewhere(url, signed_in_as=None):
    """A request on its own thread and database connection, as a concurrent visitor's."""
    seen = []

    def run():
        try:
            client = Client()
            if signed_in_as is not None:
                client.force_login(signed_in_as)
            seen.append(_html(client, url))
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    return seen[0]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("namespace", list(PAGES))
def test_a_request_that_renders_during_the_transaction_leaves_nothing_stale(client, namespace):
    user = UserFactory()
    page = _page(namespace, "Logeerhuis Oud")
    url, change, old, new = page.url, page.change, page.show("Logeerhuis Oud"), page.show("Logeerhuis Nieuw")
    if page.viewer:  # a page for some people only: one of them, signed in
        user = page.viewer
        client.force_login(user)
    assert old in _html(client, url)
    with transaction.atomic():
        change("Logeerhuis Nieuw")
        # Another request reads the committed (old) rows after the write's first bump and caches them.
        if not page.viewer:
            assert old in _render_elsewhere(url)
        assert old in _render_elsewhere(url, signed_in_as=user)
    html = _html(client, url)
    assert new in html and old not in html
    client.force_login(user)
    html = _html(client, url)
    assert new in html and old not in html


@pytest.mark.parametrize("write", ["rename", "delete"])
def test_a_rename_or_deletion_of_a_user_bumps_every_namespace_that_shows_names(write):
    assert {"stories", "deals", "marktplaats", "kompas"} <= set(user_name_namespaces())
    user = UserFactory(first_name="Fatima")
    before = versions_of(user_name_namespaces())
    if write == "rename":
        user.first_name = "Fatma"
        user.save()
    else:
        user.delete()
    after = versions_of(user_name_namespaces())
    assert all(after[name] > before[name] for name in before), (before, after)


def test_a_fragment_of_a_namespace_nobody_registered_is_refused(rf):
    request = rf.get("/")
    with pytest.raises(ImproperlyConfigured):
        fragment(request, "typo", lambda: "never kept", namespaces=("deal",))


def test_the_page_cache_keys_on_every_namespace_registered_for_pages(rf):
    request = rf.get("/nieuws/")
    request.user = AnonymousUser()
    request.session = {}
    request._messages = default_storage(request)
    key = page_key(request)
    shown = [name for name, namespace in NAMESPACES.items() if namespace.on_pages]
    assert {"directory", "atlas", "stories", "agenda", "deals"} <= set(shown)
    assert all(f"{name}{number}" in key for name, number in versions_of(shown).items())
