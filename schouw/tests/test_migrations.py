"""The data move of migration 0005 (``link_variants_deal``), run for real on the PostgreSQL test
database with Django's ``MigrationExecutor``: the schouw app goes back to 0004, rows are written
with the historical models of that state, 0005 moves them, and the app goes to its latest migration
again (whose check constraint holds only when the move was complete).

Not a transactional test, on purpose: PostgreSQL changes its schema inside a transaction, so the
test's rolled-back transaction undoes the migrations, the rows and the migration records alike,
and no flush empties the tables that other tests (and a reused test database) rely on, such as
the themes and areas migration 0002 of the kernel loads. Deferred foreign-key checks are made
immediate before each schema change (PostgreSQL refuses to alter a table with pending trigger
events). The ``finally`` brings the schema back to the latest state whatever happens."""

import datetime

import pytest
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor

from deals.tests.factories import DealFactory
from schouw.models import Schouw

BEFORE = [("schouw", "0004_linked_deals")]
MOVED = [("schouw", "0005_variant_deals")]


def _checks_now():
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def migrate(targets):
    """Migrate to ``targets`` with a fresh executor (the loader reads what is applied now) and
    return the historical apps of that state."""
    _checks_now()
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


def migrate_to_latest():
    """Back to the latest state. Should the move have left rows the latest constraints refuse (a
    broken data migration), they are removed first, so the schema is right for the tests after
    this one; the failure is reported all the same."""
    _checks_now()
    executor = MigrationExecutor(connection)
    try:
        with transaction.atomic():
            executor.migrate(executor.loader.graph.leaf_nodes())
    except Exception:
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM schouw_schouwdeal")
            cursor.execute("DELETE FROM schouw_schouw")
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
        raise


@pytest.mark.django_db
def test_0005_moves_the_single_deal_of_a_peer_review_or_college_tour_to_its_links():
    first, second = DealFactory(running=True), DealFactory(running=True)
    try:
        old = migrate(BEFORE)
        OldSchouw = old.get_model("schouw", "Schouw")
        OldSchouwDeal = old.get_model("schouw", "SchouwDeal")
        day = datetime.date(2026, 11, 1)
        own = OldSchouw.objects.create(title="Eigen schouw", kind="schouw", deal_id=first.pk, planned_for=day)
        review = OldSchouw.objects.create(
            title="Peer review", kind="peer-review", deal_id=first.pk, planned_for=day
        )
        tour = OldSchouw.objects.create(
            title="College tour", kind="college-tour", deal_id=second.pk, planned_for=day
        )
        # already linked to its deal as well: linked once, not twice
        OldSchouwDeal.objects.create(schouw=tour, deal_id=second.pk)
        OldSchouwDeal.objects.create(schouw=tour, deal_id=first.pk)
        loose = OldSchouw.objects.create(
            title="Zonder deal", kind="peer-review", deal_id=None, planned_for=day
        )

        new = migrate(MOVED)
        NewSchouw = new.get_model("schouw", "Schouw")
        NewSchouwDeal = new.get_model("schouw", "SchouwDeal")
        deal_of = dict(NewSchouw.objects.values_list("pk", "deal_id"))
        assert deal_of == {own.pk: first.pk, review.pk: None, tour.pk: None, loose.pk: None}
        links = sorted(NewSchouwDeal.objects.values_list("schouw_id", "deal_id"))
        assert links == sorted([(review.pk, first.pk), (tour.pk, second.pk), (tour.pk, first.pk)])
    finally:
        migrate_to_latest()

    # the latest state (its check constraint added on top of the moved rows) reads them as expected
    assert (
        Schouw.objects.get(pk=own.pk).deal_id == first.pk and not Schouw.objects.get(pk=own.pk).deals.exists()
    )
    assert list(Schouw.objects.get(pk=review.pk).deals.all()) == [first]
    assert set(Schouw.objects.get(pk=tour.pk).deals.all()) == {first, second}
    assert not Schouw.objects.get(pk=loose.pk).deals.exists()
