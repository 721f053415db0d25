"""Who may write what in a schouw: every write view of the front end and every write in /beheer/,
each with the role that may (it succeeds and writes) and every role that may not (refused with its
exact status, and nothing written)."""

import datetime
import secrets
from dataclasses import dataclass, field

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from deals.models import DealPartner
from reisgids.roles import CIVIL_SERVANTS_GROUP, CONTENT_MANAGERS_GROUP
from reisgids.tests.beheer import staff_client
from reisgids.tests.factories import MembershipFactory, UserFactory
from schouw import services
from schouw.models import (
    AgreementRevision,
    Appraisal,
    Criterion,
    Lesson,
    NoSchouwReason,
    Observation,
    Participant,
    Schouw,
    SchouwPartner,
)
from schouw.tests.factories import civil_servant, schouw_in

pytestmark = pytest.mark.django_db
Ph = Schouw.Phase

# The refusals: a visitor is sent to the login (302) by a page that needs one; anyone who does not
# take part in the schouw gets a 404 (its existence is not given away); a participant who may not do
# this one thing gets a 403.
LOGIN, HIDDEN, FORBIDDEN = 302, 404, 403


@dataclass
class Case:
    phase: str
    url: object  # (schouw, partner, lesson) -> url
    data: object  # (schouw, partner) -> POST data
    allowed: str | None  # the role that may, or None when nobody may
    refused: dict = field(default_factory=dict)  # role -> status
    lesson: bool = False  # the schouw needs a lesson to start with


def _meetlat_data(schouw, partner):
    return {
        "criteria-TOTAL_FORMS": "2",
        "criteria-INITIAL_FORMS": "1",
        "criteria-MIN_NUM_FORMS": "0",
        "criteria-MAX_NUM_FORMS": "12",
        "criteria-0-title": "Heeft deze partner de toegezegde inbreng geleverd?",
        "criteria-0-description": "",
        "criteria-0-is_inbreng": "on",
        "criteria-1-title": "Bereikt nieuwe buren",
        "criteria-1-description": "",
    }


def _appraisal_data(schouw, partner):
    criterion = Criterion.objects.filter(partner=partner).first()
    return {f"c{criterion.pk}": "Warm onthaal", f"s{criterion.pk}": "3"}


OUTSIDERS = {"visitor": LOGIN, "stranger": HIDDEN, "outsider": HIDDEN}

CASES = {
    "observation": Case(
        Ph.OPEN,
        lambda s, p, lesson: reverse("schouw:observation", args=[s.pk]),
        lambda s, p: {"text": "Buren helpen elkaar", "tone": "positief", "expectation": "verwacht"},
        "partner",
        OUTSIDERS,
    ),
    "meetlat-save": Case(
        Ph.MEETLAT,
        lambda s, p, lesson: reverse("schouw:meetlat", args=[s.pk, p.pk]),
        _meetlat_data,
        "partner",
        OUTSIDERS,
    ),
    "meetlat-confirm": Case(
        Ph.MEETLAT,
        lambda s, p, lesson: reverse("schouw:meetlat_confirm", args=[s.pk, p.pk]),
        lambda s, p: {},
        "partner",
        {**OUTSIDERS, "other_partner": FORBIDDEN},
    ),
    "appraisal": Case(
        Ph.APPRAISAL,
        lambda s, p, lesson: reverse("schouw:appraise", args=[s.pk]),
        _appraisal_data,
        "partner",
        OUTSIDERS,
    ),
    "bespreking": Case(
        Ph.DISCUSSION,
        lambda s, p, lesson: reverse("schouw:discussion", args=[s.pk]),
        lambda s, p: {"goes_well": "Buren vinden elkaar", f"advice_{p.pk}": "Blijf zo doen"},
        "partner",
        OUTSIDERS,
    ),
    "agreements": Case(
        Ph.DISCUSSION,
        lambda s, p, lesson: reverse("schouw:agreements", args=[s.pk]),
        lambda s, p: {"agreements": "Elke twee weken overleg.", "reason": "Maandelijks was te weinig."},
        "partner",
        OUTSIDERS,
    ),
    "lesson-create": Case(
        Ph.DISCUSSION,
        lambda s, p, lesson: reverse("schouw:lesson", args=[s.pk]),
        lambda s, p: {"title": "Klein werkt", "text": "Kleine percelen werken.", "kind": "systeem"},
        "partner",
        OUTSIDERS,
    ),
    "lesson-delete": Case(
        Ph.DISCUSSION,
        lambda s, p, lesson: reverse("schouw:lesson_delete", args=[s.pk, lesson.pk]),
        lambda s, p: {},
        "partner",
        OUTSIDERS,
        lesson=True,
    ),
    "report-before-publication": Case(
        Ph.REPORT,
        lambda s, p, lesson: reverse("schouw:report", args=[s.pk]),
        lambda s, p: {"report_summary": "Een eerlijk beeld."},
        "partner",
        # the report page needs no login (it is public once published): before, a 404 for all others
        {"visitor": HIDDEN, "stranger": HIDDEN, "outsider": HIDDEN},
    ),
    "report-after-publication": Case(
        Ph.PUBLISHED,
        lambda s, p, lesson: reverse("schouw:report", args=[s.pk]),
        lambda s, p: {"report_summary": "Achteraf herschreven."},
        None,
        {
            "partner": FORBIDDEN,
            "other_partner": FORBIDDEN,
            "ambtenaar": FORBIDDEN,
            "visitor": FORBIDDEN,
            "stranger": FORBIDDEN,
            "outsider": FORBIDDEN,
        },
    ),
}


def _fingerprint(schouw):
    """Everything a schouw write could change."""
    schouw = Schouw.objects.get(pk=schouw.pk)
    deal = schouw.deal
    return {
        "audit": ModelLogEntry.objects.count(),
        "version": schouw.version,
        "report": schouw.report_summary,
        "bespreking": (schouw.goes_well, schouw.can_improve, schouw.worth_sharing, schouw.next_steps),
        "advice": sorted(SchouwPartner.objects.filter(schouw=schouw).values_list("advice", flat=True)),
        "confirmed": sorted(
            str(c) for c in SchouwPartner.objects.filter(schouw=schouw).values_list("meetlat_confirmed_at")
        ),
        "criteria": sorted(Criterion.objects.filter(partner__schouw=schouw).values_list("title", flat=True)),
        "observations": Observation.objects.count(),
        "appraisals": sorted(Appraisal.objects.values_list("text", "score")),
        "lessons": sorted(Lesson.objects.values_list("title", flat=True)),
        "revisions": AgreementRevision.objects.count(),
        "agreements": deal.process_agreements if deal else None,
        "no_schouw": NoSchouwReason.objects.count(),
    }


def _outsider_account(schouw):
    """A person with an account who is also invited to the schouw as an outsider (the link is for
    the appraisal form only; the account is not a participant)."""
    email = f"peer-{secrets.token_hex(4)}@example.org"
    Participant.objects.create(
        schouw=schouw,
        kind=Participant.Kind.PEER,
        name="Petra Peer",
        email=email,
        token_hash=secrets.token_hex(32),
        expires_at=timezone.now() + datetime.timedelta(days=7),
    )
    return UserFactory(verified=True, email=email)


def _people(schouw, deal, members):
    """partner: a member of the trekker (whose partner row the case writes on); other_partner: a
    member of another partner; stranger: a member of an organisation outside the schouw."""
    trekker = DealPartner.objects.get(deal=deal, role=DealPartner.Role.TREKKER)
    partner = schouw.partners.get(organisation_id=trekker.organisation_id)
    other = schouw.partners.exclude(pk=partner.pk).first()
    return partner, {
        "partner": members[partner.organisation_id][0],
        "other_partner": members[other.organisation_id][0],
        "ambtenaar": civil_servant(),
        "visitor": None,
        "stranger": MembershipFactory().user,
        "outsider": _outsider_account(schouw),
    }


def _post(client, user, url, data):
    client.logout()
    if user is not None:
        client.force_login(user)
    return client.post(url, data)


@pytest.mark.parametrize("name", list(CASES))
def test_every_schouw_write_is_allowed_to_its_role_and_refused_to_every_other(client, name):
    case = CASES[name]
    schouw, _actor, deal, members = schouw_in(case.phase)
    partner, people = _people(schouw, deal, members)
    lesson = None
    if case.lesson:
        lesson = services.lesson_add(
            schouw=schouw, actor=people["partner"], title="Te schrappen", text="Uitleg", kind="systeem"
        )
    url = case.url(schouw, partner, lesson)
    data = case.data(schouw, partner)
    before = _fingerprint(schouw)
    for role, status in case.refused.items():
        response = _post(client, people[role], url, data)
        assert response.status_code == status, (name, role, response.status_code)
        if status == LOGIN:
            assert response["Location"].startswith(reverse("account_login")), (name, role)
        assert _fingerprint(schouw) == before, (name, role)
    if case.allowed:
        response = _post(client, people[case.allowed], url, data)
        assert response.status_code == 302, (name, response.content.decode()[:3000])
        assert not response["Location"].startswith(reverse("account_login"))
        assert _fingerprint(schouw) != before, name


def test_only_the_trekker_records_why_a_deal_finishes_without_a_schouw(client):
    schouw, _actor, deal, members = schouw_in(Ph.OPEN)
    partner, people = _people(schouw, deal, members)
    url = reverse("schouw:no_schouw", args=[deal.slug])
    data = {"reason": "De gemeente stopte de subsidie."}
    before = _fingerprint(schouw)
    for role, status in {
        "other_partner": FORBIDDEN,
        "ambtenaar": FORBIDDEN,
        "stranger": FORBIDDEN,
        "outsider": FORBIDDEN,
        "visitor": LOGIN,
    }.items():
        response = _post(client, people[role], url, data)
        assert response.status_code == status, (role, response.status_code)
        assert _fingerprint(schouw) == before, role
    response = _post(client, people["partner"], url, data)  # a member of the trekker
    assert response.status_code == 302
    assert NoSchouwReason.objects.get(deal=deal).reason == "De gemeente stopte de subsidie."


# --- /beheer/ ----------------------------------------------------------------------------------


def _beheer_user(client, role):
    """Sign ``client`` in as ``role``: an ambtenaar (may), a contentbeheerder holding the same
    schouw permissions (staff, but no ambtenaar: refused by the views and the services), a partner's
    member (no access to /beheer/ at all), or nobody."""
    client.logout()
    if role == "ambtenaar":
        return staff_client(client, "schouw.view_schouw", "schouw.change_schouw", group=CIVIL_SERVANTS_GROUP)
    if role == "contentbeheerder":
        return staff_client(
            client, "schouw.view_schouw", "schouw.change_schouw", group=CONTENT_MANAGERS_GROUP
        )
    if role == "partner":
        user = UserFactory(verified=True)
        client.force_login(user)
        return user
    return None


def _beheer_invite(schouw):
    return (
        reverse("schouw_manage", args=[schouw.pk]),
        {"action": "invite", "kind": "peer", "name": "Petra", "email": "petra@example.org"},
    )


def _beheer_revoke(schouw):
    participant, _link = services.participant_invite(
        schouw=schouw, actor=schouw.coordinator, kind="peer", name="Rik", email="rik@example.org"
    )
    return (
        reverse("schouw_manage", args=[schouw.pk]),
        {"action": "revoke", "participant": participant.pk},
    )


def _beheer_plan(schouw):
    return (
        reverse("wagtailsnippets_schouw_schouw:edit", args=[schouw.pk]),
        {
            "title": "Schouw verplaatst",
            "planned_for": "2027-01-20",
            "period_start": "",
            "period_end": "",
            "setting": "In de bibliotheek",
            "reporter": "De trekker",
        },
    )


def _beheer_state(schouw):
    schouw = Schouw.objects.get(pk=schouw.pk)
    return {
        "audit": ModelLogEntry.objects.count(),
        "plan": (schouw.title, schouw.planned_for, schouw.setting, schouw.reporter, schouw.phase),
        "participants": sorted(Participant.objects.values_list("email", "revoked_at")),
    }


@pytest.mark.parametrize("action", ["invite", "revoke", "plan"])
def test_beheer_writes_are_for_ambtenaren_only(client, action):
    schouw, _actor, _deal, _members = schouw_in(Ph.OPEN)
    url, data = {"invite": _beheer_invite, "revoke": _beheer_revoke, "plan": _beheer_plan}[action](schouw)
    before = _beheer_state(schouw)
    refusals = {
        # staff who are no ambtenaar: Wagtail turns the refusal into a redirect to the dashboard
        "contentbeheerder": (302, "/beheer/"),
        # signed in without access to /beheer/: the site's "Geen toegang" (reisgids.middleware)
        "partner": (403, None),
        # not signed in: to the site's login, and back afterwards
        "visitor": (302, reverse("account_login")),
    }
    for role, (status, target) in refusals.items():
        _beheer_user(client, role)
        response = client.post(url, data)
        assert response.status_code == status, (action, role, response.status_code)
        if target:
            location = response["Location"].split("?")[0]
            assert location == target, (action, role, location)
        assert _beheer_state(schouw) == before, (action, role)
    _beheer_user(client, "ambtenaar")
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    after = _beheer_state(schouw)
    assert after["audit"] == before["audit"] + 1
    if action == "invite":
        assert [email for email, _ in after["participants"]] == ["petra@example.org"]
    elif action == "revoke":
        assert after["participants"][0][1] is not None
    else:
        assert after["plan"][0] == "Schouw verplaatst"
