"""Demo proceedings (issue 6, point 7): parallel proceedings on demo patents and trademarks, made
through the proceedings services over the two years before today, so that every piece of the
coordination shows and agrees with the rules the services enforce.

Each story is a few steps on one right: an infringement suit at 京73, 沪73, 粤73 or an
intermediate court; the defendant's invalidation request at CNIPA within or after the defence
period; the stay the judge records (with the §7 guidance the service keeps); CNIPA's decision (all
invalid, partly invalid with the surviving claims, upheld), which tells the judges of the pending
suits on that right; the decision served on each party with its window to sue; the suit resumed,
decided or dismissed (驳回起诉); the administrative suit at 京73 against the decision and its appeal
(最高法知行终); the appeal of the infringement judgment to the court of the routing table (the
SPC's IP tribunal for inventions, the high court for designs, trademarks and — since 2023-11-01 —
ordinary utility models); a retrial review; a trademark invalidation with its 30-day window;
drug-linkage cases on both routes; priority examination (granted, refused, open); a fast-tracked
administrative suit; evaluation reports (ordered, requested, issued); extensions of the 审限,
reassignments, manual links and the linking engine's suggestions (one accepted, one rejected).

The steps of all stories run in date order; every date a service checks ("not in the future", "not
before filing") is a real day relative to ``timezone.localdate()``, so the demo stays live: the
suits near or past their 审限 are near or past it on the day the demo is seeded. Notifications of
decisions older than two weeks are marked read by their recipients; the fresh ones stay unread.
A period that would end in a year whose holiday arrangement is not on the platform cannot be
computed (the deadline engine refuses): such a decision stays unserved, and the drug-linkage cases
are dated so that their 9-month waiting periods end within the known years.
"""

import datetime
import functools
import random
import re
from dataclasses import dataclass, field

from django.db.models import Max, Q
from django.utils import timezone

from ipcollab.accounts.models import User
from ipcollab.core.errors import ErrorCode, ServiceError
from ipcollab.deadlines.models import CalendarYear
from ipcollab.identifiers import format_case_number
from ipcollab.notifications import services as notifications
from ipcollab.notifications.models import Notification
from ipcollab.preservation.models import FreezeOrder
from ipcollab.preservation.services import HOLDER_ROLES
from ipcollab.proceedings import causes, services
from ipcollab.proceedings.models import Link, LinkStatus, Proceeding, Status
from ipcollab.registry import services as register
from ipcollab.registry import status as legal
from ipcollab.registry.models import LegalEvent, Party, Right, RightParty
from ipcollab.registry.status import add_months
from ipcollab.rulebook.jurisdiction import appellate_court
from ipcollab.rulebook.registry import RuleError

from .freezes import staff_courts

DAY = datetime.timedelta(days=1)
EARLIEST = 760  # days before today: the oldest story starts then
READ_AFTER = 14  # notifications of decisions older than this are read by their recipients

# key: court code, judge, clerk (None: the judge files herself)
COURTS = {
    "bj73": ("京73", "bj73_judge", "bj73_clerk"),
    "sh73": ("沪73", "sh73_judge", None),
    "gz73": ("粤73", "gz73_judge", None),
    "sz": ("粤03", "sz_judge", None),
    "spc": ("最高法", "spc_judge", None),
    "bjhc": ("京", "bjhc_judge", None),
    "shhc": ("沪", "shhc_judge", None),
    "gdhc": ("粤", "gdhc_judge", None),
}
# Courts that write the specialised code 知 on their patent cases (reference §1: the SPC's IP
# tribunal always; 粤73 on its technical first instances).
SPECIALIZED = {"最高法": {"invention_patent", "utility_model", "drug_linkage", "admin_cnipa_patent"}, "粤73": {"invention_patent", "utility_model"}}
CAUSE_OF_KIND = {"invention": "patent_infringement_invention", "utility_model": "patent_infringement_utility_model", "design": "patent_infringement_design"}
# Case number sequences start somewhere plausible for the court's volume and go up.
SEQUENCE_START = {"民初": (900, 9000), "民终": (200, 2400), "行初": (1500, 12000), "行终": (150, 1800), "民申": (300, 2600)}
GROUNDS = {
    "invention": ["专利法第22条第3款：不具备创造性", "专利法第26条第4款：权利要求得不到说明书的支持"],
    "utility_model": ["专利法第22条第3款：不具备创造性", "专利法第22条第2款：不具备新颖性"],
    "design": ["专利法第23条第1款：属于现有设计", "专利法第23条第2款：与现有设计相比不具有明显区别"],
    "trademark": ["商标法第32条：损害他人现有的在先权利", "商标法第44条第1款：以欺骗手段或者其他不正当手段取得注册"],
}
LAW_FIRMS = (
    ("law_firm", "北京知衡律师事务所"),
    ("law_firm", "上海明理知识产权律师事务所"),
    ("law_firm", "广东卓信律师事务所"),
    ("patent_agency", "北京华创智信专利代理有限公司"),
    ("patent_agency", "深圳市前海睿德知识产权代理有限公司"),
)
CNIPA_PARTY = "国家知识产权局"
GENERIC_MAKERS = ("江苏恒康制药股份有限公司", "浙江华海仁和药业有限公司", "石家庄正源药业有限公司")


@dataclass
class Court:
    key: str
    agency: object
    judge: object
    clerk: object

    @property
    def filer(self):
        return self.clerk or self.judge


@dataclass
class Story:
    """One right (or two) and the proceedings about it, by label."""

    name: str
    need: str  # invention / utility_model / design / trademark
    build: object  # callable(demo, story) -> steps
    right: object = None
    holder: object = None
    rival: object = None
    steps: list = field(default_factory=list)
    p: dict = field(default_factory=dict)  # label -> proceeding pk
    reports: dict = field(default_factory=dict)  # label -> evaluation report
    priority: dict = field(default_factory=dict)  # label -> priority request

    def get(self, label):
        pk = self.p.get(label)
        return Proceeding.objects.select_related("agency").get(pk=pk) if pk else None


class Numbers:
    """Plausible, increasing case numbers per court, year and type; CNIPA's case and decision numbers."""

    def __init__(self, rng):
        self.rng = rng
        self.last = {}

    def _next(self, key, lo, hi, step=(3, 40)):
        seq = self.last.get(key) or self.rng.randint(lo, hi)
        seq += self.rng.randint(*step)
        self.last[key] = seq
        return seq

    def case(self, court_code, day, type_code, specialized=""):
        lo, hi = SEQUENCE_START.get(type_code, (50, 500))
        seq = self._next((court_code, day.year, specialized, type_code), lo, hi)
        return format_case_number(day.year, court_code, type_code, seq, specialized=specialized)

    def office(self, kind, day):
        if kind == "patent_invalidation":
            return f"4W{self._next('4W', 112000, 118000, (40, 400)):06d}"
        if kind == "tm_invalidation":
            return f"{day.year}W{self._next(('W', day.year), 1200, 9000, (20, 300)):07d}"
        return f"药裁〔{day.year}〕{self._next(('YC', day.year), 3, 12, (1, 4)):03d}号"

    def decision(self, kind, day):
        if kind == "patent_invalidation":
            return f"第{self._next('dec', 566000, 572000, (30, 600))}号"
        if kind == "tm_invalidation":
            return f"商评字〔{day.year}〕第{self._next(('TMD', day.year), 10000, 90000, (100, 2000)):07d}号"
        return f"国知药裁字〔{day.year}〕第{self._next(('YCD', day.year), 3, 12, (1, 4)):04d}号"

    def report(self, day):
        return f"{day.year}30{self._next(('PJ', day.year), 10000, 60000, (50, 900)):06d}"

    def publication(self, kind):
        if kind == "utility_model":
            return f"CN{self.rng.randint(207000000, 219999999)}U"
        if kind == "design":
            return f"CN{self.rng.randint(305000000, 308999999)}S"
        return f"CN{self.rng.randint(108000000, 119999999)}A"


class Demo:
    def __init__(self, seed, today):
        self.today = today
        self.rng = random.Random(f"proceedings-{seed}")
        self.numbers = Numbers(self.rng)
        self.users = {
            u.username: u
            for u in User.objects.filter(
                username__in=[*(c[1] for c in COURTS.values()), *(c[2] for c in COURTS.values() if c[2]), "cnipa_examiner", "bjipo_handler"]
            ).select_related("agency")
        }
        self.courts = {}
        for key, (code, judge, clerk) in COURTS.items():
            if judge in self.users and self.users[judge].agency.court_code == code:
                self.courts[key] = Court(key, self.users[judge].agency, self.users[judge], self.users.get(clerk) if clerk else None)
        self.by_code = {c.agency.court_code: c for c in self.courts.values()}
        # Intermediate courts with a staff judge (not railway or maritime courts) take some of the extra suits.
        self.staff_courts = [
            Court(f"c:{c.code}", c.agency, c.judge, None)
            for c in staff_courts({c.agency.pk for c in self.courts.values()})
            if re.fullmatch(r"\D\d\d", c.code) and c.code[1:] not in ("71", "72")
        ]
        self.courts.update({c.key: c for c in self.staff_courts})
        self.examiner = self.users["cnipa_examiner"]
        self.firms = []
        self.decided = []  # (decision pk, day): notifications about it are read when it is old
        self.horizon = calendar_horizon(today)

    def t(self, n):
        return self.today + datetime.timedelta(days=n)

    def within_calendar(self, day, months):
        """The latest day from which a period of `months` still ends in a year whose holiday
        arrangement is on the platform (the deadline engine computes nothing beyond it), capped at `day`."""
        return min(day, add_months(self.horizon, -months) - 7 * DAY)

    def step(self, day, fn, *args, **kwargs):
        return (day, functools.partial(fn, *args, **kwargs))

    # --- people and parties ------------------------------------------------------------------------
    def setup_parties(self):
        for kind, name in LAW_FIRMS:
            firm = register.representative_create(actor=self.examiner, kind=kind, name=name)
            self.firms.append(firm)
        self.cnipa_party = Party.objects.filter(name=CNIPA_PARTY, merged_into__isnull=True).first() or register.party_create(
            actor=self.examiner, kind="organization", name=CNIPA_PARTY
        )
        self.generics = [
            Party.objects.filter(name=name, merged_into__isnull=True).first() or register.party_create(actor=self.examiner, kind="organization", name=name)
            for name in GENERIC_MAKERS
        ]

    def reps(self, n=1):
        return self.rng.sample(self.firms, n) if self.firms else []

    # --- court cases -------------------------------------------------------------------------------
    def _case_number(self, court, day, type_code, category):
        specialized = "知" if category in SPECIALIZED.get(court.agency.court_code, ()) else ""
        return self.numbers.case(court.agency.court_code, day, type_code, specialized)

    def suit(
        self,
        s,
        label,
        court_key,
        day,
        *,
        served=None,
        claims=None,
        cause=None,
        right=None,
        plaintiff=None,
        defendant=None,
        drug=None,
        foreign=False,
        judge=True,
    ):
        court = self.courts.get(court_key)
        right = right or s.right
        if court is None:
            return
        cause = cause or ("trademark_infringement" if right.kind == "trademark" else CAUSE_OF_KIND[right.patent_kind])
        plaintiff, defendant = plaintiff or s.holder, defendant or s.rival
        c = causes.cause(cause)
        claims = claims if claims is not None else ([] if right.kind == "trademark" or right.patent_kind == "design" else self.asserted(right))
        case = services.file_case(
            actor=court.filer,
            number=self._case_number(court, day, "民初", c.category),
            cause=cause,
            filed_on=day,
            parties=[
                {"party": plaintiff, "role": "plaintiff", "representatives": self.reps()},
                {"party": defendant, "role": "defendant", "representatives": self.reps()},
            ],
            rights=[{"right": right, "claims": claims}],
            judge=court.judge if judge else None,
            clerk=court.clerk if judge else None,
            title=f"{plaintiff.name}诉{defendant.name}{c.name}案",
            complaint_served_on=served,
            foreign_defendant=foreign,
            drug_linkage=drug,
        )
        s.p[label] = case.pk

    def asserted(self, right):
        n = right.claim_count or 1
        picked = {1} | {c for c in range(2, n + 1) if self.rng.random() < 0.3}
        return sorted(picked)

    def court_of(self, case):
        return self.by_code.get(case.agency.court_code) or next(c for c in self.staff_courts if c.agency.pk == case.agency_id)

    def stay(self, s, label, day, basis=None, reason="被告在答辩期间内请求宣告涉案专利权无效"):
        case = s.get(label)
        if case is None:
            return
        services.record_stay(actor=self.court_of(case).judge, case=case, started_on=day, reason=reason, basis=s.get(basis) if basis else None)

    def lift(self, s, label, day):
        case = s.get(label)
        if case is not None:
            services.lift_stay(actor=self.court_of(case).judge, case=case, ended_on=day)

    def close(self, s, label, day, result, serve=True):
        case = s.get(label)
        if case is None:
            return
        court = self.court_of(case)
        case = services.close_case(actor=court.judge, case=case, result=result, closed_on=day)
        if serve and result != "withdrawn":
            for pp in case.parties.all().order_by("order"):
                lag = self.rng.randint(2, 9)
                if day + lag * DAY <= self.today:
                    services.serve(actor=court.filer, proceeding=case, party=pp.party, method="electronic", served_on=day + lag * DAY)

    def extend(self, s, label, day, amount=3, reason="案情复杂，需进行技术比对和专家辅助人出庭"):
        case = s.get(label)
        if case is not None:
            services.extend_time_limit(
                actor=self.court_of(case).judge, case=case, amount=amount, unit="months", approved_on=day, approved_by="本院院长", reason=reason
            )

    def route(self, first, day):
        """The court of the routing table for an appeal of `first` filed on `day`, if a demo judge sits there."""
        try:
            decision = appellate_court(first.agency, first.category, day)
        except RuleError:
            return None
        return self.by_code.get(decision.court.court_code)

    def appeal(self, s, label, first_label, day, appellant="defendant"):
        first = s.get(first_label)
        if first is None or first.status != Status.CLOSED:
            return
        court = self.route(first, day)
        if court is None:
            return
        roles = {pp.role: pp.party for pp in first.parties.all()}
        if first.kind == "administrative":
            up, down = roles["plaintiff"], roles["defendant"]
            parties = [{"party": up, "role": "appellant", "representatives": self.reps()}, {"party": down, "role": "appellee"}]
            if "third_party" in roles:
                parties.append({"party": roles["third_party"], "role": "third_party", "representatives": self.reps()})
            type_code = "行终"
        else:
            up = roles["defendant"] if appellant == "defendant" else roles["plaintiff"]
            down = roles["plaintiff"] if appellant == "defendant" else roles["defendant"]
            parties = [{"party": up, "role": "appellant", "representatives": self.reps()}, {"party": down, "role": "appellee", "representatives": self.reps()}]
            type_code = "民终"
        rights = [{"right": pr.right, "claims": pr.claims} for pr in first.rights.select_related("right")]
        case = services.file_case(
            actor=court.filer,
            number=self._case_number(court, day, type_code, first.category),
            cause=first.cause,
            filed_on=day,
            parties=parties,
            rights=rights,
            judge=court.judge,
            clerk=court.clerk,
            title=f"{up.name}与{down.name}{first.cause_label}上诉案",
            previous=first,
            reviewed=first.reviewed,
        )
        s.p[label] = case.pk

    def retrial_review(self, s, label, effective_label, day):
        effective = s.get(effective_label)
        if effective is None or effective.status != Status.CLOSED:
            return
        court = self.court_of(effective)
        roles = {pp.role: pp.party for pp in effective.parties.all()}
        petitioner, respondent = roles["appellant"], roles["appellee"]
        case = services.file_case(
            actor=court.filer,
            number=self._case_number(court, day, "民申", effective.category),
            cause=effective.cause,
            filed_on=day,
            parties=[{"party": petitioner, "role": "petitioner", "representatives": self.reps()}, {"party": respondent, "role": "respondent"}],
            rights=[{"right": pr.right, "claims": pr.claims} for pr in effective.rights.select_related("right")],
            judge=court.judge,
            clerk=court.clerk,
            title=f"{petitioner.name}申请再审{effective.cause_label}案",
            previous=effective,
        )
        s.p[label] = case.pk

    def admin_suit(self, s, label, decision_label, day, plaintiff="owner", fast_track=""):
        """The losing side sues CNIPA at 京73 (行初) within its window; the other side joins as third party."""
        decision = s.get(decision_label)
        court = self.courts.get("bj73")
        if decision is None or court is None:
            return
        roles = {pp.role: pp.party for pp in decision.parties.all()}
        sues = roles["owner"] if plaintiff == "owner" else roles["requester"]
        other = roles["requester"] if plaintiff == "owner" else roles["owner"]
        cause = "admin_trademark_invalidation" if decision.kind.startswith("tm_") else "admin_patent_invalidation"
        case = services.file_case(
            actor=court.filer,
            number=self._case_number(court, day, "行初", causes.cause(cause).category),
            cause=cause,
            filed_on=day,
            parties=[
                {"party": sues, "role": "plaintiff", "representatives": self.reps()},
                {"party": self.cnipa_party, "role": "defendant"},
                {"party": other, "role": "third_party", "representatives": self.reps()},
            ],
            rights=[{"right": pr.right, "claims": []} for pr in decision.rights.select_related("right")],
            judge=court.judge,
            clerk=court.clerk,
            title=f"{sues.name}诉国家知识产权局、第三人{other.name}{causes.cause(cause).name}案",
            reviewed=decision,
        )
        s.p[label] = case.pk
        if fast_track:
            services.mark_fast_track(actor=court.judge, case=case, reason=fast_track)

    def assign(self, s, label, role, username, reason, delegated=False):
        case = s.get(label)
        user = self.users.get(username)
        if case is not None and user is not None:
            court = self.court_of(case)
            services.assign(actor=court.filer, proceeding=case, role=role, user=user, reason=reason, delegated=delegated)

    # --- CNIPA ---------------------------------------------------------------------------------------
    def invalidation(self, s, label, day, *, requester=None, claims=None, right=None, kind=None):
        right = right or s.right
        kind = kind or ("tm_invalidation" if right.kind == "trademark" else "patent_invalidation")
        need = "trademark" if right.kind == "trademark" else right.patent_kind
        requester = requester or s.rival
        if claims is None:
            claims = list(range(1, right.claim_count + 1)) if right.kind == "patent" and right.patent_kind != "design" and right.claim_count else []
        evidence = [] if right.kind == "trademark" else [f"证据{i + 1}：{self.numbers.publication(right.patent_kind)}" for i in range(self.rng.randint(2, 4))]
        if right.kind == "trademark":
            evidence = ["证据1：请求人在先使用证据（销售合同、发票）", "证据2：被请求人申请注册的其他商标清单"]
        p = services.record_office_proceeding(
            actor=self.examiner,
            kind=kind,
            number=self.numbers.office(kind, day),
            right=right,
            filed_on=day,
            parties=[
                {"party": requester, "role": "requester", "representatives": self.reps()},
                {"party": s.holder, "role": "owner", "representatives": self.reps()},
            ],
            grounds=self.rng.sample(GROUNDS[need], self.rng.randint(1, 2)),
            evidence=evidence,
            claims=claims,
            handler=self.examiner,
        )
        s.p[label] = p.pk

    def drug_ruling(self, s, label, day, drug):
        p = services.record_office_proceeding(
            actor=self.examiner,
            kind="drug_linkage_ruling",
            number=self.numbers.office("drug_linkage_ruling", day),
            right=s.right,
            filed_on=day,
            parties=[
                {"party": s.holder, "role": "requester", "representatives": self.reps()},
                {"party": s.rival, "role": "third_party", "representatives": self.reps()},
            ],
            grounds=["请求确认仿制药技术方案落入涉案专利权保护范围"],
            evidence=["证据1：中国上市药品专利信息登记平台登记信息", "证据2：仿制药申请人的4.2类声明及依据"],
            handler=self.examiner,
            drug_linkage=drug,
        )
        s.p[label] = p.pk

    def decide(self, s, label, day, result, survivors=()):
        p = s.get(label)
        if p is None:
            return
        number = "" if result == "withdrawn" else self.numbers.decision(p.kind, day)
        if result == "partly_invalid" and survivors is None:
            n = s.right.claim_count or 2
            survivors = [c for c in range(2, n + 1) if self.rng.random() < 0.5] or [n]  # claim 1 falls, some dependent claims stand
        services.decide(actor=self.examiner, proceeding=p, result=result, decided_on=day, decision_number=number, surviving_claims=list(survivors or ()))
        self.decided.append((p.pk, day))

    def serve(self, s, label, day, presumed=False):
        """Serve the decision on every party: electronically on `day`, or by post sent on `day`
        (presumed received 15 days later)."""
        p = s.get(label)
        if p is None:
            return
        for pp in p.parties.all().order_by("order"):
            try:
                if presumed:
                    services.serve(actor=self.examiner, proceeding=p, party=pp.party, method="post", sent_on=day)
                else:
                    services.serve(actor=self.examiner, proceeding=p, party=pp.party, method="electronic", served_on=day)
            except ServiceError as exc:
                if exc.code != ErrorCode.CALENDAR_UNPUBLISHED:
                    raise
                return  # the window to sue would end in a year without a holiday arrangement: not served yet

    def request_priority(self, s, label, dispute_label, username, reason):
        p, dispute = s.get(label), s.get(dispute_label) if dispute_label else None
        user = self.users.get(username)
        if p is None or user is None or (dispute_label and dispute is None):
            return
        s.priority[label] = services.request_priority(actor=user, proceeding=p, reason=reason, dispute=dispute)

    def decide_priority(self, s, label, grant, reason):
        item = s.priority.get(label)
        if item is not None:
            services.decide_priority(actor=self.examiner, request_item=item, grant=grant, reason=reason)

    def order_report(self, s, label, day):
        case = s.get(label)
        if case is not None:
            s.reports["report"] = services.order_evaluation_report(actor=self.court_of(case).judge, case=case, right=s.right, ordered_on=day)

    def request_report(self, s, day):
        try:
            s.reports["report"] = services.request_evaluation_report(
                actor=self.examiner, right=s.right, requester=s.holder, requested_on=day, report=s.reports.get("report")
            )
        except ServiceError as exc:
            if exc.code != ErrorCode.CALENDAR_UNPUBLISHED:
                raise

    def issue_report(self, s, day, defects):
        n = s.right.claim_count or 0
        if s.right.patent_kind == "design":
            clean, conclusion = [], ("未发现外观设计专利权不符合授予专利权条件的缺陷。" if not defects else "涉案外观设计与现有设计相比不具有明显区别。")
        elif defects:
            clean = list(range(max(2, n // 2), n + 1))
            conclusion = f"权利要求1至{clean[0] - 1}不具备创造性；其余权利要求未发现不符合授予专利权条件的缺陷。"
        else:
            clean, conclusion = list(range(1, n + 1)), "全部权利要求未发现不符合授予专利权条件的缺陷。"
        services.issue_evaluation_report(
            actor=self.examiner,
            report=s.reports["report"],
            number=self.numbers.report(day),
            issued_on=day,
            defects_found=defects,
            conclusion=conclusion,
            claims_without_defect=clean,
        )

    # --- the run -------------------------------------------------------------------------------------
    def read_old_notifications(self):
        old = [pk for pk, day in self.decided if (self.today - day).days > READ_AFTER]
        keys = [f"proceedings.decided:{pk}:" for pk in old]
        for note in Notification.objects.filter(code="proceedings.invalidation_decided", read_at__isnull=True).select_related("recipient").order_by("pk"):
            if any(note.dedupe_key.startswith(k) for k in keys):
                notifications.mark_read(user=note.recipient, notification=note)


# --- the stories -----------------------------------------------------------------------------------
# Each builds its steps from today; the first step's day is when its right must be free.
def stayed_within_defence(d, s):
    """京73, utility model: the defendant requests invalidation within the defence period; the
    judge stays (guidance: shall stay); 京73 asks CNIPA for priority examination, granted."""
    filed, served = d.t(-75), d.t(-68)
    return [
        d.step(filed, d.suit, s, "suit", "bj73", filed, served=served),
        d.step(d.t(-60), d.invalidation, s, "inv", d.t(-60)),
        d.step(d.t(-55), d.stay, s, "suit", d.t(-55), basis="inv"),
        d.step(d.t(-50), d.request_priority, s, "inv", "suit", "bj73_judge", "本院审理的侵权纠纷已因该无效宣告请求中止，请求优先审查以便尽快恢复审理。"),
        d.step(d.t(-46), d.decide_priority, s, "inv", True, "关联侵权诉讼已中止，符合《专利优先审查管理办法》规定的情形，准予优先审查。"),
    ]


def fresh_partial_decision(d, s):
    """京73, utility model, stayed; CNIPA declared it partly invalid three days ago: the judge and
    clerk have the fresh notification with the surviving claims; served on both parties."""
    filed, served = d.t(-160), d.t(-151)
    return [
        d.step(filed, d.suit, s, "suit", "bj73", filed, served=served, claims=[1, 2, 3]),
        d.step(d.t(-142), d.invalidation, s, "inv", d.t(-142)),
        d.step(d.t(-138), d.stay, s, "suit", d.t(-138), basis="inv"),
        d.step(d.t(-3), d.decide, s, "inv", d.t(-3), "partly_invalid", survivors=None),
        d.step(d.t(-1), d.serve, s, "inv", d.t(-1)),
    ]


def dismissed_then_admin_suit(d, s):
    """京73, utility model: all claims invalid; the stayed suit is dismissed (驳回起诉); the patentee
    sues CNIPA at 京73 (行初), loses, and appeals to the SPC's IP tribunal (知行终, pending)."""
    filed = d.t(-430)
    return [
        d.step(filed, d.suit, s, "suit", "bj73", filed, served=d.t(-421)),
        d.step(d.t(-410), d.invalidation, s, "inv", d.t(-410)),
        d.step(d.t(-405), d.stay, s, "suit", d.t(-405), basis="inv"),
        d.step(d.t(-262), d.decide, s, "inv", d.t(-262), "all_invalid"),
        d.step(d.t(-255), d.serve, s, "inv", d.t(-255)),
        d.step(d.t(-240), d.close, s, "suit", d.t(-240), "suit_dismissed"),
        d.step(d.t(-205), d.admin_suit, s, "admin", "inv", d.t(-205)),
        d.step(d.t(-70), d.close, s, "admin", d.t(-70), "decision_upheld"),
        d.step(d.t(-52), d.appeal, s, "admin_appeal", "admin", d.t(-52)),
    ]


def upheld_appeal_retrial(d, s):
    """京73, invention: no stay (guidance: may decline); CNIPA upholds the patent; the requester's
    administrative suit fails; the suit ends in damages; the SPC affirms (知民终); the defendant
    petitions for retrial (知民申, pending)."""
    filed = d.t(-720)
    return [
        d.step(filed, d.suit, s, "suit", "bj73", filed, served=d.t(-711)),
        d.step(d.t(-700), d.invalidation, s, "inv", d.t(-700)),
        d.step(d.t(-560), d.decide, s, "inv", d.t(-560), "upheld"),
        d.step(d.t(-556), d.serve, s, "inv", d.t(-556), presumed=True),
        d.step(d.t(-500), d.admin_suit, s, "admin", "inv", d.t(-500), plaintiff="requester"),
        d.step(d.t(-545), d.extend, s, "suit", d.t(-545)),
        d.step(d.t(-450), d.close, s, "suit", d.t(-450), "claims_partly_supported"),
        d.step(d.t(-430), d.appeal, s, "appeal", "suit", d.t(-430)),
        d.step(d.t(-330), d.close, s, "admin", d.t(-330), "decision_upheld"),
        d.step(d.t(-300), d.close, s, "appeal", d.t(-300), "affirmed"),
        d.step(d.t(-140), d.retrial_review, s, "retrial", "appeal", d.t(-140)),
    ]


def late_request_near_limit(d, s):
    """京73, utility model: the invalidation came after the defence period (guidance: shall not
    stay), so the suit goes on and nears its 审限; the court ordered an evaluation report, which
    CNIPA issued; 京73's clerk asks for priority examination (open)."""
    filed = d.t(-172)
    return [
        d.step(filed, d.suit, s, "suit", "bj73", filed, served=d.t(-166)),
        d.step(d.t(-160), d.order_report, s, "suit", d.t(-160)),
        d.step(d.t(-152), d.request_report, s, d.t(-152)),
        d.step(d.t(-100), d.issue_report, s, d.t(-100), False),
        d.step(d.t(-96), d.invalidation, s, "inv", d.t(-96)),
        d.step(d.t(-30), d.request_priority, s, "inv", "suit", "bj73_clerk", "关联侵权案件审限将至，请求对无效宣告请求优先审查。"),
    ]


def overdue_unassigned(d, s):
    """京73, invention: filed by the clerk without a judge, assigned later, a clerk delegated; no
    invalidation; past its 审限 with no extension recorded."""
    filed = d.t(-205)
    return [
        d.step(filed, d.suit, s, "suit", "bj73", filed, served=d.t(-196), judge=False),
        d.step(d.t(-200), d.assign, s, "suit", "judge", "bj73_judge", "随机分案"),
        d.step(d.t(-120), d.assign, s, "suit", "clerk", "bj73_clerk", "原书记员休假，临时委托", True),
    ]


def extended_invention(d, s):
    """京73, invention: the 审限 extended by three months (approved by the president); an
    invalidation by the defendant after the defence period, no stay."""
    filed = d.t(-200)
    return [
        d.step(filed, d.suit, s, "suit", "bj73", filed, served=d.t(-191)),
        d.step(d.t(-150), d.invalidation, s, "inv", d.t(-150)),
        d.step(d.t(-40), d.extend, s, "suit", d.t(-40)),
    ]


def partial_resumed_appeal(d, s):
    """京73, utility model: stayed, partly invalid with an asserted claim surviving, resumed,
    partly supported; appealed to the court of the routing table (the high court since 2023-11-01)."""
    filed = d.t(-390)
    return [
        d.step(filed, d.suit, s, "suit", "bj73", filed, served=d.t(-381), claims=[1, 2]),
        d.step(d.t(-372), d.invalidation, s, "inv", d.t(-372)),
        d.step(d.t(-368), d.stay, s, "suit", d.t(-368), basis="inv"),
        d.step(d.t(-215), d.decide, s, "inv", d.t(-215), "partly_invalid", survivors=[1]),
        d.step(d.t(-210), d.serve, s, "inv", d.t(-210)),
        d.step(d.t(-196), d.lift, s, "suit", d.t(-196)),
        d.step(d.t(-120), d.close, s, "suit", d.t(-120), "claims_partly_supported"),
        d.step(d.t(-98), d.appeal, s, "appeal", "suit", d.t(-98)),
    ]


def fast_tracked_admin(d, s):
    """京73, utility model: all invalid, the suit dismissed; the patentee's administrative suit is
    marked for fast handling (快速办理), pending before bj73_judge."""
    filed = d.t(-250)
    return [
        d.step(filed, d.suit, s, "suit", "bj73", filed, served=d.t(-243)),
        d.step(d.t(-236), d.invalidation, s, "inv", d.t(-236)),
        d.step(d.t(-233), d.stay, s, "suit", d.t(-233), basis="inv"),
        d.step(d.t(-112), d.decide, s, "inv", d.t(-112), "all_invalid"),
        d.step(d.t(-105), d.serve, s, "inv", d.t(-105)),
        d.step(d.t(-92), d.close, s, "suit", d.t(-92), "suit_dismissed"),
        d.step(
            d.t(-61),
            d.admin_suit,
            s,
            "admin",
            "inv",
            d.t(-61),
            fast_track="关联的侵权纠纷涉案金额逾五千万元，已因专利权被宣告无效而驳回起诉，权利稳定性亟待确定。",
        ),
    ]


def design_shanghai(d, s):
    """沪73, design: stayed within the defence period; CNIPA upholds; resumed and decided; the
    appeal goes to the Shanghai High Court (沪民终, pending)."""
    filed = d.t(-310)
    return [
        d.step(filed, d.suit, s, "suit", "sh73", filed, served=d.t(-302)),
        d.step(d.t(-293), d.invalidation, s, "inv", d.t(-293)),
        d.step(d.t(-290), d.stay, s, "suit", d.t(-290), basis="inv"),
        d.step(d.t(-160), d.decide, s, "inv", d.t(-160), "upheld"),
        d.step(d.t(-154), d.serve, s, "inv", d.t(-154)),
        d.step(d.t(-150), d.lift, s, "suit", d.t(-150)),
        d.step(d.t(-62), d.close, s, "suit", d.t(-62), "claims_supported"),
        d.step(d.t(-44), d.appeal, s, "appeal", "suit", d.t(-44)),
    ]


def report_requested_shanghai(d, s):
    """沪73, utility model: the court ordered an evaluation report; the patentee requested it from
    CNIPA, which has not issued it yet (due within two months)."""
    filed = d.t(-52)
    return [
        d.step(filed, d.suit, s, "suit", "sh73", filed, served=d.t(-47)),
        d.step(d.t(-45), d.order_report, s, "suit", d.t(-45)),
        d.step(d.t(-33), d.request_report, s, d.t(-33)),
    ]


def report_ordered_design(d, s):
    """京73, design: a fresh suit; the court ordered the patentee to produce an evaluation report."""
    filed = d.t(-38)
    return [
        d.step(filed, d.suit, s, "suit", "bj73", filed, served=d.t(-31)),
        d.step(d.t(-28), d.order_report, s, "suit", d.t(-28)),
    ]


def guangzhou_dismissed(d, s):
    """粤73, utility model (粤73知民初): stayed, all claims invalid twenty days ago, dismissed (驳回起诉);
    the patentee's window to sue CNIPA is still open."""
    filed = d.t(-134)
    return [
        d.step(filed, d.suit, s, "suit", "gz73", filed, served=d.t(-126)),
        d.step(d.t(-116), d.invalidation, s, "inv", d.t(-116)),
        d.step(d.t(-112), d.stay, s, "suit", d.t(-112), basis="inv"),
        d.step(d.t(-20), d.decide, s, "inv", d.t(-20), "all_invalid"),
        d.step(d.t(-18), d.serve, s, "inv", d.t(-18), presumed=True),
        d.step(d.t(-9), d.close, s, "suit", d.t(-9), "suit_dismissed"),
    ]


def shenzhen_priority_refused(d, s):
    """粤03, invention: the defendant's invalidation; 粤03 asks for priority examination, refused."""
    filed = d.t(-95)
    return [
        d.step(filed, d.suit, s, "suit", "sz", filed, served=d.t(-88)),
        d.step(d.t(-80), d.invalidation, s, "inv", d.t(-80)),
        d.step(d.t(-70), d.request_priority, s, "inv", "suit", "sz_judge", "被告以专利权无效为由抗辩，请求优先审查。"),
        d.step(d.t(-64), d.decide_priority, s, "inv", False, "发明专利侵权诉讼无需中止，关联诉讼未中止审理，不属于优先审查的情形。"),
    ]


def shenzhen_mediated(d, s):
    """粤03, utility model: settled — the suit ends by a mediation statement and the requester
    withdraws the invalidation request."""
    filed = d.t(-260)
    return [
        d.step(filed, d.suit, s, "suit", "sz", filed, served=d.t(-252)),
        d.step(d.t(-244), d.invalidation, s, "inv", d.t(-244)),
        d.step(d.t(-240), d.stay, s, "suit", d.t(-240), basis="inv"),
        d.step(d.t(-171), d.lift, s, "suit", d.t(-171)),
        d.step(d.t(-170), d.close, s, "suit", d.t(-170), "mediated"),
        d.step(d.t(-160), d.decide, s, "inv", d.t(-160), "withdrawn"),
    ]


def local_office_priority(d, s):
    """A utility model in an administrative adjudication at the Beijing IP office: the office asks
    CNIPA to examine the invalidation first (open)."""
    return [
        d.step(d.t(-26), d.invalidation, s, "inv", d.t(-26)),
        d.step(
            d.t(-12),
            d.request_priority,
            s,
            "inv",
            None,
            "bjipo_handler",
            "本局正在处理的专利侵权纠纷行政裁决案件中，被请求人请求宣告涉案专利权无效，请求优先审查。",
        ),
    ]


def trademark_invalidated(d, s):
    """A registered mark: a competitor's invalidation; 沪73 has the infringement suit; CNIPA
    declares the mark invalid (the judge is told) and serves the decision by post: each party's
    30-day window runs from its presumed receipt."""
    filed = d.t(-140)
    return [
        d.step(filed, d.suit, s, "suit", "sh73", filed, served=d.t(-133)),
        d.step(d.t(-120), d.invalidation, s, "inv", d.t(-120)),
        d.step(d.t(-25), d.decide, s, "inv", d.t(-25), "mark_invalid"),
        d.step(d.t(-24), d.serve, s, "inv", d.t(-24), presumed=True),
    ]


def trademark_maintained_appeals(d, s):
    """A registered mark maintained by CNIPA; the requester sues at 京73 within 30 days and loses;
    its appeal goes to the Beijing High Court (京行终) and is dismissed. The mark's infringement
    suit at 京73 is won and appealed to the Beijing High Court (京民终, pending)."""
    return [
        d.step(d.t(-400), d.invalidation, s, "inv", d.t(-400)),
        d.step(d.t(-330), d.decide, s, "inv", d.t(-330), "mark_maintained"),
        d.step(d.t(-326), d.serve, s, "inv", d.t(-326)),
        d.step(d.t(-305), d.admin_suit, s, "admin", "inv", d.t(-305), plaintiff="requester"),
        d.step(d.t(-200), d.close, s, "admin", d.t(-200), "decision_upheld"),
        d.step(d.t(-186), d.appeal, s, "admin_appeal", "admin", d.t(-186)),
        d.step(d.t(-90), d.close, s, "admin_appeal", d.t(-90), "decision_upheld"),
        d.step(d.t(-180), d.suit, s, "suit", "bj73", d.t(-180), served=d.t(-172)),
        d.step(d.t(-66), d.close, s, "suit", d.t(-66), "claims_supported"),
        d.step(d.t(-50), d.appeal, s, "appeal", "suit", d.t(-50)),
    ]


def drug_linkage_court(d, s):
    """京73, drug-patent linkage (court route): the patentee sues within 45 days of CDE's
    publication; the chemical generic's 9-month waiting period runs from filing; the generic
    maker requests invalidation of the patent (4.1 declaration)."""
    filed = d.within_calendar(d.t(-118), 9)  # the 9-month waiting period must be computable
    published = filed - 33 * DAY
    drug = {
        "drug_name": "阿哌沙班片",
        "application_number": f"CYHS{published.year % 100:02d}0{d.rng.randint(1000, 9999)}",
        "drug_type": "chemical",
        "declaration": "4.1",
        "published_on": published,
    }
    return [
        d.step(filed, d.suit, s, "suit", "bj73", filed, served=filed + 8 * DAY, cause="drug_patent_scope", claims=[1], drug=drug),
        d.step(filed + 20 * DAY, d.invalidation, s, "inv", filed + 20 * DAY),
    ]


def drug_linkage_cnipa(d, s):
    """A drug-patent linkage ruling by CNIPA (administrative route): not within the scope; the
    ruling served on both parties with their windows to sue."""
    filed = d.within_calendar(d.t(-176), 9)
    published = filed - 34 * DAY
    decided = min(d.t(-35), d.within_calendar(filed + 130 * DAY, 3))
    drug = {
        "drug_name": "恩格列净二甲双胍缓释片",
        "application_number": f"CYHS{published.year % 100:02d}0{d.rng.randint(1000, 9999)}",
        "drug_type": "chemical",
        "declaration": "4.2",
        "published_on": published,
    }
    return [
        d.step(filed, d.drug_ruling, s, "ruling", filed, drug),
        d.step(decided, d.decide, s, "ruling", decided, "not_within_scope"),
        d.step(decided + 3 * DAY, d.serve, s, "ruling", decided + 3 * DAY),
    ]


def spc_pending_invention(d, s):
    """粤73, invention: decided for the patentee; the defendant's appeal is pending at the SPC's
    IP tribunal (知民终) before spc_judge."""
    filed = d.t(-330)
    return [
        d.step(filed, d.suit, s, "suit", "gz73", filed, served=d.t(-322)),
        d.step(d.t(-180), d.close, s, "suit", d.t(-180), "claims_supported"),
        d.step(d.t(-150), d.appeal, s, "appeal", "suit", d.t(-150)),
    ]


def invention_stayed_by_choice(d, s):
    """粤73, invention: the defendant requests invalidation within the defence period; the rules let
    the court decline a stay (may decline), the judge stays all the same on the strength of the
    evidence in the file."""
    filed = d.t(-88)
    return [
        d.step(filed, d.suit, s, "suit", "gz73", filed, served=d.t(-80)),
        d.step(d.t(-71), d.invalidation, s, "inv", d.t(-71)),
        d.step(
            d.t(-64), d.stay, s, "suit", d.t(-64), basis="inv", reason="被告提交的对比文件与涉案专利技术方案高度相关，无效宣告请求理由较为充分，本案中止审理"
        ),
    ]


def design_guangzhou(d, s):
    """粤73, design (no 知): the court finds infringement; the defendant's appeal goes to the
    Guangdong High Court (粤民终, pending, near its 审限)."""
    filed = d.t(-262)
    return [
        d.step(filed, d.suit, s, "suit", "gz73", filed, served=d.t(-254)),
        d.step(d.t(-112), d.close, s, "suit", d.t(-112), "claims_partly_supported"),
        d.step(d.t(-86), d.appeal, s, "appeal", "suit", d.t(-86)),
    ]


NAMED = (
    ("stayed_within_defence", "utility_model", stayed_within_defence),
    ("fresh_partial_decision", "utility_model", fresh_partial_decision),
    ("dismissed_then_admin_suit", "utility_model", dismissed_then_admin_suit),
    ("upheld_appeal_retrial", "invention", upheld_appeal_retrial),
    ("late_request_near_limit", "utility_model", late_request_near_limit),
    ("overdue_unassigned", "invention", overdue_unassigned),
    ("partial_resumed_appeal", "utility_model", partial_resumed_appeal),
    ("fast_tracked_admin", "utility_model", fast_tracked_admin),
    ("design_shanghai", "design", design_shanghai),
    ("trademark_invalidated", "trademark", trademark_invalidated),
    ("trademark_maintained_appeals", "trademark", trademark_maintained_appeals),
    ("drug_linkage_court", "invention", drug_linkage_court),
    ("guangzhou_dismissed", "utility_model", guangzhou_dismissed),
    ("report_requested_shanghai", "utility_model", report_requested_shanghai),
    ("report_ordered_design", "design", report_ordered_design),
    ("shenzhen_priority_refused", "invention", shenzhen_priority_refused),
    ("local_office_priority", "utility_model", local_office_priority),
    ("extended_invention", "invention", extended_invention),
    ("shenzhen_mediated", "utility_model", shenzhen_mediated),
    ("drug_linkage_cnipa", "invention", drug_linkage_cnipa),
    ("spc_pending_invention", "invention", spc_pending_invention),
    ("invention_stayed_by_choice", "invention", invention_stayed_by_choice),
    ("design_guangzhou", "design", design_guangzhou),
)


# Stories whose defendant (or requester) is the other story's: the linking engine suggests their
# proceedings of the other track to each other (same party, different rights).
SHARED_DEFENDANT = {
    "late_request_near_limit": "stayed_within_defence",
    "partial_resumed_appeal": "fresh_partial_decision",
    "report_requested_shanghai": "design_shanghai",
    "local_office_priority": "extended_invention",
}


def extra_story(d, s):
    """A plain suit at an IP court: some attacked at CNIPA (stayed when the request came within the
    defence period on a utility model or design), decided, resumed, closed."""
    named = [k for k in ("bj73", "sh73", "gz73", "sz") if k in d.courts]
    court = d.rng.choice(named if not d.staff_courts or d.rng.random() < 0.5 else [c.key for c in d.staff_courts])
    filed = d.t(-d.rng.randint(40, 420))
    served = filed + d.rng.randint(5, 10) * DAY
    steps = [d.step(filed, d.suit, s, "suit", court, filed, served=served)]
    if s.need == "trademark" or d.rng.random() < 0.3:
        end = filed + d.rng.randint(90, 170) * DAY
        if end < d.today:
            result = d.rng.choice(["claims_supported", "claims_partly_supported", "claims_rejected", "mediated", "withdrawn"])
            steps.append(d.step(end, d.close, s, "suit", end, result))
        return steps
    requested = served + d.rng.randint(5, 25) * DAY
    if requested >= d.today:
        return steps
    # Without a stay the suit ends within its 审限, whatever CNIPA does meanwhile.
    deadline = filed + d.rng.randint(150, 175) * DAY
    steps.append(d.step(requested, d.invalidation, s, "inv", requested))
    stayed = s.need != "invention" and requested <= served + 14 * DAY
    if stayed:
        steps.append(d.step(requested + 3 * DAY, d.stay, s, "suit", requested + 3 * DAY, basis="inv"))
    decided = requested + d.rng.randint(110, 170) * DAY
    result = None
    if decided < d.today - 5 * DAY:
        result = d.rng.choice(["all_invalid", "partly_invalid", "upheld", "upheld"] if s.need != "design" else ["all_invalid", "upheld"])
        steps.append(d.step(decided, d.decide, s, "inv", decided, result, survivors=None))
        steps.append(d.step(decided + 3 * DAY, d.serve, s, "inv", decided + 3 * DAY))
        if stayed and result != "all_invalid" and decided + 12 * DAY < d.today:
            steps.append(d.step(decided + 12 * DAY, d.lift, s, "suit", decided + 12 * DAY))
    end = decided + 20 * DAY if stayed else min(deadline, decided + 20 * DAY)
    if end < d.today and (result is not None or not stayed):
        dismissed = result == "all_invalid" and end > decided
        outcome = "suit_dismissed" if dismissed else d.rng.choice(["claims_supported", "claims_partly_supported", "claims_rejected"])
        steps.append(d.step(end, d.close, s, "suit", end, outcome))
    return steps


# --- choosing the rights ---------------------------------------------------------------------------
MIN_FILING_YEARS = {"utility_model": 9, "design": 8, "invention": 17, "trademark": 30}  # filed since: in term today


def candidates(today, need, used):
    """Granted patents of the kind (registered marks) with a holder, in term, never attacked or
    frozen, by number: [(pk, last event day)]."""
    qs = (
        Right.objects.filter(kind="trademark", status="registered")
        if need == "trademark"
        else Right.objects.filter(kind="patent", patent_kind=need, status="granted")
    )
    qs = (
        qs.filter(
            filing_date__gte=datetime.date(today.year - MIN_FILING_YEARS[need], today.month, 1),
            pk__in=RightParty.objects.filter(role__in=HOLDER_ROLES).values("right_id"),
        )
        .exclude(pk__in=FreezeOrder.objects.values("right_id"))
        .exclude(pk__in=LegalEvent.objects.filter(type__in=(legal.INVALIDATION_REQUESTED, legal.FROZEN)).values("right_id"))
        .exclude(pk__in=used)
        .annotate(last=Max("events__date"))
        .order_by("number")
    )
    return [(pk, last) for pk, last in qs.values_list("pk", "last")]


def pick_rights(demo, stories):
    """A right for each story, free from the story's first day on (its last event before it)."""
    pools, used = {}, set()
    for story in stories:
        start = min(day for day, _fn in story.steps) if story.steps else demo.today
        if story.need not in pools:
            pool = candidates(demo.today, story.need, used)
            demo.rng.shuffle(pool)
            pools[story.need] = pool
        pool = pools[story.need]
        choice = next(((pk, last) for pk, last in pool if pk not in used and (last is None or last < start)), None)
        if choice is None:
            continue
        used.add(choice[0])
        story.right = choice[0]
    return [s for s in stories if s.right is not None]


def calendar_horizon(today):
    """The last day of the last year, in an unbroken run from this one, whose holiday arrangement
    is on the platform (periods ending later cannot be computed)."""
    published = set(CalendarYear.objects.filter(published=True).values_list("year", flat=True))
    year = today.year
    while year + 1 in published:
        year += 1
    return datetime.date(year, 12, 31)


def seed_proceedings(*, seed, extra):
    """Parallel proceedings on demo rights through the proceedings services: the named stories
    (every piece of the coordination, the demo logins' desks) and `extra` more plain ones. Returns
    the counts; fewer stories when the register has too few free rights (none without rights)."""
    today = timezone.localdate()
    demo = Demo(seed, today)
    if "bj73" not in demo.courts:
        return {"proceedings": 0}
    stories = [Story(name, need, build) for name, need, build in NAMED]
    kinds = ["utility_model", "utility_model", "invention", "design", "trademark"]
    stories += [Story(f"extra-{i}", demo.rng.choice(kinds), extra_story) for i in range(extra)]
    for story in stories:  # the steps read the story's right and parties when they run
        story.steps = story.build(demo, story)
    stories = pick_rights(demo, stories)
    if not stories:
        return {"proceedings": 0}
    rights = Right.objects.in_bulk([s.right for s in stories])
    _set_claim_counts(demo, rights.values())
    rights = Right.objects.in_bulk(list(rights))
    holders = {}
    for rp in RightParty.objects.filter(right_id__in=list(rights), role__in=HOLDER_ROLES).select_related("party").order_by("right_id", "role", "order", "pk"):
        holders.setdefault(rp.right_id, rp.party)
    demo.setup_parties()
    rivals = _rivals(demo, set(p.pk for p in holders.values()))
    for story in stories:
        story.right, story.holder = rights[story.right], holders[story.right]
        if story.build is drug_linkage_court or story.build is drug_linkage_cnipa:
            story.rival = demo.generics[0 if story.build is drug_linkage_court else 1]
        else:
            story.rival = rivals.pop() if rivals else demo.generics[2]
    by_name = {story.name: story for story in stories}
    for name, other in SHARED_DEFENDANT.items():  # one company sued (or attacked) on two rights
        if name in by_name and other in by_name:
            by_name[name].rival = by_name[other].rival
    _play(stories)
    _links(demo, stories)
    demo.read_old_notifications()
    return {"proceedings": Proceeding.objects.count(), "proceeding_stories": len(stories)}


def _set_claim_counts(demo, rights):
    """The register's claim count is descriptive data of the grant text: the demo patents used
    here get one where the generator left it empty (designs have none)."""
    for right in sorted(rights, key=lambda r: r.pk):
        if right.kind == "patent" and right.patent_kind != "design" and right.claim_count is None:
            n = demo.rng.randint(6, 20) if right.patent_kind == "invention" else demo.rng.randint(4, 10)
            Right.objects.filter(pk=right.pk).update(claim_count=n)


def _rivals(demo, holders):
    """Organisations of the register that hold none of the story rights, as defendants and requesters."""
    pool = list(
        Party.objects.filter(kind="organization", merged_into__isnull=True)
        .exclude(pk__in=holders)
        .exclude(name=CNIPA_PARTY)
        .exclude(name__in=GENERIC_MAKERS)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    demo.rng.shuffle(pool)
    parties = Party.objects.in_bulk(pool[:200])
    return [parties[pk] for pk in pool[:200]]


def _play(stories):
    steps = sorted((day, i, j, fn) for i, story in enumerate(stories) for j, (day, fn) in enumerate(story.steps))
    for _day, _i, _j, fn in steps:
        fn()


def _links(demo, stories):
    """Manual links between suits on different rights that the judge knows belong together (the
    same defendant, one product line); of the suggestions the linking engine made by party, one
    accepted and one rejected, the rest left for the handlers."""
    by_name = {s.name: s for s in stories}
    pairs = [
        ("stayed_within_defence", "late_request_near_limit", "bj73_judge", "同一被告的同系列被诉产品，原告就两件实用新型专利分别起诉，合并开庭审理。"),
        ("fresh_partial_decision", "partial_resumed_appeal", "bj73_judge", "两案被告相同、被诉侵权产品为同一型号，技术比对结论相互援引。"),
        ("design_shanghai", "report_requested_shanghai", "sh73_judge", "同一被告、同一批被诉产品分别涉及外观设计和实用新型专利。"),
    ]
    for a, b, username, reason in pairs:
        sa, sb = by_name.get(a), by_name.get(b)
        if sa is None or sb is None or "suit" not in sa.p or "suit" not in sb.p:
            continue
        services.link(actor=demo.users[username], proceeding=sa.get("suit"), other=sb.get("suit"), reason=reason)
    decisions = [
        ("stayed_within_defence", "late_request_near_limit", "bj73_judge", True, "被告就同系列产品的另一件专利请求宣告无效，与本案被诉产品相同，确认关联。"),
        ("report_requested_shanghai", "design_shanghai", "sh73_judge", False, "无效宣告请求涉及的外观设计与本案被诉产品无关，不予关联。"),
    ]
    for name, partner, username, accept, reason in decisions:
        story, other = by_name.get(name), by_name.get(partner)
        if story is None or other is None or "suit" not in story.p:
            continue
        suit, theirs = story.p["suit"], list(other.p.values())
        suggestion = (
            Link.objects.filter(status=LinkStatus.SUGGESTED)
            .filter(Q(source_id=suit, target_id__in=theirs) | Q(target_id=suit, source_id__in=theirs))
            .order_by("-score", "id")
            .first()
        )
        if suggestion is not None:
            services.decide_suggestion(actor=demo.users[username], suggestion=suggestion, accept=accept, reason=reason)
