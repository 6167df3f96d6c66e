"""Demo administrative adjudications (issue 7, point 6): a dozen patent-infringement disputes at the
Beijing, Shanghai, Guangdong and Jiangsu IP offices in every state, made through the services —
received, refused, accepted with an oral hearing in a protection centre's room, suspended for a
CNIPA invalidation, decided and partly served, served with the windows running, sued (行初),
complied, demanded, damages mediated, enforcement applied and ruled (京0108行审), enforcement
pending at the court, no infringement.

Hearing rooms at the four protection centres; two slots booked by courts (京73, 沪73) to show the
rooms are shared. Dates are fixed days of 2025–2026 (every period they start ends within the
published holiday calendars); the steps a service refuses as "in the future" are skipped when the
demo is seeded before their day. Idempotent: a story whose source id exists is left alone.
"""

import datetime
import random

from django.contrib.auth.hashers import make_password
from django.db.models import F
from django.utils import timezone

from ipcollab.accounts.models import Membership, Role, User
from ipcollab.adjudication import services
from ipcollab.adjudication.models import Adjudication
from ipcollab.core.errors import ServiceError
from ipcollab.identifiers.patents import patent_check_character
from ipcollab.mediation import services as mediation_services
from ipcollab.mediation.models import Organisation
from ipcollab.orgs import rooms
from ipcollab.orgs.models import Agency, HearingRoom, Region
from ipcollab.proceedings import services as proceedings
from ipcollab.registry import services as register
from ipcollab.registry.models import Party, Right

from .accounts import DEMO_PASSWORD

D = datetime.date
SOURCE = "demo-adjudication"

# office agency code: (handler username, full name, basic court code, court judge username, judge name, protection centre, region of infringement)
OFFICES = {
    "ipo-beijing": ("bjipo_handler", "高振华", "京0108", "hd_judge", "苏晓峰", "ppc-beijing", "110108"),
    "ipo-shanghai": ("shipo_handler", "陆文静", "沪0115", "pd_judge", "顾建明", "ppc-shanghai", "310115"),
    "ipo-guangdong": ("gdipo_handler", "陈锦华", "粤0106", "th_judge", "黄志诚", "ppc-guangdong", "440402"),
    "ipo-jiangsu": ("jsipo_handler", "王海燕", "苏0106", "gl_judge", "周立新", "ppc-jiangsu", "320211"),
}
SECOND_HANDLER = {
    "ipo-beijing": ("bjipo_handler2", "李明轩"),
    "ipo-shanghai": ("shipo_handler2", "张雨桐"),
    "ipo-guangdong": ("gdipo_handler2", "林俊杰"),
    "ipo-jiangsu": ("jsipo_handler2", "徐静怡"),
}
ROOMS = [("第一审理庭", 40, ["远程视频", "庭审录音录像", "电子质证"]), ("第二审理庭（调解室）", 16, ["远程视频"])]

OWNERS = [
    "北京恒远精密机械有限公司",
    "上海联影智控科技有限公司",
    "广州明德照明电器有限公司",
    "苏州瑞晟新材料科技有限公司",
    "深圳市星河智能家居有限公司",
    "南京华拓医疗器械有限公司",
]
RIVALS = [
    "北京宏图智能科技有限公司",
    "上海浦江机电设备有限公司",
    "佛山市顺德区美佳电器厂",
    "无锡市恒达塑胶制品有限公司",
    "东莞市凯旋五金制品有限公司",
    "杭州东方工贸有限公司",
]
TITLES = ["一种精密夹持装置", "一种智能温控阀", "一种LED灯具散热结构", "一种可降解包装膜", "一种扫地机器人的边刷组件", "一种一次性输液器"]


def _user(username, agency, role, full_name):
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User.objects.create(username=username, password=make_password(DEMO_PASSWORD), agency=agency, kind="staff", full_name=full_name)
    if not Membership.objects.filter(user=user, agency=agency, role__code=role).exists():
        Membership.objects.create(user=user, agency=agency, role=Role.objects.get(code=role))
    return user


def _patent_number(rng, year, kind_digit):
    body = f"{year}{kind_digit}{rng.randint(1000000, 1999999):07d}"
    return f"{body}.{patent_check_character(body)}"


class _Demo:
    def __init__(self, seed):
        self.rng = random.Random(seed * 7919 + 17)
        self.today = timezone.localdate()
        self.examiner = User.objects.filter(
            agency__code="cnipa", memberships__role__code="examiner", memberships__agency_id=F("agency_id"), is_active=True
        ).first()
        cnipa = Agency.objects.get(code="cnipa")
        if self.examiner is None:
            self.examiner = _user("cnipa_examiner", cnipa, "examiner", "马宇航")
        self.offices = {}
        for code, (handler, name, court_code, judge, judge_name, centre, region) in OFFICES.items():
            office = Agency.objects.get(code=code)
            court = Agency.objects.get(court_code=court_code)
            h2 = SECOND_HANDLER[code]
            self.offices[code] = {
                "office": office,
                "handler": _user(handler, office, "case_handler", name),
                "handler2": _user(h2[0], office, "case_handler", h2[1]),
                "court": court,
                "judge": _user(judge, court, "judge", judge_name),
                "centre": Agency.objects.get(code=centre),
                "region": Region.objects.get(code=region),
            }
        self.parties = {}

    def party(self, name):
        if name not in self.parties:
            self.parties[name] = Party.objects.filter(name=name, merged_into__isnull=True).first() or register.party_create(
                actor=self.examiner, kind="organization", name=name
            )
        return self.parties[name]

    def patent(self, i, owner):
        rng = random.Random(1000 + i)
        number = _patent_number(rng, 2020 + i % 4, 2)
        right = Right.objects.filter(kind="patent", number=number).first()
        if right is None:
            right = register.right_create(
                actor=self.examiner,
                kind="patent",
                number=number,
                title=TITLES[i % len(TITLES)],
                filing_date=D(2020 + i % 4, 3 + i % 6, 10 + i),
                parties=[(owner, "applicant")],
                claim_count=8 + i % 5,
            )
            register.record_event(self.examiner, right, "granted", D(2021 + i % 4, 1 + i % 9, 5 + i))
        return right

    def rooms(self):
        out = {}
        for code, o in self.offices.items():
            centre = o["centre"]
            for name, capacity, equipment in ROOMS:
                room, _ = HearingRoom.objects.get_or_create(
                    agency=centre,
                    name=name,
                    defaults={"capacity": capacity, "equipment": equipment, "address": centre.address, "shared_with_courts": name.startswith("第一")},
                )
                out.setdefault(code, []).append(room)
        return out

    def past(self, day):
        return day <= self.today

    def story(self, key, office_code, i, received_on, steps, *, respondent=None):
        if Adjudication.objects.filter(source_system=SOURCE, source_id=key).exists() or not self.past(received_on):
            return None
        o = self.offices[office_code]
        owner = self.party(OWNERS[i % len(OWNERS)])
        rival = self.party(respondent or RIVALS[i % len(RIVALS)])
        right = self.patent(i, owner)
        a = services.receive_request(
            actor=o["handler"],
            region=o["region"],
            right=right,
            requester=owner,
            respondents=[rival],
            claims=[1, 2] if i % 2 else [1, 3, 5],
            facts=f"被请求人{rival.name}未经许可，制造、销售、许诺销售落入专利“{right.title}”权利要求保护范围的产品，请求责令其停止侵权行为。",
            evidence=["专利证书及年费缴纳凭证", "（公证）购买被控侵权产品的公证书", "被控侵权产品实物", "技术特征比对表"],
            received_on=received_on,
            source_system=SOURCE,
            source_id=key,
        )
        ctx = {"a": a, "o": o, "owner": owner, "rival": rival, "right": right}
        for step in steps:
            day = step[1]
            if not self.past(day):
                break
            try:
                step[0](self, ctx, *step[1:])
            except ServiceError:
                break
            ctx["a"].refresh_from_db()
        return ctx["a"]

    # steps -------------------------------------------------------------------------------------
    def accept(self, ctx, day):
        o = ctx["o"]
        services.accept(actor=o["handler"], adjudication=ctx["a"], accepted_on=day, handlers=[o["handler"], o["handler2"]])

    def refuse(self, ctx, day):
        services.refuse(
            actor=ctx["o"]["handler"],
            adjudication=ctx["a"],
            refused_on=day,
            reason="请求人提交的证据不能证明其为专利权人或利害关系人，且该专利已有针对同一被请求人的民事诉讼在审。",
        )

    def hearing(self, ctx, day, hour, room):
        tz = timezone.get_current_timezone()
        start = datetime.datetime.combine(day, datetime.time(hour), tzinfo=tz)
        services.schedule_hearing(actor=ctx["o"]["handler"], adjudication=ctx["a"], room=room, starts_at=start, ends_at=start + datetime.timedelta(hours=3))

    def suspend(self, ctx, day):
        inv = proceedings.record_office_proceeding(
            actor=self.examiner,
            kind="patent_invalidation",
            # from the patent's number, not a database id: the demo is the same on every engine and run
            number=f"4W{ctx['right'].number[2:8]}",
            right=ctx["right"],
            filed_on=day - datetime.timedelta(days=10),
            parties=[{"party": ctx["rival"], "role": "requester"}, {"party": ctx["owner"], "role": "owner"}],
            grounds=["专利法第22条第3款：不具备创造性"],
            evidence=["证据1：CN209876543U", "证据2：CN108765432A"],
            claims=[1, 2, 3],
            handler=self.examiner,
        )
        ctx["invalidation"] = inv
        services.suspend(
            actor=ctx["o"]["handler"], adjudication=ctx["a"], invalidation=inv, started_on=day, reason="被请求人在答辩期内向国家知识产权局提出无效宣告请求。"
        )

    def decide(self, ctx, day, decision="infringement"):
        a = ctx["a"]
        reasons = (
            "被控侵权产品具备涉案专利权利要求所记载的全部技术特征，落入其保护范围；被请求人的现有技术抗辩不成立。责令被请求人立即停止制造、销售、许诺销售侵权产品。"
            if decision == "infringement"
            else "被控侵权产品缺少权利要求1记载的技术特征，未落入涉案专利权的保护范围，驳回请求人的请求。"
        )
        services.decide(
            actor=ctx["o"]["handler"], adjudication=a, decision=decision, decided_on=day, decision_number=f"{a.number[:-1]}号处理决定书", reasons=reasons
        )

    def serve(self, ctx, day, who, method="post"):
        party = ctx["owner"] if who == "requester" else ctx["rival"]
        services.serve_decision(actor=ctx["o"]["handler"], adjudication=ctx["a"], party=party, served_on=day, method=method)

    def sue(self, ctx, day, number):
        services.record_suit(actor=ctx["o"]["handler"], adjudication=ctx["a"], party=ctx["rival"], suit_number=number, filed_on=day)

    def comply(self, ctx, day, complied):
        note = "经现场检查，被请求人已停止生产并下架侵权产品。" if complied else "经回访及市场抽查，被请求人仍在电商平台销售被控侵权产品。"
        services.record_compliance(actor=ctx["o"]["handler"], adjudication=ctx["a"], complied=complied, checked_on=day, note=note)

    def demand(self, ctx, day):
        services.serve_demand(actor=ctx["o"]["handler"], adjudication=ctx["a"], served_on=day)

    def apply(self, ctx, day):
        ctx["app"] = services.apply_enforcement(actor=ctx["o"]["handler"], adjudication=ctx["a"], applied_on=day)

    def court_accept(self, ctx, day, seq):
        o = ctx["o"]
        number = f"（{day.year}）{o['court'].court_code}行审{seq}号"
        services.court_accept(actor=o["judge"], application=ctx["a"].enforcement, case_number=number, accepted_on=day, judge=o["judge"])

    def court_rule(self, ctx, day):
        services.court_rule(
            actor=ctx["o"]["judge"],
            application=ctx["a"].enforcement,
            ruling="enforce",
            ruled_on=day,
            reasons="行政机关作出的处理决定主体适格、事实清楚、程序合法，被执行人在法定期限内未起诉亦未履行，经催告仍不履行，准予强制执行。",
        )

    def mediate(self, ctx, day):
        o = ctx["o"]
        if not Organisation.objects.filter(agency=o["office"]).exists():
            admin = _user(o["handler"].username.replace("_handler", "_admin"), o["office"], "agency_admin", "赵立平")
            mediation_services.register_organisation(actor=admin, agency=o["office"], fields=["patent"], registered_on=D(2025, 1, 2))
        services.mediate_damages(actor=o["handler"], adjudication=ctx["a"], received_on=day, claim_amount=300000)


def seed_adjudication(*, seed=1):
    demo = _Demo(seed)
    room_of = demo.rooms()
    # courts book the shared rooms too (巡回审理)
    tz = timezone.get_current_timezone()
    for court_code, username, name, office_code, day in (
        ("京73", "bj73_judge", "刘思远", "ipo-beijing", D(2026, 12, 3)),
        ("沪73", "sh73_judge", "程立新", "ipo-shanghai", D(2026, 12, 4)),
    ):
        judge = _user(username, Agency.objects.get(court_code=court_code), "judge", name)
        room = room_of[office_code][0]
        if room.bookings.filter(agency=judge.agency).exists():
            continue
        start = datetime.datetime.combine(day, datetime.time(14), tzinfo=tz)
        rooms.book_room(
            actor=judge, room=room, starts_at=start, ends_at=start + datetime.timedelta(hours=3), purpose=f"巡回审理（2026）{court_code}民初{1200 + day.day}号"
        )

    X = _Demo
    bj, sh, gd, js = "ipo-beijing", "ipo-shanghai", "ipo-guangdong", "ipo-jiangsu"
    stories = [
        # 1 received, to accept
        ("BJ-01", bj, 0, D(2026, 11, 23), []),
        # 2 refused
        ("SH-02", sh, 1, D(2026, 3, 2), [(X.refuse, D(2026, 3, 6))]),
        # 3 accepted, hearing booked in the Guangdong centre
        ("GD-03", gd, 2, D(2026, 10, 12), [(X.accept, D(2026, 10, 15)), (X.hearing, D(2026, 10, 20), 9, room_of[gd][0])]),
        # 4 suspended for a CNIPA invalidation
        ("JS-04", js, 3, D(2026, 7, 6), [(X.accept, D(2026, 7, 9)), (X.suspend, D(2026, 8, 3))]),
        # 5 decided, served on the requester only
        (
            "BJ-05",
            bj,
            4,
            D(2026, 6, 1),
            [(X.accept, D(2026, 6, 4)), (X.hearing, D(2026, 7, 2), 9, room_of[bj][0]), (X.decide, D(2026, 11, 16)), (X.serve, D(2026, 11, 20), "requester")],
        ),
        # 6 served on both, windows running
        (
            "SH-06",
            sh,
            5,
            D(2026, 7, 13),
            [
                (X.accept, D(2026, 7, 16)),
                (X.decide, D(2026, 11, 10)),
                (X.serve, D(2026, 11, 13), "requester"),
                (X.serve, D(2026, 11, 17), "respondent", "direct"),
            ],
        ),
        # 7 the respondent sued (行初)
        (
            "GD-07",
            gd,
            6,
            D(2026, 2, 2),
            [
                (X.accept, D(2026, 2, 5)),
                (X.decide, D(2026, 4, 20)),
                (X.serve, D(2026, 4, 24), "requester"),
                (X.serve, D(2026, 4, 27), "respondent", "direct"),
                (X.sue, D(2026, 5, 8), "（2026）粤73行初215号"),
            ],
        ),
        # 8 complied after the windows ran
        (
            "JS-08",
            js,
            7,
            D(2026, 1, 12),
            [
                (X.accept, D(2026, 1, 14)),
                (X.decide, D(2026, 3, 30)),
                (X.serve, D(2026, 4, 2), "requester"),
                (X.serve, D(2026, 4, 3), "respondent"),
                (X.comply, D(2026, 4, 28), True),
            ],
        ),
        # 9 damages mediated (administrative mediation); the infringement stopped
        (
            "BJ-09",
            bj,
            8,
            D(2026, 4, 7),
            [
                (X.accept, D(2026, 4, 9)),
                (X.decide, D(2026, 7, 1)),
                (X.serve, D(2026, 7, 3), "requester"),
                (X.serve, D(2026, 7, 6), "respondent", "direct"),
                (X.mediate, D(2026, 7, 10)),
                (X.comply, D(2026, 7, 27), True),
            ],
        ),
        # 10 enforcement applied, accepted and ruled (京0108行审)
        (
            "BJ-10",
            bj,
            9,
            D(2025, 9, 1),
            [
                (X.accept, D(2025, 9, 3)),
                (X.decide, D(2025, 11, 24)),
                (X.serve, D(2025, 11, 26), "requester"),
                (X.serve, D(2025, 12, 1), "respondent", "direct"),
                (X.comply, D(2025, 12, 18), False),
                (X.demand, D(2026, 1, 5)),
                (X.apply, D(2026, 1, 21)),
                (X.court_accept, D(2026, 1, 26), 12),
                (X.court_rule, D(2026, 2, 3)),
            ],
        ),
        # 11 enforcement pending at the Pudong court
        (
            "SH-11",
            sh,
            10,
            D(2026, 5, 11),
            [
                (X.accept, D(2026, 5, 13)),
                (X.decide, D(2026, 8, 10)),
                (X.serve, D(2026, 8, 13), "requester"),
                (X.serve, D(2026, 8, 17), "respondent", "direct"),
                (X.comply, D(2026, 9, 4), False),
                (X.demand, D(2026, 11, 2)),
                (X.apply, D(2026, 11, 24)),
            ],
        ),
        # 12 no infringement found, served
        (
            "JS-12",
            js,
            11,
            D(2026, 3, 16),
            [
                (X.accept, D(2026, 3, 18)),
                (X.decide, D(2026, 6, 15), "no_infringement"),
                (X.serve, D(2026, 6, 17), "requester"),
                (X.serve, D(2026, 6, 18), "respondent"),
            ],
        ),
        # 13 Guangdong: not complied, demand served, the 10 working days running
        (
            "GD-13",
            gd,
            12,
            D(2026, 4, 13),
            [
                (X.accept, D(2026, 4, 15)),
                (X.decide, D(2026, 8, 31)),
                (X.serve, D(2026, 9, 2), "requester"),
                (X.serve, D(2026, 9, 3), "respondent", "direct"),
                (X.comply, D(2026, 9, 21), False),
                (X.demand, D(2026, 11, 20)),
            ],
        ),
    ]
    for key, office, i, received_on, steps in stories:
        demo.story(key, office, i, received_on, steps)
