"""The kompas' pages come from the fragment cache for everyone of one audience (kompas editors see
drafts, everyone else does not): a warm page runs no query for a visitor and at most two for a
signed-in person, the same at 5 and 500 proposals; a person who may not see a draft never gets it
from a cache an editor warmed (nor the other way round an editor a page without it); the personal
parts (buttons, forms, links) are each visitor's own; and a write shows at once."""

import pytest

from kompas import services
from kompas.models import Proposal, Report
from kompas.tests import factories as f
from kompas.tests.test_views import _many
from reisgids import roles
from reisgids.caching import bump_for
from reisgids.tests.factories import UserFactory
from reisgids.tests.helpers import client_for, warm_queries

pytestmark = pytest.mark.django_db
S = Proposal.Status
SIGNED_IN_BOUND = 0  # the session, the user with their groups and the support form's choices are cached


def _urls(first):
    report = Report.objects.filter(period=first.period).first() or services.report_generate(
        period=first.period
    )
    return [
        "/kompas/",
        "/kompas/lessen/",
        "/kompas/rapporten/",
        report.get_absolute_url(),
        first.get_absolute_url(),
    ]


@pytest.mark.parametrize("who", ["anonymous", "member", "editor", "board"])
def test_warm_pages_run_the_same_few_queries_at_5_and_500_proposals(who):
    counts = []
    user = {"anonymous": None, "member": f.member(), "editor": f.editor(), "board": f.board_member()}[who]
    client = client_for(user)
    for size in (5, 500):
        Proposal.objects.all().delete()
        first = _many(size)
        bump_for(Proposal)  # _many's bulk_create sends no signals
        counts.append([len(warm_queries(client, url)) for url in _urls(first)])
    assert counts[0] == counts[1], counts
    assert max(counts[1]) <= (0 if user is None else SIGNED_IN_BOUND), counts


@pytest.mark.parametrize("editor_first", [True, False])
def test_a_draft_never_reaches_someone_who_may_not_see_it_from_a_warm_cache(editor_first):
    published = f.proposal(state=S.OPEN, title="Een open voorstel")
    draft = f.proposal(title="Een geheim concept")
    editor, member, anonymous = client_for(f.editor()), client_for(f.member()), client_for()
    order = [editor, member, anonymous] if editor_first else [anonymous, member, editor]
    for client in order:
        for url in ("/kompas/", "/kompas/?status=concept", draft.get_absolute_url()):
            client.get(url)
    for client in (member, anonymous):
        listing = client.get("/kompas/").content.decode()
        assert published.title in listing and draft.title not in listing
        assert draft.title not in client.get("/kompas/?status=concept").content.decode()
        assert client.get(draft.get_absolute_url()).status_code == 404
    assert draft.title in editor.get("/kompas/").content.decode()
    page = editor.get(draft.get_absolute_url())
    assert page.status_code == 200
    assert f"/kompas/voorstellen/{draft.slug}/indienen/" in page.content.decode()


@pytest.mark.parametrize("editor_first", [True, False])
def test_the_personal_parts_of_a_proposal_page_are_each_visitors_own(editor_first):
    proposal = f.proposal(state=S.OPEN)
    editor, member, anonymous = client_for(f.editor()), client_for(f.member()), client_for()
    url, edit = proposal.get_absolute_url(), f"/kompas/voorstellen/{proposal.slug}/bewerken/"
    for client in [editor, member, anonymous] if editor_first else [anonymous, member, editor]:
        client.get(url)
    editor_page, member_page = editor.get(url).content.decode(), member.get(url).content.decode()
    anonymous_page = anonymous.get(url).content.decode()
    assert edit in editor_page and edit not in member_page and edit not in anonymous_page
    support = f"/kompas/voorstellen/{proposal.slug}/steunen/"
    assert support in member_page and support not in anonymous_page
    assert f"/kompas/voorstellen/{proposal.slug}/reageren/" in member_page
    assert "/accounts/login/" in anonymous_page and "\x00" not in anonymous_page


def test_a_measure_owner_gets_the_monitoring_links_and_nobody_else_does():
    proposal = f.proposal(state=S.ADOPTED)
    measure = proposal.measures.get()
    link = f"/kompas/maatregelen/{measure.pk}/voortgang/"
    owner, member = client_for(measure.owner), client_for(f.member())
    assert link not in member.get(proposal.get_absolute_url()).content.decode()
    assert link in owner.get(proposal.get_absolute_url()).content.decode()
    assert link not in member.get(proposal.get_absolute_url()).content.decode()


def test_a_write_shows_at_once_on_warm_pages():
    editor_user = f.editor()
    proposal = f.proposal(state=S.OPEN, actor=editor_user)
    member_user = f.member()
    member, anonymous = client_for(member_user), client_for()
    for client in (member, anonymous):
        client.get("/kompas/")
        client.get(proposal.get_absolute_url())
    draft = f.proposal(title="Later opengesteld", actor=editor_user)
    services.proposal_submit(proposal=draft, actor=editor_user)
    services.comment_create(actor=member_user, proposal=proposal, text="Een reactie die meteen staat.")
    organisation = member_user.memberships.get().organisation
    services.proposal_support(proposal=proposal, actor=member_user, organisation=organisation)
    for client in (member, anonymous):
        assert "Later opengesteld" in client.get("/kompas/").content.decode()
        page = client.get(proposal.get_absolute_url()).content.decode()
        assert "Een reactie die meteen staat." in page and organisation.name in page
    # the member's organisation supports it now: no form to support it again
    assert (
        f"/kompas/voorstellen/{proposal.slug}/steunen/"
        not in member.get(proposal.get_absolute_url()).content.decode()
    )
    anonymous.get("/kompas/rapporten/")
    report = services.report_generate(period=proposal.period)
    assert report.get_absolute_url() in anonymous.get("/kompas/rapporten/").content.decode()


def test_a_new_editor_sees_the_drafts_at_once():
    draft = f.proposal(title="Een geheim concept")
    user = UserFactory(verified=True)
    client = client_for(user)
    assert draft.title not in client.get("/kompas/").content.decode()
    roles.grant(user, roles.KOMPAS_EDITORS_GROUP)
    assert draft.title in client.get("/kompas/").content.decode()


def test_the_support_forms_choices_follow_a_rename_of_the_organisation_at_once():
    proposal = f.proposal(state=S.OPEN)
    user = f.member()
    organisation = user.memberships.get().organisation
    client = client_for(user)
    assert organisation.name in client.get(proposal.get_absolute_url()).content.decode()
    organisation.name = "Een nieuwe naam voor de stichting"
    organisation.save()
    page = client.get(proposal.get_absolute_url()).content.decode()
    assert f'value="{organisation.pk}"' in page and ">Een nieuwe naam voor de stichting</option>" in page
    response = client.post(f"/kompas/voorstellen/{proposal.slug}/steunen/", {"organisation": organisation.pk})
    assert response.status_code == 302 and proposal.supports.filter(organisation=organisation).exists()
