"""Changing the deals a peer review or college tour is linked to keeps its participants right
(``services.schouw_link_deals``): the partners of a newly linked deal take part as the partners of
the deals it was planned with (their meetlat starts with their inbreng); the partners of a deal no
longer linked leave, unless they contributed (an observation, work on a meetlat, an appraisal), and
the /beheer/ message says who stayed and why. Once the report is published the links are frozen."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from deals.tests.factories import ContributionFactory, DealPartnerFactory
from reisgids.notifications.models import Notification
from reisgids.tests.factories import MembershipFactory
from schouw import services
from schouw.models import Criterion, Observation, Schouw, SchouwPartner
from schouw.tests.factories import civil_servant, schouw_in
from schouw.tests.test_linked_deals import ambtenaar, audit, chosen, three_deals

pytestmark = pytest.mark.django_db
Ph = Schouw.Phase
FROZEN = "Het verslag is gepubliceerd; de gekoppelde deals kunnen niet meer veranderen."
KEPT = (
    "Doen nog mee, hoewel hun deal niet meer gekoppeld is, omdat ze al bijdroegen (waarnemingen, meetlat "
    "of waarderingen):"
)


def organisations(schouw):
    return set(SchouwPartner.objects.filter(schouw=schouw).values_list("organisation_id", flat=True))


def partners_of(deal):
    return list(deal.partners.order_by("id").values_list("organisation_id", flat=True))


def members_of(members, *deals):
    wanted = {org for deal in deals for org in partners_of(deal)}
    return {org: users for org, users in members.items() if org in wanted}


def test_partners_of_a_newly_linked_deal_join_and_those_of_an_unlinked_deal_leave_unless_they_contributed(
    client, django_capture_on_commit_callbacks
):
    deals, members = three_deals()
    # a third partner of the second deal, who will not contribute
    quiet = DealPartnerFactory(deal=deals[1])
    ContributionFactory(partner=quiet, description=f"Inbreng van {quiet.organisation.name}")
    members[quiet.organisation_id] = [MembershipFactory(organisation=quiet.organisation).user]
    # a partner of both the first and the second deal stays while the first is linked
    shared = partners_of(deals[1])[0]
    DealPartnerFactory(deal=deals[0], organisation_id=shared)
    taking_part = members_of(members, deals[0], deals[1])
    schouw, *_ = schouw_in(
        Ph.OPEN, kind=Schouw.Kind.COLLEGE_TOUR, deals=deals[:2], members=taking_part, title="Tour"
    )
    a1, b1, c1 = partners_of(deals[1])
    assert organisations(schouw) == set(partners_of(deals[0])) | {a1, b1, c1}
    # b1 writes what it saw: it has contributed
    services.observation_add(
        schouw=schouw, actor=members[b1][0], text="Mooie avond", tone="positief", expectation="verwacht"
    )
    a2, b2 = partners_of(deals[2])

    ambtenaar(client)
    manage = reverse("schouw_manage", args=[schouw.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            manage, {"action": "deals", "deals": chosen([deals[0], deals[2]])}, follow=True
        )
    html = response.content.decode()
    assert response.status_code == 200
    assert set(schouw.deals.all()) == {deals[0], deals[2]}
    # the third deal's partners take part, each meetlat starting with its inbreng there
    assert organisations(schouw) == set(partners_of(deals[0])) | {a1, b1, a2, b2}
    for org in (a2, b2):
        inbreng = Criterion.objects.select_related("partner__organisation").get(
            partner__schouw=schouw, partner__organisation_id=org
        )
        assert inbreng.is_inbreng
        assert f"Inbreng van {inbreng.partner.organisation.name}" in inbreng.description
    # c1 contributed nothing and left; b1 stays, and the message says why; a1 is still a partner of a
    # linked deal (the first)
    names = {p.organisation_id: p.organisation.name for p in deals[1].partners.select_related("organisation")}
    message = html.split("De gekoppelde deals zijn opgeslagen.", 1)[1].split("</", 1)[0]
    assert f"Doen niet meer mee: {names[c1]}." in message
    assert f"{KEPT} {names[b1]}." in message
    assert "Doen nu mee:" in message
    assert audit(schouw, "schouw.schouw.link_deals") == [
        {
            "added": [deals[2].pk],
            "removed": [deals[1].pk],
            "joined": sorted([a2, b2]),
            "left": [c1],
            "kept": [b1],
        }
    ]
    # who joined may open the schouw and was told; who left may not
    client.force_login(members[a2][0])
    assert client.get(schouw.get_absolute_url()).status_code == 200
    assert Notification.objects.filter(recipient=members[a2][0], subject__contains="Tour").exists()
    client.force_login(members[c1][0])
    assert client.get(schouw.get_absolute_url()).status_code in (403, 404)
    assert Observation.objects.filter(schouw=schouw).count() == 1


def _observation_by(schouw, members, mine, other):
    services.observation_add(
        schouw=schouw, actor=members[mine][0], text="Gezien", tone="positief", expectation="verwacht"
    )


def _observation_about(schouw, members, mine, other):
    services.observation_add(
        schouw=schouw,
        actor=members[other][0],
        text="Over hen",
        tone="gemengd",
        expectation="onverwacht",
        organisation=SchouwPartner.objects.get(schouw=schouw, organisation_id=mine).organisation,
    )


def _meetlat_saved(schouw, members, mine, other):
    partner = SchouwPartner.objects.get(schouw=schouw, organisation_id=mine)
    inbreng = partner.criteria.get(is_inbreng=True)
    services.meetlat_save(
        partner=partner,
        actor=members[other][0],
        criteria=[
            {"title": inbreng.title, "description": inbreng.description, "is_inbreng": True},
            {"title": "Bereik in de buurt", "description": ""},
        ],
    )


def _meetlat_confirmed(schouw, members, mine, other):
    partner = SchouwPartner.objects.get(schouw=schouw, organisation_id=mine)
    services.meetlat_confirm(partner=partner, actor=members[mine][0])


def _appraisal_by(schouw, members, mine, other):
    criterion = Criterion.objects.get(partner__schouw=schouw, partner__organisation_id=other)
    services.appraisal_save(schouw=schouw, actor=members[mine][0], entries={criterion.pk: ("Sterk", 3)})


def _appraisal_of(schouw, members, mine, other):
    criterion = Criterion.objects.get(partner__schouw=schouw, partner__organisation_id=mine)
    services.appraisal_save(schouw=schouw, actor=members[other][0], entries={criterion.pk: ("Goed", None)})


@pytest.mark.parametrize(
    "phase, contribution",
    [
        (Ph.OPEN, None),
        (Ph.OPEN, _observation_by),
        (Ph.OPEN, _observation_about),
        (Ph.MEETLAT, _meetlat_saved),
        (Ph.MEETLAT, _meetlat_confirmed),
        (Ph.APPRAISAL, _appraisal_by),
        (Ph.APPRAISAL, _appraisal_of),
    ],
)
def test_a_partner_of_an_unlinked_deal_stays_only_when_it_contributed(phase, contribution):
    deals, members = three_deals()
    actor = civil_servant()
    first = members_of(members, deals[0])
    # the second deal joins in the phase itself, so its partners have done nothing yet
    schouw, *_ = schouw_in(phase, kind=Schouw.Kind.COLLEGE_TOUR, deals=deals[:1], members=first, actor=actor)
    joined = services.schouw_link_deals(schouw=schouw, actor=actor, deals=deals[:2])
    a1, b1 = partners_of(deals[1])
    assert {o.pk for o in joined.joined} == {a1, b1} and not joined.left
    other = partners_of(deals[0])[0]
    if contribution:
        contribution(schouw, members, b1, other)
    change = services.schouw_link_deals(schouw=schouw, actor=actor, deals=deals[:1])
    assert a1 in {o.pk for o in change.left} and a1 not in organisations(schouw)
    if contribution:
        assert [o.pk for o in change.kept] == [b1] and b1 in organisations(schouw)
    else:
        assert not change.kept and b1 in {o.pk for o in change.left} and b1 not in organisations(schouw)
    assert audit(schouw, "schouw.schouw.link_deals")[-1]["kept"] == ([b1] if contribution else [])


def test_the_links_of_a_published_report_are_frozen_at_the_field_in_beheer_and_in_the_service(client):
    deals, members = three_deals()
    schouw, actor, *_ = schouw_in(
        Ph.PLANNED, kind=Schouw.Kind.PEER_REVIEW, deals=deals[:2], members=members, title="Peer review"
    )
    # a peer review keeps at least two initiatives: unlinking every deal would leave none
    with pytest.raises(ValidationError) as refused:
        services.schouw_link_deals(schouw=schouw, actor=actor, deals=[])
    assert refused.value.message_dict["deals"] == ["Een peer review heeft minstens twee initiatieven nodig."]

    Schouw.objects.filter(pk=schouw.pk).update(phase=Ph.PUBLISHED)
    schouw.refresh_from_db()
    before = organisations(schouw)
    with pytest.raises(ValidationError) as refused:
        services.schouw_link_deals(schouw=schouw, actor=actor, deals=deals)
    assert refused.value.message_dict["deals"] == [FROZEN]

    ambtenaar(client)
    manage = reverse("schouw_manage", args=[schouw.pk])
    html = client.get(manage).content.decode()
    assert FROZEN in html and 'value="deals"' not in html
    response = client.post(manage, {"action": "deals", "deals": chosen(deals)})
    html = response.content.decode()
    assert response.status_code == 200
    field = html.split('id="id_deals"', 1)[0].rsplit("data-field-errors", 1)[1]
    assert FROZEN in field  # at the field, not only above the form
    assert FROZEN in html.split("De gekoppelde deals zijn niet opgeslagen:", 1)[1]
    assert set(schouw.deals.all()) == set(deals[:2]) and organisations(schouw) == before
    assert not audit(schouw, "schouw.schouw.link_deals")
