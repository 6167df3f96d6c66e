"""Shared fixtures of the freeze register's tests: a granted patent of one owner, two courts
(court A's judge acting alone; court B's clerk acting with its judge signing)."""

import datetime

import pytest

from conftest import make_user
from ipcollab.preservation import services
from ipcollab.registry import services as register
from ipcollab.registry.models import Party

OWNER = "冻结测试科技有限公司"


@pytest.fixture
def patent(world):
    owner = register.party_create(actor=world.examiner, kind="organization", name=OWNER)
    right = register.right_create(
        actor=world.examiner,
        kind="patent",
        number="201810557067.3",
        title="一种冻结测试方法",
        filing_date=datetime.date(2018, 6, 1),
        parties=[(owner, "applicant")],
    )
    register.record_event(world.examiner, right, "granted", datetime.date(2020, 1, 1))
    return right


@pytest.fixture
def courts(world):
    clerk_b = make_user("t_clerk_b", world.court_b, ["clerk"], full_name="乙院书记员")
    return {"a": (world.judge_a, world.judge_a), "b": (clerk_b, world.judge_b)}


def submit(court, right, case="(2026)京民初1号", amount=6, unit="months"):
    """Court (actor, signing judge) freezes the owner's right."""
    actor, judge = court
    party = Party.objects.get(name=OWNER)
    return services.submit_order(actor=actor, right=right, case_number=case, party=party, period_amount=amount, period_unit=unit, signing_judge=judge)
