"""Every schouw page runs the same number of queries with 2 partners and 5 participants as with 20
partners and 100 participants (each participant appraised every criterion and wrote an observation):
the front-end pages for a partner, the invitation link, the report and its PDF, the deal page's
section, and the /beheer/ pages. The deal page also lists a published peer review linked to it and
to more deals (2 at the small size, 20 at the large), whose report page and manage page keep their
queries too."""

import hashlib

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from deals.models import Contribution, DealPartner
from deals.tests.factories import DealFactory
from reisgids.models import Organisation
from reisgids.roles import CIVIL_SERVANTS_GROUP
from reisgids.tests.beheer import staff_client
from reisgids.tests.factories import MembershipFactory
from schouw.models import (
    Appraisal,
    Criterion,
    Observation,
    Participant,
    Schouw,
    SchouwDeal,
    SchouwPartner,
)

pytestmark = pytest.mark.django_db
Ph = Schouw.Phase


def build(partners, participants, tag):
    deal = DealFactory(running=True, title=f"Deal {tag}")
    organisations = Organisation.objects.bulk_create(
        Organisation(name=f"Partij {tag} {i:03}", slug=f"partij-{tag}-{i:03}", kind="initiatief")
        for i in range(partners - 1)
    )
    rows = DealPartner.objects.bulk_create(
        DealPartner(deal=deal, organisation=o, status=DealPartner.Status.ACCEPTED) for o in organisations
    )
    rows.append(deal.partners.get(role=DealPartner.Role.TREKKER))
    Contribution.objects.bulk_create(
        Contribution(partner=p, kind="kennis", description="Kennis") for p in rows
    )
    viewer = MembershipFactory(organisation=rows[-1].organisation).user
    schouw = Schouw.objects.create(title=f"Schouw {tag}", deal=deal, planned_for=timezone.localdate())
    schouw_partners = SchouwPartner.objects.bulk_create(
        SchouwPartner(schouw=schouw, organisation_id=p.organisation_id, advice="Advies") for p in rows
    )
    criteria = Criterion.objects.bulk_create(
        Criterion(partner=p, title=f"Criterium {i}", is_inbreng=i == 0, position=i)
        for p in schouw_partners
        for i in range(2)
    )
    now = timezone.now()
    people = Participant.objects.bulk_create(
        Participant(
            schouw=schouw,
            kind="peer",
            name=f"Peer {i}",
            email=f"peer{i}@{tag}.example.org",
            token_hash=hashlib.sha256(f"{tag}-{i}".encode()).hexdigest(),
            expires_at=now + timezone.timedelta(days=3),
        )
        for i in range(participants)
    )
    Appraisal.objects.bulk_create(
        Appraisal(criterion=c, participant=p, text="Goed", score=1 + i % 4)
        for i, (c, p) in enumerate((c, p) for c in criteria for p in people)
    )
    Observation.objects.bulk_create(
        Observation(schouw=schouw, text=f"Gezien {i}", tone="positief", expectation="verwacht")
        for i in range(participants)
    )
    partner_orgs = [*organisations, rows[-1].organisation]  # the viewer's organisation takes part
    link_variant(deal, partner_orgs, linked=2 if partners == 2 else 20, tag=tag)
    return schouw, viewer, f"{tag}-0"


def link_variant(deal, organisations, *, linked, tag):
    """A published peer review of ``organisations``, linked to ``deal`` and ``linked - 1`` more."""
    others = [DealFactory(running=True, title=f"Andere deal {tag} {i}") for i in range(linked - 1)]
    variant = Schouw.objects.create(
        title=f"Peer review {tag}",
        kind=Schouw.Kind.PEER_REVIEW,
        phase=Ph.PUBLISHED,
        planned_for=timezone.localdate(),
        published_at=timezone.now(),
        report_summary="Een beeld.",
    )
    SchouwDeal.objects.bulk_create(SchouwDeal(schouw=variant, deal=d) for d in [deal, *others])
    SchouwPartner.objects.bulk_create(SchouwPartner(schouw=variant, organisation=o) for o in organisations)
    return variant


def pages(schouw, token):
    partner = schouw.partners.first()
    return [
        (Ph.OPEN, reverse("schouw:detail", args=[schouw.pk])),
        (Ph.OPEN, reverse("schouw:observation", args=[schouw.pk])),
        (Ph.MEETLAT, reverse("schouw:detail", args=[schouw.pk])),
        (Ph.MEETLAT, reverse("schouw:meetlat", args=[schouw.pk, partner.pk])),
        (Ph.APPRAISAL, reverse("schouw:appraise", args=[schouw.pk])),
        (Ph.DISCUSSION, reverse("schouw:discussion", args=[schouw.pk])),
        (Ph.REPORT, reverse("schouw:report", args=[schouw.pk])),
        (Ph.REPORT, reverse("schouw:report_pdf", args=[schouw.pk])),
        (Ph.OPEN, schouw.deal.get_absolute_url()),
        (Ph.MEETLAT, reverse("schouw:mine")),
    ]


def count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def test_every_schouw_page_runs_the_same_queries_from_2_to_20_partners_and_5_to_100_participants(client):
    counts = {}
    for partners, participants in ((2, 5), (20, 100)):
        schouw, viewer, token = build(partners, participants, f"s{partners}")
        client.force_login(viewer)
        for number, (phase, url) in enumerate(pages(schouw, token)):
            Schouw.objects.filter(pk=schouw.pk).update(phase=phase)
            count(client, url)  # warm: the same caches for both sizes
            counts.setdefault(number, []).append(count(client, url))
        variant = Schouw.objects.get(title=f"Peer review s{partners}")
        Schouw.objects.filter(pk=variant.pk).update(phase=Ph.OPEN)  # each linked deal's agreements
        count(client, variant.get_absolute_url())
        counts.setdefault("variant open", []).append(count(client, variant.get_absolute_url()))
        Schouw.objects.filter(pk=variant.pk).update(phase=Ph.PUBLISHED)
        client.logout()
        Schouw.objects.filter(pk=schouw.pk).update(phase=Ph.APPRAISAL)
        invitation = reverse("schouw:invitation", args=[token])
        count(client, invitation)
        counts.setdefault("invitation", []).append(count(client, invitation))
        for name, url in (("variant report", reverse("schouw:report", args=[variant.pk])),):
            count(client, url)
            counts.setdefault(name, []).append(count(client, url))
        html = client.get(schouw.deal.get_absolute_url()).content.decode()
        assert reverse("schouw:report", args=[variant.pk]) in html  # listed on the deal page
    for key, (small, large) in counts.items():
        assert small == large, (key, small, large)


def test_the_beheer_pages_run_the_same_queries_at_both_sizes(client):
    staff_client(client, "schouw.view_schouw", "schouw.change_schouw", group=CIVIL_SERVANTS_GROUP)
    counts = {}
    for partners, participants in ((2, 5), (20, 100)):
        schouw, _viewer, _token = build(partners, participants, f"b{partners}")
        Schouw.objects.filter(pk=schouw.pk).update(phase=Ph.MEETLAT)
        for name, url in (
            ("manage", reverse("schouw_manage", args=[schouw.pk])),
            ("overdue", reverse("schouw_overdue")),
            ("list", reverse("wagtailsnippets_schouw_schouw:list")),
            (
                "variant",
                reverse("schouw_manage", args=[Schouw.objects.get(title=f"Peer review b{partners}").pk]),
            ),
        ):
            count(client, url)
            counts.setdefault(name, []).append(count(client, url))
    for key, (small, large) in counts.items():
        assert small == large, (key, small, large)
