"""Vouchers under concurrent claims against PostgreSQL: threads with their own database connections
claim at the same moment; N is never exceeded."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connections

from marktplaats import services
from marktplaats.models import Listing, VoucherClaim
from marktplaats.tests.factories import ListingFactory, member_of
from marktplaats.tests.test_services import data
from reisgids.tests.concurrency import all_at_once
from reisgids.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db(transaction=True)


def claim_all_at_once(listing, claimants):
    barrier = threading.Barrier(len(claimants))
    outcomes = []
    lock = threading.Lock()

    def claim(user, organisation):
        try:
            barrier.wait()
            services.voucher_claim(actor=user, listing=listing, organisation=organisation)
            result = "ok"
        except services.VouchersGone:
            result = "gone"
        except ValidationError as error:
            result = f"error: {error.messages}"
        finally:
            connections.close_all()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=claim, args=pair) for pair in claimants]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def test_twenty_claims_on_five_vouchers_exactly_five_succeed():
    listing = ListingFactory(aanbod=True, vouchers_total=5)
    claimants = []
    for _ in range(20):
        organisation = OrganisationFactory()
        claimants.append((member_of(organisation), organisation))
    outcomes = claim_all_at_once(listing, claimants)
    assert sorted(outcomes) == ["gone"] * 15 + ["ok"] * 5
    assert VoucherClaim.objects.filter(listing=listing).count() == 5


def test_cancelled_claim_frees_a_voucher_under_load():
    listing = ListingFactory(aanbod=True, vouchers_total=2)
    first_org = OrganisationFactory()
    first = services.voucher_claim(actor=member_of(first_org), listing=listing, organisation=first_org)
    services.voucher_cancel(actor=first.claimed_by, claim=first)
    claimants = []
    for _ in range(10):
        organisation = OrganisationFactory()
        claimants.append((member_of(organisation), organisation))
    outcomes = claim_all_at_once(listing, claimants)
    assert outcomes.count("ok") == 2
    assert VoucherClaim.objects.filter(listing=listing, status=VoucherClaim.Status.CLAIMED).count() == 2


def test_sixteen_parallel_listings_of_one_person_create_at_most_the_limit():
    organisation = OrganisationFactory()
    user = member_of(organisation)

    def post():
        services.listing_create(actor=user, organisation=organisation, data=data())

    outcomes = all_at_once([post] * 16)

    assert Listing.objects.filter(created_by=user).count() == services.RATE_LIMIT
    assert outcomes.count("ok") == services.RATE_LIMIT
