"""Every write of the residencies over HTTP, for every kind of person in the deal: allowed for those the
issue names (the resident; a member or a beheerder of the home, the host or a third partner), refused
(403 or 404, nothing written) for all the others. Strangers and visitors: ``test_views``."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from deals.tests.factories import DealPartnerFactory
from reisgids.tests.factories import MembershipFactory
from residence.models import Activity, Concern, LogEntry, Residency, Response
from residence.tests.factories import ActivityFactory, ConcernFactory, LogEntryFactory, ResidencyFactory

pytestmark = pytest.mark.django_db

ROLES = [
    "resident",
    "home_member",
    "home_beheerder",
    "host_member",
    "host_beheerder",
    "third_member",
    "third_beheerder",
]
PAIR = {"resident", "home_member", "home_beheerder", "host_member", "host_beheerder"}
BEHEERDERS = {"home_beheerder", "host_beheerder"}


@pytest.fixture
def w():
    residency = ResidencyFactory(name_public=False)
    third = DealPartnerFactory(deal=residency.deal).organisation
    planned = ResidencyFactory(
        planned=True,
        deal=residency.deal,
        home_partner=residency.home_partner,
        host_partner=residency.host_partner,
        person=residency.person,
    )
    people = {
        "resident": residency.person,
        "home_member": MembershipFactory(organisation=residency.home_partner).user,
        "home_beheerder": MembershipFactory(organisation=residency.home_partner, beheerder=True).user,
        "host_member": MembershipFactory(organisation=residency.host_partner).user,
        "host_beheerder": MembershipFactory(organisation=residency.host_partner, beheerder=True).user,
        "third_member": MembershipFactory(organisation=third).user,
        "third_beheerder": MembershipFactory(organisation=third, beheerder=True).user,
    }
    return {
        "residency": residency,
        "planned": planned,
        "people": people,
        "entry": LogEntryFactory(residency=residency),
        # raised by a member of the third partner, owned by the host partner
        "concern": ConcernFactory(residency=residency, raised_by=people["third_member"]),
        "held": ActivityFactory(residency=residency, starts_at=timezone.now() - datetime.timedelta(days=1)),
    }


def writes(w):
    """name -> (url, data, who may)"""
    r = w["residency"]
    today = timezone.localdate().isoformat()
    terms = {
        "starts_on": today,
        "time_amount": "12",
        "time_unit": "uren",
        "functions": ["adviseren"],
        "openness": "Nieuwe afspraken",
    }
    return {
        "propose": (
            reverse("residence:propose", kwargs={"slug": r.deal.slug}),
            {
                **terms,
                "person": w["people"]["home_member"].pk,
                "home_partner": r.home_partner.pk,
                "host_partner": r.host_partner.pk,
            },
            set(ROLES),
        ),
        "confirm": (reverse("residence:confirm", kwargs={"pk": w["planned"].pk}), {}, BEHEERDERS),
        "edit": (reverse("residence:edit", kwargs={"pk": r.pk}), terms, BEHEERDERS),
        "consent": (reverse("residence:consent", kwargs={"pk": r.pk}), {"name_public": "on"}, {"resident"}),
        "end": (reverse("residence:end", kwargs={"pk": r.pk}), {"end_note": "Klaar."}, PAIR),
        "entry_create": (
            reverse("residence:entry_create", kwargs={"pk": r.pk}),
            {"date": today, "kind": "overleg", "text": "Nieuw", "visibility": "alle"},
            {"resident"},
        ),
        "entry_edit": (
            reverse("residence:entry_edit", kwargs={"pk": w["entry"].pk}),
            {"date": today, "kind": "advies", "text": "Gewijzigd", "visibility": "alle"},
            {"resident"},
        ),
        "response": (reverse("residence:entry", kwargs={"pk": w["entry"].pk}), {"text": "Dank"}, set(ROLES)),
        "concern_create": (
            reverse("residence:concern_create", kwargs={"pk": r.pk}),
            {"title": "Nieuw knelpunt", "severity": "signaal", "owner": r.host_partner.pk},
            set(ROLES),
        ),
        "concern_edit": (
            reverse("residence:concern_edit", kwargs={"pk": w["concern"].pk}),
            {"title": "Anders verwoord", "owner": r.host_partner.pk},
            {"third_member", *BEHEERDERS},  # who raised it; home, host and owner (host) confirmers
        ),
        "resolution": (
            reverse("residence:concern", kwargs={"pk": w["concern"].pk}),
            {"resolution": "Opgelost"},
            BEHEERDERS,
        ),
        "activity_create": (
            reverse("residence:activity_create", kwargs={"pk": r.pk}),
            {
                "kind": "training",
                "title": "Nieuwe training",
                "starts_at": (timezone.localtime() + datetime.timedelta(days=3)).strftime("%Y-%m-%dT%H:%M"),
                "place": "Buurthuis",
            },
            {"resident"},
        ),
        "activity_report": (
            reverse("residence:activity", kwargs={"pk": w["held"].pk}),
            {"report": "Goed gegaan"},
            {"resident"},
        ),
    }


def snapshot():
    return (
        [m.objects.count() for m in (Residency, LogEntry, Response, Concern, Activity, ModelLogEntry)],
        sorted(
            Residency.objects.values_list(
                "pk", "status", "openness", "name_public", "home_confirmed_at", "host_confirmed_at"
            )
        ),
        sorted(LogEntry.objects.values_list("pk", "text")),
        sorted(Concern.objects.values_list("pk", "title", "resolution", "home_confirmed_at")),
        sorted(Activity.objects.values_list("pk", "report")),
    )


WRITES = [
    "propose",
    "confirm",
    "edit",
    "consent",
    "end",
    "entry_create",
    "entry_edit",
    "response",
    "concern_create",
    "concern_edit",
    "resolution",
    "activity_create",
    "activity_report",
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", WRITES)
def test_each_write_is_allowed_to_whom_the_issue_names_and_refused_to_every_other_partner(
    client, w, name, role
):
    url, data, allowed = writes(w)[name]
    client.force_login(w["people"][role])
    before = snapshot()
    response = client.post(url, data)
    if role in allowed:
        assert response.status_code == 302, (name, role, response.status_code)
        assert snapshot() != before, (name, role)
    else:
        assert response.status_code in (403, 404), (name, role, response.status_code)
        assert snapshot() == before, (name, role)


def test_every_write_of_the_residencies_is_in_this_matrix():
    from residence.urls import urlpatterns

    reads_only = {"detail", "concerns", "attachment", "schouw"}
    posted = {"entry": "response", "concern": "resolution", "activity": "activity_report"}
    names = {posted.get(p.name, p.name) for p in urlpatterns if p.name not in reads_only}
    assert sorted(names) == sorted(WRITES)
