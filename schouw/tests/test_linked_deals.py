"""A peer review or college tour links several deals (``Schouw.deals``); a schouw of a deal keeps
its one deal. An ambtenaar links them in /beheer/ (when planning and afterwards, at most
``MAX_LINKED_DEALS``, each change with an audit row); nobody else can. Once the report is published
it is listed on each linked deal's page and names the deals; before that nothing of the variant
shows on a deal page."""

import datetime
from types import SimpleNamespace

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from deals import services as deal_services
from deals.models import Deal
from reisgids.roles import CIVIL_SERVANTS_GROUP, CONTENT_MANAGERS_GROUP
from reisgids.tests.beheer import staff_client
from schouw import selectors, services
from schouw.models import MAX_LINKED_DEALS, NoSchouwReason, Schouw
from schouw.tests.factories import civil_servant, first_members, running_deal, schouw_in, trekker_member
from schouw.tests.test_beheer_deal_chooser import more_deals

pytestmark = pytest.mark.django_db
Ph = Schouw.Phase
CREATE = "/beheer/schouw/nieuw/"
TOO_MANY = "Koppel hoogstens 20 deals aan een peer review of college tour."


def three_deals():
    made = [
        running_deal(partners=2, title=title)
        for title in ("Buurtkamer Noord", "Moestuin Zuid", "Repair Oost")
    ]
    members = {org: users for _deal, group in made for org, users in group.items()}
    return [deal for deal, _group in made], members


def members_of(deals, members):
    """Of ``members`` (organisation → users), those of the partners of ``deals``."""
    linked = {p.organisation_id for d in deals for p in d.partners.all()}
    return {org: users for org, users in members.items() if org in linked}


def ambtenaar(client):
    return staff_client(client, "schouw.view_schouw", "schouw.change_schouw", group=CIVIL_SERVANTS_GROUP)


def chosen(deals):
    return "\n".join(f"{d.title} (#{d.pk})" for d in deals)


def audit(schouw, action):
    rows = ModelLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Schouw), object_id=str(schouw.pk), action=action
    )
    return list(rows.order_by("pk").values_list("data", flat=True))


def test_an_ambtenaar_plans_a_peer_review_of_several_deals_whose_partners_take_part(client):
    deals, members = three_deals()
    ambtenaar(client)
    data = {"kind": "peer-review", "title": "Peer review buurtkamers", "planned_for": "2026-12-15"}
    response = client.post(CREATE, {**data, "deals": "Buurtkamer Noord\nMoestuin Zuid\nRepair Oost"})
    assert response.status_code == 302, response.content.decode()[:3000]
    schouw = Schouw.objects.get()
    assert schouw.deal_id is None and set(schouw.deals.all()) == set(deals)
    assert set(schouw.partners.values_list("organisation", flat=True)) == set(members)
    # each partner's meetlat starts with the inbreng it committed in its deal
    inbreng = schouw.partners.first().criteria.get(is_inbreng=True)
    assert "Inbreng van" in inbreng.description
    assert audit(schouw, "schouw.schouw.create")[0]["deals"] == sorted(d.pk for d in deals)
    # a schouw of a deal evaluates its one deal: deals typed for it are refused next to the field
    response = client.post(
        CREATE, {**data, "kind": "schouw", "deal": "Buurtkamer Noord", "deals": "Moestuin Zuid"}
    )
    assert "Een schouw van een deal evalueert die ene deal." in response.content.decode()
    assert Schouw.objects.count() == 1


def test_an_ambtenaar_changes_the_linked_deals_in_beheer_with_an_audit_row(client):
    deals, members = three_deals()
    schouw, *_ = schouw_in(Ph.OPEN, kind=Schouw.Kind.COLLEGE_TOUR, deals=deals[:1], members=members)
    Deal.objects.filter(pk=deals[0].pk).update(schouw_peers="Buurtkamer West")
    ambtenaar(client)
    manage = reverse("schouw_manage", args=[schouw.pk])
    html = client.get(manage).content.decode()
    assert "Buurtkamer Noord" in html
    # the candidate peers of each linked deal's process agreements help to invite outsiders
    assert "Kandidaat-peers in de procesafspraken van “Buurtkamer Noord”: Buurtkamer West" in html
    response = client.post(manage, {"action": "deals", "deals": chosen(deals[1:])})
    assert response.status_code == 302
    assert set(schouw.deals.all()) == set(deals[1:])
    # the partners follow the deals: nobody contributed yet, so the first deal's partners leave
    moved = [list(d.partners.values_list("organisation_id", flat=True)) for d in deals]
    assert set(schouw.partners.values_list("organisation_id", flat=True)) == {*moved[1], *moved[2]}
    assert audit(schouw, "schouw.schouw.link_deals") == [
        {
            "added": sorted(d.pk for d in deals[1:]),
            "removed": [deals[0].pk],
            "joined": sorted([*moved[1], *moved[2]]),
            "left": sorted(moved[0]),
            "kept": [],
        }
    ]
    html = client.get(manage).content.decode()
    assert "Moestuin Zuid" in html and "Repair Oost" in html
    listing = client.get(reverse("wagtailsnippets_schouw_schouw:list")).content.decode()
    assert "Moestuin Zuid, Repair Oost" in listing


@pytest.mark.parametrize("who", ["content manager", "member"])
def test_who_is_not_an_ambtenaar_cannot_link_deals(client, who):
    deals, members = three_deals()
    schouw, *_ = schouw_in(Ph.OPEN, kind=Schouw.Kind.PEER_REVIEW, deals=deals[:2], members=members)
    taking_part = set(schouw.partners.values_list("organisation_id", flat=True))
    if who == "content manager":
        user = staff_client(
            client, "schouw.view_schouw", "schouw.change_schouw", group=CONTENT_MANAGERS_GROUP
        )
    else:
        user = first_members(members)[0]
        client.force_login(user)
    response = client.post(
        reverse("schouw_manage", args=[schouw.pk]), {"action": "deals", "deals": chosen(deals)}
    )
    assert response.status_code in (302, 403)
    assert set(schouw.deals.all()) == set(deals[:2])
    with pytest.raises(PermissionDenied):
        services.schouw_link_deals(schouw=schouw, actor=user, deals=deals)
    with pytest.raises(PermissionDenied):
        services.schouw_link_deals(schouw=schouw, actor=user, deals=deals[:1])
    assert not audit(schouw, "schouw.schouw.link_deals")
    assert set(schouw.partners.values_list("organisation_id", flat=True)) == taking_part


def test_a_schouw_of_a_deal_links_no_other_deals_and_a_published_one_keeps_its_links():
    deals, members = three_deals()
    actor = civil_servant()
    own, *_ = schouw_in(Ph.PLANNED, deal=deals[0], members=members, actor=actor)
    with pytest.raises(ValidationError):
        services.schouw_link_deals(schouw=own, actor=actor, deals=deals[1:])
    with pytest.raises(ValidationError):
        services.schouw_create(
            actor=actor, title="Twee", planned_for=own.planned_for, deal=deals[0], deals=deals
        )
    assert not own.deals.exists()
    Schouw.objects.filter(pk=own.pk).update(kind=Schouw.Kind.PEER_REVIEW, deal=None, phase=Ph.PUBLISHED)
    own.refresh_from_db()
    with pytest.raises(ValidationError):
        services.schouw_link_deals(schouw=own, actor=actor, deals=deals[1:])


def test_at_most_20_deals_are_linked_with_a_dutch_message_and_nothing_saved(client):
    deals = more_deals(MAX_LINKED_DEALS + 1)
    ambtenaar(client)
    data = {"kind": "college-tour", "title": "Collegetour", "planned_for": "2026-12-15"}
    response = client.post(CREATE, {**data, "deals": chosen(deals), "organisations": ""})
    assert response.status_code == 200 and TOO_MANY in response.content.decode()
    assert not Schouw.objects.exists()
    # the service holds the same bound
    with pytest.raises(ValidationError) as refused:
        services.schouw_create(
            actor=civil_servant(),
            kind="college-tour",
            title="Collegetour",
            planned_for="2026-12-15",
            deals=deals,
        )
    assert refused.value.message_dict["deals"]
    # and so does the manage page
    linked, members = three_deals()
    schouw, *_ = schouw_in(Ph.PLANNED, kind=Schouw.Kind.PEER_REVIEW, deals=linked[:2], members=members)
    response = client.post(
        reverse("schouw_manage", args=[schouw.pk]), {"action": "deals", "deals": chosen(deals)}
    )
    assert response.status_code == 200 and TOO_MANY in response.content.decode()
    assert set(schouw.deals.all()) == set(linked[:2])
    # twenty is allowed (the two it had among them: their partners take part; the others have none)
    response = client.post(
        reverse("schouw_manage", args=[schouw.pk]),
        {"action": "deals", "deals": chosen([*linked[:2], *deals[: MAX_LINKED_DEALS - 2]])},
    )
    assert response.status_code == 302 and schouw.deals.count() == MAX_LINKED_DEALS


def test_the_report_is_listed_on_each_linked_deal_page_once_published_and_names_the_deals(client):
    deals, members = three_deals()
    linked = {p.organisation_id for d in deals[:2] for p in d.partners.all()}
    members = {org: users for org, users in members.items() if org in linked}
    schouw, actor, _deal, _members = schouw_in(
        Ph.REPORT, kind=Schouw.Kind.PEER_REVIEW, deals=deals[:2], members=members, title="Peer review buurt"
    )
    partner = first_members(members)[0]
    for viewer in (None, partner):
        client.logout()
        if viewer:
            client.force_login(viewer)
        for deal in deals:
            html = client.get(deal.get_absolute_url()).content.decode()
            assert "Peer review buurt" not in html, (viewer, deal)
    client.logout()
    assert client.get(reverse("schouw:report", args=[schouw.pk])).status_code == 404

    services.report_save(schouw=schouw, actor=partner, summary="Een rijk beeld.")
    services.schouw_publish(schouw=schouw, actor=actor)
    report = reverse("schouw:report", args=[schouw.pk])
    for deal in deals[:2]:
        html = client.get(deal.get_absolute_url()).content.decode()
        assert "Peer review buurt" in html and report in html, deal
    assert "Peer review buurt" not in client.get(deals[2].get_absolute_url()).content.decode()
    html = client.get(report).content.decode()
    named = html.split('data-testid="report-deals"', 1)[1].split("</p>", 1)[0]
    assert all(d.title in named and d.get_absolute_url() in named for d in deals[:2])
    assert deals[2].title not in named
    # the lessons it drafted are linked to both deals
    lesson = schouw.lessons.select_related("page").first()
    assert set(lesson.page.deals.all()) == set(deals[:2])


def test_the_open_schouw_of_a_variant_shows_what_the_partners_of_each_linked_deal_agreed(client):
    deals, members = three_deals()
    linked = {p.organisation_id for d in deals[:2] for p in d.partners.all()}
    members = {org: users for org, users in members.items() if org in linked}
    schouw, *_ = schouw_in(Ph.OPEN, kind=Schouw.Kind.COLLEGE_TOUR, deals=deals[:2], members=members)
    client.force_login(first_members(members)[0])
    html = client.get(schouw.get_absolute_url()).content.decode()
    for deal in deals[:2]:
        assert f"Wat de partners van “{deal.title}” afspraken" in html
    assert "Repair Oost" not in html
    assert html.count("Inbreng van") >= 4  # each linked deal's partners and their inbreng


FINISH_REFUSED = (
    "Een deal wordt afgerond na een schouw: publiceer eerst het verslag van de schouw van de deal, of "
    "van een peer review of college tour waaraan hij gekoppeld is, of leg vast waarom er geen schouw was."
)
RECORD_WHY = "Afronden zonder schouw: leg vast waarom"


def next_step_block(html):
    return html.split('id="steps-heading"', 1)[1].split("</section>", 1)[0]


def test_a_published_report_of_a_linked_variant_lets_the_deal_finish_and_the_page_says_so(client):
    """The step guard on "afgerond" counts the published report of a peer review or college tour
    linked to the deal, not only the deal's own; before publication the trekker's next step says
    what stands in the way, after it the way to record a reason is gone and the deal finishes."""
    deals, members = three_deals()
    deal = deals[0]
    linked = {p.organisation_id for d in deals[:2] for p in d.partners.all()}
    members = {org: users for org, users in members.items() if org in linked}
    review, actor, *_ = schouw_in(
        Ph.REPORT, kind=Schouw.Kind.PEER_REVIEW, deals=deals[:2], members=members, title="Peer review buurt"
    )
    trekker = trekker_member(deal, members)
    client.force_login(trekker)
    html = client.get(deal.get_absolute_url()).content.decode()
    block = next_step_block(html)
    assert 'data-testid="step-refused-afronden"' in block and FINISH_REFUSED in block
    assert RECORD_WHY in html
    assert services.finish_refusals(deal, SimpleNamespace(name="finish")) == [FINISH_REFUSED]
    with pytest.raises(ValidationError) as refused:
        deal_services.deal_finish(deal=deal, actor=trekker, follow_up="Geen vervolg")
    assert refused.value.messages == [FINISH_REFUSED]

    services.report_save(schouw=review, actor=first_members(members)[0], summary="Een rijk beeld.")
    services.schouw_publish(schouw=review, actor=actor)
    html = client.get(deal.get_absolute_url()).content.decode()
    block = next_step_block(html)
    assert "step-refused-afronden" not in block and FINISH_REFUSED not in html
    assert reverse("deals:step", args=[deal.slug, "afronden"]) in block
    assert RECORD_WHY not in html
    assert reverse("schouw:report", args=[review.pk]) in html
    assert services.finish_refusals(deal, SimpleNamespace(name="finish")) == []
    response = client.post(
        reverse("deals:step", args=[deal.slug, "afronden"]), {"follow_up": "Een vervolgdeal in de buurt"}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    deal.refresh_from_db()
    assert deal.status == Deal.Status.FINISHED


def test_an_unpublished_linked_report_or_a_published_one_of_another_deal_does_not_finish_the_deal(client):
    deals, members = three_deals()
    deal, other = deals[0], deals[1]
    of_deal = {
        org: users for org, users in members.items() if deal.partners.filter(organisation=org).exists()
    }
    running, *_ = schouw_in(Ph.REPORT, kind=Schouw.Kind.COLLEGE_TOUR, deals=[deal], members=of_deal)
    elsewhere, *_ = schouw_in(Ph.PLANNED, kind=Schouw.Kind.PEER_REVIEW, deals=[other], members=members)
    Schouw.objects.filter(pk=elsewhere.pk).update(phase=Ph.PUBLISHED)
    # the other deal's own schouw, published, does not count for this deal either
    own_of_other, *_ = schouw_in(Ph.PLANNED, deal=other, members=members)
    Schouw.objects.filter(pk=own_of_other.pk).update(phase=Ph.PUBLISHED)
    assert services.finish_refusals(deal, SimpleNamespace(name="finish")) == [FINISH_REFUSED]
    assert services.finish_refusals(other, SimpleNamespace(name="finish")) == []
    trekker = trekker_member(deal, members)
    with pytest.raises(ValidationError):
        deal_services.deal_finish(deal=deal, actor=trekker, follow_up="Geen vervolg")
    deal.refresh_from_db()
    assert deal.status == Deal.Status.RUNNING
    client.force_login(trekker)
    html = client.get(deal.get_absolute_url()).content.decode()
    assert FINISH_REFUSED in next_step_block(html) and RECORD_WHY in html
    assert reverse("schouw:report", args=[running.pk]) not in html


def test_no_reason_can_be_recorded_once_a_linked_report_is_published(client):
    """The way to record "why there was no schouw" is gone from the deal page when a linked peer
    review's report is published; the service and the form refuse it too (with a Dutch message)."""
    deals, members = three_deals()
    deal = deals[0]
    review, actor, *_ = schouw_in(
        Ph.PUBLISHED,
        kind=Schouw.Kind.PEER_REVIEW,
        deals=deals[:1],
        members=members_of(deals[:1], members),
        title="Peer review",
    )
    trekker = trekker_member(deal, members)
    with pytest.raises(ValidationError) as refused:
        services.no_schouw_reason_record(deal=deal, actor=trekker, reason="Geen tijd gehad")
    assert refused.value.messages == [
        "Er is een schouwverslag over deze deal gepubliceerd: de deal kan zonder reden worden afgerond."
    ]
    client.force_login(trekker)
    response = client.post(reverse("schouw:no_schouw", args=[deal.slug]), {"reason": "Geen tijd gehad"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "zonder reden worden afgerond" in html and "Geen tijd gehad" in html
    assert not NoSchouwReason.objects.filter(deal=deal).exists()


def test_the_overdue_report_counts_a_linked_variant_like_the_deals_own_schouw():
    """A deal whose schouw is due is not listed while a peer review linked to it is planned or
    running, and its next schouw counts from a linked review's published report."""
    today = timezone.localdate()
    long_ago = today - datetime.timedelta(days=400)
    deals, members = three_deals()
    Deal.objects.filter(pk__in=[d.pk for d in deals]).update(
        start_date=long_ago, schouw_frequency="jaarlijks"
    )
    _late, due = selectors.overdue(today=today)
    assert {deal.pk for deal, _when in due} == {d.pk for d in deals}

    schouw_in(Ph.OPEN, kind=Schouw.Kind.PEER_REVIEW, deals=deals[:1], members=members_of(deals[:1], members))
    _late, due = selectors.overdue(today=today)
    assert {deal.pk for deal, _when in due} == {deals[1].pk, deals[2].pk}

    published, *_ = schouw_in(
        Ph.PUBLISHED,
        kind=Schouw.Kind.COLLEGE_TOUR,
        deals=deals[1:2],
        members=members_of(deals[1:2], members),
        title="College tour",
    )
    Schouw.objects.filter(pk=published.pk).update(planned_for=today - datetime.timedelta(days=30))
    _late, due = selectors.overdue(today=today)
    # deals[0]: a review is running; deals[1]: its last schouw was 30 days ago, the next is in a year
    assert [deal.pk for deal, _when in due] == [deals[2].pk]
