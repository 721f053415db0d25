"""A signed-in visitor's own ideas on /idee/ (``selectors.own_intakes``): the intakes they sent in,
were invited to and accepted, or that their organisation sent in. Asked as an OR over those three
columns, PostgreSQL tested every intake (10,000 at the bench's full scale, 4 ms cold, to find none);
now the keys come from each column's own index as one array."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from intake import selectors
from intake.models import CoInitiator
from intake.tests.factories import IntakeFactory
from reisgids.tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from reisgids.tests.helpers import large_table_plan

pytestmark = pytest.mark.django_db


def test_own_ideas_are_those_sent_in_accepted_or_of_the_organisation():
    user = UserFactory()
    organisation = OrganisationFactory()
    MembershipFactory(user=user, organisation=organisation)
    sent = IntakeFactory(title="Zelf ingediend", initiator=user)
    of_organisation = IntakeFactory(title="Van de organisatie", organisation=organisation)
    invited = IntakeFactory(title="Uitgenodigd")
    CoInitiator.objects.create(intake=invited, user=user, status=CoInitiator.Status.ACCEPTED)
    declined = IntakeFactory(title="Afgeslagen")
    CoInitiator.objects.create(intake=declined, user=user, status=CoInitiator.Status.INVITED)
    IntakeFactory(title="Van een ander")
    user = type(user).objects.get(pk=user.pk)  # the organisations roles keeps on a fresh user
    own = {intake.title for intake in selectors.own_intakes(user, limit=25)}
    assert own == {sent.title, of_organisation.title, invited.title}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's plan")
def test_own_ideas_come_from_the_indexes_not_a_test_of_every_intake():
    user = UserFactory()
    MembershipFactory(user=user, organisation=OrganisationFactory())
    IntakeFactory.create_batch(3)
    user = type(user).objects.get(pk=user.pk)
    with CaptureQueriesContext(connection) as captured:
        selectors.own_intakes(user, limit=25)
    (sql,) = [query["sql"] for query in captured.captured_queries if 'FROM "intake_intake"' in query["sql"]]
    plan = large_table_plan(sql)  # as on a table too large to read whole
    assert "Index Cond: (initiator_id = " in plan and "Index Cond: (organisation_id = " in plan, plan
    assert "Filter: ((initiator_id" not in plan, plan
