"""schemathesis against the OpenAPI document, in-process through the WSGI application: every operation is
called with generated parameters and bodies (valid and invalid) as a token client of the county's monitor,
then as its department reporter (who may write observations); no answer may be a server error, and every
error answer is the Chinese ``{"detail": …}``. A fixed, derandomised budget keeps it well under a minute."""

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error

from planwatch.apps.accounts.tokens import issue

EXAMPLES = 12


def load_schema():
    from planwatch.site.wsgi import application

    # The document itself needs no database (it is public and built from the code).
    return schemathesis.openapi.from_wsgi("/api/openapi.json", application)


schema = load_schema()


@pytest.fixture(autouse=True)
def keep_the_test_connection():
    # Called through the raw WSGI application, every request's end closes the database connection (Django's
    # close_old_connections), which on PostgreSQL drops the test's transaction. Django's test client disconnects
    # the handler the same way.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def tokens(world, tasks):
    return {
        who: issue(world.users[who], "schemathesis", by=world.users[who])[1] for who in ("monitor", "health")
    }


def chinese_detail(case, response) -> None:
    # also a 405 for a method the document does not declare (schemathesis tries TRACE, PATCH…)
    if response.status_code >= 400:
        kind = {k.lower(): v for k, v in response.headers.items()}.get("content-type", [""])[0]
        assert kind.startswith("application/json"), (
            case.method,
            case.formatted_path,
            case.path_parameters,
            response.status_code,
            response.text[:300],
        )
        body = response.json()
        assert isinstance(body.get("detail"), str), body
        assert any("\u4e00" <= ch <= "\u9fff" for ch in body["detail"]), body


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, derandomize=True, phases=[Phase.explicit, Phase.generate],
          suppress_health_check=list(HealthCheck))  # fmt: skip
def test_no_operation_answers_a_server_error(case, tokens):
    for who in ("monitor", "health"):
        response = case.call(headers={"Authorization": f"Bearer {tokens[who]}"})
        case.validate_response(response, checks=[not_a_server_error])
        chinese_detail(case, response)
