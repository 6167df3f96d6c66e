"""Demo mediation workflow (issue 7, points 1, 2, 7): six organisations registered (入驻) — the
Beijing, Shanghai and Guangdong IP mediation committees, the Beijing and Shanghai protection
centres and the Beijing IP office for administrative mediation — with eleven mediators (demo logins
med_bj_1 … med_bjipo_1, password DEMO_PASSWORD), their admins and liaisons, and twenty mediations
through the services in every state of the workflow: awaiting assignment, assigned and not yet
accepted, declined and reassigned, active (sessions held with minutes, an online session to come,
documents, log), due within days, overdue, extended; ended by failure (the court filed the dispute as
a case, or has still to), by withdrawal, by agreement (confirmed through the agreements module's
paper confirmations; in-suit agreements closed by a mediation statement or by withdrawal); an in-suit
failure resumed; direct applications; administrative mediations of the Beijing IP office.

Dates count back from an anchor (today, at the latest 2026-11-26: every period then ends inside the
published holiday calendar). Idempotent: nothing is written when the demo mediations exist."""

import datetime
import random

from django.contrib.auth.hashers import make_password
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from ipcollab.accounts.models import Membership, Role, User
from ipcollab.mediation import confirmation
from ipcollab.mediation import services as mediation
from ipcollab.mediation.models import Mediation, Organisation
from ipcollab.orgs.models import Agency
from ipcollab.proceedings import services as proceedings
from ipcollab.proceedings.models import Proceeding
from ipcollab.registry import services as register
from ipcollab.registry.models import Party, Right

from .accounts import DEMO_PASSWORD

D = datetime.date
SOURCE = "demo-mediation"
LATEST_ANCHOR = D(2026, 11, 26)

# agency code: (admin, liaison, [(mediator username, full name, title, fields, languages)])
ORGANISATIONS = {
    "med-beijing": (
        ("med_bj_admin", "贺国平", "主任"),
        ("med_bj_liaison", "苗晓琳", "诉调对接联络员"),
        ["patent", "trademark", "copyright", "technology"],
        ["zh", "en"],
        [
            ("med_bj_1", "宋立群", "退休法官，特邀调解员", ["patent", "technology"], ["zh"]),
            ("med_bj_2", "陶建新", "专利代理师", ["patent"], ["zh", "en"]),
            ("med_bj_3", "欧阳敏", "律师", ["trademark", "copyright"], ["zh", "en"]),
            ("med_bj_4", "邵文静", "高级工程师", ["patent"], ["zh"]),
        ],
    ),
    "med-shanghai": (
        ("med_sh_admin", "姚振宇", "主任"),
        ("med_sh_liaison", "戚佳琪", "联络员"),
        ["patent", "trademark", "copyright"],
        ["zh", "en", "ja"],
        [
            ("med_sh_1", "卢志明", "律师", ["patent", "trademark"], ["zh", "en"]),
            ("med_sh_2", "范雅雯", "高校教授", ["patent", "technology"], ["zh", "ja"]),
        ],
    ),
    "med-guangdong": (
        ("med_gd_admin", "温国栋", "主任"),
        ("med_gd_liaison", "钟晓燕", "联络员"),
        ["patent", "trademark", "unfair_competition"],
        ["zh", "yue", "en"],
        [("med_gd_1", "麦嘉豪", "律师", ["trademark", "unfair_competition"], ["zh", "yue", "en"])],
    ),
    "ppc-beijing": (
        ("ppc_bj_admin", "龚立华", "维权援助部部长"),
        None,
        ["patent"],
        ["zh"],
        [("med_ppcbj_1", "蒋子涵", "维权援助专员", ["patent"], ["zh"])],
    ),
    "ppc-shanghai": (
        ("ppc_sh_admin", "孔令峰", "维权援助部部长"),
        None,
        ["patent"],
        ["zh", "en"],
        [("med_ppcsh_1", "顾欣然", "维权援助专员", ["patent"], ["zh", "en"])],
    ),
    "ipo-beijing": (
        ("bjipo_admin", "彭建国", "保护处处长"),
        None,
        ["patent"],
        ["zh"],
        [("med_bjipo_1", "谢文轩", "行政调解员", ["patent"], ["zh"])],
    ),
}

RESPONDENTS = (
    "深圳市华翼智能装备有限公司",
    "东莞市精拓电子科技有限公司",
    "宁波市恒信五金制品有限公司",
    "苏州市瑞丰精密机械有限公司",
    "佛山市顺达家电有限公司",
    "杭州市云帆网络科技有限公司",
)


class _World:
    """Who is who in the demo, and helpers to start the stories."""

    def __init__(self, seed):
        self.rng = random.Random(seed)
        today = timezone.localdate()
        self.anchor = min(today, LATEST_ANCHOR)
        self.password = make_password(DEMO_PASSWORD)
        self.roles = {r.code: r for r in Role.objects.all()}
        self.users = {u.username: u for u in User.objects.filter(username__in=["bj73_judge", "bj73_clerk", "sh73_judge", "bjipo_handler", "mediator"])}
        self.orgs = {}
        self.mediators = {}
        self.numbers = 0
        self.cases = 0

    def day(self, n):
        return self.anchor - datetime.timedelta(days=n)

    def user(self, username, agency, roles, full_name, title=""):
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User.objects.create(
                username=username,
                password=self.password,
                kind="staff",
                agency=agency,
                full_name=full_name,
                title=title,
                email=f"{username}@{agency.code.replace('-', '')}.example.cn",
            )
        for code in roles:
            Membership.objects.get_or_create(user=user, agency=agency, role=self.roles[code])
        return user


def _organisations(w):
    platform = User.objects.filter(username="admin").first()
    for code, (admin, liaison, fields, languages, mediators) in ORGANISATIONS.items():
        agency = Agency.objects.get(code=code)
        admin_user = w.user(admin[0], agency, ["agency_admin"], admin[1], admin[2])
        liaison_user = w.user(liaison[0], agency, ["liaison"], liaison[1], liaison[2]) if liaison else None
        org = Organisation.objects.filter(agency=agency).first()
        if org is None:
            org = mediation.register_organisation(
                actor=admin_user or platform,
                agency=agency,
                fields=fields,
                languages=languages,
                capacity=60 if agency.kind == "mediation" else 30,
                liaison=liaison_user,
                registered_on=w.day(300),
            )
        elif liaison_user and not org.liaison_id:
            org = mediation.update_organisation(actor=admin_user, organisation=org, liaison=liaison_user)
        w.orgs[code] = (org, admin_user, liaison_user or admin_user)
        for username, full_name, title, m_fields, m_languages in mediators:
            person = w.user(username, agency, ["mediator"], full_name, title)
            existing = org.mediators.filter(user=person).first()
            w.mediators[username] = existing or mediation.register_mediator(
                actor=admin_user, organisation=org, user=person, fields=m_fields, languages=m_languages, title=title, max_caseload=12
            )
    # the standing demo login "mediator" (北京知调委) is a registered mediator too
    legacy = w.users.get("mediator")
    org, admin_user, _liaison = w.orgs["med-beijing"]
    if legacy is not None:
        w.mediators["mediator"] = org.mediators.filter(user=legacy).first() or mediation.register_mediator(
            actor=admin_user, organisation=org, user=legacy, fields=["patent"], title="调解员"
        )
    # one mediator on leave, to show availability in the directory
    mediation.update_mediator(actor=admin_user, mediator=w.mediators["med_bj_4"], unavailable_until=w.anchor + datetime.timedelta(days=14))


def _disputes(w, count):
    """(right, owner party, respondent party) for `count` disputes over granted demo patents."""
    rights = list(
        Right.objects.filter(kind="patent", status="granted", patent_kind__in=["invention", "utility_model"])
        .prefetch_related("right_parties__party")
        .order_by("pk")[:200]
    )
    w.rng.shuffle(rights)
    actor = User.objects.filter(username="cnipa_examiner").first()
    respondents = []
    for name in RESPONDENTS:
        party = Party.objects.filter(name=name).first() or register.party_create(actor=actor, kind="organization", name=name)
        respondents.append(party)
    out = []
    for i in range(count):
        right = rights[i % len(rights)] if rights else None
        owner = next((rp.party for rp in right.right_parties.all()), None) if right else None
        respondent = respondents[i % len(respondents)]
        if owner is None or owner.pk == respondent.pk:
            owner = Party.objects.filter(kind="organization").exclude(pk=respondent.pk).order_by("pk").first()
        out.append((right, owner, respondent))
    return out


def _start(w, dispute, source, org_code, received, **extra):
    right, owner, respondent = dispute
    org = w.orgs[org_code][0]
    w.numbers += 1
    title = extra.pop("title", None) or (
        f"{owner.name}诉{respondent.name}侵害{right.get_patent_kind_display()}专利权纠纷" if right else f"{owner.name}与{respondent.name}知识产权纠纷"
    )
    return mediation.start_mediation(
        source=source,
        organisation=org,
        title=title[:300],
        parties=[
            {"party": owner, "side": "applicant", "email": "ip@applicant.example.cn"},
            {"party": respondent, "side": "respondent", "phone": "13900000000"},
        ],
        received_on=received,
        field=extra.pop("field", "patent"),
        summary=extra.pop("summary", "申请人主张被申请人制造、销售的产品落入涉案专利权利要求的保护范围，请求停止侵权并赔偿损失。"),
        claim_amount=extra.pop("claim_amount", str(w.rng.choice([100000, 300000, 500000, 800000, 1200000]))),
        rights=[right] if right else [],
        source_system=SOURCE,
        source_id=f"demo-{w.numbers:03d}",
        **extra,
    )


def _pre_suit(w, dispute, court_code, org_code, received, judge="bj73_judge"):
    court = Agency.objects.get(court_code=court_code)
    number = None
    for n in range(7001, 7999):
        candidate = f"（{received.year}）{court_code}民诉前调{n}号"
        if not Mediation.objects.filter(court=court, court_number=candidate).exists():
            number = candidate
            break
    return _start(w, dispute, "pre_suit", org_code, received, actor=w.users[judge], court_number=number)


def _case(w, dispute, court_code, filed_on, judge, clerk=None):
    right, owner, respondent = dispute
    for n in range(9101, 9999):
        number = f"（{filed_on.year}）{court_code}民初{n}号"
        if not Proceeding.objects.filter(track="court", number=number).exists():
            break
    cause = "patent_infringement_utility_model" if right is not None and right.patent_kind == "utility_model" else "patent_infringement_invention"
    return proceedings.file_case(
        actor=judge,
        number=number,
        cause=cause,
        filed_on=filed_on,
        parties=[{"party": owner, "role": "plaintiff"}, {"party": respondent, "role": "defendant"}],
        rights=[{"right": right, "claims": [1] if right.claim_count else []}] if right is not None else [],
        judge=judge,
        clerk=clerk,
        title=f"{owner.name}诉{respondent.name}侵害专利权纠纷",
    )


def _in_suit(w, dispute, court_code, org_code, filed_on, received, judge="bj73_judge", clerk="bj73_clerk"):
    judge_user, clerk_user = w.users[judge], w.users.get(clerk)
    case = _case(w, dispute, court_code, filed_on, judge_user, clerk_user)
    return _start(w, dispute, "in_suit", org_code, received, actor=clerk_user or judge_user, case=case, title=f"{case.title}（委托调解）")


def _run(w, m, mediator, accepted_on):
    org, _admin, liaison = w.orgs[_org_code(w, m)]
    mediation.assign(actor=liaison, mediation=m, mediator=w.mediators[mediator])
    return mediation.accept(actor=w.mediators[mediator].user, mediation=m, accepted_on=accepted_on)


def _org_code(w, m):
    return next(code for code, (org, _a, _l) in w.orgs.items() if org.pk == m.organisation_id)


def _work(w, m, mediator, first_session_day):
    """A held session with minutes, an online session to come, a document and notes."""
    user = w.mediators[mediator].user
    start = timezone.make_aware(datetime.datetime.combine(first_session_day, datetime.time(9, 30)))
    held = mediation.schedule_session(
        actor=user, mediation=m, starts_at=start, ends_at=start + datetime.timedelta(hours=2), mode="onsite", place=f"{m.organisation.agency.name}第一调解室"
    )
    mediation.record_minutes(
        actor=user,
        session=held,
        minutes="双方到场。申请人陈述侵权事实及赔偿请求；被申请人承认销售涉案产品，对赔偿数额有异议，同意在下次会议前提交进货凭证。",
    )
    later = timezone.now().replace(microsecond=0, second=0, minute=0) + datetime.timedelta(days=3)
    mediation.schedule_session(
        actor=user,
        mediation=m,
        starts_at=later,
        ends_at=later + datetime.timedelta(hours=1),
        mode="online",
        place="https://tiaojie.court.gov.cn/room/" + m.number[-5:],
    )
    mediation.add_document(
        actor=user,
        mediation=m,
        title="调解须知及权利义务告知书",
        file=SimpleUploadedFile("notice.pdf", b"%PDF-1.4\n% demo mediation notice " + m.number.encode()),
        visible_to_parties=True,
    )
    mediation.add_log(actor=user, mediation=m, text="电话联系被申请人，确认其同意参加调解并提供送达地址。", kind="call")


def _agreement(w, m, mediator):
    """Draft, circulate and record both parties' signed confirmations (agreements module): the
    agreement takes effect and the mediation ends with outcome agreement."""
    user = w.mediators[mediator].user
    parties = list(m.parties.order_by("order"))
    applicant, respondent = parties[0], parties[1]
    agreement = confirmation.draft_agreement(
        actor=user,
        mediation=m,
        preamble="经调解，双方自愿达成如下协议：",
        terms=[
            {
                "kind": "payment",
                "obliged": respondent.pk,
                "beneficiary": applicant.pk,
                "amount": "150000.00",
                "instalments": [
                    {"due_on": (w.anchor + datetime.timedelta(days=30)).isoformat(), "amount": "100000.00"},
                    {"due_on": (w.anchor + datetime.timedelta(days=90)).isoformat(), "amount": "50000.00"},
                ],
                "text": "被申请人分两期向申请人支付赔偿金及合理开支。",
            },
            {"kind": "cessation", "obliged": respondent.pk, "details": {"conduct": "制造、销售涉案产品"}, "text": "被申请人停止制造、销售涉案产品。"},
        ],
    )
    confirmation.circulate(actor=user, agreement=agreement)
    for p in parties:
        confirmation.record_paper_confirmation(
            actor=user, agreement=agreement, party=p, upload=SimpleUploadedFile("signed.pdf", b"%PDF-1.4\n% signed by " + p.party.name.encode())
        )
    return Mediation.objects.get(pk=m.pk)


def seed_mediation(*, seed=1):
    """Organisations, mediators and about twenty mediations in every state (see the module's text)."""
    if Mediation.objects.filter(source_system=SOURCE).exists():
        return
    w = _World(seed)
    _organisations(w)
    d = iter(_disputes(w, 20))
    judge, clerk = w.users["bj73_judge"], w.users["bj73_clerk"]

    # 1. pre-suit, awaiting assignment
    _pre_suit(w, next(d), "京73", "med-beijing", w.day(1))
    # 2. pre-suit, assigned, not yet accepted (the liaison is reminded after the working day)
    m = _pre_suit(w, next(d), "京73", "med-beijing", w.day(2))
    mediation.assign(actor=w.orgs["med-beijing"][2], mediation=m, mediator=w.mediators["med_bj_2"])
    # 3. pre-suit, active: sessions, documents, log
    m = _run(w, _pre_suit(w, next(d), "京73", "med-beijing", w.day(12)), "med_bj_1", w.day(10))
    _work(w, m, "med_bj_1", w.day(5))
    # 4. pre-suit at 沪73, active and due within five days
    _run(w, _pre_suit(w, next(d), "沪73", "med-shanghai", w.day(28), judge="sh73_judge"), "med_sh_1", w.day(27))
    # 5. pre-suit, overdue
    _run(w, _pre_suit(w, next(d), "京73", "med-beijing", w.day(45)), "mediator" if "mediator" in w.mediators else "med_bj_4", w.day(44))
    # 6. pre-suit, extended with the parties' consent
    m = _run(w, _pre_suit(w, next(d), "京73", "med-beijing", w.day(33)), "med_bj_3", w.day(32))
    mediation.extend(actor=w.mediators["med_bj_3"].user, mediation=m, days=15, reason="双方当事人同意延长调解期限，以便核对销售数据")
    # 7. declined (conflict of interest) and reassigned
    m = _pre_suit(w, next(d), "京73", "med-beijing", w.day(9))
    liaison = w.orgs["med-beijing"][2]
    mediation.assign(actor=liaison, mediation=m, mediator=w.mediators["med_bj_2"])
    mediation.decline(actor=w.mediators["med_bj_2"].user, mediation=m, reason="曾代理被申请人的专利申请，申请回避")
    mediation.assign(actor=liaison, mediation=m, mediator=w.mediators["med_bj_1"], reason="原调解员回避")
    mediation.accept(actor=w.mediators["med_bj_1"].user, mediation=m, accepted_on=w.day(8))
    # 8. pre-suit at the Beijing protection centre: failure, filed as a case by the court
    dispute = next(d)
    m = _run(w, _pre_suit(w, dispute, "京73", "ppc-beijing", w.day(60)), "med_ppcbj_1", w.day(59))
    m = mediation.record_outcome(actor=w.mediators["med_ppcbj_1"].user, mediation=m, outcome="failure", ended_on=w.day(35), note="双方对赔偿数额分歧过大")
    right = dispute[0]
    cause = "patent_infringement_utility_model" if right and right.patent_kind == "utility_model" else "patent_infringement_invention"
    number = next(
        f"（{w.day(33).year}）京73民初{n}号"
        for n in range(9101, 9999)
        if not Proceeding.objects.filter(track="court", number=f"（{w.day(33).year}）京73民初{n}号").exists()
    )
    mediation.court_files_case(
        actor=clerk, mediation=m, number=number, cause=cause, filed_on=w.day(33), judge=judge, clerk=clerk, claims=[1] if right and right.claim_count else []
    )
    # 9. pre-suit at the Shanghai protection centre: failure, the court has still to file
    m = _run(w, _pre_suit(w, next(d), "沪73", "ppc-shanghai", w.day(40), judge="sh73_judge"), "med_ppcsh_1", w.day(39))
    mediation.record_outcome(actor=w.mediators["med_ppcsh_1"].user, mediation=m, outcome="failure", ended_on=w.day(6), note="被申请人拒绝继续调解")
    # 10. pre-suit, withdrawn by the applicant before acceptance
    m = _pre_suit(w, next(d), "京73", "med-beijing", w.day(20))
    mediation.record_outcome(actor=w.orgs["med-beijing"][2], mediation=m, outcome="withdrawal", ended_on=w.day(15), note="申请人与被申请人自行和解，撤回申请")
    # 11. pre-suit, agreement confirmed by both parties (judicial confirmation can follow)
    m = _run(w, _pre_suit(w, next(d), "京73", "med-beijing", w.day(18)), "med_bj_1", w.day(17))
    _agreement(w, m, "med_bj_1")
    # 12. in-suit, active
    _run(w, _in_suit(w, next(d), "京73", "med-beijing", w.day(30), w.day(6)), "med_bj_2", w.day(5))
    # 13. in-suit agreement, the court closes the case by a mediation statement
    m = _run(w, _in_suit(w, next(d), "京73", "med-beijing", w.day(50), w.day(14)), "med_bj_3", w.day(13))
    m = _agreement(w, m, "med_bj_3")
    mediation.court_closes_case(actor=judge, mediation=m, how="statement", closed_on=w.anchor)
    # 14. in-suit agreement, the plaintiff withdraws the suit
    m = _run(w, _in_suit(w, next(d), "京73", "med-beijing", w.day(55), w.day(16)), "med_bj_1", w.day(15))
    m = _agreement(w, m, "med_bj_1")
    mediation.court_closes_case(actor=clerk, mediation=m, how="withdrawn", closed_on=w.anchor)
    # 15. in-suit at 沪73, failure: the case resumes
    m = _run(w, _in_suit(w, next(d), "沪73", "med-shanghai", w.day(70), w.day(40), judge="sh73_judge", clerk=""), "med_sh_2", w.day(39))
    mediation.record_outcome(actor=w.mediators["med_sh_2"].user, mediation=m, outcome="failure", ended_on=w.day(26), note="调解期限届满未达成协议")
    # 16. direct application (trademark) at the Guangdong committee, active
    gd_liaison = w.orgs["med-guangdong"][2]
    m = _start(w, next(d), "direct", "med-guangdong", w.day(7), actor=gd_liaison, field="trademark", title="商标许可使用费纠纷（当事人申请调解）")
    _run(w, m, "med_gd_1", w.day(6))
    # 17. direct application at the Beijing committee, failure
    m = _start(w, next(d), "direct", "med-beijing", w.day(50), actor=liaison, title="技术秘密许可合同纠纷（当事人申请调解）", field="technology")
    m = _run(w, m, "med_bj_2", w.day(49))
    mediation.record_outcome(actor=w.mediators["med_bj_2"].user, mediation=m, outcome="failure", ended_on=w.day(21))
    # 18. administrative mediation by the Beijing IP office, active
    handler = w.users["bjipo_handler"]
    m = _start(w, next(d), "administrative", "ipo-beijing", w.day(11), actor=handler, title="专利侵权纠纷赔偿数额行政调解")
    _run(w, m, "med_bjipo_1", w.day(10))
    # 19. administrative mediation, awaiting assignment
    _start(w, next(d), "administrative", "ipo-beijing", w.day(1), actor=handler, title="专利侵权纠纷赔偿数额行政调解")
    # 20. pre-suit at the Guangdong committee from 粤73, awaiting (a court of another province)
    gz_judge = User.objects.filter(username="gz73_judge").first()
    if gz_judge is not None:
        w.users["gz73_judge"] = gz_judge
        _pre_suit(w, next(d), "粤73", "med-guangdong", w.day(3), judge="gz73_judge")
