"""Demo agreements and judicial confirmation (issue 7, points 3–5), through the services: the
parties invited online (their accounts created by taking up the invitation; the demo login
`party_demo` — 深圳市云启智能科技有限公司 — bound to a matter whose agreement waits for its
confirmation, and an open invitation to another party), agreements in every state (draft,
circulated and partly confirmed, a version superseded, effective through online and paper
confirmations), applications for judicial confirmation in every state (filed, accepted with a 民特
number, extended, ruled valid — the licence term then recorded by CNIPA —, ruled invalid, not
accepted), and an administrative mediation of the Beijing IP office confirmed at 北京知识产权法院
under a pilot registered by the platform admin.

Runs after seed_mediation (its organisations and mediators: med-beijing, ipo-beijing). Dates count
back from the same anchor (today, at the latest 2026-11-26). Idempotent: nothing is written when
the demo agreements exist."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from ipcollab.accounts.models import User
from ipcollab.core.errors import ServiceError
from ipcollab.mediation import confirmation, portal
from ipcollab.mediation import services as mediation
from ipcollab.mediation.models import ConfirmationPilot, Mediation, Mediator, Organisation
from ipcollab.orgs.models import Agency
from ipcollab.registry import services as register
from ipcollab.registry.models import Party, Right

from .accounts import DEMO_PASSWORD

D = datetime.date
SOURCE = "demo-agreements"
LATEST_ANCHOR = D(2026, 11, 26)

# (applicant, region, respondent, region): realistic companies, GB/T 2260 codes of their seats
PARTIES = [
    ("北京智源精工科技有限公司", "110108", "深圳市云启智能科技有限公司", "440305"),
    ("北京华清光电技术有限公司", "110108", "东莞市鼎泰精密模具有限公司", "441900"),
    ("北京中科恒达材料有限公司", "110105", "苏州市启航自动化设备有限公司", "320505"),
    ("北京联创医疗器械有限公司", "110108", "宁波市安泰医疗用品有限公司", "330212"),
    ("北京京北机电设备有限公司", "110106", "佛山市南海恒润五金有限公司", "440605"),
    ("北京瀚海数控技术有限公司", "110108", "温州市瓯江电气有限公司", "330302"),
    ("北京正阳新能源科技有限公司", "110105", "常州市金坛锂电材料有限公司", "320413"),
    ("北京博远环保设备有限公司", "110108", "台州市黄岩塑料机械有限公司", "331003"),
    ("北京天衡仪器仪表有限公司", "110102", "厦门市海沧传感科技有限公司", "350205"),
    ("北京清源水处理技术有限公司", "110108", "中山市小榄净水设备有限公司", "442000"),
]


class _World:
    def __init__(self, seed):
        today = timezone.localdate()
        self.anchor = min(today, LATEST_ANCHOR)
        self.seed = seed
        self.n = 0
        self.users = {
            u.username: u for u in User.objects.filter(username__in=["admin", "bj73_judge", "bj73_clerk", "cnipa_examiner", "bjipo_handler", "party_demo"])
        }
        self.examiner = self.users.get("cnipa_examiner")

    def day(self, n):
        return self.anchor - datetime.timedelta(days=n)


def _mediator(code):
    org = Organisation.objects.select_related("agency").filter(agency__code=code).first()
    if org is None:
        return None, None
    m = Mediator.objects.select_related("user").filter(organisation=org, active=True).order_by("pk").first()
    return org, m


def _party(w, name, region):
    return Party.objects.filter(name=name).first() or register.party_create(actor=w.examiner, kind="organization", name=name, region_code=region)


def _right(w):
    rights = list(Right.objects.filter(kind="patent", status="granted", patent_kind="invention").order_by("pk")[:40])
    return rights[(w.n * 7 + w.seed) % len(rights)] if rights else None


def _start(w, source, org, mediator, received, accepted, *, court=None, actor=None, party_demo=False, title=""):
    # party_demo's account is 深圳市云启智能科技有限公司: it takes part as that company (PARTIES[0])
    applicant_name, a_region, respondent_name, r_region = PARTIES[0] if party_demo else PARTIES[w.n % len(PARTIES)]
    w.n += 1
    applicant, respondent = _party(w, applicant_name, a_region), _party(w, respondent_name, r_region)
    right = _right(w)
    number = ""
    if source == "pre_suit":
        number = next(
            f"（{received.year}）{court.court_code}民诉前调{n}号"
            for n in range(8001, 8999)
            if not Mediation.objects.filter(court=court, court_number=f"（{received.year}）{court.court_code}民诉前调{n}号").exists()
        )
    respondent_email = w.users["party_demo"].email if party_demo and "party_demo" in w.users else f"legal{w.n:02d}@respondent.example.cn"
    m = mediation.start_mediation(
        actor=actor,
        source=source,
        organisation=org,
        title=(title or f"{applicant.name}诉{respondent.name}侵害发明专利权纠纷")[:300],
        parties=[
            {"party": applicant, "side": "applicant", "email": f"ip{w.n:02d}@applicant.example.cn", "phone": f"1381001{w.n:04d}"},
            {"party": respondent, "side": "respondent", "email": respondent_email, "phone": f"1391002{w.n:04d}"},
        ],
        received_on=received,
        field="patent",
        summary="申请人主张被申请人制造、销售的产品落入涉案发明专利权利要求的保护范围，请求停止侵权并赔偿损失。",
        claim_amount="500000.00",
        court=court,
        court_number=number,
        rights=[right] if right else [],
        source_system=SOURCE,
        source_id=f"agreements-{w.n:03d}",
    )
    liaison = org.liaison or User.objects.filter(agency=org.agency, memberships__role__code="agency_admin").first()
    mediation.assign(actor=liaison or w.users["admin"], mediation=m, mediator=mediator)
    mediation.accept(actor=mediator.user, mediation=m, accepted_on=accepted)
    return Mediation.objects.get(pk=m.pk)


def _online(w, m, which=("applicant", "respondent")):
    """Each named party invited by e-mail and taking the invitation up (account created, or the
    existing external account with that e-mail reused); returns {side: user}."""
    users = {}
    for mp in m.parties.filter(side__in=which).order_by("order"):
        _inv, token, code = portal.invite(actor=m.mediator.user, party=mp, channel="email", return_secrets=True)
        users[mp.side] = portal.take_up(token=token, code=code, password=DEMO_PASSWORD)
    return users


def _terms(m, right, *, licence=False):
    applicant, respondent = m.parties.order_by("order")
    terms = [
        {
            "kind": "payment",
            "obliged": respondent.pk,
            "beneficiary": applicant.pk,
            "amount": "300000.00",
            "instalments": [
                {"due_on": (m.received_on + datetime.timedelta(days=60)).isoformat(), "amount": "100000.00"},
                {"due_on": (m.received_on + datetime.timedelta(days=150)).isoformat(), "amount": "200000.00"},
            ],
            "text": "逾期未付的，申请人可就未付部分一并申请强制执行。",
        },
        {"kind": "cessation", "obliged": respondent.pk, "right": right.pk if right else None, "details": {"conduct": "制造、销售、许诺销售涉案产品"}},
    ]
    if licence and right:
        terms.append(
            {
                "kind": "licence",
                "obliged": applicant.pk,
                "beneficiary": respondent.pk,
                "right": right.pk,
                "details": {
                    "type": "ordinary",
                    "territory": "中国大陆",
                    "period_from": (m.received_on + datetime.timedelta(days=30)).isoformat(),
                    "period_to": (m.received_on + datetime.timedelta(days=30 + 3 * 365)).isoformat(),
                },
                "text": "许可使用费按被申请人年销售额的百分之三计算，每年度结算一次。",
            }
        )
    return terms


def _circulated(m, *, licence=False):
    right = m.rights.first()
    agreement = confirmation.draft_agreement(
        actor=m.mediator.user, mediation=m, preamble="经调解，双方当事人自愿达成如下协议：", terms=_terms(m, right, licence=licence)
    )
    return confirmation.circulate(actor=m.mediator.user, agreement=agreement)


def _effective(w, m, *, licence=False):
    users = _online(w, m)
    agreement = _circulated(m, licence=licence)
    for side in ("applicant", "respondent"):
        confirmation.confirm_online(actor=users[side], agreement=agreement, text_hash_confirmed=agreement.text_hash)
    agreement.refresh_from_db()
    return agreement


def _accepted(w, application, n, judge):
    court = application.court
    return confirmation.accept_application(actor=judge, application=application, case_number=f"（{w.anchor.year}）{court.court_code}民特{n}号", judge=judge)


def seed_mediation_agreements(*, seed=1):
    """Agreements and judicial confirmation in every state (see the module's text)."""
    if Mediation.objects.filter(source_system=SOURCE).exists():
        return
    w = _World(seed)
    org, mediator = _mediator("med-beijing")
    if org is None or mediator is None or not w.users.get("bj73_judge"):
        return
    bj73 = Agency.objects.get(court_code="京73")
    judge, clerk = w.users["bj73_judge"], w.users.get("bj73_clerk")

    def pre_suit(received, accepted, **extra):
        return _start(w, "pre_suit", org, mediator, w.day(received), w.day(accepted), court=bj73, actor=judge, **extra)

    # 1. a draft agreement
    m = pre_suit(9, 8)
    right = m.rights.first()
    confirmation.draft_agreement(actor=mediator.user, mediation=m, preamble="（草稿）经调解，双方初步同意：", terms=_terms(m, right))
    # 2. party_demo's matter: circulated, the applicant confirmed online, party_demo still to confirm
    m = pre_suit(10, 9, party_demo=True)
    users = _online(w, m)
    agreement = _circulated(m)
    confirmation.confirm_online(actor=users["applicant"], agreement=agreement, text_hash_confirmed=agreement.text_hash)
    # 3. a circulated version superseded by a second one (the first's confirmation does not carry over);
    #    the respondent has an open invitation (the e-mail went to the console)
    m = pre_suit(14, 13)
    users = _online(w, m, which=("applicant",))
    first = _circulated(m)
    confirmation.confirm_online(actor=users["applicant"], agreement=first, text_hash_confirmed=first.text_hash)
    second = confirmation.draft_agreement(
        actor=mediator.user, mediation=m, preamble="经调解，双方当事人自愿达成如下协议（第二稿，调整分期）：", terms=_terms(m, m.rights.first())
    )
    confirmation.circulate(actor=mediator.user, agreement=second)
    portal.invite(actor=mediator.user, party=m.parties.get(side="respondent"), channel="email")
    # 4. effective through paper confirmations (both parties signed at the centre): not applied yet
    m = pre_suit(16, 15)
    agreement = _circulated(m)
    for mp in m.parties.order_by("order"):
        pdf = SimpleUploadedFile("signed.pdf", b"%PDF-1.4\n% demo signed agreement " + mp.party.name.encode())
        confirmation.record_paper_confirmation(actor=mediator.user, agreement=agreement, party=mp, upload=pdf)
    # 5. applied, awaiting the court's acceptance
    m = pre_suit(20, 19)
    confirmation.apply_for_confirmation(actor=m.parties.get(side="applicant").user or mediator.user, agreement=_effective(w, m))
    # 6. accepted, the ruling due
    m = pre_suit(22, 21)
    application = confirmation.apply_for_confirmation(actor=mediator.user, agreement=_effective(w, m))
    _accepted(w, application, 8101, judge)
    # 7. accepted and extended with the president's approval
    m = pre_suit(24, 23)
    application = confirmation.apply_for_confirmation(actor=mediator.user, agreement=_effective(w, m))
    application = _accepted(w, application, 8102, judge)
    confirmation.extend_application(actor=judge, application=application, approval="需核实许可使用费的计算依据，经院长批准延长十日")
    # 8. ruled valid (the dossier shows the terms confirmed); CNIPA records the licence term
    m = pre_suit(26, 25)
    agreement = _effective(w, m, licence=True)
    application = confirmation.apply_for_confirmation(actor=mediator.user, agreement=agreement)
    application = _accepted(w, application, 8103, judge)
    confirmation.rule_application(actor=judge, application=application, ruling="valid", reason="调解协议系双方自愿达成，内容不违反法律、行政法规的强制性规定。")
    licence = agreement.terms.filter(kind="licence").first()
    if licence is not None and w.examiner is not None:
        try:
            confirmation.record_term_on_register(actor=w.examiner, term=licence)
        except ServiceError:  # a demo right whose legal status refuses the licence keeps the term unrecorded
            pass
    # 9. ruled invalid: the parties are told their options
    m = pre_suit(27, 26)
    application = confirmation.apply_for_confirmation(actor=mediator.user, agreement=_effective(w, m))
    application = _accepted(w, application, 8104, judge)
    confirmation.rule_application(actor=judge, application=application, ruling="invalid", reason="协议约定的许可使用费条款与当事人另案的生效判决相冲突。")
    # 10. not accepted
    m = pre_suit(28, 27)
    application = confirmation.apply_for_confirmation(actor=mediator.user, agreement=_effective(w, m))
    confirmation.refuse_application(actor=clerk or judge, application=application, reason="申请人未提交调解组织出具的调解协议原件。")
    # 11. an administrative mediation of the Beijing IP office, confirmed at 京73 under a pilot
    ipo, ipo_mediator = _mediator("ipo-beijing")
    handler, admin = w.users.get("bjipo_handler"), w.users.get("admin")
    if ipo is not None and ipo_mediator is not None and handler is not None and admin is not None:
        if not ConfirmationPilot.objects.filter(court=bj73).exists():
            confirmation.pilot_create(
                actor=admin,
                court=bj73,
                effective_from=D(2026, 1, 1),
                basis="北京市高级人民法院、北京市知识产权局关于开展知识产权行政调解协议司法确认试点工作的通知（示例）",
            )
        m = _start(w, "administrative", ipo, ipo_mediator, w.day(18), w.day(17), actor=handler, title="专利侵权纠纷赔偿数额行政调解")
        application = confirmation.apply_for_confirmation(actor=ipo_mediator.user, agreement=_effective(w, m))
        _accepted(w, application, 8105, judge)
