"""The demo mediations (ipcollab/demo/mediation.py) build through the services: every source and
state, the court follow-ups, the organisations and mediators — and seeding twice writes nothing."""

import datetime

import pytest

from conftest import make_user
from ipcollab.demo.mediation import seed_mediation
from ipcollab.identifiers.patents import patent_check_character
from ipcollab.mediation.models import Mediation, Mediator, Organisation
from ipcollab.orgs.models import Agency
from ipcollab.registry import services as register


@pytest.fixture
def demo_people(world):
    make_user("admin", world.office, ["platform_admin"], full_name="林志远")
    make_user("bj73_judge", Agency.objects.get(court_code="京73"), ["judge"], full_name="刘思远")
    make_user("bj73_clerk", Agency.objects.get(court_code="京73"), ["clerk"], full_name="何雨轩")
    make_user("sh73_judge", Agency.objects.get(court_code="沪73"), ["judge"], full_name="程立新")
    make_user("gz73_judge", Agency.objects.get(court_code="粤73"), ["judge"], full_name="梁志强")
    make_user("bjipo_handler", Agency.objects.get(code="ipo-beijing"), ["case_handler"], full_name="高振华")
    make_user("mediator", Agency.objects.get(code="med-beijing"), ["mediator"], full_name="冯德华")
    examiner = make_user("cnipa_examiner", Agency.objects.get(code="cnipa"), ["examiner"], full_name="马宇航")
    for i in range(8):
        body = f"20211{345670 + i:07d}"
        owner = register.party_create(actor=examiner, kind="organization", name=f"演示专利权人{i + 1}号科技有限公司")
        right = register.right_create(
            actor=examiner,
            kind="patent",
            number=f"{body}.{patent_check_character(body)}",
            title=f"一种演示装置{i + 1}",
            filing_date=datetime.date(2021, 3, 1),
            parties=[(owner, "applicant")],
            claim_count=6,
        )
        register.record_event(examiner, right, "granted", datetime.date(2022, 1, 4))


def test_demo_mediations_cover_every_state(demo_people):
    seed_mediation(seed=1)
    assert Organisation.objects.count() == 6
    assert Mediator.objects.count() == 11
    demo = Mediation.objects.filter(source_system="demo-mediation")
    assert demo.count() == 20
    assert set(demo.values_list("source", flat=True)) == {"pre_suit", "in_suit", "direct", "administrative"}
    assert set(demo.values_list("status", flat=True)) == {"awaiting", "assigned", "active", "closed"}
    assert set(demo.exclude(outcome="").values_list("outcome", flat=True)) == {"agreement", "failure", "withdrawal"}
    assert set(demo.exclude(court_follow_up="").values_list("court_follow_up", flat=True)) == {"filed", "statement", "withdrawn", "continued"}
    assert demo.filter(extended_days__gt=0).exists()
    assert demo.filter(sessions__held=True).exists() and demo.filter(documents__isnull=False).exists()
    seed_mediation(seed=1)
    assert Mediation.objects.filter(source_system="demo-mediation").count() == 20
