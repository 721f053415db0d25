"""Every state change of the residencies writes exactly one audit row (``reisgids.audit``, shown in
/beheer/'s history) on the object it changed, with the person who did it."""

import datetime

import pytest
from django.utils import timezone

from deals.tests.factories import DealPartnerFactory
from reisgids.audit import ACTIONS
from reisgids.tests.factories import MembershipFactory
from reisgids.tests.helpers import assert_one_audit_row
from residence import services
from residence.models import Activity
from residence.tests.factories import ActivityFactory, ConcernFactory, LogEntryFactory, ResidencyFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def _beheerders(residency):
    return (
        MembershipFactory(organisation=residency.home_partner, beheerder=True).user,
        MembershipFactory(organisation=residency.host_partner, beheerder=True).user,
    )


def propose():
    residency = ResidencyFactory(planned=True)
    home, _host = _beheerders(residency)
    proposed = services.residency_propose(
        deal=residency.deal,
        actor=home,
        person=residency.person,
        home_partner=residency.home_partner,
        host_partner=residency.host_partner,
        starts_on=TODAY(),
        time_amount=8,
        time_unit="uren",
        functions=["adviseren"],
        openness="Ziet de planning.",
    )
    return proposed, home


def confirm():
    residency = ResidencyFactory(planned=True)
    home, _host = _beheerders(residency)
    return services.residency_confirm(residency=residency, actor=home), home


def start():
    residency = ResidencyFactory(planned=True)
    home, host = _beheerders(residency)
    services.residency_confirm(residency=residency, actor=home)
    return services.residency_confirm(residency=residency, actor=host), host


def end():
    residency = ResidencyFactory()
    return services.residency_end(
        residency=residency, actor=residency.person, end_note="Klaar."
    ), residency.person


def update():
    residency = ResidencyFactory()
    home, _host = _beheerders(residency)
    changed = services.residency_update(
        residency=residency,
        actor=home,
        starts_on=residency.starts_on,
        time_amount=2,
        time_unit="dagen",
        functions=residency.functions,
        openness=residency.openness,
    )
    return changed, home


def consent():
    residency = ResidencyFactory(name_public=False)
    return (
        services.residency_set_consent(residency=residency, actor=residency.person, name_public=True),
        residency.person,
    )


def entry_create():
    residency = ResidencyFactory()
    entry = services.entry_create(
        residency=residency,
        actor=residency.person,
        date=TODAY(),
        kind="overleg",
        text="Overleg.",
        visibility="alle",
    )
    return entry, residency.person


def entry_update():
    entry = LogEntryFactory()
    person = entry.residency.person
    changed = services.entry_update(
        entry=entry, actor=person, date=entry.date, kind=entry.kind, text="Anders.", visibility="alle"
    )
    return changed, person


def response():
    entry = LogEntryFactory()
    member = MembershipFactory(organisation=entry.residency.host_partner).user
    return services.response_create(entry=entry, actor=member, text="Dank.", viewer_may_see=True), member


def concern_raise():
    residency = ResidencyFactory()
    third = DealPartnerFactory(deal=residency.deal).organisation
    member = MembershipFactory(organisation=third).user
    concern = services.concern_raise(
        residency=residency, actor=member, title="Te laat", severity="knelpunt", owner=third
    )
    return concern, member


def resolution_confirm():
    concern = ConcernFactory()
    home, _host = _beheerders(concern.residency)
    return services.concern_confirm_resolution(concern=concern, actor=home, resolution="Opgelost."), home


def concern_close():
    concern = ConcernFactory(handrem=True)
    home, host = _beheerders(concern.residency)
    services.concern_confirm_resolution(concern=concern, actor=home, resolution="Opgelost.")
    return services.concern_confirm_resolution(concern=concern, actor=host, resolution="Opgelost."), host


def concern_update():
    concern = ConcernFactory()
    person = concern.residency.person  # who raised it
    changed = services.concern_update(
        concern=concern, actor=person, title="Anders verwoord", owner=concern.owner, actions="Bellen."
    )
    return changed, person


def activity_create():
    residency = ResidencyFactory()
    activity = services.activity_create(
        residency=residency,
        actor=residency.person,
        kind="workshop",
        title="Workshop",
        starts_at=timezone.now() + datetime.timedelta(days=2),
        place="Buurthuis",
    )
    return activity, residency.person


def activity_report():
    activity = ActivityFactory()
    Activity.objects.filter(pk=activity.pk).update(starts_at=timezone.now() - datetime.timedelta(days=1))
    person = activity.residency.person
    return services.activity_report(activity=activity, actor=person, report="Goed gegaan."), person


CASES = {
    "residence.residency.propose": propose,
    "residence.residency.confirm": confirm,
    "residence.residency.start": start,
    "residence.residency.end": end,
    "residence.residency.update": update,
    "residence.residency.consent": consent,
    "residence.entry.create": entry_create,
    "residence.entry.update": entry_update,
    "residence.response.create": response,
    "residence.concern.raise": concern_raise,
    "residence.concern.update": concern_update,
    "residence.concern.confirm": resolution_confirm,
    "residence.concern.close": concern_close,
    "residence.activity.create": activity_create,
    "residence.activity.report": activity_report,
}


@pytest.mark.parametrize("action", list(CASES))
def test_every_state_change_writes_one_audit_row_with_its_actor(action):
    instance, actor = CASES[action]()
    assert_one_audit_row(instance, action, actor)


def test_every_audit_action_of_the_residencies_has_a_case_here():
    """A new state change of the residencies (a service's action or a transition) gets its case above."""
    assert sorted(action for action in ACTIONS if action.startswith("residence.")) == sorted(CASES)
