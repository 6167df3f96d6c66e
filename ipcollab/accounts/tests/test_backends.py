"""The password backend (accounts.backends): a session's user comes with their agency, and Django's
per-model permission rows are never read — rules grant by role — while passwords, inactive users
and superusers behave as Django's own backend has them."""

import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.models import Permission
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from ipcollab.accounts.backends import AccountBackend

pytestmark = pytest.mark.django_db


def test_the_user_of_a_session_comes_with_the_agency(world):
    user = AccountBackend().get_user(world.judge_a.pk)
    with CaptureQueriesContext(connection) as ctx:
        assert user.agency.pk == world.judge_a.agency_id
    assert len(ctx.captured_queries) == 0


def test_an_inactive_or_missing_user_has_no_session_user(world):
    world.judge_a.is_active = False
    world.judge_a.save(update_fields=["is_active"])
    assert AccountBackend().get_user(world.judge_a.pk) is None
    assert AccountBackend().get_user(10**12) is None


def test_permission_rows_grant_nothing_and_cost_no_query(world):
    judge = AccountBackend().get_user(world.judge_a.pk)
    judge.user_permissions.add(Permission.objects.get(codename="change_user"))
    judge = AccountBackend().get_user(world.judge_a.pk)
    with CaptureQueriesContext(connection) as ctx:
        assert not judge.has_perm("accounts.change_user")
        assert not judge.has_perm("registry.import")  # a rule that says no for a judge
    assert all("auth_permission" not in q["sql"] for q in ctx.captured_queries)
    assert judge.has_perm("registry.view")  # the rules still grant by role


def test_passwords_still_authenticate(world):
    world.judge_a.set_password("Correct-Horse-2026")
    world.judge_a.save(update_fields=["password"])
    request = RequestFactory().post("/accounts/login/")
    assert authenticate(request, username=world.judge_a.username, password="Correct-Horse-2026") == world.judge_a
    assert authenticate(request, username=world.judge_a.username, password="wrong") is None
