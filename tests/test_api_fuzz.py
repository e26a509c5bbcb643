"""Schemathesis against the live OpenAPI schema, in process (the WSGI app on the test database):
every operation, with generated parameters, must answer without a 5xx and as documented.
`make fuzz` runs the same with many more examples (FUZZ_EXAMPLES) and prints the counts."""

import os
from collections import Counter

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from rest_framework.throttling import AnonRateThrottle
from schemathesis.specs.openapi.checks import positive_data_acceptance

from ombudsman.wsgi import application

# /api/lookup/ takes a postcode OR lat and lon: a rule between parameters that OpenAPI cannot
# state, so a schema-valid request may rightly get a 400 there (naming the missing parameter).
# The paginated lists go no deeper than the first 10,000 rows: how deep `page` may go depends on
# `page_size` (ombudsman.api.pagination), another rule between parameters.
# /api/compare/'s `councils` is one string naming two to six known councils, a rule on the
# string's parts that its schema cannot state: a schema-valid list may rightly be a 400 there.
CROSS_PARAMETER_RULES = {
    "/api/lookup/",
    "/api/compare/",
    "/api/councils/",
    "/api/decisions/",
    "/api/recommendations/",
    "/api/letters/",
}

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "25"))
pytestmark = pytest.mark.django_db


@pytest.fixture
def keep_test_connection():
    """The WSGI app closes "old" database connections at the end of each request; Django's own
    test client switches that off, and so must a client that calls the WSGI app directly, or
    the test's transaction is closed under it (PostgreSQL)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_api_answers_as_documented(world, monkeypatch, keep_test_connection):
    # The fuzzer is one client making hundreds of requests; the throttle is tested elsewhere.
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "1000000/minute"})
    schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)
    # A NUL character in a text parameter gets a 400 naming it (tested in test_bad_input), so
    # it is no "valid" example here.
    schema.config.generation.update(allow_x00=False)
    statuses: Counter = Counter()
    operations = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1
        excluded = [positive_data_acceptance] if operation.path in CROSS_PARAMETER_RULES else []

        _fuzz(operation, excluded, statuses)
    print(
        f"\nfuzz: {operations} operations, {sum(statuses.values())} requests, "
        f"statuses {dict(sorted(statuses.items()))}"
    )
    assert operations >= 12
    assert not [s for s in statuses if s >= 500]


def _fuzz(operation, excluded, statuses: Counter) -> None:
    @given(case=operation.as_strategy())
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def check(case):
        # The in-process client does not undo gzip, so ask for the plain body.
        response = case.call_and_validate(
            headers={"Accept-Encoding": "identity"}, excluded_checks=excluded
        )
        statuses[response.status_code] += 1

    check()
