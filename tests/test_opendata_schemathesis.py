"""Schemathesis against the API's own OpenAPI document, on the live test server: every operation
with generated inputs (valid and invalid), and for every response: no server error, a documented
status code and content type, headers and body valid against the schema."""

import pytest
import schemathesis
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from deals.tests.factories import DealFactory, DealPartnerFactory
from reisgids.datasets import datasets
from reisgids.tests.factories import ContactPointFactory, InstrumentFactory, OrganisationFactory

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


EXAMPLES = 12  # per operation and mode: 27 operations x 2 modes x 12 ~ 650 requests


@pytest.mark.django_db(transaction=True)
def test_every_operation_answers_within_its_schema(live_server, settings):
    settings.API_RATE_LIMIT = (1_000_000, 60)
    org = OrganisationFactory(name="Buurtkracht", slug="buurtkracht", show_contact=True)
    ContactPointFactory(organisation=org)
    InstrumentFactory(owner=org, slug="citylab010")
    deal = DealFactory(closed=True, slug="respijt")
    DealPartnerFactory(deal=deal, confirmed=True)
    api = schemathesis.openapi.from_url(f"{live_server.url}/api/v1/openapi.json")
    operations = [result.ok() for result in api.get_all_operations()]
    assert len(operations) == 1 + 2 * len(datasets())
    for operation in operations:
        for mode in GenerationMode:

            @given(case=operation.as_strategy(generation_mode=mode))
            @hypothesis_settings(
                max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None
            )
            def run(case):
                case.call_and_validate(checks=CHECKS)

            try:
                run()
            except Unsatisfiable:
                # No invalid input exists for an operation whose only parameters take any string
                # (a slug in the path) or that has none (the index).
                assert mode is GenerationMode.NEGATIVE
