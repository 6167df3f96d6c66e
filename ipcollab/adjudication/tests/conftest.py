"""Fixtures of the adjudication tests: the Beijing IP office (reference data) with two case
handlers, the 中国（北京）知识产权保护中心 with a hearing room, the basic court where the office sits
(北京市海淀区人民法院, 京0108) with a judge and a clerk, a patentee and an alleged infringer, a granted
utility model with 10 claims."""

import datetime
from types import SimpleNamespace

import pytest

from conftest import make_user
from ipcollab.adjudication import services
from ipcollab.identifiers.patents import patent_check_character
from ipcollab.orgs.models import Agency, HearingRoom, Region
from ipcollab.registry import services as register

D = datetime.date


def patent_number(body):
    return f"{body}.{patent_check_character(body)}"


@pytest.fixture
def bench(world):
    b = SimpleNamespace()
    b.office = Agency.objects.get(code="ipo-beijing")
    b.other_office = Agency.objects.get(code="ipo-shanghai")
    b.centre = Agency.objects.get(code="ppc-beijing")
    b.court = Agency.objects.get(court_code="京0108")
    b.ip_court = Agency.objects.get(court_code="京73")
    b.other_court = Agency.objects.get(court_code="京0105")
    b.handler = make_user("a_handler", b.office, ["case_handler"], full_name="高振华")
    b.handler2 = make_user("a_handler2", b.office, ["case_handler"], full_name="林晓")
    b.viewer = make_user("a_viewer", b.office, ["viewer"], full_name="只读人员")
    b.office_system = make_user("a_system", b.office, [], kind="system", full_name="北京市知识产权局执法系统")
    b.sh_handler = make_user("a_sh_handler", b.other_office, ["case_handler"], full_name="沪承办")
    b.judge = make_user("a_judge", b.court, ["judge"], full_name="海淀法官")
    b.clerk = make_user("a_clerk", b.court, ["clerk"], full_name="海淀书记员")
    b.other_judge = make_user("a_other_judge", b.other_court, ["judge"], full_name="朝阳法官")
    b.ip_judge = make_user("a_ip_judge", b.ip_court, ["judge"], full_name="知产法院法官")
    b.cnipa_examiner = make_user("a_cnipa_examiner", Agency.objects.get(code="cnipa"), ["examiner"], full_name="国知局审查员")
    b.room = HearingRoom.objects.create(agency=b.centre, name="第一审理庭", capacity=30, equipment=["远程视频", "庭审录音录像"], shared_with_courts=True)
    b.owner = register.party_create(actor=world.examiner, kind="organization", name="北京恒远精密机械有限公司")
    b.rival = register.party_create(actor=world.examiner, kind="organization", name="北京宏图智能科技有限公司")
    b.patent = register.right_create(
        actor=world.examiner,
        kind="patent",
        number=patent_number("202120345678"),
        title="一种精密夹持装置",
        filing_date=D(2021, 2, 3),
        parties=[(b.owner, "applicant")],
        claim_count=10,
    )
    register.record_event(world.examiner, b.patent, "granted", D(2021, 9, 14))
    b.haidian = Region.objects.get(code="110108")
    return b


def receive(b, received_on=None, **extra):
    received_on = received_on or D(2025, 6, 2)
    data = {
        "actor": b.handler,
        "region": b.haidian,
        "right": b.patent,
        "requester": b.owner,
        "respondents": [b.rival],
        "claims": [1, 2],
        "facts": "被请求人制造、销售的夹持装置落入专利权利要求1、2的保护范围，请求责令停止侵权。",
        "evidence": ["专利证书", "公证购买的被控侵权产品"],
        "received_on": received_on,
    }
    data.update(extra)
    return services.receive_request(**data)


def decided(b, received_on=None, decided_on=None, decision="infringement"):
    received_on, decided_on = received_on or D(2025, 6, 2), decided_on or D(2025, 8, 20)
    a = receive(b, received_on)
    services.accept(actor=b.handler, adjudication=a, accepted_on=received_on + datetime.timedelta(days=2), handlers=[b.handler, b.handler2])
    services.decide(
        actor=b.handler,
        adjudication=a,
        decision=decision,
        decided_on=decided_on,
        decision_number="京知执字〔2025〕7号决定",
        reasons="被控产品具备权利要求1、2的全部技术特征。",
    )
    a.refresh_from_db()
    return a


def served(b, requester_on=None, respondent_on=None, **kw):
    requester_on, respondent_on = requester_on or D(2025, 8, 25), respondent_on or D(2025, 9, 1)
    a = decided(b, **kw)
    services.serve_decision(actor=b.handler, adjudication=a, party=b.owner, served_on=requester_on, method="post")
    services.serve_decision(actor=b.handler, adjudication=a, party=b.rival, served_on=respondent_on, method="direct")
    a.refresh_from_db()
    return a


def demanded(b, demand_on=None, **kw):
    demand_on = demand_on or D(2025, 9, 26)
    a = served(b, **kw)
    services.record_compliance(actor=b.handler, adjudication=a, complied=False, checked_on=a.window_ends_on + datetime.timedelta(days=1))
    services.serve_demand(actor=b.handler, adjudication=a, served_on=demand_on)
    a.refresh_from_db()
    return a
