"""Schemathesis against /api/schema/ of the WSGI app, as an agency system with a token of scope "*".

Checks: no server error, responses conform to the schema (body and content type). Generation is
deterministic and bounded (max_examples per operation) so that CI is repeatable and quick.
"""

from datetime import timedelta

import hypothesis
import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.utils import timezone
from schemathesis import checks

pytestmark = pytest.mark.contract

MAX_EXAMPLES = 25
CONFIG = {
    "generation": {"max-examples": MAX_EXAMPLES, "deterministic": True, "database": "none"},
    "suppress-health-check": ["too_slow", "filter_too_much", "data_too_large"],
    "phases": {"stateful": {"enabled": False}},
}
CHECKS = [checks.not_a_server_error, checks.response_schema_conformance, checks.content_type_conformance]


@pytest.fixture
def same_connection():
    """The WSGI app runs in the test's thread: keep Django from closing the test's connection
    (and its transaction) at the end of each request, as Django's own test client does."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def bearer(world):
    from ipcollab.accounts.models import ApiToken, hash_token

    prefix, raw = ApiToken.generate()
    ApiToken.objects.create(
        user=world.system, name="contract tests", prefix=prefix, key_hash=hash_token(raw), scopes=["*"], expires_at=timezone.now() + timedelta(days=1)
    )
    return {"Authorization": f"Bearer {raw}"}


def load_schema():
    # Loaded at collection (one test per operation). Fetching the schema touches no database.
    # (schemathesis.pytest.from_fixture would defer this, but it breaks on pytest 9: it writes
    # the removed Node._nodeid.)
    from django.core.wsgi import get_wsgi_application

    return schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application(), config=schemathesis.Config.from_dict(CONFIG))


schema = load_schema()


@schema.parametrize()
@hypothesis.settings(max_examples=MAX_EXAMPLES, derandomize=True, deadline=None, suppress_health_check=list(hypothesis.HealthCheck))
def test_api_conforms_to_its_schema(case, db, same_connection, bearer):
    case.call_and_validate(headers=bearer, checks=CHECKS)


def test_the_schema_lists_the_skeleton_endpoints():
    paths = set(schema.raw_schema["paths"])
    assert "/api/v1/quotas/" in paths
    assert len(paths) >= 5, paths


def test_without_a_token_the_api_answers_the_envelope(client):
    response = client.get("/api/v1/me/")
    assert response.status_code in (401, 403)
    assert set(response.json()["error"]) == {"code", "message", "fields"}
