"""Records the mediation workflow tests share (imported by test_workflow*.py, test_pages.py,
test_api.py, test_tasks.py): real agencies of the reference data — the Beijing IP Court (京73),
the Beijing and Shanghai IP mediation committees, the Beijing IP office — their people, two
companies in a patent dispute, and helpers that start mediations through the services."""

import datetime
from types import SimpleNamespace

from conftest import make_user
from ipcollab.identifiers.patents import patent_check_character
from ipcollab.mediation import services
from ipcollab.orgs.models import Agency
from ipcollab.registry import services as register

D = datetime.date
PRE_SUIT_RECEIVED = D(2026, 1, 12)
SUIT_FILED = D(2026, 1, 5)
IN_SUIT_RECEIVED = D(2026, 3, 2)


def patent_number(body):
    return f"{body}.{patent_check_character(body)}"


def build(world):
    s = SimpleNamespace(world=world)
    s.court = Agency.objects.get(court_code="京73")
    s.judge = make_user("m_judge", s.court, ["judge"], full_name="刘法官")
    s.clerk = make_user("m_clerk", s.court, ["clerk"], full_name="吴书记员")
    s.bj = Agency.objects.get(code="med-beijing")
    s.sh = Agency.objects.get(code="med-shanghai")
    s.ipo = Agency.objects.get(code="ipo-beijing")
    s.bj_admin = make_user("m_bj_admin", s.bj, ["agency_admin"], full_name="赵主任")
    s.bj_liaison = make_user("m_bj_liaison", s.bj, [], full_name="钱联络")
    s.med1 = make_user("m_med1", s.bj, ["mediator"], full_name="孙调解")
    s.med2 = make_user("m_med2", s.bj, ["mediator"], full_name="李调解")
    s.sh_admin = make_user("m_sh_admin", s.sh, ["agency_admin"], full_name="周主任")
    s.med_sh = make_user("m_med_sh", s.sh, ["mediator"], full_name="吴调解")
    s.ipo_admin = make_user("m_ipo_admin", s.ipo, ["agency_admin"], full_name="郑处长")
    s.ipo_handler = make_user("m_ipo_handler", s.ipo, ["examiner"], full_name="王处理")
    s.ipo_mediator = make_user("m_ipo_med", s.ipo, ["mediator"], full_name="冯调解")
    s.org = services.register_organisation(
        actor=s.bj_admin, agency=s.bj, fields=["patent", "trademark"], languages=["zh", "en"], capacity=40, liaison=s.bj_liaison
    )
    s.org_sh = services.register_organisation(actor=s.sh_admin, agency=s.sh, fields=["patent"])
    s.org_ipo = services.register_organisation(actor=s.ipo_admin, agency=s.ipo, fields=["patent"])
    s.m1 = services.register_mediator(actor=s.bj_admin, organisation=s.org, user=s.med1, fields=["patent"], title="高级工程师")
    s.m2 = services.register_mediator(actor=s.bj_admin, organisation=s.org, user=s.med2, fields=["trademark"], languages=["zh", "en"])
    s.m_sh = services.register_mediator(actor=s.sh_admin, organisation=s.org_sh, user=s.med_sh)
    s.m_ipo = services.register_mediator(actor=s.ipo_admin, organisation=s.org_ipo, user=s.ipo_mediator)
    s.owner = register.party_create(actor=world.examiner, kind="organization", name="北京恒远精密机械有限公司")
    s.rival = register.party_create(actor=world.examiner, kind="organization", name="深圳市宏图智能科技有限公司")
    s.patent = register.right_create(
        actor=world.examiner,
        kind="patent",
        number=patent_number("202120345678"),
        title="一种精密夹持装置",
        filing_date=D(2021, 2, 3),
        parties=[(s.owner, "applicant")],
        claim_count=10,
    )
    register.record_event(world.examiner, s.patent, "granted", D(2021, 9, 14))
    return s


def parties(s):
    return [
        {"party": s.owner, "side": "applicant", "email": "legal@hengyuan.example.cn"},
        {"party": s.rival, "side": "respondent", "phone": "13800000000"},
    ]


def pre_suit(s, number="（2026）京73民诉前调101号", received_on=PRE_SUIT_RECEIVED, **extra):
    values = {
        "actor": s.judge,
        "source": "pre_suit",
        "organisation": s.org,
        "title": "恒远诉宏图侵害实用新型专利权纠纷",
        "parties": parties(s),
        "received_on": received_on,
        "court_number": number,
        "rights": [s.patent],
        "claim_amount": "500000",
        **extra,
    }
    return services.start_mediation(**values)


def suit(s, number="（2026）京73民初101号", filed_on=SUIT_FILED):
    from ipcollab.proceedings import services as proceedings

    return proceedings.file_case(
        actor=s.judge,
        number=number,
        cause="patent_infringement_utility_model",
        filed_on=filed_on,
        parties=[{"party": s.owner, "role": "plaintiff"}, {"party": s.rival, "role": "defendant"}],
        rights=[{"right": s.patent, "claims": [1, 2]}],
        judge=s.judge,
        clerk=s.clerk,
    )


def in_suit(s, case=None, received_on=IN_SUIT_RECEIVED, **extra):
    case = case or suit(s)
    return services.start_mediation(
        actor=s.clerk,
        source="in_suit",
        organisation=s.org,
        title="恒远诉宏图侵害实用新型专利权纠纷（委托调解）",
        parties=parties(s),
        received_on=received_on,
        case=case,
        rights=[s.patent],
        **extra,
    )


def active(s, mediation, accepted_on=None, mediator=None):
    """Assign (to m1 by default) and accept."""
    mediator = mediator or s.m1
    services.assign(actor=s.bj_liaison, mediation=mediation, mediator=mediator)
    return services.accept(actor=mediator.user, mediation=mediation, accepted_on=accepted_on or mediation.received_on)


def effective_agreement(mediation):
    """An effective agreement row (the agreements module writes these through its own services)."""
    from ipcollab.mediation.models import Agreement

    return Agreement.objects.create(mediation=mediation, status="effective", effective_on=mediation.received_on, preamble="双方同意……")
