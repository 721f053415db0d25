"""The kompas pages: public reading, every write allowed and refused through the front end, Dutch
messages on bad input, and query counts constant from 5 to 500 proposals."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kompas import services
from kompas.models import Proposal
from kompas.tests import factories as f

pytestmark = pytest.mark.django_db
S = Proposal.Status


def test_a_visitor_reads_the_kompas_and_a_decided_proposal(client):
    proposal = f.proposal(state=S.REJECTED)
    draft = f.proposal(title="Nog een concept")
    page = client.get("/kompas/").content.decode()
    assert proposal.title in page and "Past bij het beleid." in page
    assert draft.title not in page
    detail = client.get(proposal.get_absolute_url())
    assert detail.status_code == 200 and "Past bij het beleid." in detail.content.decode()
    assert client.get(draft.get_absolute_url()).status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/kompas/nieuw/",
        "/kompas/prioriteiten/",
        "/kompas/voorstellen/{slug}/agenderen/",
        "/kompas/voorstellen/{slug}/besluit/",
    ],
)
def test_a_member_without_the_kompas_role_is_refused(client, path):
    proposal = f.proposal(state=S.SCHEDULED)
    client.force_login(f.member())
    assert client.get(path.format(slug=proposal.slug)).status_code == 403
    assert client.post(path.format(slug=proposal.slug), {"title": "x"}).status_code == 403
    assert Proposal.objects.get().status == S.SCHEDULED


def test_monitoring_is_refused_to_others_and_allowed_to_the_owner(client):
    proposal = f.proposal(state=S.ADOPTED)
    measure = proposal.measures.get()
    url = f"/kompas/maatregelen/{measure.pk}/voortgang/"
    client.force_login(f.member())
    assert client.post(url, {"date": timezone.localdate().isoformat(), "value": "5"}).status_code == 403
    client.force_login(measure.owner)
    response = client.post(url, {"date": timezone.localdate().isoformat(), "value": "5"})
    assert response.status_code == 302
    assert measure.updates.count() == 1


def test_an_editor_writes_a_proposal_through_the_form(client):
    editor = f.editor()
    lessons = f.system_lessons(2)
    organisation = editor.memberships.get().organisation
    client.force_login(editor)
    response = client.post(
        "/kompas/nieuw/",
        {
            "title": "Kleine percelen in de aanbesteding welzijn",
            "kind": "inkoopregels",
            "problem": "Te groot",
            "change": "Kleiner",
            "intended_effect": "Meer kleine aanbieders",
            "lessons": "\n".join(f"{lesson.title} (#{lesson.pk})" for lesson in lessons),
            "organisations": [organisation.pk],
        },
    )
    assert response.status_code == 302
    assert Proposal.objects.get().lessons.count() == 2


def test_an_empty_proposal_form_shows_dutch_messages_and_keeps_the_input(client):
    client.force_login(f.editor())
    response = client.post("/kompas/nieuw/", {"title": "Mijn titel", "problem": ""})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Beschrijf het probleem dat de lessen laten zien." in page
    assert 'value="Mijn titel"' in page
    assert not Proposal.objects.exists()


def test_a_decision_without_reasoning_shows_a_dutch_message(client):
    proposal = f.proposal(state=S.SCHEDULED)
    client.force_login(f.board_member())
    response = client.post(
        proposal.get_absolute_url() + "besluit/", {"decision": "afgewezen", "reasoning": ""}
    )
    assert "Geef de motivering van het besluit." in response.content.decode()
    assert Proposal.objects.get().status == S.SCHEDULED


def test_a_review_date_in_the_past_shows_a_dutch_message(client):
    proposal = f.proposal(state=S.SCHEDULED)
    board = f.board_member()
    client.force_login(board)
    past = (timezone.localdate() - datetime.timedelta(days=2)).strftime("%d-%m-%Y")
    response = client.post(
        proposal.get_absolute_url() + "besluit/",
        {
            "decision": "aangenomen",
            "reasoning": "Goed",
            "measure": "M",
            "indicator": "I",
            "owner": board.pk,
            "review_dates": past,
        },
    )
    assert "Een evaluatiedatum moet in de toekomst liggen." in response.content.decode()
    assert Proposal.objects.get().status == S.SCHEDULED


def test_the_bestuur_decides_through_the_form(client):
    proposal = f.proposal(state=S.SCHEDULED)
    board = f.board_member()
    client.force_login(board)
    future = (timezone.localdate() + datetime.timedelta(days=60)).strftime("%d-%m-%Y")
    response = client.post(
        proposal.get_absolute_url() + "besluit/",
        {
            "decision": "aangenomen",
            "reasoning": "Goed voor kleine aanbieders",
            "measure": "Kleine percelen",
            "indicator": "Aandeel kleine aanbieders",
            "owner": board.pk,
            "review_dates": future,
        },
    )
    assert response.status_code == 302
    assert Proposal.objects.get().status == S.ADOPTED


def _many(count):
    editor = f.editor()
    lessons = f.system_lessons(2)
    gremium = f.college()
    first = f.proposal(state=S.OPEN, actor=editor, lessons=lessons)
    services.proposal_schedule(
        proposal=first,
        actor=editor,
        gremium=gremium,
        meeting_date=timezone.localdate() + datetime.timedelta(days=5),
    )
    first = f.decide(Proposal.objects.get(pk=first.pk), S.ADOPTED)
    rows = []
    for n in range(count - 1):
        rows.append(
            Proposal(
                title=f"Voorstel {n}",
                slug=f"voorstel-bulk-{n}",
                kind="beleid",
                problem="p",
                change="c",
                intended_effect="e",
                status=S.OPEN,
                period=first.period,
                gremium=gremium,
            )
        )
    created = Proposal.objects.bulk_create(rows)
    Proposal.organisations.through.objects.bulk_create(
        Proposal.organisations.through(proposal_id=p.pk, organisation_id=first.organisations.get().pk)
        for p in created
    )
    return first


def _cold_get(client, url):
    """The queries of a GET of ``url`` with every kept part outdated (what a write to a proposal, a
    lesson or the directory causes): the page is built, not read from the cache."""
    from kompas.views import LESSON_NAMESPACES
    from reisgids.caching import bump, bump_for

    bump_for(Proposal)
    bump(*LESSON_NAMESPACES)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


@pytest.mark.parametrize("who", ["anonymous", "member", "editor"])
@pytest.mark.parametrize("path", ["/kompas/", "detail", "report", "/kompas/lessen/"])
def test_query_counts_are_the_same_for_5_and_500_proposals(client, path, who):
    """Cold (the caches bumped before each measured request) and warm, for a visitor, a member
    and a kompas editor: the same number of queries at 5 and at 500 proposals."""
    user = {"anonymous": None, "member": f.member, "editor": f.editor}[who]
    if user is not None:
        client.force_login(user())
    counts = []
    for size in (5, 500):
        Proposal.objects.all().delete() if size == 500 else None
        first = _many(size)
        url = {"detail": first.get_absolute_url(), "report": None}.get(path, path)
        if path == "report":
            from kompas.models import Report

            Report.objects.all().delete()
            report = services.report_generate(period=first.period)
            url = report.get_absolute_url()
        client.get(url)  # the process' own caches (content types, the site) are warm
        cold = _cold_get(client, url)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append((cold, len(queries)))
    assert counts[0] == counts[1], counts
    assert counts[0][0] > counts[0][1], f"the cold request must build the page: {counts}"


def test_the_report_generation_queries_are_constant():
    from django.contrib.contenttypes.models import ContentType

    from kompas.models import Report

    ContentType.objects.get_for_model(Report)  # the audit row's content type: cached per process
    counts = []
    for size in (5, 500):
        from kompas.models import Report

        Report.objects.all().delete()
        first = _many(size) if size == 5 else _more(495)
        with CaptureQueriesContext(connection) as queries:
            services.report_generate(period=Proposal.objects.first().period)
        counts.append(len(queries))
        del first
    assert counts[0] == counts[1], counts


def _more(count):
    first = Proposal.objects.order_by("pk").first()
    Proposal.objects.bulk_create(
        Proposal(
            title=f"Meer {n}",
            slug=f"meer-{n}",
            kind="beleid",
            problem="p",
            change="c",
            intended_effect="e",
            status=S.HELD,
            period=first.period,
            decided_at=timezone.now(),
            decision_reasoning="r",
        )
        for n in range(count)
    )
    return first


# --- the lessons of a proposal: a bounded chooser, not a checkbox per lesson ------------------


def _bulk_lessons(count, *, start=0):
    from atlas.bulk import bulk_add_pages
    from atlas.models import LessonIndexPage, LessonPage, original

    rows = [
        {"title": f"Bulkles {n}", "slug": f"bulkles-{n}", "kind": LessonPage.Kind.SYSTEM, "intro": "i"}
        for n in range(start, start + count)
    ]
    return bulk_add_pages(original(LessonIndexPage), LessonPage, rows, index=False)


def _proposal_post(**fields):
    return {
        "title": "Kleine percelen",
        "kind": "inkoopregels",
        "problem": "Te groot",
        "change": "Kleiner",
        "intended_effect": "Meer kleine aanbieders",
        **fields,
    }


def test_the_proposal_form_queries_are_the_same_for_10_and_1000_lessons(client):
    editor = f.editor()
    client.force_login(editor)
    counts = []
    for size, start in ((10, 0), (990, 10)):
        ids = _bulk_lessons(size, start=start)
        url = f"/kompas/nieuw/?les={ids[0]}&les={ids[1]}"
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        page = response.content.decode()
        assert response.status_code == 200
        assert f"Bulkles {start} (#{ids[0]})" in page  # the ticked lessons are filled in
        assert page.count("Bulkles") == 2, "no choice per lesson on the form"
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_an_editor_chooses_lessons_by_title_and_from_the_inventory(client):
    editor = f.editor()
    first, second = f.system_lessons(2)
    client.force_login(editor)
    response = client.post(
        "/kompas/nieuw/",
        _proposal_post(
            lessons=f"{first.title}\n{second.pk}", organisations=editor.memberships.get().organisation.pk
        ),
    )
    assert response.status_code == 302, response.content.decode()
    assert set(Proposal.objects.get().lessons.all()) == {first, second}


def test_an_unpublished_lesson_is_refused_with_a_dutch_message(client):
    from atlas.tests.factories import lesson_page

    editor = f.editor()
    draft = lesson_page(title="Nog niet gepubliceerd", live=False)
    client.force_login(editor)
    response = client.post(
        "/kompas/nieuw/",
        _proposal_post(
            lessons=f"{draft.title} (#{draft.pk})", organisations=editor.memberships.get().organisation.pk
        ),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Alleen gepubliceerde lessen kunnen onderbouwing zijn." in page
    assert 'value="Kleine percelen"' in page
    assert not Proposal.objects.exists()


def test_too_many_lessons_are_refused_with_a_dutch_message(client):
    from kompas.models import MAX_LESSONS

    editor = f.editor()
    ids = _bulk_lessons(MAX_LESSONS + 1)
    client.force_login(editor)
    response = client.post(
        "/kompas/nieuw/",
        _proposal_post(
            lessons="\n".join(str(pk) for pk in ids), organisations=editor.memberships.get().organisation.pk
        ),
    )
    assert response.status_code == 200
    assert f"Kies hoogstens {MAX_LESSONS} lessen." in response.content.decode()
    assert not Proposal.objects.exists()


def test_the_service_refuses_too_many_lessons():
    from django.core.exceptions import ValidationError

    from atlas.models import LessonPage
    from kompas.models import MAX_LESSONS

    lessons = list(LessonPage.objects.filter(pk__in=_bulk_lessons(MAX_LESSONS + 1)))
    with pytest.raises(ValidationError) as error:
        f.proposal(lessons=lessons)
    assert "lessons" in error.value.message_dict
    assert not Proposal.objects.exists()


# --- every write, refused and allowed, through the front end -----------------------------------


def _edit_post(proposal, **fields):
    return {
        "title": "Nieuwe titel",
        "kind": proposal.kind,
        "problem": proposal.problem,
        "change": proposal.change,
        "intended_effect": proposal.intended_effect,
        "lessons": "\n".join(str(lesson.pk) for lesson in proposal.lessons.all()),
        "organisations": str(proposal.organisations.get().pk),
        **fields,
    }


def test_editing_a_proposal_is_refused_to_a_member_and_allowed_to_an_editor(client):
    proposal = f.proposal(state=S.OPEN)
    url = proposal.get_absolute_url() + "bewerken/"
    client.force_login(f.member())
    assert client.get(url).status_code == 403
    assert client.post(url, _edit_post(proposal)).status_code == 403
    assert Proposal.objects.get().title == proposal.title
    client.logout()
    assert client.post(url, _edit_post(proposal)).status_code == 302  # to the log-in page
    assert Proposal.objects.get().title == proposal.title
    client.force_login(f.editor())
    assert client.get(url).status_code == 200
    assert client.post(url, _edit_post(proposal)).status_code == 302
    assert Proposal.objects.get().title == "Nieuwe titel"


def test_closing_a_measure_is_refused_to_a_member_and_allowed_to_the_owner_and_an_editor(client):
    from kompas.models import Measure

    first, second = f.proposal(state=S.ADOPTED), f.proposal(state=S.ADOPTED, title="Tweede")
    measure, other = first.measures.get(), second.measures.get()
    url = f"/kompas/maatregelen/{measure.pk}/afsluiten/"
    client.force_login(f.member())
    assert client.get(url).status_code == 403
    assert client.post(url, {"note": "Klaar"}).status_code == 403
    assert not Measure.objects.filter(closed_at__isnull=False).exists()
    client.force_login(measure.owner)
    assert client.post(url, {"note": "Het effect is bereikt."}).status_code == 302
    assert Measure.objects.get(pk=measure.pk).closing_note == "Het effect is bereikt."
    client.force_login(f.editor())
    assert client.post(f"/kompas/maatregelen/{other.pk}/afsluiten/", {"note": "Klaar"}).status_code == 302
    assert Measure.objects.get(pk=other.pk).closed_at is not None


def test_submitting_a_draft_is_refused_to_a_member_and_allowed_to_an_editor(client):
    draft = f.proposal()
    url = draft.get_absolute_url() + "indienen/"
    client.force_login(f.member())
    assert client.post(url).status_code == 404  # a draft is not there for a member
    assert Proposal.objects.get().status == S.DRAFT
    client.force_login(f.editor())
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 302
    assert Proposal.objects.get().status == S.OPEN


def test_supporting_is_refused_to_a_user_without_an_organisation_and_allowed_to_a_member(client):
    from kompas.models import Support
    from reisgids.tests.factories import OrganisationFactory, UserFactory

    proposal = f.proposal(state=S.OPEN)
    url = proposal.get_absolute_url() + "steunen/"
    someone = OrganisationFactory()
    assert client.post(url, {"organisation": someone.pk}).status_code == 302  # anonymous: log in
    client.force_login(UserFactory(verified=True))  # a member of no organisation
    assert client.post(url, {"organisation": someone.pk}).status_code == 403
    member = f.member()
    client.force_login(member)
    assert client.post(url, {"organisation": someone.pk}).status_code == 403  # not their organisation
    assert not Support.objects.exists()
    organisation = member.memberships.get().organisation
    assert client.post(url, {"organisation": organisation.pk}).status_code == 302
    assert Support.objects.get().organisation == organisation


def test_commenting_and_reporting_a_comment_are_refused_anonymously_and_allowed_signed_in(client):
    from kompas.models import ProposalComment, ProposalCommentReport

    proposal = f.proposal(state=S.OPEN)
    comment = services.comment_create(actor=f.member(), proposal=proposal, text="Eerste reactie")
    comment_url = proposal.get_absolute_url() + "reageren/"
    report_url = proposal.get_absolute_url() + f"reacties/{comment.pk}/melden/"
    for url, data in ((comment_url, {"text": "Anoniem"}), (report_url, {"reason": "Anoniem"})):
        response = client.post(url, data)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert ProposalComment.objects.count() == 1 and not ProposalCommentReport.objects.exists()
    client.force_login(f.member())
    assert client.post(comment_url, {"text": "Goed idee"}).status_code == 302
    assert client.post(report_url, {"reason": "Klopt niet"}).status_code == 302
    assert ProposalComment.objects.filter(text="Goed idee").exists()
    assert ProposalCommentReport.objects.get().comment == comment


def test_scheduling_and_setting_priorities_are_allowed_to_an_editor(client):
    from kompas.models import Priority
    from reisgids.tests.factories import ThemeFactory

    proposal = f.proposal(state=S.OPEN)
    gremium = f.college()
    client.force_login(f.editor())
    assert client.get(proposal.get_absolute_url() + "agenderen/").status_code == 200
    meeting = (timezone.localdate() + datetime.timedelta(days=10)).isoformat()
    response = client.post(
        proposal.get_absolute_url() + "agenderen/", {"gremium": gremium.pk, "meeting_date": meeting}
    )
    assert response.status_code == 302
    assert Proposal.objects.get().status == S.SCHEDULED
    theme = ThemeFactory(name="Eenzaamheid")
    assert client.get("/kompas/prioriteiten/").status_code == 200
    response = client.post(
        "/kompas/prioriteiten/",
        {
            f"thema-{theme.pk}-chosen": "on",
            f"thema-{theme.pk}-reason": "Veel signalen",
            f"thema-{theme.pk}-proposals": [proposal.pk],
        },
    )
    assert response.status_code == 302
    assert Priority.objects.get().theme == theme
