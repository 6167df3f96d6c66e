"""Builders of the agreements tests: a registered organisation in Beijing (Haidian) with a
mediator, real courts of the reference data (京73, 京0108), a patent, two parties, and mediations
of each source in the state "active" (the workflow's assignment and acceptance are not what these
tests are about: the rows are written directly)."""

import datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from conftest import make_agency, make_user
from ipcollab.identifiers.patents import patent_check_character
from ipcollab.mediation import confirmation
from ipcollab.mediation.models import Mediation, MediationParty, Mediator, Organisation
from ipcollab.orgs.models import Agency, Region
from ipcollab.registry import services as register

D = datetime.date
# These tests confirm, apply and accept "today"; a fixed day keeps every period they compute inside
# the published holiday calendar whatever day the suite runs on (import it into each test module).
TODAY = datetime.datetime(2026, 11, 20, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture(autouse=True)
def fixed_today():
    with time_machine.travel(TODAY, tick=True):
        yield


PDF = b"%PDF-1.4\n% signed agreement\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def patent_number(body):
    return f"{body}.{patent_check_character(body)}"


def signed_pdf(name="signed.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def build(world):
    b = SimpleNamespace(world=world)
    haidian = Region.objects.get(code="110108")
    b.ip_court = Agency.objects.get(court_code="京73")
    b.basic = Agency.objects.get(court_code="京0108")
    b.sh_court = Agency.objects.get(court_code="沪73")
    b.cnipa = Agency.objects.get(code="cnipa")
    b.org_agency = make_agency("t-med-hd", "北京市海淀区知识产权纠纷人民调解委员会", kind="mediation", level="county", region=haidian)
    b.mediator_user = make_user("t_mediator", b.org_agency, ["mediator"], full_name="赵调解员")
    b.org_liaison = make_user("t_med_liaison", b.org_agency, ["liaison"], full_name="钱联络员")
    b.other_mediator = make_user("t_mediator2", b.org_agency, ["mediator"], full_name="孙调解员")
    b.org = Organisation.objects.create(agency=b.org_agency, fields=["patent", "trademark"], region=haidian, registered_on=D(2025, 1, 2), liaison=b.org_liaison)
    b.mediator = Mediator.objects.create(organisation=b.org, user=b.mediator_user, fields=["patent"], registered_on=D(2025, 1, 2))
    b.judge = make_user("t_bj73_judge", b.ip_court, ["judge"], full_name="林法官")
    b.clerk = make_user("t_bj73_clerk", b.ip_court, ["clerk"], full_name="何书记员")
    b.basic_judge = make_user("t_hd_judge", b.basic, ["judge"], full_name="海法官")
    b.sh_judge = make_user("t_sh73_judge", b.sh_court, ["judge"], full_name="沪法官")
    b.cnipa_examiner = make_user("t_cnipa_examiner", b.cnipa, ["examiner"], full_name="国审查员")
    b.owner = register.party_create(actor=world.examiner, kind="organization", name="北京恒远精密机械有限公司", region_code="110108")
    b.rival = register.party_create(actor=world.examiner, kind="organization", name="深圳市宏图智能科技有限公司", region_code="440305")
    b.patent = register.right_create(
        actor=world.examiner,
        kind="patent",
        number=patent_number("201910234567"),
        title="一种精密加工方法",
        filing_date=D(2019, 3, 5),
        parties=[(b.owner, "applicant")],
        patent_kind="invention",
        claim_count=8,
    )
    register.record_event(world.examiner, b.patent, "granted", D(2022, 6, 7))
    b.rep = register.representative_create(actor=world.examiner, kind="lawyer", name="周律师", licence_number="11101201810012345")
    return b


_counter = [0]


def mediation(b, source="direct", court=None, field="patent", with_rights=True):
    _counter[0] += 1
    n = _counter[0]
    m = Mediation.objects.create(
        number=f"京海调〔2026〕{n}号",
        source=source,
        organisation=b.org,
        field=field,
        title="专利侵权纠纷",
        court=court,
        court_number=f"（2026）京73民诉前调{n}号" if source == "pre_suit" else "",
        office=b.cnipa if source == "administrative" else None,
        received_on=D(2026, 1, 5),
        status="active",
        mediator=b.mediator,
        assigned_at=timezone.now(),
        accepted_at=timezone.now(),
        due_on=D(2026, 12, 31),
    )
    if with_rights:
        m.rights.add(b.patent)
    m.applicant = MediationParty.objects.create(mediation=m, party=b.owner, side="applicant", order=1, email="owner@example.cn", phone="13800138000")
    m.respondent = MediationParty.objects.create(mediation=m, party=b.rival, side="respondent", order=2, email="rival@example.cn", phone="13900139000")
    return m


def external(username, name):
    return make_user(username, None, [], kind="external", full_name=name)


def bind(m, applicant_user=None, respondent_user=None):
    if applicant_user:
        MediationParty.objects.filter(pk=m.applicant.pk).update(user=applicant_user)
        m.applicant.user = applicant_user
    if respondent_user:
        MediationParty.objects.filter(pk=m.respondent.pk).update(user=respondent_user)
        m.respondent.user = respondent_user


def payment_terms(m, amount="300000.00"):
    return [
        {
            "kind": "payment",
            "obliged": m.respondent.pk,
            "beneficiary": m.applicant.pk,
            "amount": amount,
            "instalments": [{"due_on": "2026-12-31", "amount": "100000.00"}, {"due_on": "2027-03-31", "amount": "200000.00"}],
        },
        {"kind": "cessation", "obliged": m.respondent.pk, "right": b_patent(m), "details": {"conduct": "制造、销售侵权产品"}},
    ]


def b_patent(m):
    return m.rights.first().pk


def circulated(b, m, terms=None):
    agreement = confirmation.draft_agreement(actor=b.mediator_user, mediation=m, preamble="双方同意以下列条款解决纠纷。", terms=terms or payment_terms(m))
    return confirmation.circulate(actor=b.mediator_user, agreement=agreement)


def effective(b, m, terms=None, users=None):
    """An agreement confirmed by both parties online (accounts bound to both)."""
    users = users or (external(f"t_app_{m.pk}", "恒远"), external(f"t_resp_{m.pk}", "宏图"))
    bind(m, *users)
    agreement = circulated(b, m, terms)
    confirmation.confirm_online(actor=users[0], agreement=agreement, text_hash_confirmed=agreement.text_hash)
    confirmation.confirm_online(actor=users[1], agreement=agreement, text_hash_confirmed=agreement.text_hash)
    agreement.refresh_from_db()
    return agreement
