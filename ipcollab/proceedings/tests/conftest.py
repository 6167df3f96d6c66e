"""Fixtures of the proceedings tests: real courts of the reference data (Beijing IP Court 京73,
Beijing High Court 京, the SPC), CNIPA with an examiner, and patents with claims."""

import datetime
from types import SimpleNamespace

import pytest

from conftest import make_user
from ipcollab.identifiers.patents import patent_check_character
from ipcollab.orgs.models import Agency
from ipcollab.proceedings import services
from ipcollab.registry import services as register

D = datetime.date


def patent_number(body):
    return f"{body}.{patent_check_character(body)}"


@pytest.fixture
def bench(world):
    """Courts, people, parties and patents for proceedings on both tracks."""
    b = SimpleNamespace()
    b.ip_court = Agency.objects.get(court_code="京73")
    b.high = Agency.objects.get(court_code="京")
    b.spc = Agency.objects.get(court_code="最高法")
    b.cnipa = Agency.objects.get(code="cnipa")
    b.judge = make_user("p_judge", b.ip_court, ["judge"], full_name="刘法官")
    b.judge2 = make_user("p_judge2", b.ip_court, ["judge"], full_name="孙法官")
    b.clerk = make_user("p_clerk", b.ip_court, ["clerk"], full_name="吴书记员")
    b.high_judge = make_user("p_high_judge", b.high, ["judge"], full_name="郑法官")
    b.spc_judge = make_user("p_spc_judge", b.spc, ["judge"], full_name="冯法官")
    b.examiner = make_user("p_examiner", b.cnipa, ["examiner"], full_name="韩审查员")
    b.examiner2 = make_user("p_examiner2", b.cnipa, ["examiner"], full_name="杨审查员")
    b.owner = register.party_create(actor=world.examiner, kind="organization", name="北京恒远精密机械有限公司")
    b.rival = register.party_create(actor=world.examiner, kind="organization", name="深圳市宏图智能科技有限公司")
    b.um = register.right_create(
        actor=world.examiner,
        kind="patent",
        number=patent_number("202120345678"),
        title="一种精密夹持装置",
        filing_date=D(2021, 2, 3),
        parties=[(b.owner, "applicant")],
        claim_count=10,
    )
    register.record_event(world.examiner, b.um, "granted", D(2021, 9, 14))
    b.invention = register.right_create(
        actor=world.examiner,
        kind="patent",
        number=patent_number("201910234567"),
        title="一种精密加工方法",
        filing_date=D(2019, 3, 5),
        parties=[(b.owner, "applicant")],
        claim_count=8,
    )
    register.record_event(world.examiner, b.invention, "granted", D(2022, 6, 7))
    return b


def suit(b, number="（2026）京73民初101号", right=None, claims=(1, 2, 3), filed_on=None, served=None, **extra):
    filed_on, served = filed_on or D(2026, 3, 2), served or D(2026, 3, 10)
    right = right or b.um
    cause = "patent_infringement_utility_model" if right.patent_kind == "utility_model" else "patent_infringement_invention"
    return services.file_case(
        actor=b.judge,
        number=number,
        cause=cause,
        filed_on=filed_on,
        parties=[{"party": b.owner, "role": "plaintiff"}, {"party": b.rival, "role": "defendant"}],
        rights=[{"right": right, "claims": list(claims)}],
        judge=b.judge,
        clerk=b.clerk,
        complaint_served_on=served,
        **extra,
    )


def invalidation(b, number="4W120001", right=None, filed_on=None, claims=(1, 2, 3)):
    filed_on = filed_on or D(2026, 3, 20)
    return services.record_office_proceeding(
        actor=b.examiner,
        kind="patent_invalidation",
        number=number,
        right=right or b.um,
        filed_on=filed_on,
        parties=[{"party": b.rival, "role": "requester"}, {"party": b.owner, "role": "owner"}],
        grounds=["专利法第22条第3款：不具备创造性"],
        evidence=["证据1：CN108123456A", "证据2：US2019/0123456A1"],
        claims=list(claims),
        handler=b.examiner,
    )
