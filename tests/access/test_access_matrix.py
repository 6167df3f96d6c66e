"""Issue point 6: for every URL and API endpoint, every persona gets the expected answer.

A URL pattern without an entry fails `test_every_url_pattern_has_an_entry`: add one to
`ipcollab/<app>/access_matrix.py` (format: docs/testing.md).
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from .harness import PERSONAS, load_entries, matrix_patterns, perform, problems

ENTRIES = load_entries()
CASES = [pytest.param(entry, persona, id=f"{entry.id} | {persona}") for entry in ENTRIES for persona in PERSONAS]


def test_every_url_pattern_has_an_entry():
    found = problems(ENTRIES, matrix_patterns())
    assert not found, "The access matrix is incomplete:\n  " + "\n  ".join(found)


@pytest.fixture
def system_token(world):
    from ipcollab.accounts.models import ApiToken, hash_token

    prefix, raw = ApiToken.generate()
    ApiToken.objects.create(
        user=world.system, name="access matrix", prefix=prefix, key_hash=hash_token(raw), scopes=["*"], expires_at=timezone.now() + timedelta(days=1)
    )
    return raw


@pytest.mark.parametrize("entry,persona", CASES)
def test_access(entry, persona, world, client, system_token):
    expected = entry.expected(persona)
    assert expected is not None, f"{entry.origin}: no expectation for {persona}"
    path, response = perform(client, entry, persona, world, token=system_token)
    if response.status_code != expected:
        detail = response.get("Location") or response.content[:300].decode("utf-8", "replace")
        pytest.fail(f"{entry.origin}: {entry.method} {path} as {persona}: expected {expected}, got {response.status_code} ({detail})")
