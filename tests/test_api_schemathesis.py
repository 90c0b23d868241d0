"""Property-based: schemathesis sends requests generated from the OpenAPI document to
every operation, in process through the WSGI app, and no answer is a server error or
breaks the document (status, content type, headers, body)."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from werkzeug.test import Client

from ipbes_cop.wsgi import application

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
MAX_EXAMPLES = 20


def _json(app, path):
    """A GET through the WSGI app (the test client would reconnect the signals)."""
    return Client(app).get(path).json


@pytest.fixture
def api_schema(client, site_data, settings):
    """The API's document, loaded with demo-like data in place (the filters' enums are
    the live vocabularies), calling the WSGI app in the test's own transaction."""
    settings.API_RATE_LIMIT = None  # hundreds of requests in one minute
    site_data(4)
    schema = schemathesis.openapi.from_dict(client.get("/api/v1/schema/").json())
    schema.app = application
    # The WSGI handler's signals would close the test's database connection (on
    # PostgreSQL); Django's test client reconnects them after each of its requests,
    # so they are disconnected after the last one.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield schema
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_no_generated_request_gets_a_server_error_or_an_answer_off_the_schema(api_schema):
    schema = api_schema
    failures = []
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 20

    for operation in operations:
        strategy = operation.as_strategy()
        if "{slug}" in operation.path:
            # Also objects that exist: random slugs alone would only ever find 404s.
            listed = _json(schema.app, operation.path.replace("{slug}/", ""))
            rows = listed["results"] if isinstance(listed, dict) else listed
            real = operation.as_strategy(path_parameters={"slug": rows[0]["slug"]})
            strategy = st.one_of(real, strategy)

        @given(case=strategy)
        @hypothesis_settings(
            max_examples=MAX_EXAMPLES,
            deadline=None,
            database=None,
            derandomize=True,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        def run(case):
            # The WSGI transport hands back the body as sent: ask for it uncompressed.
            case.call_and_validate(checks=CHECKS, headers={"Accept-Encoding": "identity"})

        try:
            run()
        except Exception as error:  # noqa: BLE001 (collect every operation's failure)
            failures.append(f"{operation.label}: {error}")

    assert not failures, "\n\n".join(failures)
