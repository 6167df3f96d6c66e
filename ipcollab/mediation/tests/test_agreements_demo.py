"""The demo of agreements and judicial confirmation, seeded after the demo logins and the mediation
workflow's demo: every state, through the services; party_demo bound to a matter waiting for its
confirmation; idempotent."""

import pytest
from django.core.management import call_command

from ipcollab.accounts.models import User
from ipcollab.demo.mediation import seed_mediation
from ipcollab.demo.mediation_agreements import SOURCE, seed_mediation_agreements
from ipcollab.mediation.models import Agreement, ConfirmationApplication, Invitation, Mediation, PartyConfirmation

from .agreements_setup import fixed_today  # noqa: F401  (autouse)


@pytest.fixture
def seeded(db, tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path)
    settings.BASE_DIR = tmp_path
    if not Mediation.objects.filter(source_system="demo-mediation").exists():
        if not User.objects.filter(username="party_demo").exists():
            call_command("seed_demo", size="small", seed=3, rights_scale=0.1)
        seed_mediation(seed=1)
    seed_mediation_agreements(seed=1)


def test_every_state_of_agreements_and_applications(seeded):
    ours = Agreement.objects.filter(mediation__source_system=SOURCE)
    assert {"draft", "circulated", "superseded", "effective"} <= set(ours.values_list("status", flat=True))
    applications = ConfirmationApplication.objects.filter(agreement__mediation__source_system=SOURCE)
    states = set(applications.values_list("status", "ruling"))
    assert {("filed", ""), ("accepted", ""), ("ruled", "valid"), ("ruled", "invalid"), ("not_accepted", "")} <= states
    assert applications.filter(extended=True).exists()
    assert applications.filter(agreement__mediation__source="administrative", court__court_code="京73").exists()
    assert PartyConfirmation.objects.filter(agreement__in=ours, method="signed").exists()
    assert Invitation.objects.filter(party__mediation__source_system=SOURCE, used_at__isnull=True, revoked_at__isnull=True).exists()
    waiting = Agreement.objects.get(mediation__source_system=SOURCE, status="circulated", mediation__parties__user__username="party_demo")
    assert not waiting.confirmations.filter(party__user__username="party_demo").exists()
    # the demo login takes part as the company its account is named after
    bound = waiting.mediation.parties.get(user__username="party_demo")
    assert bound.party.name == User.objects.get(username="party_demo").full_name == "深圳市云启智能科技有限公司"
    assert waiting.confirmations.count() == 1


def test_seeding_twice_writes_nothing(seeded):
    count = Agreement.objects.count()
    seed_mediation_agreements(seed=1)
    assert Agreement.objects.count() == count
