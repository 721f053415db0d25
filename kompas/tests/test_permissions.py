"""Who may do what in the kompas, for every write of the front end and every person: a visitor, a
member of an organisation, a gemeente employee without the kompas role (the role is given per
person, not by the gemeente's group), a kompas editor (a partner), a bestuur member and the owner of
a measure. Each case is tried for real: allowed means the write happened with its audit row; refused
means a 403 or 404 (or the log-in page for a visitor) and nothing changed, no audit row either."""

import datetime

import pytest
from django.utils import timezone
from wagtail.models import ModelLogEntry

from kompas import services
from kompas.models import Proposal
from kompas.tests import factories as f
from kompas.tests.test_views import _edit_post
from reisgids.models import Organisation
from reisgids.tests.factories import OrganisationFactory, ThemeFactory, UserFactory

pytestmark = pytest.mark.django_db
S = Proposal.Status
TODAY = timezone.localdate
PEOPLE = ("anonymous", "member", "ambtenaar", "editor", "board", "owner")


def _person(who, measure=None):
    if who == "anonymous":
        return None
    if who == "member":
        return f.member()
    if who == "ambtenaar":
        return f.member(organisation=OrganisationFactory(kind=Organisation.Kind.GEMEENTE))
    if who == "editor":
        return f.editor()
    if who == "board":
        return f.board_member()
    return measure.owner


# Each write: (what it needs, the address and post for a person, the audit action it writes).


def create(person, adopted):
    lessons = f.system_lessons(1)
    organisation = OrganisationFactory()
    data = {
        "title": "Kleine percelen",
        "kind": "inkoopregels",
        "problem": "Te groot",
        "change": "Kleiner",
        "intended_effect": "Meer kleine aanbieders",
        "lessons": str(lessons[0].pk),
        "organisations": str(organisation.pk),
    }
    return "/kompas/nieuw/", data, "kompas.proposal.create"


def edit(person, adopted):
    proposal = f.proposal(state=S.OPEN)
    return proposal.get_absolute_url() + "bewerken/", _edit_post(proposal), "kompas.proposal.update"


def submit(person, adopted):
    proposal = f.proposal()
    return proposal.get_absolute_url() + "indienen/", {}, "kompas.proposal.submit"


def schedule(person, adopted):
    proposal = f.proposal(state=S.OPEN)
    meeting = (TODAY() + datetime.timedelta(days=10)).isoformat()
    data = {"gremium": f.college().pk, "meeting_date": meeting}
    return proposal.get_absolute_url() + "agenderen/", data, "kompas.proposal.schedule"


def decide(person, adopted):
    proposal = f.proposal(state=S.SCHEDULED)
    data = {"decision": "afgewezen", "reasoning": "Past niet in de begroting."}
    return proposal.get_absolute_url() + "besluit/", data, "kompas.proposal.reject"


def monitor(person, adopted):
    measure = adopted.measures.get()
    data = {"date": TODAY().isoformat(), "value": "12%"}
    return f"/kompas/maatregelen/{measure.pk}/voortgang/", data, "kompas.measure.update"


def close(person, adopted):
    measure = adopted.measures.get()
    return f"/kompas/maatregelen/{measure.pk}/afsluiten/", {"note": "Doel bereikt."}, "kompas.measure.close"


def priorities(person, adopted):
    theme = ThemeFactory(name="Eenzaamheid")
    data = {f"thema-{theme.pk}-chosen": "on", f"thema-{theme.pk}-reason": "Veel signalen"}
    return "/kompas/prioriteiten/", data, "kompas.priorities.set"


def support(person, adopted):
    proposal = f.proposal(state=S.OPEN)
    membership = person.memberships.first() if person else None
    organisation = membership.organisation if membership else OrganisationFactory()
    return (
        proposal.get_absolute_url() + "steunen/",
        {"organisation": organisation.pk},
        "kompas.proposal.support",
    )


def comment(person, adopted):
    proposal = f.proposal(state=S.OPEN)
    return proposal.get_absolute_url() + "reageren/", {"text": "Goed plan."}, "kompas.comment.create"


def report_comment(person, adopted):
    proposal = f.proposal(state=S.OPEN)
    written = services.comment_create(actor=f.member(), proposal=proposal, text="Een reactie.")
    url = proposal.get_absolute_url() + f"reacties/{written.pk}/melden/"
    return url, {"reason": "Klopt niet."}, "kompas.comment.report"


SIGNED_IN = {"member", "ambtenaar", "editor", "board", "owner"}
ALLOWED = {
    create: {"editor"},
    edit: {"editor"},
    submit: {"editor"},
    schedule: {"editor"},
    decide: {"board"},
    monitor: {"editor", "owner"},
    close: {"editor", "owner"},
    priorities: {"editor"},
    support: {"member", "ambtenaar", "editor"},  # the bestuur member and the owner here have no organisation
    comment: SIGNED_IN,
    report_comment: SIGNED_IN,
}
CASES = [(write, who) for write in ALLOWED for who in PEOPLE]


@pytest.mark.parametrize(("write", "who"), CASES, ids=[f"{w.__name__}-{who}" for w, who in CASES])
def test_every_write_is_allowed_to_whom_it_belongs_and_refused_to_everyone_else(client, write, who):
    adopted = f.proposal(state=S.ADOPTED, title="Een aangenomen voorstel")
    # The measure's owner: someone with no other right (no role, no organisation), so the case
    # tries the owner's rights alone.
    adopted.measures.update(owner=UserFactory(verified=True))
    person = _person(who, adopted.measures.get())
    url, data, action = write(person, adopted)
    if person is not None:
        client.force_login(person)
    audit_before = ModelLogEntry.objects.filter(action__startswith="kompas.").count()
    proposals_before = list(Proposal.objects.order_by("pk").values_list("pk", "status", "title"))
    response = client.post(url, data)
    if who in ALLOWED[write]:
        assert response.status_code == 302, (response.status_code, response.content.decode()[:2000])
        assert ModelLogEntry.objects.filter(action=action, user_id=person.pk).count() == 1
    else:
        if person is None:
            assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
        else:
            assert response.status_code in (403, 404), response.status_code
        assert ModelLogEntry.objects.filter(action__startswith="kompas.").count() == audit_before
        assert list(Proposal.objects.order_by("pk").values_list("pk", "status", "title")) == proposals_before


def test_a_gemeente_employee_with_the_role_writes_a_proposal_and_one_without_it_does_not(client):
    """The kompas role is given per person: an ambtenaar with it writes like a partner does; their
    colleague at the same gemeente without it is refused."""
    from reisgids import roles

    gemeente = OrganisationFactory(kind=Organisation.Kind.GEMEENTE)
    with_role, without = f.member(organisation=gemeente), f.member(organisation=gemeente)
    roles.grant(with_role, roles.KOMPAS_EDITORS_GROUP)
    url, data, action = create(with_role, None)
    client.force_login(without)
    assert client.post(url, data).status_code == 403
    client.force_login(with_role)
    assert client.post(url, data).status_code == 302
    assert Proposal.objects.get().created_by == with_role
    assert ModelLogEntry.objects.filter(action=action, user_id=with_role.pk).count() == 1
