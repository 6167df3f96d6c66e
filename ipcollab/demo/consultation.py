"""Demo: a year of consultation between institutions (issue 8), built through the services on the
days it happened (the clock is set to each step's day, so notices, audit events, reminders and
deadlines fall where they would have).

- The SPC and CNIPA: four regular meetings and two special ones (one cancelled), the SPP and the
  Ministry of Public Security invited to sit in; minutes and a joint guidance co-signed by both,
  their consensus items carried out (done with evidence, in progress, overdue and escalated,
  cancelled, due within the week); the third meeting's minutes half-signed, the special meeting's
  minutes in review with comments, the next meeting planned with its agenda.
- Three provincial pairs (Beijing, Shanghai, Guangdong high courts with their IP offices): minutes,
  a co-signed document, action items, a draft and a planned meeting.
- Comment rounds: a judicial interpretation (concluded with every response), a CNIPA guide (open),
  a standard (closed, a response outstanding).
- Standards feedback in every state, with its discussion threads, and liaison threads.
"""

import datetime

import time_machine
from django.contrib.auth.hashers import make_password
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from ipcollab.accounts.models import Membership, Role, User
from ipcollab.consultation import actions, documents, feedback, rounds, services, threads, trends
from ipcollab.consultation.models import AgendaStatus, DocumentKind
from ipcollab.orgs.models import Agency, LiaisonDesignation, LiaisonRole
from ipcollab.proceedings.models import Proceeding

from .accounts import DEMO_PASSWORD

D = datetime.date

# username: (agency code, roles, name, title)
PEOPLE = {
    "bjhc_liaison": ("court-jing", ["liaison", "signer"], "孟庆华", "研究室副主任"),
    "bjipo_liaison": ("ipo-beijing", ["liaison", "signer"], "田雨萌", "知识产权保护处处长"),
    "shhc_liaison": ("court-hu", ["liaison", "signer"], "顾文杰", "研究室主任"),
    "shipo_liaison": ("ipo-shanghai", ["liaison", "signer"], "沈佳慧", "知识产权保护处副处长"),
    "gdhc_liaison": ("court-yue", ["liaison", "signer"], "黎志明", "研究室副主任"),
    "gdipo_liaison": ("ipo-guangdong", ["liaison", "signer"], "欧阳倩", "知识产权保护处处长"),
    "spp_liaison": ("spp", ["liaison"], "贺敏", "知识产权检察办公室检察官"),
    "mps_liaison": ("mps", ["liaison"], "常卫东", "知识产权犯罪侦查处副处长"),
}

# A one-page PDF: the evidence of completion the owners attach.
EVIDENCE_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


class _Demo:
    def __init__(self, seed):
        self.seed = seed
        self.today = timezone.localdate()
        self.password = make_password(DEMO_PASSWORD)
        self.roles = {r.code: r for r in Role.objects.all()}
        self.users = {}
        self.agencies = {}

    def day(self, n):
        return self.today - datetime.timedelta(days=n)

    def future(self, n):
        return self.today + datetime.timedelta(days=n)

    def agency(self, code):
        if code not in self.agencies:
            self.agencies[code] = Agency.objects.get(code=code)
        return self.agencies[code]

    def user(self, username):
        if username not in self.users:
            self.users[username] = User.objects.get(username=username)
        return self.users[username]

    def person(self, username, code, roles, full_name, title):
        agency = self.agency(code)
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User.objects.create(
                username=username,
                password=self.password,
                kind="staff",
                agency=agency,
                full_name=full_name,
                title=title,
                email=f"{username}@{code.replace('-', '')}.example.cn",
            )
        for role in roles:
            Membership.objects.get_or_create(user=user, agency=agency, role=self.roles[role])
        if "liaison" in roles and not LiaisonDesignation.objects.filter(agency=agency, person=user, valid_to__isnull=True).exists():
            has_primary = LiaisonDesignation.objects.filter(agency=agency, role=LiaisonRole.PRIMARY, counterpart__isnull=True, valid_to__isnull=True).exists()
            LiaisonDesignation.objects.create(
                agency=agency,
                person=user,
                role=LiaisonRole.DEPUTY if has_primary else LiaisonRole.PRIMARY,
                title=f"{title}（会商联络）",
                phone="010-6" + f"{user.pk:07d}"[-7:],
                email=user.email,
                valid_from=self.day(400),
            )
        self.users[username] = user
        return user


class _Timeline:
    """The story's steps, each run at its own time and all in time order, so that what one step
    makes (a meeting, a document) exists before the later steps use it and the audit chains run
    forward in time. `st` holds what the steps made, by key."""

    def __init__(self, today):
        self.today = today
        self.steps = []
        self.st = {}

    def at(self, day, hour, fn, minute=0):
        if day > self.today:
            raise ValueError(f"a demo step cannot happen after today: {day}")
        self.steps.append((datetime.datetime.combine(day, datetime.time(hour, minute)), len(self.steps), fn))

    def run(self):
        """Each step at its time; today's steps no later than now (a second apart, in order)."""
        steps = sorted(self.steps, key=lambda step: (step[0], step[1]))
        now = timezone.now()
        for i, (when, _n, fn) in enumerate(steps):
            when = min(timezone.make_aware(when), now - datetime.timedelta(seconds=len(steps) - i))
            with time_machine.travel(when, tick=False):
                fn()


def _at(day, hour=14, minute=30):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def _evidence(name):
    return SimpleUploadedFile(name, EVIDENCE_PDF, content_type="application/pdf")


_NUMERALS = "〇一二三四五六七八九十"


def _minutes_text(title, held_on, points):
    paragraphs = [
        f"{held_on.year}年{held_on.month}月{held_on.day}日，{title}召开。会议听取了各单位关于协同保护工作进展的情况通报，围绕以下议题进行了讨论，形成共识如下："
    ]
    paragraphs += [f"{_NUMERALS[n]}、{point}" for n, point in enumerate(points, start=1)]
    paragraphs.append("各单位应按照分工抓好落实，联络人定期通报进展情况。")
    return "\n\n".join(paragraphs)


def _meeting(demo, tl, key, *, organiser, title, day, participants, kind="regular", invited=(), place="", video_link="", proposals=(), accept=True):
    """Scheduled 30 days ahead of `day` (today at the latest), proposals three days later, accepted
    two days after that, held on `day` (unless `day` is still to come) with every accepted item
    discussed. `proposals`: (proposer, topic, background, trend code or None)."""
    scheduled_on = min(day - datetime.timedelta(days=30), demo.today)
    organiser_user = demo.user(organiser)
    rows = [{"agency": demo.agency(c), "role": "participant"} for c in participants]
    rows += [{"agency": demo.agency(c), "role": "invited", "signs": False} for c in invited]
    people, seen = [], set()
    liaison_of = {"spc": "spc_liaison", "cnipa": "cnipa_liaison", **{code: username for username, (code, *_rest) in PEOPLE.items()}}
    for code in [organiser_user.agency.code, *participants, *invited]:
        u = demo.user(liaison_of[code])
        if u.pk not in seen:
            seen.add(u.pk)
            people.append({"agency": u.agency, "user": u})

    def schedule():
        tl.st[key] = services.schedule_meeting(
            actor=organiser_user,
            title=title,
            kind=kind,
            organiser=organiser_user.agency,
            starts_at=_at(day, 9, 30),
            ends_at=_at(day, 12, 0),
            place=place,
            video_link=video_link,
            agenda_deadline=day - datetime.timedelta(days=7),
            participants=rows,
            attendees=people,
        )
        tl.st[key + ".items"] = []

    tl.at(scheduled_on, 9, schedule)
    for n, (proposer, topic, background, trend) in enumerate(proposals):

        def propose(proposer=proposer, topic=topic, background=background, trend=trend):
            data = None
            if trend:
                end = timezone.localdate().replace(day=1) - datetime.timedelta(days=1)
                data = trends.compute(trend, user=demo.user(proposer), start=D(end.year - 1, end.month, 1), end=end)
            item = services.propose_agenda_item(actor=demo.user(proposer), meeting=tl.st[key], topic=topic, background=background, trend=data)
            tl.st[key + ".items"].append(item)

        tl.at(min(scheduled_on + datetime.timedelta(days=3), demo.today), 15, propose, minute=n)
    if accept and proposals:

        def decide():
            for item in tl.st[key + ".items"]:
                services.decide_agenda_item(actor=organiser_user, item=item, accept=True)

        tl.at(min(scheduled_on + datetime.timedelta(days=5), demo.today), 16, decide)
    if day <= demo.today:

        def hold():
            meeting = tl.st[key]
            accepted = meeting.agenda_items.filter(status=AgendaStatus.ACCEPTED).values_list("pk", flat=True)
            services.hold_meeting(
                actor=organiser_user,
                meeting=meeting,
                held_on=day,
                attendance={a.pk: True for a in meeting.attendees.all()},
                summary=f"会议由{organiser_user.agency.name}主持，各单位联络人出席并发言。",
                discussed=list(accepted),
            )
            meeting.refresh_from_db()

        tl.at(day, 17, hold)


def _document(demo, tl, key, *, meeting, drafter, title, points, items, day, number="", kind=DocumentKind.MINUTES, comments=(), signers=None):
    """Drafted on `day` and circulated; `comments`: (reviewer, paragraph, body, answer or "",
    revised last point or "") — each made two days later, answered (and the text revised) three days
    later; signing opened five days later with `number` when given, then signed by `signers`
    (agency codes; None: every signatory), a day apart."""
    drafter_user = demo.user(drafter)

    def text(ps):
        m = tl.st.get(meeting) if meeting else None
        return _minutes_text(m.title if m else title, m.held_on if m else day, ps)

    def draft():
        tl.st[key] = documents.draft_document(
            actor=drafter_user,
            kind=kind,
            title=title,
            text=text(points),
            meeting=tl.st[meeting] if meeting else None,
            items=[{"text": t, "responsible_agency": demo.agency(code)} for t, code in items],
            main_recipients="各参会单位",
            copy_to="各高级人民法院，各省、自治区、直辖市知识产权局",
        )
        documents.circulate(actor=drafter_user, document=tl.st[key], review_deadline=day + datetime.timedelta(days=7))

    tl.at(day, 10, draft)
    for n, (reviewer, paragraph, body, answer, revised) in enumerate(comments):

        def comment(reviewer=reviewer, paragraph=paragraph, body=body, n=n):
            tl.st[f"{key}.comment{n}"] = documents.comment_on_document(actor=demo.user(reviewer), document=tl.st[key], paragraph=paragraph, body=body)

        tl.at(day + datetime.timedelta(days=2), 15, comment, minute=n)
        if answer:

            def respond(answer=answer, revised=revised, n=n):
                documents.answer_comment(actor=drafter_user, comment=tl.st[f"{key}.comment{n}"], status="adopted", response=answer)
                if revised:
                    documents.revise(actor=drafter_user, document=tl.st[key], text=text([*points[:-1], revised]), note="采纳审阅意见修改")

            tl.at(day + datetime.timedelta(days=3), 10, respond, minute=n)
    if not number:
        return
    issued_on = day + datetime.timedelta(days=5)

    def open_signing():
        documents.open_signing(actor=drafter_user, document=tl.st[key], number=number.format(year=issued_on.year), issued_on=issued_on)

    tl.at(issued_on, 10, open_signing)

    def sign_for(code):
        def sign():
            doc = tl.st[key]
            documents.sign(actor=_signer_of(demo, code), document=doc, text_hash=documents.current_version(doc).sha256)
            doc.refresh_from_db()

        return sign

    codes = signers if signers is not None else list(dict.fromkeys(code for _t, code in items))  # both sides, the first item's first
    for n, code in enumerate(codes):
        tl.at(issued_on + datetime.timedelta(days=1 + n), 15, sign_for(code))


def _signer_of(demo, code):
    by_agency = {"spc": "spc_liaison", "cnipa": "cnipa_liaison", **{c: username for username, (c, roles, *_r) in PEOPLE.items() if "signer" in roles}}
    return demo.user(by_agency[code])


def _action(demo, tl, key, *, document, position, owner, due_on, created_on, creator, progress=(), done_on=None, cancel=None):
    def create():
        item = tl.st[document].items.get(position=position)
        tl.st[key] = actions.create_action_item(actor=demo.user(creator), consensus_item=item, owner=demo.user(owner), due_on=due_on)

    tl.at(created_on, 11, create)
    for day, percent, note in progress:
        tl.at(day, 16, lambda percent=percent, note=note: actions.report_progress(actor=demo.user(owner), item=tl.st[key], note=note, progress=percent))
    if done_on:
        tl.at(
            done_on,
            16,
            lambda: actions.complete_action(
                actor=demo.user(owner), item=tl.st[key], note="已按期完成，完成情况报告见附件。", evidence=_evidence("完成情况报告.pdf")
            ),
        )
    if cancel:
        day, reason = cancel
        tl.at(day, 10, lambda: actions.cancel_action(actor=demo.user(creator), item=tl.st[key], reason=reason))


def _national(demo, tl, proceedings):
    d, future = demo.day, demo.future
    # 1. First regular meeting (SPC organises; the SPP sits in) → minutes signed → three items, all done.
    _meeting(
        demo,
        tl,
        "m1",
        organiser="spc_liaison",
        title="最高人民法院 国家知识产权局 知识产权协同保护第一次例行会商",
        day=d(330),
        participants=["cnipa"],
        invited=["spp"],
        place="最高人民法院第三会议室",
        proposals=[
            (
                "cnipa_liaison",
                "涉诉专利无效宣告请求的审查进度与侵权诉讼衔接",
                "部分侵权诉讼因等待无效决定中止时间较长，需建立优先审查和进度通报机制。",
                "invalidation_decisions",
            ),
            ("spc_liaison", "专利授权确权行政案件裁判情况通报", "通报近一年专利无效行政诉讼的审理情况，分析被撤销决定的主要理由。", "admin_suits_outcome"),
            ("spp_liaison", "侵犯知识产权犯罪案件中专利权效力争议的处理", "刑事案件中被告人提出专利权无效抗辩时的程序衔接问题。", None),
        ],
    )
    points1 = [
        "建立涉诉专利无效宣告请求优先审查通道，受诉法院可通过平台提出优先审查请求。",
        "编写专利授权确权行政案件典型案例，统一裁判尺度与审查标准。",
        "建立裁判文书与无效宣告决定数据的月度交换机制。",
    ]
    _document(
        demo,
        tl,
        "doc1",
        meeting="m1",
        drafter="spc_liaison",
        title="最高人民法院 国家知识产权局 知识产权协同保护第一次例行会商会议纪要",
        number="法知会〔{year}〕1号",
        points=points1,
        items=[(points1[0], "cnipa"), (points1[1], "spc"), (points1[2], "cnipa")],
        day=d(326),
        comments=[
            (
                "cnipa_liaison",
                4,
                "建议明确数据交换的频次和字段范围。",
                "已采纳，第三项增加数据字段范围的表述。",
                "建立裁判文书与无效宣告决定数据的月度交换机制，交换字段包括案号、专利号、决定号和裁判结果。",
            )
        ],
    )
    _action(
        demo,
        tl,
        "a1",
        document="doc1",
        position=1,
        owner="cnipa_examiner",
        due_on=d(240),
        created_on=d(316),
        creator="cnipa_liaison",
        progress=[(d(290), 40, "已完成优先审查规则草案。"), (d(262), 80, "优先审查通道已上线试运行。")],
        done_on=d(250),
    )
    _action(
        demo,
        tl,
        "a2",
        document="doc1",
        position=2,
        owner="spc_judge",
        due_on=d(200),
        created_on=d(316),
        creator="spc_liaison",
        progress=[(d(260), 50, "已收集典型案例二十件，正在编写评析。")],
        done_on=d(205),
    )
    _action(
        demo,
        tl,
        "a3",
        document="doc1",
        position=3,
        owner="cnipa_analyst",
        due_on=d(150),
        created_on=d(315),
        creator="cnipa_liaison",
        progress=[(d(220), 60, "数据交换接口联调完成。")],
        done_on=d(160),
    )

    # A divergence CNIPA raised, proposed to the special meeting and settled by the joint guidance.
    def raise_fb1():
        tl.st["fb1"] = feedback.raise_feedback(
            actor=demo.user("cnipa_liaison"),
            title="功能性特征的解释标准在无效审查与行政诉讼中不一致",
            area="patent_validity",
            counterpart=demo.agency("spc"),
            description="近期数件无效宣告决定在行政诉讼中被撤销，理由均涉及功能性特征的解释。审查中按字面含义理解功能性限定，而法院结合说明书具体实施方式确定其内容。",
            administrative_standard="审查指南：功能性限定的特征应理解为覆盖了所有能够实现所述功能的实施方式。",
            judicial_standard="司法解释：结合说明书和附图描述的该功能或者效果的具体实施方式及其等同的实施方式确定内容。",
            proceedings=proceedings[:2],
        )

    tl.at(d(290), 10, raise_fb1)
    tl.at(
        d(288),
        15,
        lambda: feedback.discuss_feedback(actor=demo.user("spc_liaison"), feedback=tl.st["fb1"], body="同意列入专题会商议题，我庭将整理近三年的相关裁判。"),
    )

    # 2. Special meeting on suits and invalidation (CNIPA organises) → joint guidance → feedback resolved.
    _meeting(
        demo,
        tl,
        "m2",
        organiser="cnipa_liaison",
        title="专利侵权诉讼与无效宣告程序衔接专题会商",
        kind="special",
        day=d(250),
        participants=["spc"],
        video_link="https://meeting.cnipa.example.cn/j/special-01",
        proposals=[("spc_liaison", "中止诉讼期间无效程序进展的在线查询", "法官在决定是否中止诉讼时需要及时掌握无效程序的进展。", None)],
    )

    def propose_fb1():
        item = feedback.propose_feedback_to_meeting(actor=demo.user("cnipa_liaison"), feedback=tl.st["fb1"], meeting=tl.st["m2"])
        services.decide_agenda_item(actor=demo.user("cnipa_liaison"), item=item, accept=True)

    tl.at(d(266), 10, propose_fb1)
    guidance = [
        "功能性特征的解释，结合说明书和附图描述的具体实施方式及其等同的实施方式确定其内容，审查与审判采用同一标准。",
        "无效宣告决定作出后即时推送受诉法院，法院在线查询无效程序进展。",
    ]
    _document(
        demo,
        tl,
        "guidance",
        meeting="m2",
        kind=DocumentKind.GUIDANCE,
        drafter="cnipa_liaison",
        title="关于加强专利侵权诉讼与无效宣告程序衔接的指导意见",
        number="国知发保字〔{year}〕12号",
        points=guidance,
        items=[("无效宣告决定作出后即时推送受诉法院。", "cnipa"), ("指导各级法院在中止诉讼时在线查询无效程序进展。", "spc")],
        day=d(246),
    )
    tl.at(
        d(236),
        10,
        lambda: feedback.resolve_feedback(
            actor=demo.user("cnipa_liaison"), feedback=tl.st["fb1"], resolution="两家联合印发指导意见，统一功能性特征的解释标准。", document=tl.st["guidance"]
        ),
    )
    _action(demo, tl, "a4", document="guidance", position=1, owner="cnipa_handler", due_on=d(180), created_on=d(236), creator="cnipa_liaison", done_on=d(190))
    _action(
        demo,
        tl,
        "a5",
        document="guidance",
        position=2,
        owner="spc_judge",
        due_on=d(100),
        created_on=d(236),
        creator="spc_liaison",
        progress=[(d(150), 30, "已起草通知稿。"), (d(95), 60, "通知稿正在征求各高级人民法院意见。")],
    )

    # 3. A meeting cancelled.
    def schedule_m3():
        tl.st["m3"] = services.schedule_meeting(
            actor=demo.user("cnipa_liaison"),
            title="专利审查与审判标准对接座谈",
            kind="special",
            starts_at=_at(d(200), 9, 30),
            place="国家知识产权局第二会议室",
            participants=[{"agency": demo.agency("spc"), "role": "participant"}],
        )

    tl.at(d(230), 9, schedule_m3)
    tl.at(d(215), 9, lambda: services.cancel_meeting(actor=demo.user("cnipa_liaison"), meeting=tl.st["m3"], reason="议题已在专题会商中讨论，本次座谈取消。"))

    # 4. Second regular meeting (CNIPA organises; public security sits in) → items in every state.
    _meeting(
        demo,
        tl,
        "m4",
        organiser="cnipa_liaison",
        title="最高人民法院 国家知识产权局 知识产权协同保护第二次例行会商",
        day=d(150),
        participants=["spc"],
        invited=["mps"],
        place="国家知识产权局第一会议室",
        proposals=[
            ("mps_liaison", "侵犯商标权犯罪线索的移送与权利状态查询", "公安机关办案中需要快速查询注册商标和专利的法律状态。", None),
            ("spc_liaison", "知识产权侵权诉讼收案情况通报", "通报近一年侵权诉讼的收案趋势。", "infringement_suits"),
        ],
    )
    _document(
        demo,
        tl,
        "doc4",
        meeting="m4",
        drafter="cnipa_liaison",
        title="最高人民法院 国家知识产权局 知识产权协同保护第二次例行会商会议纪要",
        number="国知保会〔{year}〕2号",
        points=[
            "在平台开通公安机关查询注册商标和专利法律状态的接口。",
            "扩大知识产权纠纷委派调解试点，按季度通报调解和司法确认情况。",
            "研究商标恶意注册线索的共享机制。",
        ],
        items=[
            ("扩大知识产权纠纷委派调解试点，按季度通报调解和司法确认情况。", "spc"),
            ("在平台开通公安机关查询注册商标和专利法律状态的接口。", "cnipa"),
            ("研究商标恶意注册线索的共享机制。", "cnipa"),
        ],
        day=d(146),
    )
    _action(
        demo,
        tl,
        "a6",
        document="doc4",
        position=1,
        owner="spc_judge",
        due_on=future(20),
        created_on=d(136),
        creator="spc_liaison",
        progress=[(d(60), 40, "已在三个高级人民法院开展试点。")],
    )
    _action(demo, tl, "a7", document="doc4", position=2, owner="cnipa_handler", due_on=future(5), created_on=d(136), creator="cnipa_liaison")
    _action(
        demo,
        tl,
        "a8",
        document="doc4",
        position=3,
        owner="cnipa_examiner",
        due_on=d(20),
        created_on=d(136),
        creator="cnipa_liaison",
        cancel=(d(70), "并入商标恶意注册协同治理专项工作。"),
    )

    # 5. Third regular meeting: minutes signed by the SPC, awaiting CNIPA's signer.
    _meeting(
        demo,
        tl,
        "m5",
        organiser="spc_liaison",
        title="最高人民法院 国家知识产权局 知识产权协同保护第三次例行会商",
        day=d(40),
        participants=["cnipa"],
        place="最高人民法院第三会议室",
        proposals=[("cnipa_liaison", "专利行政裁决执行情况通报", "通报行政裁决申请法院强制执行的情况。", None)],
    )
    _document(
        demo,
        tl,
        "doc5",
        meeting="m5",
        drafter="spc_liaison",
        title="最高人民法院 国家知识产权局 知识产权协同保护第三次例行会商会议纪要",
        number="法知会〔{year}〕3号",
        points=["建立专利行政裁决申请强制执行的信息共享机制。", "联合开展知识产权协同保护业务培训。"],
        items=[("建立专利行政裁决申请强制执行的信息共享机制。", "cnipa"), ("联合开展知识产权协同保护业务培训。", "spc")],
        day=d(34),
        signers=["spc"],
    )

    # 6. Special meeting on malicious suits: minutes in review, one comment answered, one open.
    _meeting(
        demo,
        tl,
        "m6",
        organiser="cnipa_liaison",
        title="恶意诉讼与非正常专利申请协同治理专题会商",
        kind="special",
        day=d(12),
        participants=["spc"],
        invited=["spp"],
        video_link="https://meeting.cnipa.example.cn/j/special-02",
        proposals=[("spc_liaison", "恶意提起知识产权诉讼的识别标准", "近期出现以非正常申请专利提起批量诉讼的情况。", None)],
    )
    _document(
        demo,
        tl,
        "doc6",
        meeting="m6",
        drafter="cnipa_liaison",
        title="恶意诉讼与非正常专利申请协同治理专题会商会议纪要",
        points=["国家知识产权局通过平台向法院通报经核实的非正常专利申请。", "法院在审理中发现以非正常申请专利起诉的，及时告知国家知识产权局。"],
        items=[("国家知识产权局通过平台向法院通报经核实的非正常专利申请。", "cnipa"), ("法院发现以非正常申请专利起诉的，及时告知国家知识产权局。", "spc")],
        day=d(9),
        comments=[
            ("spc_liaison", 2, "建议明确通报的频次和方式（通过平台按月推送）。", "已采纳，明确为通过平台按月推送。", ""),
            ("spc_liaison", 3, "“及时告知”建议改为“在立案后十五日内告知”。", "", ""),
        ],
    )

    # 7. The next regular meeting, planned: proposals, one accepted, a standards question on its agenda.
    _meeting(
        demo,
        tl,
        "m7",
        organiser="spc_liaison",
        title="最高人民法院 国家知识产权局 知识产权协同保护第四次例行会商",
        day=future(21),
        participants=["cnipa"],
        invited=["spp", "mps"],
        place="最高人民法院第三会议室",
        proposals=[
            ("cnipa_liaison", "年度协同保护工作总结与下一年度工作要点", "总结本年度会商共识的落实情况。", "invalidation_decisions"),
            ("spc_liaison", "司法保护与行政保护数据共享的扩展", "拟增加商标异议、无效决定的数据交换。", None),
        ],
        accept=False,
    )
    tl.at(demo.today, 9, lambda: services.decide_agenda_item(actor=demo.user("spc_liaison"), item=tl.st["m7.items"][0], accept=True))

    def raise_fb2():
        tl.st["fb2"] = feedback.raise_feedback(
            actor=demo.user("spc_liaison"),
            title="商标近似判断中在先使用证据的采信标准",
            area="trademark_validity",
            counterpart=demo.agency("cnipa"),
            description="商标无效宣告程序与行政诉讼对在先使用证据的采信标准存在差异，导致部分裁定被撤销。",
            administrative_standard="审查中要求在先使用证据形成完整证据链，单一销售发票一般不予采信。",
            judicial_standard="诉讼中综合全部证据判断，单一证据结合其他证据可以认定在先使用事实。",
            proceedings=proceedings[2:3],
        )

    tl.at(d(60), 10, raise_fb2)
    tl.at(
        d(58),
        15,
        lambda: feedback.discuss_feedback(actor=demo.user("cnipa_liaison"), feedback=tl.st["fb2"], body="我局正在梳理近两年的相关裁定，拟在下次会商时通报。"),
    )
    tl.at(d(55), 9, lambda: feedback.discuss_feedback(actor=demo.user("spc_liaison"), feedback=tl.st["fb2"], body="好的，我庭也将提供相关行政判决的统计。"))
    tl.at(demo.today, 10, lambda: feedback.propose_feedback_to_meeting(actor=demo.user("spc_liaison"), feedback=tl.st["fb2"], meeting=tl.st["m7"]))

    def raise_fb4():
        tl.st["fb4"] = feedback.raise_feedback(
            actor=demo.user("cnipa_liaison"),
            title="专利行政裁决中等同侵权的认定",
            area="infringement",
            counterpart=demo.agency("spc"),
            description="地方知识产权局在行政裁决中认定等同侵权的尺度与法院不一致。",
        )

    tl.at(d(100), 10, raise_fb4)
    tl.at(
        d(90),
        10,
        lambda: feedback.close_feedback(
            actor=demo.user("cnipa_liaison"), feedback=tl.st["fb4"], reason="经沟通，现行司法解释已有明确规定，由我局组织地方局培训，不再列入会商。"
        ),
    )

    _rounds(demo, tl)

    def thread():
        t = threads.start_thread(
            actor=demo.user("spc_liaison"),
            topic="关于第四次例行会商议题准备",
            agencies=[demo.agency("cnipa")],
            body="请贵局于下周五前提出议题建议，并提供本年度无效决定的统计数据。",
        )
        tl.st["t1"] = t

    tl.at(d(8), 10, thread)
    tl.at(d(7), 9, lambda: threads.post_reply(actor=demo.user("cnipa_liaison"), thread=tl.st["t1"], body="收到，我局将于下周三前报送议题和数据。"))


def _rounds(demo, tl):
    d, future = demo.day, demo.future

    def open_r1():
        tl.st["r1"] = rounds.open_round(
            actor=demo.user("spc_liaison"),
            title="最高人民法院关于审理专利授权确权行政案件适用法律若干问题的规定（二）（征求意见稿）",
            draft_kind="judicial_interpretation",
            deadline=d(170),
            invitees=[demo.agency("cnipa"), demo.agency("spp")],
            articles=rounds.split_articles(
                "第一条 人民法院审理专利授权确权行政案件，应当以专利法及其实施细则为依据。\n"
                "第二条 权利要求中的功能性特征，应当结合说明书和附图描述的具体实施方式及其等同的实施方式确定其内容。\n"
                "第三条 被诉决定对当事人主张的全部无效理由和证据均已评述的，人民法院应当一并审查。\n"
                "第四条 本规定自公布之日起施行。"
            ),
            description="请于截止日前通过平台逐条反馈意见。",
        )

    tl.at(d(200), 9, open_r1)

    def comment_r1():
        r1, cnipa_l = tl.st["r1"], demo.user("cnipa_liaison")
        articles = list(r1.articles.order_by("position"))
        tl.st["k"] = [
            rounds.comment_on_draft(
                actor=cnipa_l,
                round=r1,
                article=articles[1],
                body="建议与《专利审查指南》的表述保持一致。",
                proposed_text="……应当结合说明书和附图描述的实现该功能的具体实施方式及其等同的实施方式确定其内容。",
            ),
            rounds.comment_on_draft(actor=cnipa_l, round=r1, article=articles[2], body="建议明确“一并审查”不包括当事人在无效程序中未提出的理由。"),
            rounds.comment_on_draft(actor=cnipa_l, round=r1, body="建议增加关于新证据审查的条款。"),
        ]

    tl.at(d(180), 15, comment_r1)
    tl.at(d(176), 10, lambda: rounds.declare_no_comment(actor=demo.user("spp_liaison"), round=tl.st["r1"]))

    def respond_r1():
        spc_l = demo.user("spc_liaison")
        k1, k2, k3 = tl.st["k"]
        rounds.respond_to_draft_comment(actor=spc_l, comment=k1, response="adopted", response_text="已按建议修改。")
        rounds.respond_to_draft_comment(actor=spc_l, comment=k2, response="partly", response_text="在起草说明中予以明确，条文不作修改。")
        rounds.respond_to_draft_comment(actor=spc_l, comment=k3, response="explained", response_text="新证据问题拟在另行制定的司法解释中规定。")

    tl.at(d(165), 10, respond_r1)

    def conclude_r1():
        rounds.close_round(actor=demo.user("spc_liaison"), round=tl.st["r1"])
        rounds.conclude_round(actor=demo.user("spc_liaison"), round=tl.st["r1"])

    tl.at(d(160), 10, conclude_r1)

    def open_r3():
        tl.st["r3"] = rounds.open_round(
            actor=demo.user("cnipa_liaison"),
            title="商标一般违法判断标准（修订草案征求意见稿）",
            draft_kind="standard",
            deadline=d(30),
            invitees=[demo.agency("spc"), demo.agency("court-jing")],
            articles=[
                ("第一条", "为规范商标执法中的一般违法判断，制定本标准。"),
                ("第二条", "未经许可在同一种商品上使用与注册商标相同的商标的，属于商标法第五十七条第一项规定的情形。"),
            ],
        )

    tl.at(d(60), 9, open_r3)
    tl.at(
        d(40),
        15,
        lambda: rounds.comment_on_draft(
            actor=demo.user("spc_liaison"), round=tl.st["r3"], article=tl.st["r3"].articles.get(position=2), body="建议增加“容易导致混淆”的判断要素。"
        ),
    )
    tl.at(d(29), 1, rounds.close_overdue_rounds)

    def open_r2():
        tl.st["r2"] = rounds.open_round(
            actor=demo.user("cnipa_liaison"),
            title="专利侵权纠纷行政裁决办案指南（修订征求意见稿）",
            draft_kind="normative",
            deadline=future(20),
            invitees=[demo.agency("spc"), demo.agency("court-jing"), demo.agency("court-hu")],
            articles=rounds.split_articles(
                "第一条 为规范专利侵权纠纷行政裁决工作，制定本指南。\n"
                "第二条 管理专利工作的部门处理专利侵权纠纷，应当以事实为依据，以法律为准绳。\n"
                "第三条 请求人应当提交专利权有效的证明，实用新型和外观设计专利应当提交专利权评价报告。\n"
                "第四条 行政裁决作出后，当事人不服的，可以自收到决定书之日起十五日内向人民法院起诉。"
            ),
        )

    tl.at(d(10), 9, open_r2)
    tl.at(
        d(5),
        15,
        lambda: rounds.comment_on_draft(
            actor=demo.user("spc_liaison"),
            round=tl.st["r2"],
            article=tl.st["r2"].articles.get(position=3),
            body="建议将评价报告改为“可以”提交，与专利法第六十六条保持一致。",
        ),
    )
    tl.at(
        d(3),
        11,
        lambda: rounds.comment_on_draft(
            actor=demo.user("bjhc_liaison"), round=tl.st["r2"], article=tl.st["r2"].articles.get(position=4), body="建议增加“送达之日”的认定规则。"
        ),
    )


def _provincial(demo, tl):
    d, future = demo.day, demo.future
    # Beijing: minutes signed with an overdue item; a newer meeting's minutes still a draft; feedback and a thread.
    _meeting(
        demo,
        tl,
        "bj1",
        organiser="bjhc_liaison",
        title="北京市高级人民法院 北京市知识产权局 知识产权协同保护联席会议",
        day=d(180),
        participants=["ipo-beijing"],
        place="北京市高级人民法院第五会议室",
        proposals=[("bjipo_liaison", "电商平台专利侵权纠纷快速处理", "电商平台投诉量持续增长，需建立行政裁决与诉讼的衔接机制。", None)],
    )
    points = ["建立电商平台专利侵权纠纷行政裁决与诉讼的衔接机制。", "在北京知识产权保护中心设立诉调对接工作站。"]
    _document(
        demo,
        tl,
        "bjdoc1",
        meeting="bj1",
        drafter="bjhc_liaison",
        title="北京市高级人民法院 北京市知识产权局 知识产权协同保护联席会议纪要",
        number="京高法会〔{year}〕3号",
        points=points,
        items=[(points[0], "ipo-beijing"), (points[1], "court-jing")],
        day=d(176),
        comments=[("bjipo_liaison", 3, "建议写明工作站的牵头单位。", "已采纳。", "由北京市高级人民法院牵头，在北京知识产权保护中心设立诉调对接工作站。")],
    )
    _action(demo, tl, "bja1", document="bjdoc1", position=1, owner="bjipo_handler", due_on=d(90), created_on=d(166), creator="bjipo_liaison", done_on=d(95))
    _action(
        demo,
        tl,
        "bja2",
        document="bjdoc1",
        position=2,
        owner="bjhc_judge",
        due_on=d(30),
        created_on=d(166),
        creator="bjhc_liaison",
        progress=[(d(60), 30, "工作站选址已确定。")],
    )
    _meeting(
        demo,
        tl,
        "bj2",
        organiser="bjipo_liaison",
        title="北京市知识产权局 北京市高级人民法院 商标执法与司法保护衔接座谈",
        kind="special",
        day=d(20),
        participants=["court-jing"],
        place="北京市知识产权局会议室",
    )

    def draft_bj2():
        m = tl.st["bj2"]
        documents.draft_document(
            actor=demo.user("bjipo_liaison"),
            kind=DocumentKind.MINUTES,
            title="商标执法与司法保护衔接座谈会议纪要",
            text=_minutes_text(m.title, m.held_on, ["统一商标侵权案件中“销售者合法来源”抗辩的证据要求。"]),
            meeting=m,
            items=[{"text": "统一商标侵权案件中“销售者合法来源”抗辩的证据要求。", "responsible_agency": demo.agency("court-jing")}],
        )

    tl.at(d(15), 10, draft_bj2)

    def raise_fb3():
        tl.st["fb3"] = feedback.raise_feedback(
            actor=demo.user("bjhc_liaison"),
            title="电商平台侵权行政执法与民事赔偿的证据标准衔接",
            area="evidence",
            counterpart=demo.agency("ipo-beijing"),
            description="行政执法中固定的电子证据在民事诉讼中常因取证程序问题不被采信。",
        )

    tl.at(d(25), 10, raise_fb3)
    tl.at(
        d(24), 15, lambda: feedback.discuss_feedback(actor=demo.user("bjipo_liaison"), feedback=tl.st["fb3"], body="建议双方共同制定电子证据固定的操作指引。")
    )

    def bj_thread():
        tl.st["t2"] = threads.start_thread(
            actor=demo.user("bjipo_liaison"),
            topic="关于知识产权纠纷诉调对接工作台账",
            agencies=[demo.agency("court-jing")],
            body="请贵院核对十月份委派调解案件台账，如有出入请回复。",
        )

    tl.at(d(2), 10, bj_thread)
    tl.at(d(1), 16, lambda: threads.post_reply(actor=demo.user("bjipo_liaison"), thread=tl.st["t2"], body="附：十月份台账已上传至工作站共享目录。"))

    # Shanghai: a co-signed document with an item in progress; the next meeting planned.
    _meeting(
        demo,
        tl,
        "sh1",
        organiser="shipo_liaison",
        title="上海市知识产权局 上海市高级人民法院 行政调解协议司法确认衔接工作会商",
        kind="special",
        day=d(120),
        participants=["court-hu"],
        place="上海市知识产权局第一会议室",
        proposals=[("shhc_liaison", "行政调解协议司法确认的受理范围", "明确可申请司法确认的行政调解协议类型。", None)],
    )
    _document(
        demo,
        tl,
        "shdoc1",
        meeting="sh1",
        kind=DocumentKind.CO_SIGNED,
        drafter="shipo_liaison",
        title="关于建立知识产权纠纷行政调解协议司法确认衔接机制的会签文件",
        number="沪知联〔{year}〕2号",
        points=["行政调解协议生效后三十日内，当事人可共同向有管辖权的人民法院申请司法确认。", "上海市知识产权局在调解协议中告知当事人申请司法确认的权利。"],
        items=[("在调解协议文本中告知当事人申请司法确认的权利。", "ipo-shanghai"), ("为行政调解协议司法确认开设绿色通道。", "court-hu")],
        day=d(116),
    )
    _action(
        demo,
        tl,
        "sha1",
        document="shdoc1",
        position=1,
        owner="shipo_handler",
        due_on=future(30),
        created_on=d(105),
        creator="shipo_liaison",
        progress=[(d(50), 50, "调解协议示范文本已修订。")],
    )
    _action(demo, tl, "sha2", document="shdoc1", position=2, owner="shhc_judge", due_on=d(60), created_on=d(105), creator="shhc_liaison", done_on=d(70))
    _meeting(
        demo,
        tl,
        "sh2",
        organiser="shhc_liaison",
        title="上海市高级人民法院 上海市知识产权局 年度协同保护联席会议",
        day=future(35),
        participants=["ipo-shanghai"],
        place="上海市高级人民法院第二会议室",
        proposals=[("shipo_liaison", "年度行政裁决与司法确认工作总结", "总结一年来的衔接情况。", None)],
        accept=False,
    )

    def raise_fb5():
        feedback.raise_feedback(
            actor=demo.user("shhc_liaison"),
            title="外观设计专利侵权判定中“一般消费者”的认定",
            area="infringement",
            counterpart=demo.agency("ipo-shanghai"),
            description="行政裁决与民事判决对外观设计“一般消费者”知识水平和认知能力的认定不尽一致。",
            judicial_standard="以外观设计专利产品的一般消费者的知识水平和认知能力判断。",
        )

    tl.at(d(5), 10, raise_fb5)

    # Guangdong: minutes signed, one item done and one open; a closed thread.
    _meeting(
        demo,
        tl,
        "gd1",
        organiser="gdhc_liaison",
        title="广东省高级人民法院 广东省知识产权局 知识产权协同保护联席会议",
        day=d(90),
        participants=["ipo-guangdong"],
        place="广东省高级人民法院会议室",
        proposals=[("gdipo_liaison", "粤港澳大湾区知识产权纠纷多元化解", "推动跨境知识产权纠纷调解与仲裁衔接。", None)],
    )
    points = ["共建粤港澳大湾区知识产权纠纷多元化解平台。", "开展技术调查官与专利审查员交流。"]
    _document(
        demo,
        tl,
        "gddoc1",
        meeting="gd1",
        drafter="gdhc_liaison",
        title="广东省高级人民法院 广东省知识产权局 知识产权协同保护联席会议纪要",
        number="粤高法会〔{year}〕4号",
        points=points,
        items=[(points[0], "ipo-guangdong"), (points[1], "court-yue")],
        day=d(86),
    )
    _action(
        demo,
        tl,
        "gda1",
        document="gddoc1",
        position=1,
        owner="gdipo_handler",
        due_on=future(45),
        created_on=d(76),
        creator="gdipo_liaison",
        progress=[(d(30), 20, "已与三家调解组织签订合作协议。")],
    )
    _action(demo, tl, "gda2", document="gddoc1", position=2, owner="gdhc_judge", due_on=d(40), created_on=d(76), creator="gdhc_liaison", done_on=d(45))

    def gd_thread():
        tl.st["t3"] = threads.start_thread(
            actor=demo.user("gdipo_liaison"), topic="技术调查官交流人选", agencies=[demo.agency("court-yue")], body="我局拟派两名审查员参加交流，请确认时间。"
        )

    tl.at(d(70), 10, gd_thread)

    def gd_reply():
        threads.post_reply(actor=demo.user("gdhc_liaison"), thread=tl.st["t3"], body="确认，交流安排在下月第一周。")
        threads.close_thread(actor=demo.user("gdipo_liaison"), thread=tl.st["t3"])

    tl.at(d(69), 10, gd_reply)


def seed_consultation(*, seed=1):
    """A year of consultation (see the module's doc), as of today."""
    demo = _Demo(seed)
    for username, (code, roles, name, title) in PEOPLE.items():
        demo.person(username, code, roles, name, title)
    revoked = list(Proceeding.objects.filter(kind="administrative", result__in=("decision_revoked", "decision_partly_revoked")).order_by("pk")[:2])
    others = list(Proceeding.objects.filter(track="office", status="closed").exclude(pk__in=[p.pk for p in revoked]).order_by("pk")[:2])
    tl = _Timeline(demo.today)
    _national(demo, tl, revoked + others)
    _provincial(demo, tl)
    tl.at(demo.today, 8, actions.send_action_reminders)
    tl.run()
