"""The adjudication demo: a dozen adjudications in every state at four offices, made through the
services; rooms at the protection centres, some booked by courts; seeding twice adds nothing."""

import pytest

from ipcollab.adjudication.models import Adjudication, ApplicationStatus, EnforcementApplication, Stage
from ipcollab.demo.adjudication import seed_adjudication
from ipcollab.orgs.models import RoomBooking

pytestmark = pytest.mark.django_db


def test_seed_adjudication_every_state():
    seed_adjudication(seed=1)
    stages = set(Adjudication.objects.values_list("stage", flat=True))
    assert {
        Stage.RECEIVED,
        Stage.REFUSED,
        Stage.ACCEPTED,
        Stage.DECIDED,
        Stage.SERVED,
        Stage.SUED,
        Stage.COMPLIED,
        Stage.DEMANDED,
        Stage.ENFORCEMENT,
        Stage.ENFORCED,
    } <= stages
    assert Adjudication.objects.count() == 13
    assert Adjudication.objects.filter(suspended=True).count() == 1
    assert Adjudication.objects.filter(mediation__isnull=False).count() == 1
    assert set(Adjudication.objects.values_list("office__code", flat=True)) == {"ipo-beijing", "ipo-shanghai", "ipo-guangdong", "ipo-jiangsu"}
    assert EnforcementApplication.objects.filter(status=ApplicationStatus.RULED, case_number="（2026）京0108行审12号").exists()
    assert EnforcementApplication.objects.filter(status=ApplicationStatus.FILED, court__court_code="沪0115").exists()
    assert RoomBooking.objects.filter(agency__kind="court").count() == 2
    seed_adjudication(seed=1)
    assert Adjudication.objects.count() == 13
